"""Start and stop the emulators as separate processes, recorded in `STATE_DIR/env.json`.

Processes (each bound to 127.0.0.1 on a free port):
- `kube`:   the Kubernetes API emulator (`python -m harness serve-kube`);
- `faults`: the fault proxy (`python -m harness serve-faults`), which also supervises
- `moto`:   `python -m harness.aws.motoserver -H 127.0.0.1 -p PORT` (moto_server, patched where moto refuses what IAM accepts).

`down` stops exactly the pids recorded in env.json (after checking that each pid still runs
one of our commands), never anything found by name.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

HARNESS_ROOT = Path(__file__).resolve().parent.parent  # Tests/Harness, holds the `harness` package
FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(name: str) -> str:
    """A console script of this Python's environment (the venv), else the name for PATH lookup."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _wait_for_file(path: Path, proc: subprocess.Popen, timeout: float, log: Path) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}; see {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"{proc.args} did not report its port within {timeout}s; see {log}")


def _spawn(args: list[str], log: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HARNESS_ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    with open(log, "ab") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)


def kubeconfig(url: str) -> str:
    return json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "harness",
        "clusters": [{"name": "harness", "cluster": {"server": url}}],
        "users": [{"name": "harness", "user": {"token": "harness-token"}}],
        "contexts": [{"name": "harness", "context": {"cluster": "harness", "user": "harness"}}],
    }, indent=2)


def up(state_dir: str | os.PathLike, estate: str | os.PathLike | None = None, issuer: str | None = None,
       exit_with: int | None = None, timeout: float = 30.0) -> dict[str, Any]:
    """Start everything, write env.json and kubeconfig into `state_dir`, return the env document."""
    state = Path(state_dir).resolve()
    state.mkdir(parents=True, exist_ok=True)
    for stale in ("kube.port", "faults.port", "env.json"):
        (state / stale).unlink(missing_ok=True)
    watchdog = ["--exit-with", str(exit_with)] if exit_with else []
    procs: list[subprocess.Popen] = []
    try:
        kube_args = [sys.executable, "-m", "harness", "serve-kube", "--port-file", str(state / "kube.port")] + watchdog
        if issuer:
            kube_args += ["--issuer", issuer]
        kube = _spawn(kube_args, state / "kube.log")
        procs.append(kube)
        faults = _spawn([sys.executable, "-m", "harness", "serve-faults", "--port-file", str(state / "faults.port")]
                        + watchdog, state / "aws.log")
        procs.append(faults)
        kube_port = int(_wait_for_file(state / "kube.port", kube, timeout, state / "kube.log"))
        faults_info = json.loads(_wait_for_file(state / "faults.port", faults, timeout, state / "aws.log"))
    except BaseException:
        for proc in procs:
            _terminate(proc.pid)
        raise
    kube_url = f"http://127.0.0.1:{kube_port}"
    (state / "kubeconfig").write_text(kubeconfig(kube_url))
    (state / "kubecache").mkdir(exist_ok=True)
    endpoint = f"http://127.0.0.1:{faults_info['port']}"
    env_doc: dict[str, Any] = {
        "kube": {"url": kube_url, "port": kube_port, "kubeconfig": str(state / "kubeconfig"),
                 "control": f"{kube_url}/_harness"},
        "aws": {"endpointUrl": endpoint, "port": faults_info["port"], "faults": f"{endpoint}/_faults",
                "motoUrl": f"http://127.0.0.1:{faults_info['motoPort']}", "motoPort": faults_info["motoPort"]},
        "pids": {"kube": kube.pid, "faults": faults.pid, "moto": faults_info["motoPid"]},
        "tools": {"kubectl": "kubectl", "aws": tool("aws")},
        "env": {"KUBECONFIG": str(state / "kubeconfig"), "KUBECACHEDIR": str(state / "kubecache"),
                "AWS_ENDPOINT_URL": endpoint, **FAKE_AWS_ENV},
        "stateDir": str(state),
    }
    (state / "env.json").write_text(json.dumps(env_doc, indent=2) + "\n")
    # STS checks web identity tokens against the cluster's signing keys (aws/webidentity.py).
    post_json(f"{endpoint}/_faults", {"append": True, "sts": {"jwksUrl": f"{kube_url}/openid/v1/jwks"}})
    if estate:
        env_doc["seeded"] = seed(env_doc, estate)
    return env_doc


def seed(env_doc: dict, estate: str | os.PathLike) -> dict:
    """Load a snapshot directory (kubernetes.json, iam-roles.json, oidc-providers.json)."""
    from .aws import seed as aws_seed
    estate = Path(estate)
    result: dict[str, Any] = {}
    kube_file = estate / "kubernetes.json"
    if kube_file.exists():
        result["kubernetes"] = post_json(env_doc["kube"]["control"] + "/load", json.loads(kube_file.read_text()))
    result.update(aws_seed.seed_from_snapshot(env_doc["aws"]["motoUrl"], estate))
    return result


def post_json(url: str, body: Any, method: str = "POST") -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def _is_ours(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return not sys.platform.startswith("linux") and _alive(pid)
    return b"harness" in cmdline or b"moto" in cmdline


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for an init that reaps slowly."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _terminate(pid: int, timeout: float = 5.0) -> None:
    if not _alive(pid) or not _is_ours(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            pass
        if not _alive(pid):
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def down(state_dir: str | os.PathLike) -> list[int]:
    """Stop the processes recorded in `state_dir/env.json`; return the pids that were stopped."""
    env_file = Path(state_dir) / "env.json"
    if not env_file.exists():
        return []
    pids = json.loads(env_file.read_text()).get("pids", {})
    stopped = []
    for name in ("kube", "faults", "moto"):  # faults first stops moto itself; moto is then gone
        pid = pids.get(name)
        if pid and _alive(pid) and _is_ours(pid):
            _terminate(pid)
            stopped.append(pid)
    env_file.unlink(missing_ok=True)
    return stopped
