print("irsa-migrate")
