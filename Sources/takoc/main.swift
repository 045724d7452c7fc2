print("takoc: not implemented yet")
