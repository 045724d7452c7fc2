// TakoRuntime: see README.md in this folder.
