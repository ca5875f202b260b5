"""Small estates cut from examples/estate, for the live runs whose behaviour does not depend on
the estate's size (every aws call costs about half a second, and the full estate plans about a
hundred steps).

A cut keeps, per namespace, the named workloads (not the objects they own: the emulator's
controllers make those again), the service accounts they run as, and the roles their kiam
annotations name, with kiam-server's. `python -m harness.estates CUT OUT` writes one (the
Swift live tests call it).
"""

import json
import sys
from pathlib import Path

from .compare import pod_template

REPOSITORY = Path(__file__).resolve().parents[3]
EXAMPLE = REPOSITORY / "examples" / "estate"

# The chaos campaign's and most live tests' estate: a StatefulSet and a CronJob on
# apps/payments-ledger in 111122223333, a Deployment on data/lake-reader in 444455556666, whose
# account has no provider yet, and one that cannot move (payments-gateway: kiam external-id, a
# finding). One apply is a provider, two trust edits, service accounts and annotations, three
# workload switches and checks: a cycle takes seconds, and still crosses accounts.
PAYMENTS = {"payments": {"payments-ledger", "payments-statements", "payments-reconciler", "payments-gateway"}}
# The example estate's planted verify failure: data-exporter sets a static AWS_ACCESS_KEY_ID.
PLANTED = {"data": {"data-exporter"}}
CUTS = {
    "payments": PAYMENTS,
    # For resuming a killed apply at each kind of call: orders-api and orders-worker share a
    # service account under two roles, so each gets one created.
    "resume": PAYMENTS | PLANTED | {"orders": {"orders-api", "orders-worker"}},
    # The targets a Helm release (external-dns: service account and Deployment) and an Argo CD
    # application (orders-events) own, two unowned Deployments, and the planted failure.
    "owned": {"orders": {"orders-api", "orders-events"}, "platform": {"external-dns"}, "payments": {"payments-api"}}
    | PLANTED,
    # The GitOps export runbook's: the same owned targets and orders-api (its role is tagged as
    # IaC-owned by the runbook's test), without the planted failure: its verify must pass.
    "gitops": {"orders": {"orders-api", "orders-events"}, "platform": {"external-dns"}},
}
KIAM_SERVER = "arn:aws:iam::111122223333:role/kiam-server"

# The chaos campaign's cut and the plan arguments it is planned with.
NAMESPACE = "payments"
WORKLOADS = PAYMENTS[NAMESPACE]
ARGS = ["--issuer", "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        "--role-base-arn", "arn:aws:iam::111122223333:role/"]


def _pod_spec(item: dict) -> dict:
    return pod_template(item).get("spec", {})


def _pod_annotations(item: dict) -> dict:
    return pod_template(item).get("metadata", {}).get("annotations") or {}


def _names_role(reference: str, arn: str) -> bool:
    """Whether a kiam annotation (a full ARN, or a name or path under role/) names `arn`."""
    return reference == arn or arn.endswith(":role/" + reference.lstrip("/"))


def cut(source: Path, target: Path, workloads: dict[str, set[str]]) -> Path:
    """Write into `target` the part of the estate at `source` that `workloads` names."""
    target.mkdir(parents=True, exist_ok=True)
    kube = json.loads((source / "kubernetes.json").read_text())
    kept = [item for item in kube["items"] if item["kind"] != "ServiceAccount"
            and not item["metadata"].get("ownerReferences")
            and item["metadata"]["name"] in workloads.get(item["metadata"].get("namespace"), ())]
    accounts = {(item["metadata"]["namespace"], name) for item in kept
                for name in ("default", _pod_spec(item).get("serviceAccountName", "default"))}
    service_accounts = [item for item in kube["items"] if item["kind"] == "ServiceAccount"
                        and (item["metadata"]["namespace"], item["metadata"]["name"]) in accounts]
    namespaces = [item for item in kube["items"] if item["kind"] == "Namespace"
                  and item["metadata"]["name"] in set(workloads) | {"kube-system"}]
    keep = {id(item) for item in namespaces + service_accounts + kept}
    kube["items"] = [item for item in kube["items"] if id(item) in keep]
    (target / "kubernetes.json").write_text(json.dumps(kube, indent=2))
    references = [_pod_annotations(item).get("iam.amazonaws.com/role", "") for item in kept]
    references += [(item["metadata"].get("annotations") or {}).get("eks.amazonaws.com/role-arn", "")
                   for item in service_accounts]
    roles = json.loads((source / "iam-roles.json").read_text())
    roles["Roles"] = [role for role in roles["Roles"]
                      if role["Arn"] == KIAM_SERVER or any(r and _names_role(r, role["Arn"]) for r in references)]
    (target / "iam-roles.json").write_text(json.dumps(roles, indent=2))
    (target / "oidc-providers.json").write_text((source / "oidc-providers.json").read_text())
    return target


def write(source: Path, target: Path) -> Path:
    """The chaos campaign's small estate (the `payments` cut) taken from the estate at `source`."""
    return cut(source, target, PAYMENTS)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CUTS:
        sys.exit(f"usage: python -m harness.estates {{{','.join(CUTS)}}} OUT")
    cut(EXAMPLE, Path(sys.argv[2]), CUTS[sys.argv[1]])
