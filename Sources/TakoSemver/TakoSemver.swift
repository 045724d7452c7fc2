// TakoSemver: see README.md in this folder.
