"""The campaign's small estate: the `payments` namespace of examples/estate.

Three workloads that move (a StatefulSet and a CronJob on `apps/payments-ledger` in
111122223333, a Deployment on `data/lake-reader` in 444455556666, whose account has no
provider yet), one that cannot (`payments-gateway`: kiam external-id, a finding), so one
apply is: a provider, two trust edits, service accounts and annotations, three workload
switches, checks. Small enough that a cycle takes seconds, and still crosses accounts.
"""

import json
from pathlib import Path

NAMESPACE = "payments"
ROLES = {"arn:aws:iam::111122223333:role/apps/payments-ledger", "arn:aws:iam::111122223333:role/apps/payments-gateway",
         "arn:aws:iam::444455556666:role/data/lake-reader", "arn:aws:iam::111122223333:role/kiam-server"}
WORKLOADS = {"payments-ledger", "payments-statements", "payments-reconciler", "payments-gateway"}


def _keep(item: dict) -> bool:
    meta = item["metadata"]
    if item["kind"] == "Namespace":
        return meta["name"] in (NAMESPACE, "kube-system")
    if meta.get("namespace") != NAMESPACE:
        return False
    if item["kind"] == "ServiceAccount":
        return meta["name"] == "default" or meta["name"] in WORKLOADS
    if meta.get("ownerReferences"):
        return False  # the emulator's controllers make the owned objects again
    return meta["name"] in WORKLOADS


def write(source: Path, target: Path) -> Path:
    """Write the small estate taken from the example estate at `source` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    kube = json.loads((source / "kubernetes.json").read_text())
    kube["items"] = [item for item in kube["items"] if _keep(item)]
    (target / "kubernetes.json").write_text(json.dumps(kube, indent=2))
    roles = json.loads((source / "iam-roles.json").read_text())
    roles["Roles"] = [role for role in roles["Roles"] if role["Arn"] in ROLES]
    (target / "iam-roles.json").write_text(json.dumps(roles, indent=2))
    (target / "oidc-providers.json").write_text((source / "oidc-providers.json").read_text())
    return target


ARGS = ["--issuer", "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        "--role-base-arn", "arn:aws:iam::111122223333:role/"]
