print("coregate")
