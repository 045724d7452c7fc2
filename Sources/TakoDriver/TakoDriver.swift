// TakoDriver: see README.md in this folder.
