"""The gitops-export runbook's "what to check" prose as assertions, and the owners' syncs it
leaves to people (see playbooks.py).

The estate: the `gitops` cut of the example estate (estates.py), where an Argo CD application
owns deployment/orders/orders-events and a Helm release owns platform/external-dns (service
account and deployment), and nothing owns deployment/orders/orders-api. Before the plan the test tags role apps/orders-api the way the
runbook's `--iac-owned-tag team:iac=pulumi` expects, so its trust goes through "IaC" too.
A sync is what the owner would do with the exported files: `aws iam update-assume-role-policy`
for a trust policy, `kubectl apply` / `kubectl patch` for manifests and patches.
"""
import re
import shlex
from pathlib import Path

from .compare import differences
from .playbook_checks import plan_document, statuses
from .runbook import Result, RunbookFailure, Session

STATE = "gitops.db"
PROFILES = ["prod"]
EXPORT = "gitops-export"
IAC_ROLE = "arn:aws:iam::111122223333:role/apps/orders-api"
OWNED = {  # target -> owner kind, for the steps the runbook's estate must export
    "arn:aws:iam::111122223333:role/apps/orders-api": "iac-tag",
    "deployment/orders/orders-events": "argocd",
    "deployment/platform/external-dns": "helm",
    "serviceaccount/platform/external-dns": "helm",
}


def _sh(session: Session, command: str) -> Result:
    result = session.shell(command)
    if result.status != 0:
        raise RunbookFailure(f"the owner's sync failed: {command}: exit {result.status}: {result.stderr.strip()}")
    return result


def _owned_steps(session: Session, phase: str) -> dict[str, str]:
    """Step id -> target of the owned steps of `phase`."""
    return {s["id"]: s["target"] for s in session.memo["plan"]["steps"] if s.get("owner") and s["phase"] == phase}


def _statuses_by_id(session: Session) -> dict[str, str]:
    return {s["id"]: s["status"] for s in session.json("status", "--state", STATE, "--format", "json")["steps"]}


def tag_iac_role(session: Session) -> None:
    """Before the plan: the IaC tool's tag on one role, and a snapshot to compare rollback with."""
    _sh(session, "aws iam tag-role --profile prod --role-name orders-api --tags Key=team:iac,Value=pulumi")
    _sh(session, f"irsa-migrate snapshot --profile prod --out {session.root / 'gitops-before'}")


def owned_planned(session: Session, _: Result) -> None:
    plan = plan_document(session, STATE)
    session.memo["plan"] = plan
    owners = {s["target"]: s["owner"]["kind"] for s in plan["steps"] if s.get("owner")}
    for target, kind in OWNED.items():
        assert owners.get(target) == kind, f"{target} must be owned by {kind}; the plan says {owners.get(target)}"
    unowned = [s for s in plan["steps"] if not s.get("owner") and s["action"] == "switch-workload"]
    assert unowned, "the rest of the estate is left to apply"


def review_lists_owned(session: Session, _: Result) -> None:
    text = (session.workdir / "gitops-review.md").read_text()
    assert "## Owned by GitOps or infrastructure as code" in text, "the review has the owned-targets table"
    for target in OWNED:
        assert f"`{target}`" in text, f"the owned-targets table lists {target}"


def _files(session: Session, pattern: str) -> list[Path]:
    return sorted((session.workdir / EXPORT).glob(pattern))


def exported(session: Session, _: Result) -> None:
    """A file for every owned target, each listed in INDEX.md."""
    index = (session.workdir / EXPORT / "INDEX.md").read_text()
    expected = ["iac-tag/team_iac=pulumi/roles/orders-api/trust-after-prepare.json",
                "helm/platform/external-dns/patches/serviceaccount.platform.external-dns.yaml",
                "argocd/orders-events/patches/deployment.orders.orders-events.json",
                "helm/platform/external-dns/patches/deployment.platform.external-dns.json"]
    for path in expected:
        assert (session.workdir / EXPORT / path).is_file(), f"{path} was not exported"
        assert f"`{path}`" in index, f"INDEX.md does not list {path}"


def iac_applies_trust(session: Session) -> None:
    """Stage 1: the IaC stack applies the exported trust policy."""
    for path in _files(session, "**/roles/*/trust-after-prepare.json"):
        _sh(session, f"aws iam update-assume-role-policy --profile prod --role-name {path.parent.name} "
                     f"--policy-document file://{path}")


def service_accounts_wait(session: Session, result: Result) -> None:
    """The IaC stack applied its trust; the service accounts' sync has not happened yet: their
    steps wait, apply still exits 0."""
    assert "waiting for sync:" in result.stdout, result.stdout
    now = _statuses_by_id(session)
    for step, target in _owned_steps(session, "prepare").items():
        expected = "applied" if target == IAC_ROLE else "external"
        assert now[step] == expected, f"{step} ({target}) is {now[step]}, expected {expected}"
    assert re.search(r"^unchanged \d+ add-trust-statements " + re.escape(IAC_ROLE) + r" .*already as planned",
                     result.stdout, re.M), "the trust the IaC stack applied is found in place, not written again"


