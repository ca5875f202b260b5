"""The apply-call line: client processes `apply --phase prepare` starts, per step.

A small generated estate is loaded into the emulators (the harness: kmock-based Kubernetes and
moto IAM); the plan is made live, then `apply --phase prepare` runs with `--kubectl` and `--aws`
pointing at wrapper scripts that log one line per process and run the real client. The count
per step does not depend on the estate's size (each step reads, writes and reads back its own
object), so a small plan stands for the 10k plan without taking an hour of aws CLI start-ups.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import estates

WORKLOADS, ROLES = 60, 30
ISSUER = "https://" + "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
BASE = "arn:aws:iam::%s:role/" % estates.ACCOUNT


def wrapper(path, real, log):
    path.write_text('#!/bin/sh\necho "$(basename "$0") $1 $2" >> %s\nexec %s "$@"\n' % (log, real))
    path.chmod(0o755)


def measure(binary, python, work):
    work = Path(work).resolve()
    estate = estates.kiam(work, WORKLOADS, ROLES)
    state = work / "apply-harness"
    shutil.rmtree(state, ignore_errors=True)
    harness = dict(os.environ, PYTHONPATH=str(estates.ROOT / "Tests/Harness"),
                   PATH=str(Path(python).resolve().parent) + os.pathsep + os.environ["PATH"])
    subprocess.run([python, "-m", "harness", "up", "--state-dir", str(state), "--estate", str(estate), "--issuer", ISSUER],
                   check=True, env=harness, stdout=subprocess.DEVNULL)
    try:
        doc = json.loads((state / "env.json").read_text())
        credentials = state / "credentials"
        credentials.write_text("[prod]\naws_access_key_id = 111122223333\naws_secret_access_key = testing\n")
        env = dict(harness)
        env.update(doc["env"])
        config = state / "config"
        config.write_text("[profile prod]\nregion = us-east-1\n")
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env.pop(key, None)
        env.update(AWS_SHARED_CREDENTIALS_FILE=str(credentials), AWS_CONFIG_FILE=str(config))
        log = work / "apply-calls.log"
        kubectl, aws = work / "kubectl", work / "aws"
        wrapper(kubectl, shutil.which("kubectl", path=env["PATH"]), log)
        wrapper(aws, doc["tools"]["aws"], log)
        live = ["--kubeconfig", env["KUBECONFIG"], "--aws-endpoint-url", env["AWS_ENDPOINT_URL"], "--profile", "prod",
                "--kubectl", str(kubectl), "--aws", str(aws)]
        db = work / "apply.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        plan = subprocess.run([binary, "plan", "kiam-to-irsa", "--issuer", ISSUER, "--role-base-arn", BASE, "--state",
                               str(db), "--format", "json", *live], env=env, capture_output=True, text=True)
        if plan.returncode != 0:
            raise RuntimeError("live plan failed: " + plan.stderr.strip()[-600:])
        steps = sum(1 for step in json.loads(plan.stdout)["steps"] if step["phase"] == "prepare")
        log.write_text("")
        subprocess.run([binary, "apply", "--phase", "prepare", "--yes", "--state", str(db), *live], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        calls = log.read_text().splitlines()
        kinds = {}
        for call in calls:
            tool = call.split()[0]
            kinds[tool] = kinds.get(tool, 0) + 1
        detail = ", ".join("%s %d" % item for item in sorted(kinds.items()))
        return "bench apply prepare calls: %d client processes for %d steps, %.2f per step (%s; %d/%d estate)" % (
            len(calls), steps, len(calls) / max(steps, 1), detail, WORKLOADS, ROLES)
    finally:
        subprocess.run([python, "-m", "harness", "down", "--state-dir", str(state)], env=harness,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    print(measure(sys.argv[1], sys.argv[2], sys.argv[3]))
