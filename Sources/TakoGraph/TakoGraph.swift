// TakoGraph: see README.md in this folder.
