"""Kubernetes API emulator (kmock + our layer) for the real kubectl."""
