// TakoSyntax: see README.md in this folder.
