"""Local emulators for irsa-migrate's tests: a Kubernetes API for kubectl, moto + a fault proxy for aws."""
