// TakoResolve: see README.md in this folder.
