print("tako: not implemented yet")
