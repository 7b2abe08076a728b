print("tallyctl: not yet")
