// TakoCEL: see README.md in this folder.
