// TakoIR: see README.md in this folder.
