print("tallyd: not yet")
