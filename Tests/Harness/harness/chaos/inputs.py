"""Hostile inputs: malformed or odd snapshot directories and command lines, seeded.

Every input runs the real binary once (10 s limit) and must end with exit 0, 1, 2 or 64, and
an error (exit 1 or 64) must be one line on stderr. Inputs come from mutating the small
estate's snapshot: byte damage (truncation, flipped, inserted and deleted bytes), JSON
damage (a node replaced by another type, a huge string, deep nesting, odd Unicode, a key
removed), hostile values where the planner looks (kiam regexes with nested quantifiers, long
annotations, URL-encoded trust garbage, symlinks for optional files), and command lines with
newlines, quotes, backslashes, `*`, empty or leading-dash labels and `/../` in URLs.
"""

import json
import os
import random
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

LIMIT_SECONDS = 10.0
ODD = ["", "\n", "a\nb", '"', "'", "\\", "*", "-", "--", "/../", "%00", "\u202e", "\ud7ff", "é", "😀",
       "x" * 5000, "-x", "https://", "https://a..b/", "https://-a.example.com/x", "https://a.example.com/../x",
       "https://a.example.com/x\n", "https://a.example.com:443/x", "https://a.example.com/x?y=1", "arn:aws:iam::1:role/"]
REGEXES = ["(.*)*x", "(a+)+$", "(a|a)*b", "([a-z]+)*[0-9]", ".*" * 200, "[", "(", "\\", "*", "a{1000000}"]
COMMANDS = [["plan", "kiam-to-irsa"], ["plan", "issuer-move"], ["plan", "instance-role"], ["status"], ["report"],
            ["apply"], ["rollback"], ["verify"], ["snapshot"], ["export"], ["bogus"], []]
FLAGS = ["--issuer", "--from", "--to", "--role-base-arn", "--audience", "--trust-policy-quota", "--plan",
         "--format", "--steps", "--to", "--workload", "--only", "--namespace", "--concurrency", "--out",
         "--token-lifetime", "--phase", "--agent-role", "--node-role", "--snapshot", "--service-accounts",
         "--write-map"]
# `plan instance-role` inputs: the demo estate (it has iam-authorization-details.json, so the map
# reaches the planner) and its map with workload entries, damaged like the snapshots.
INSTANCE_ROLE_ESTATE = Path(__file__).resolve().parents[4] / "examples" / "instance-role-estate"
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
NODE_ROLE = "arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole"
WORKLOAD_REFS = ["deployment/shop/reports", "deployment/shop/web", "cronjob/shop/x", "job/a/b", "pod/shop/web",
                 "deployment/shop/missing", "serviceaccount/shop/web", "namespace/shop/x", "deployment//", "a/b/c/d",
                 "deployment/shop/" + "x" * 300, "DaemonSet/kube-system/aws-node"]


