// TakoPlanner: see README.md in this folder.
