"""pytest fixtures for the harness: one harness (kube emulator + moto + fault proxy) per pytest
process, reset before each test. Use with `pytest_plugins = ["harness.pytest_plugin"]`.

Every test drives the real `kubectl` and the real `aws` CLI. Under pytest-xdist each worker
starts its own harness on its own free ports, in its own temp dir.
"""

import json
import os
import subprocess
import urllib.request

import pytest

from . import launcher
from .aws import seed


class Harness:
    def __init__(self, env_doc: dict) -> None:
        self.doc = env_doc
        self.env = {**os.environ, **env_doc["env"]}
        self.endpoint = env_doc["aws"]["endpointUrl"]

    # ---- clients ----
    def kubectl(self, *args: str, input: str | None = None, check: bool = True, timeout: float = 60):
        proc = subprocess.run(["kubectl", *args], input=input, capture_output=True, text=True,
                              env=self.env, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} -> {proc.returncode}\n{proc.stderr}")
        return proc

    def kjson(self, *args: str) -> dict:
        return json.loads(self.kubectl(*args, "-o", "json").stdout)

    def apply_objects(self, *objects: dict) -> None:
        # A JSON stream, not a `kind: List`: kubectl validates a List on the client side with
        # the protobuf OpenAPI v2 document, which the emulator does not serve (see README).
        self.kubectl("create", "-f", "-", input="\n".join(json.dumps(o) for o in objects))

    def aws(self, *args: str, check: bool = True, extra_env: dict | None = None):
        env = {**self.env, **(extra_env or {})}
        proc = subprocess.run([self.doc["tools"]["aws"], *args, "--endpoint-url", self.endpoint, "--output", "json"],
                              capture_output=True, text=True, env=env, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} -> {proc.returncode}\n{proc.stderr}")
        return proc

    def ajson(self, *args: str, **kwargs) -> dict:
        return json.loads(self.aws(*args, **kwargs).stdout or "null")

    # ---- control ----
    def control(self, op: str, body: dict | None = None, method: str = "POST"):
        return launcher.post_json(f"{self.doc['kube']['control']}/{op}", body, method)

    def faults(self, body: dict | None = None, method: str = "POST") -> dict:
        return launcher.post_json(self.doc["aws"]["faults"], body, method)

    def counts(self) -> dict:
        with urllib.request.urlopen(self.doc["aws"]["faults"], timeout=10) as r:
            return json.loads(r.read())["counts"]

    def reset(self) -> None:
        self.env = {**os.environ, **self.doc["env"]}
        self.control("reset")
        self.faults(None, "DELETE")
        seed.reset(self.doc["aws"]["motoUrl"])


@pytest.fixture(scope="session")
def harness_session(tmp_path_factory):
    state = tmp_path_factory.mktemp("harness")
    env_doc = launcher.up(state, exit_with=os.getpid())
    try:
        yield Harness(env_doc)
    finally:
        launcher.down(state)


@pytest.fixture
def h(harness_session):
    harness_session.reset()
    return harness_session