@dataclass
class Tally:
    tried: int = 0
    crashes: int = 0
    multi_line: int = 0
    slow: int = 0
    slowest: float = 0.0
    max_rss_kb: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("tried", "crashes", "multi_line", "slow"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.max_rss_kb = max(self.max_rss_kb, other.max_rss_kb)
        self.notes += other.notes


def _walk(node, rng: random.Random, depth: int = 0):
    """A random (container, key) inside a JSON value, or None for the root."""
    choice = None
    while isinstance(node, (dict, list)) and node and depth < 12:
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        key = rng.choice(keys)
        choice = (node, key)
        if rng.random() < 0.3:
            break
        node, depth = node[key], depth + 1
    return choice


def _odd_value(rng: random.Random):
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([0, -1, 1e308, 2**63, True])
    if kind == 2:
        return "x" * rng.choice([10_000, 1_000_000])
    if kind == 3:
        depth = rng.choice([100, 512, 513, 600, 2000])
        return json.loads("[" * depth + "]" * depth) if depth < 900 else "[" * depth
    if kind == 4:
        return rng.choice(ODD)
    if kind == 5:
        return rng.choice(REGEXES)
    if kind == 6:
        return {}
    if kind == 7:
        return []
    return "%7B%22Statement%22%3A" + rng.choice(["%5B", "%7B%7D", "null", "%ZZ"])


def mutate_snapshot(base: Path, target: Path, rng: random.Random) -> str:
    """Write a damaged copy of the snapshot at `base` into `target`; returns a description."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    name = rng.choice(["kubernetes.json", "iam-roles.json", "oidc-providers.json"])
    path = target / name
    data = path.read_bytes()
    how = rng.randrange(7)
    if how == 0:
        path.write_bytes(data[: rng.randrange(len(data) + 1)])
        return f"{name} truncated"
    if how == 1:
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        path.write_bytes(bytes(raw))
        return f"{name} bytes flipped"
    if how == 2:
        at = rng.randrange(len(data))
        path.write_bytes(data[:at] + rng.choice([b"[" * 600, b"{" * 600, b"\0", b"\xff\xfe", b'"\\u0000"']) + data[at:])
        return f"{name} bytes inserted"
    if how == 3:
        path.unlink()
        if rng.random() < 0.5:
            os.symlink(rng.choice(["missing-target.json", name]), path)  # dangling or a loop
            return f"{name} a dangling or looping symlink"
        return f"{name} missing"
    document = json.loads(data)
    if how == 4 and name == "kubernetes.json":
        for item in document["items"]:
            meta = item.setdefault("metadata", {})
            if rng.random() < 0.5:
                target_dict = meta.setdefault("annotations", {}) or {}
                meta["annotations"] = target_dict
                key = rng.choice(["iam.amazonaws.com/permitted", "iam.amazonaws.com/role",
                                  "iam.amazonaws.com/allowed-roles", "eks.amazonaws.com/role-arn"])
                target_dict[key] = rng.choice(REGEXES + ODD)
        path.write_text(json.dumps(document))
        return f"{name} hostile annotations"
    spot = _walk(document, rng)
    if spot is None:
        document = _odd_value(rng)
    elif rng.random() < 0.2 and isinstance(spot[0], dict):
        del spot[0][spot[1]]
    else:
        spot[0][spot[1]] = _odd_value(rng)
    text = json.dumps(document) if not isinstance(document, str) or not document.startswith("[[") else document
    path.write_text(text)
    return f"{name} node replaced"


def hostile_map(rng: random.Random, path: Path) -> str:
    """The demo map plus workload entries (some naming odd or missing workloads, some with
    `metadata` too), then one JSON node damaged; returns a description."""
    document = json.loads((INSTANCE_ROLE_ESTATE / "map.json").read_text())
    entries = document["serviceAccounts"]
    for _ in range(rng.randint(1, 4)):
        entry = {"workload": rng.choice(WORKLOAD_REFS + ODD), "copyFromNodeRole": ["shop-reports-bucket"]}
        if rng.random() < 0.2:
            entry["metadata"] = {"name": rng.choice(["web", "default"] + ODD), "namespace": "shop"}
        entries.append(entry)
    what = "map with workload entries"
    if rng.random() < 0.7:
        spot = _walk(document, rng)
        if spot is not None:
            spot[0][spot[1]] = _odd_value(rng)
            what += ", a node replaced"
    path.write_text(json.dumps(document) if isinstance(document, dict) else str(document))
    return what


def odd_arguments(rng: random.Random, snapshot: Path) -> list[str]:
    args = list(rng.choice(COMMANDS))
    if args[:1] == ["plan"] and rng.random() < 0.8:
        args += ["--snapshot", str(snapshot)]
    for _ in range(rng.randint(0, 5)):
        flag = rng.choice(FLAGS)
        args += [flag] if rng.random() < 0.1 else [flag, rng.choice(ODD + REGEXES)]
    return args


def run_one(binary: Path, args: list[str], state: Path, tally: Tally, label: str) -> None:
    began = time.monotonic()
    proc = subprocess.Popen([str(binary), *args, "--state", str(state)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        _, err = proc.communicate()
        tally.slow += 1
        tally.notes.append(f"over {LIMIT_SECONDS:.0f} s: {label}")
    seconds = time.monotonic() - began
    tally.tried += 1
    tally.slowest = max(tally.slowest, seconds)
    tally.max_rss_kb = max(tally.max_rss_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    text = err.decode(errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if proc.returncode not in (0, 1, 2, 64) and seconds < LIMIT_SECONDS:
        tally.crashes += 1
        tally.notes.append(f"crash (exit {proc.returncode}): {label}: {' | '.join(lines[:2])[:200]}")
    elif proc.returncode in (1, 64) and len(lines) > 1:
        tally.multi_line += 1
        tally.notes.append(f"{len(lines)}-line error: {label}: {' | '.join(lines[:2])[:200]}")


def batch(binary: Path, base: Path, work: Path, seed: int, count: int, estate_args: list[str]) -> Tally:
    """`count` inputs from one seed: two snapshot mutations for every command line."""
    rng, tally = random.Random(seed), Tally()
    work.mkdir(parents=True, exist_ok=True)
    snapshot, state = work / "snapshot", work / "state.db"
    for n in range(count):
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(state) + suffix).unlink(missing_ok=True)
        if n % 6 == 4:
            shutil.rmtree(snapshot, ignore_errors=True)
            shutil.copytree(INSTANCE_ROLE_ESTATE, snapshot)
            what = hostile_map(rng, snapshot / "map.json")
            args = ["plan", "instance-role", "--snapshot", str(snapshot), "--issuer", ISSUER, "--node-role", NODE_ROLE,
                    "--service-accounts", str(snapshot / "map.json"), "--cleanup"]
            run_one(binary, args, state, tally, f"seed {seed} input {n}: {what}")
        elif n % 3 == 2:
            shutil.rmtree(snapshot, ignore_errors=True)
            shutil.copytree(base, snapshot)
            args = odd_arguments(rng, snapshot)
            run_one(binary, args, state, tally, f"seed {seed} input {n}: argv {json.dumps(args)[:160]}")
        else:
            what = mutate_snapshot(base, snapshot, rng)
            args = ["plan", "kiam-to-irsa", "--snapshot", str(snapshot), *estate_args]
            run_one(binary, args, state, tally, f"seed {seed} input {n}: {what}")
    return tally
