"""`python -m harness up|down` as `make demo` and the Swift tests use it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ESTATE

HARNESS_ROOT = Path(__file__).resolve().parent.parent


def run_harness(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(HARNESS_ROOT)}
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie is not alive
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_up_with_estate_then_down(tmp_path):
    state = tmp_path / "state"
    printed = json.loads(run_harness("up", "--state-dir", str(state), "--estate", str(ESTATE),
                                     "--issuer", "https://oidc.old.example.com/cluster").stdout)
    try:
        env_doc = json.loads((state / "env.json").read_text())
        assert printed["pids"] == env_doc["pids"] and printed["seeded"]["roles"] == 3
        assert env_doc["kube"]["url"].startswith("http://127.0.0.1:")
        assert env_doc["aws"]["endpointUrl"].startswith("http://127.0.0.1:")
        assert all(alive(pid) for pid in env_doc["pids"].values())
        env = {**os.environ, **env_doc["env"]}
        listed = subprocess.run(["kubectl", "get", "deploy,sts,cronjobs", "-A", "-o", "name"], env=env,
                                capture_output=True, text=True, check=True).stdout.split()
        assert listed == ["deployment.apps/orders", "statefulset.apps/billing", "cronjob.batch/report"]
        config = json.loads(subprocess.run(["kubectl", "get", "--raw", "/.well-known/openid-configuration"],
                                           env=env, capture_output=True, text=True, check=True).stdout)
        assert config["issuer"] == "https://oidc.old.example.com/cluster"
        roles = json.loads(subprocess.run(
            [env_doc["tools"]["aws"], "iam", "list-roles", "--endpoint-url", env_doc["aws"]["endpointUrl"], "--output", "json"],
            env={**env, "AWS_ACCESS_KEY_ID": "111122223333"}, capture_output=True, text=True, check=True).stdout)
        assert sorted(r["RoleName"] for r in roles["Roles"]) == ["billing", "orders"]
    finally:
        stopped = json.loads(run_harness("down", "--state-dir", str(state)).stdout)["stopped"]
    assert set(stopped) >= {env_doc["pids"]["kube"], env_doc["pids"]["faults"]}
    assert not any(alive(pid) for pid in env_doc["pids"].values())
    assert not (state / "env.json").exists()
    assert json.loads(run_harness("down", "--state-dir", str(state)).stdout)["stopped"] == []  # idempotent
