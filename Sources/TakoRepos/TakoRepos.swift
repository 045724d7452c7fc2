// TakoRepos: see README.md in this folder.
