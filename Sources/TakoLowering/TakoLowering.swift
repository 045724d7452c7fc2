// TakoLowering: see README.md in this folder.
