"""Fixtures come from harness.pytest_plugin (`harness_session`, `h`); ESTATE is the sample snapshot."""

from pathlib import Path

pytest_plugins = ["harness.pytest_plugin"]

ESTATE = Path(__file__).parent / "fixtures" / "estate"