def _sync_service_accounts(session: Session) -> None:
    for path in _files(session, "**/serviceaccounts/*"):  # new service accounts, when owned
        _sh(session, f"kubectl --context prod apply -f {path}")
    for path in _files(session, "**/patches/serviceaccount.*"):
        _patch(session, path, "merge")


def _patch(session: Session, path: Path, kind: str, target: str | None = None) -> None:
    """`kubectl patch` with the file at `path`, on `target` (KIND/NS/NAME or namespace/NAME),
    else on the KIND.NS.NAME its file name says."""
    parts = target.split("/") if target else path.stem.split(".", 2)
    resource, namespace, name = (parts + [""])[:3]
    where = f"{name} -n {namespace}" if name else namespace
    _sh(session, f"kubectl --context prod patch {resource} {where} --type {kind} --patch-file {shlex.quote(str(path))}")


def poll_until_synced(session: Session, result: Result) -> None:
    """`--detailed-exitcode` exits 2 while anything waits; after the sync the same command exits 0."""
    assert result.status == 2, f"exit {result.status} while the service accounts wait for their sync:\n{result.stdout}"
    _sync_service_accounts(session)
    again = session.shell(result.command)
    assert again.status == 0, f"after the sync: exit {again.status}\n{again.stdout}{again.stderr}"
    assert "synced: " in again.stdout, again.stdout
    assert set(statuses(session, STATE, "prepare")) == {"applied"}, "every prepare step applied after the sync"


def owned_workloads_wait(session: Session, _: Result) -> None:
    now = _statuses_by_id(session)
    owned = _owned_steps(session, "cutover")
    assert owned, "the owned workloads have cutover steps"
    for step, target in owned.items():
        assert now[step] == "external", f"{target} must wait for its owner's sync, is {now[step]}"
    rest = [s["id"] for s in session.memo["plan"]["steps"] if s["phase"] == "cutover" and s["id"] not in owned]
    assert rest and all(now[s] == "applied" for s in rest), "apply switched the workloads nothing owns"


def sync_workloads(session: Session) -> None:
    """Stage 3: the owners commit and sync the workload patches (JSON 6902)."""
    for path in _files(session, "**/patches/*.json"):
        if not path.name.startswith("serviceaccount."):
            _patch(session, path, "json")


def nothing_waits(session: Session, result: Result) -> None:
    assert "Waiting for a GitOps" not in result.stdout, result.stdout
    now = _statuses_by_id(session)
    assert {now[s] for s in _owned_steps(session, "cutover")} == {"applied"}, "verify recorded the synced switches"


INVERSE = re.compile(r"^inverse of step \d+ \((\S+) (\S+)\): (.*?)(?:: wrote (\S+))?$", re.M)


def _sync_inverses(session: Session, stdout: str) -> int:
    """The owners commit what rollback printed: trust policies, merge patches, removed manifests."""
    done = 0
    for action, target, _, written in INVERSE.findall(stdout):
        if action == "create-service-account":
            _, namespace, name = target.split("/")
            _sh(session, f"kubectl --context prod delete serviceaccount {name} -n {namespace}")
        elif written.endswith(".trust-policy.json"):
            _sh(session, f"aws iam update-assume-role-policy --profile prod --role-name {target.rsplit('/', 1)[1]} "
                         f"--policy-document file://{written}")
        elif written:
            _patch(session, Path(written), "merge", target)
        else:
            raise RunbookFailure(f"an inverse the test cannot play: {action} {target}")
        done += 1
    return done


def rolled_back_after_syncs(session: Session, result: Result) -> None:
    """Owned steps are not undone live: their inverses are written; once the owners synced
    them, the same rollback records them reverted and undoes what they held up."""
    assert _sync_inverses(session, result.stdout), f"rollback wrote inverse files:\n{result.stdout}"
    for _ in range(3):
        again = session.shell(result.command)
        assert again.status == 0, f"rollback again: exit {again.status}\n{again.stdout}{again.stderr}"
        print("      again: " + " | ".join(l for l in again.stdout.splitlines() if l.startswith(("rollback:", "inverse of"))))
        if not _sync_inverses(session, again.stdout):
            break
    left = {s["id"]: s["status"] for s in session.json("status", "--state", STATE, "--format", "json")["steps"]
            if s["status"] != "reverted"}
    assert not left, f"every step reverted once the owners synced: {left}\n{again.stdout}"
    session.estate(PROFILES)
    lines, _ = differences(session.root / "gitops-before", session.root / "estate-check")
    assert not lines, "the estate differs from before the plan:\n" + "\n".join(lines)
