// TakoPlanFormat: see README.md in this folder.
