"""One emulator instance (Kubernetes API, moto behind the fault proxy) and the real binary.

A World is reset to the small estate before every cycle, runs `irsa-migrate` with the real
kubectl and aws (two profiles, one per account), kills it on request, and observes the
estate straight from the emulators (no CLI start-up), in the terms `harness.compare` uses:
every trust document, OIDC provider (with its client IDs), service account and namespace
annotation, and top-level workload pod template (service account and annotations).
"""

import json
import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import compare, launcher
from ..aws import emulated, seed

ACCOUNTS = ("111122223333", "444455556666")
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"


@dataclass
class Result:
    status: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    killed: bool = False


class World:
    def __init__(self, directory: Path, binary: Path, estate: Path) -> None:
        self.dir, self.binary, self.estate = directory, binary, estate
        directory.mkdir(parents=True, exist_ok=True)
        self.doc = launcher.up(directory / "harness", issuer=ISSUER, exit_with=os.getpid())
        credentials = directory / "credentials"
        credentials.write_text("".join(f"[{name}]\naws_access_key_id = {account}\naws_secret_access_key = testing\n"
                                       for name, account in zip(("prod", "data"), ACCOUNTS)))
        self.env = {**os.environ, **self.doc["env"], "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
                    "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
        self.live = ["--kubeconfig", self.doc["kube"]["kubeconfig"], "--aws-endpoint-url", self.doc["aws"]["endpointUrl"],
                     "--aws", self.doc["tools"]["aws"], "--profile", "prod", "--profile", "data"]
        self.moto = self.doc["aws"]["motoUrl"]

    def stop(self) -> None:
        launcher.down(self.dir / "harness")

    # ---- emulator control ----
    def post(self, url: str, body, method: str = "POST"):
        return launcher.post_json(url, body, method)

    def kube(self, op: str, body=None, method: str = "POST"):
        return self.post(f"{self.doc['kube']['control']}/{op}", body, method)

    def faults(self, body=None, method: str = "POST") -> dict:
        return self.post(self.doc["aws"]["faults"], body, method)

    def fault_state(self) -> dict:
        with urllib.request.urlopen(self.doc["aws"]["faults"], timeout=30) as response:
            return json.loads(response.read())

    def reset(self) -> None:
        """Back to the small estate: no faults, the original trust documents and objects."""
        self.faults(None, "DELETE")
        self.kube("reset")
        self.kube("issuer", {"issuer": ISSUER})
        seed.reset(self.moto)
        self.kube("load", json.loads((self.estate / "kubernetes.json").read_text()))
        seed.seed_from_snapshot(self.moto, self.estate)

    def iam(self, account: str):
        return emulated._iam(self.moto, account)

    # ---- the tool ----
    def command(self, args: list[str], state: Path, live: bool = True) -> list[str]:
        return [str(self.binary), *args, *(self.live if live else []), "--state", str(state)]

    def start(self, args: list[str], state: Path, live: bool = True) -> subprocess.Popen:
        return subprocess.Popen(self.command(args, state, live), env=self.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def run(self, args: list[str], state: Path, live: bool = True, kill_after: float | None = None,
            timeout: float = 600) -> Result:
        """Run to the end, or SIGKILL the tool and the clients it started after `kill_after` seconds."""
        began = time.monotonic()
        proc = self.start(args, state, live)
        killed = False
        try:
            out, err = proc.communicate(timeout=kill_after if kill_after is not None else timeout)
        except subprocess.TimeoutExpired:
            killed = kill_after is not None
            kill_group(proc)
            out, err = proc.communicate()
        return Result(proc.returncode, out, err, time.monotonic() - began, killed)

    # ---- observation ----
    def observe(self) -> dict:
        """The estate as `harness.compare` sees it, read from the emulators directly."""
        roles, providers = {}, {}
        for account in ACCOUNTS:
            iam = self.iam(account)
            for page in iam.get_paginator("list_roles").paginate():
                for role in page["Roles"]:
                    roles[role["Arn"]] = compare._trust(role.get("AssumeRolePolicyDocument"))
            for entry in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
                details = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=entry["Arn"])
                providers[entry["Arn"]] = sorted(details.get("ClientIDList") or [])
        objects = {}
        for item in self.kube("dump", method="GET")["items"]:
            meta = item["metadata"]
            key = f'{item["kind"].lower()}/{meta.get("namespace", "")}/{meta["name"]}'
            annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if "last-applied" not in k}
            if item["kind"] in ("ServiceAccount", "Namespace"):
                objects[key] = annotations
            elif item["kind"] in compare.WORKLOAD_KINDS and not meta.get("ownerReferences"):
                objects[key] = compare._template(item)
        return {"roles": roles, "providers": providers, "objects": objects}


def differences(expected: dict, actual: dict, providers_may_be_added: bool = False) -> list[str]:
    """One line per trust document, provider or object that is not as expected."""
    lines = []
    for section in ("roles", "objects", "providers"):
        a, b = expected[section], actual[section]
        for key in sorted(set(a) | set(b)):
            if key not in a and section == "providers" and providers_may_be_added:
                continue
            if a.get(key, "<missing>") != b.get(key, "<missing>"):
                lines.append(f"{key}: {json.dumps(a.get(key), sort_keys=True)[:200]} -> "
                             f"{json.dumps(b.get(key), sort_keys=True)[:200]}")
    return lines


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the tool and the kubectl/aws it started (its own session), as a dead machine would."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
