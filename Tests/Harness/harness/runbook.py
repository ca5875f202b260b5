"""Run a Markdown runbook's shell commands top to bottom against the emulators.

A runbook's commands are the lines of its ```sh blocks (`\\` continuations joined, `#` comments
skipped). Each runs through bash in the runbook's own working directory, with the harness
environment plus the names a real user would have: kubeconfig contexts and AWS profiles (all
served by the emulators) and the `irsa-migrate` under test first on PATH. `NAME=$(...)` lines
set a variable for the commands after them, as they would in the user's shell.

Every command must match the next `Step` the test expects for it (drift between the runbook and
its test fails loudly), must exit with the status the step expects, and then passes the step's
checks: the "what to check" prose of the runbook, as assertions.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import launcher
from .compare import estate

ASSIGNMENT = re.compile(r"^([A-Z_][A-Z0-9_]*)=(.*)$")


@dataclass
class Step:
    """What the test expects of the next runbook command."""
    starts: str                      # the command starts with this (drift check)
    status: int | None = 0           # its expected exit status (None: the check judges it)
    before: Callable | None = None   # what happens in the world before it (an upgrade, time passing)
    check: Callable | None = None    # the prose's "what to check", given (session, result)


@dataclass
class Result:
    command: str
    status: int
    stdout: str
    stderr: str
    seconds: float


class RunbookFailure(AssertionError):
    pass


def commands(markdown: str, stop_at: str | None = None) -> list[str]:
    """The shell commands of a runbook, in order; `stop_at` ends it at that `##` heading."""
    found, in_shell, pending = [], False, ""
    for line in markdown.split("\n"):
        if stop_at and line.startswith("## ") and stop_at in line:
            break
        if line.startswith("```"):
            in_shell = line == "```sh"
            continue
        if not in_shell:
            continue
        pending += line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip() + " "
            continue
        if pending and not pending.startswith("#"):
            found.append(pending)
        pending = ""
    return found


@dataclass
class Session:
    """One harness (Kubernetes API, IAM/STS) and the user's shell around it."""
    root: Path
    binary: Path
    issuer: str
    profiles: dict[str, str]          # AWS profile -> the 12-digit account the emulator maps it to
    contexts: list[str]
    estate_dir: Path | None = None    # seeded into the emulators at start
    env_doc: dict = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)   # what checks remember between commands
    workdir: Path | None = None

    def __enter__(self) -> "Session":
        self.root.mkdir(parents=True, exist_ok=True)
        self.env_doc = launcher.up(self.root / "harness", estate=self.estate_dir, issuer=self.issuer,
                                   exit_with=os.getpid())
        bin_dir = self.root / "bin"
        bin_dir.mkdir(exist_ok=True)
        # A copy, so that rebuilding the binary meanwhile does not change it under a running runbook.
        shutil.copy2(self.binary, bin_dir / "irsa-migrate")
        self._write_user_config()
        return self

    def __exit__(self, *exc) -> None:
        launcher.down(self.root / "harness")

    def _write_user_config(self) -> None:
        server = self.env_doc["kube"]["url"]
        contexts = [{"name": c, "context": {"cluster": "emulator", "user": "emulator"}} for c in self.contexts]
        (self.root / "kubeconfig").write_text(json.dumps({
            "apiVersion": "v1", "kind": "Config", "current-context": self.contexts[0], "contexts": contexts,
            "clusters": [{"name": "emulator", "cluster": {"server": server}}],
            "users": [{"name": "emulator", "user": {"token": "emulator"}}]}))
        (self.root / "credentials").write_text("".join(
            f"[{name}]\naws_access_key_id = {account}\naws_secret_access_key = testing\n"
            for name, account in self.profiles.items()))

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "KUBE"))}
        env.update(self.env_doc["env"])
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env.pop(key, None)
        aws_dir = str(Path(self.env_doc["tools"]["aws"]).parent)
        env.update(KUBECONFIG=str(self.root / "kubeconfig"), AWS_SHARED_CREDENTIALS_FILE=str(self.root / "credentials"),
                   PATH=os.pathsep.join([str(self.root / "bin"), aws_dir, env.get("PATH", "/usr/bin:/bin")]))
        env.update(self.variables)
        return env

    def shell(self, command: str) -> Result:
        started = time.monotonic()
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=self.workdir, env=self.environment(),
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        return Result(command, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)

    def tool(self, *args: str) -> Result:
        """irsa-migrate run by the test itself (not by the runbook), e.g. to read a plan."""
        return self.shell(" ".join(shlex.quote(a) for a in ["irsa-migrate", *args]))

    def json(self, *args: str):
        result = self.tool(*args)
        if result.status != 0:
            raise RunbookFailure(f"{result.command}: exit {result.status}: {result.stderr.strip()}")
        return json.loads(result.stdout)

    def set_issuer(self, url: str) -> None:
        launcher.post_json(self.env_doc["kube"]["control"] + "/issuer", {"issuer": url})

    def estate(self, profiles: list[str]):
        """Roles' trust, service accounts' and workloads' identity, providers: as the user's tools see them."""
        out = self.root / "estate-check"
        shutil.rmtree(out, ignore_errors=True)
        flags = " ".join(f"--profile {p}" for p in profiles)
        result = self.shell(f"irsa-migrate snapshot --out {out} {flags}")
        if result.status != 0:
            raise RunbookFailure(f"snapshot for a check failed: {result.stderr.strip()}")
        return estate(out)

    def run(self, name: str, markdown: str, steps: list[Step], stop_at: str | None = None,
            log: Callable[[str], None] = print) -> list[Result]:
        self.workdir = self.root / Path(name).stem
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir.mkdir(parents=True)
        found = commands(markdown, stop_at)
        if [c[:len(s.starts)] for c, s in zip(found, steps)] != [s.starts for s in steps] or len(found) != len(steps):
            raise RunbookFailure(f"{name}: the runbook's commands no longer match its test:\n  runbook: "
                                 + "\n           ".join(found) + "\n  test:    " + "\n           ".join(s.starts for s in steps))
        results = []
        for number, (command, step) in enumerate(zip(found, steps), 1):
            if step.before:
                step.before(self)
            result = self._run_one(command)
            results.append(result)
            log(f"  {number:2}. exit {result.status} {result.seconds:5.1f}s  {command[:110]}")
            if step.status is not None and result.status != step.status:
                raise RunbookFailure(f"{name} command {number} exited {result.status}, expected {step.status}: "
                                     f"{command}\n--- stdout\n{result.stdout[-3000:]}--- stderr\n{result.stderr[-3000:]}")
            if step.check:
                try:
                    step.check(self, result)
                except AssertionError as error:
                    raise RunbookFailure(f"{name} command {number}: {command}\n  check failed: {error}\n"
                                         f"--- stdout\n{result.stdout[-3000:]}") from error
        return results

    def _run_one(self, command: str) -> Result:
        match = ASSIGNMENT.match(command)
        if not match:
            return self.shell(command)
        name = match.group(1)
        result = self.shell(f'{command}; printf %s "${name}"')
        if result.status == 0:
            self.variables[name] = result.stdout
        return result
