"""`make playbooks`: every runbook in playbooks/ run top to bottom against the emulators.

    python -m harness.playbooks [--binary PATH] [--work DIR] [NAME...]

NAME is kiam (the audit runbook, then kiam -> IRSA, on the example estate), eks,
giant-swarm (the v17 -> v18 -> v19 chain on one estate), instance-role (on
examples/instance-role-estate, moto serving AWS managed policies), or gitops (the export
runbook, the owners' syncs played with kubectl and aws); all by default.
Each gets its own harness, on an estate that fits it, prepared by the tool under test (kiam ->
IRSA prepare with the runbook's "old" issuer). Between commands the test plays what the runbook
leaves to people: the cluster upgrade (the emulator's issuer switches), a GitOps or IaC sync. Exit 1 on the first
command that fails or check that does not hold.
"""
import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import estates
from . import playbook_checks as c
from .runbook import RunbookFailure, Session, Step

REPO = Path(__file__).resolve().parents[3]
BOOKS = REPO / "playbooks"
ESTATE = REPO / "examples" / "estate"
INSTANCE_ROLE_ESTATE = REPO / "examples" / "instance-role-estate"
BASE = "arn:aws:iam::111122223333:role/"
ACCOUNTS = {"prod": "111122223333", "golem-admin": "111122223333", "shared-data": "444455556666",
            "jade-admin": "222233334444"}

EXAMPLE = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
V17 = "https://s3.eu-west-1.amazonaws.com/111122223333-g8s-golem-oidc-pod-identity"
V18 = "https://d1a2b3c4d5e6f7.cloudfront.net"
V19 = "https://irsa.golem.k8s.gigantic.example.io"
JADE = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity"


def small_estate(directory: Path) -> Path:
    """The example estate's orders and payments namespaces (six roles in two accounts, a
    cross-account role among them), for the issuer moves: every role costs aws calls in each
    step, and the runbooks' behaviour does not change with more of them."""
    directory.mkdir(parents=True, exist_ok=True)
    keep = {"orders", "payments"}
    doc = json.loads((ESTATE / "kubernetes.json").read_text())
    doc["items"] = [item for item in doc["items"] if (item["metadata"].get("namespace") in keep)
                    or (item["kind"] == "Namespace" and item["metadata"]["name"] in keep)]
    (directory / "kubernetes.json").write_text(json.dumps(doc))
    for name in ("iam-roles.json", "oidc-providers.json"):
        shutil.copy(ESTATE / name, directory / name)
    return directory


def prepare_irsa(session: Session, issuer: str, profiles: str) -> None:
    """The estate on IRSA with `issuer`: the example estate's kiam -> IRSA prepare phase."""
    session.workdir = session.root
    for command in (f"irsa-migrate plan kiam-to-irsa --issuer {issuer} --role-base-arn {BASE} {profiles} --state setup.db",
                    f"irsa-migrate apply --phase prepare --yes --state setup.db {profiles}"):
        result = session.shell(command)
        if result.status != 0:
            raise RunbookFailure(f"setting up the estate: {command}: exit {result.status}\n{result.stdout}{result.stderr}")


def issuer_move(state: str, old: str, new: str, flags: str, profiles: list[str],
                snapshot: str | None = "snap-before") -> dict:
    """The checks every issuer-move runbook shares, by the command they follow."""
    return {
        "plan": Step("irsa-migrate plan issuer-move", before=c.remember_hosts(state, old, new),
                     check=c.no_error_findings_and_every_old_statement_copied(state, old, new, snapshot, profiles)),
        "prepare": Step("irsa-migrate apply", check=c.trusted(state, profiles, old, new)),
        "verify": Step("irsa-migrate verify", before=c.verify_refused_then_switch(state, new, flags)),
        "gated": Step("irsa-migrate apply", status=1, check=c.gated),
        "cleanup": Step("irsa-migrate apply", check=c.trusted(state, profiles, new)),
        "reverify": Step("irsa-migrate verify"),
    }


def giant_swarm(session: Session) -> None:
    profiles = ["golem-admin", "shared-data"]
    flags = "--context golem --profile golem-admin --profile shared-data"
    prepare_irsa(session, V17, flags)
    v18_text = (BOOKS / "giant-swarm-v17-to-v18.md").read_text()
    for rollback in (True, False):
        session.set_issuer(V17)
        m = issuer_move("golem-upgrade.db", V17, V18, flags, profiles)
        steps = [
            Step("irsa-migrate snapshot", check=c.file_exists("snap-before/kubernetes.json")),
            m["plan"],
            Step("irsa-migrate report", check=c.report_written("golem-v18-trust.md")),
            m["prepare"],
            Step("irsa-migrate status", check=c.phase_applied("golem-upgrade.db", "prepare")),
            m["verify"], m["gated"], m["cleanup"], m["reverify"],
            Step("irsa-migrate status", check=c.phase_applied("golem-upgrade.db", "cleanup")),
        ]
        if rollback:
            steps += [
                Step("irsa-migrate rollback --steps 3", check=c.restored_roles("golem-upgrade.db", V17, 3, profiles)),
                Step("irsa-migrate rollback --all", check=c.estate_as_in("snap-before", profiles)),
            ]
        name = "giant-swarm-v17-to-v18.md" if rollback else "giant-swarm-v17-to-v18-again.md"
        print(f"{name}{'' if rollback else ' (to v18 again, for v19: up to If something goes wrong)'}")
        session.run(name, v18_text, steps, stop_at=None if rollback else "If something goes wrong")

    create_jade_role(session)
    m = issuer_move("golem-v19.db", V18, V19, flags, profiles)
    print("giant-swarm-v18-to-v19.md")
    session.run("giant-swarm-v18-to-v19.md", (BOOKS / "giant-swarm-v18-to-v19.md").read_text(), [
        Step("irsa-migrate snapshot", check=c.file_exists("snap-before/iam-roles.json")),
        m["plan"],
        Step("irsa-migrate report", check=c.report_written("golem-v19-trust.md")),
        m["prepare"], m["verify"], m["gated"], m["cleanup"],
        Step("irsa-migrate snapshot --out snap-jade"),
        Step("irsa-migrate plan issuer-move --snapshot snap-jade", check=c.china_plan("jade-v19.db")),
    ])


def create_jade_role(session: Session) -> None:
    """A role of the China cluster `jade` that trusts its v18 S3 issuer with the .cn audience."""
    issuer = JADE.removeprefix("https://")
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity",'
             f'"Principal":{{"Federated":"arn:aws:iam::222233334444:oidc-provider/{issuer}"}},'
             f'"Condition":{{"StringEquals":{{"{issuer}:sub":"system:serviceaccount:shop:cart",'
             f'"{issuer}:aud":"sts.amazonaws.com.cn"}}}}}}]}}')
    result = session.shell(f"aws iam create-role --profile jade-admin --role-name shop-cart "
                           f"--assume-role-policy-document '{trust}'")
    if result.status != 0:
        raise RunbookFailure(f"creating the jade role: {result.stderr}")


def eks(session: Session) -> None:
    profiles = ["prod", "shared-data"]
    issuers = {}
    session.workdir = session.root
    for name in ("blue", "green"):
        created = session.shell(
            f"aws eks create-cluster --profile prod --name {name} --role-arn {BASE}eks-cluster "
            "--resources-vpc-config subnetIds=subnet-1,subnet-2 --query cluster.identity.oidc.issuer --output text")
        if created.status != 0:
            raise RunbookFailure(f"creating EKS cluster {name} in the emulator: {created.stderr}")
        issuers[name] = created.stdout.strip()
    session.set_issuer(issuers["blue"])
    prepare_irsa(session, issuers["blue"], "--context blue --profile prod --profile shared-data")
    state = "blue-green.db"
    m = issuer_move(state, issuers["blue"], issuers["green"], "--context green --profile prod --profile shared-data",
                    profiles, snapshot=None)

    def issuer_variable(name: str):
        def check(session: Session, _) -> None:
            got = session.variables[name.upper() + "_ISSUER"]
            assert got == issuers[name], f"{name.upper()}_ISSUER is {got!r}, EKS says {issuers[name]!r}"
        return check

    print("eks-blue-green.md")
    session.run("eks-blue-green.md", (BOOKS / "eks-blue-green.md").read_text(), [
        Step("BLUE_ISSUER=", check=issuer_variable("blue")),
        Step("GREEN_ISSUER=", check=issuer_variable("green")),
        m["plan"],
        Step("irsa-migrate report", check=c.report_written("blue-green-trust.md")),
        m["prepare"], m["verify"], m["gated"], m["cleanup"],
    ])


def audit(session: Session) -> None:
    """Step 0 of every move, on the estate the kiam runbook then migrates."""
    from . import audit_checks as a
    print("audit-before-migration.md")
    session.run("audit-before-migration.md", (BOOKS / "audit-before-migration.md").read_text(), [
        Step("irsa-migrate snapshot --out snap", check=c.file_exists("snap/iam-roles.json")),
        Step("irsa-migrate audit --snapshot snap", status=None, check=a.exit_status_follows_errors(EXAMPLE, kiam=True)),
        Step("irsa-migrate audit --snapshot snap --format markdown", status=None,
             check=a.exit_status_follows_errors(EXAMPLE, markdown=True)),
        Step("irsa-migrate audit --snapshot snap", status=1, check=a.old_issuer_trust_reported),
        Step("irsa-migrate audit --context prod", status=None, check=a.sarif),
        Step("irsa-migrate audit --snapshot snap --format json", status=None, check=a.json_shape),
    ])


def kiam(session: Session) -> None:
    from . import kiam_checks as k
    audit(session)
    print("kiam-to-irsa.md")
    session.workdir = session.root
    session.memo["before"] = session.estate(["prod", "shared-data"])
    session.run("kiam-to-irsa.md", (BOOKS / "kiam-to-irsa.md").read_text(), [
        Step("irsa-migrate plan kiam-to-irsa", status=1, check=k.strict_plan),
        Step("irsa-migrate report", check=c.report_written("kiam-to-irsa.md")),
        Step("irsa-migrate apply --state kiam.db --phase prepare", check=k.prepared),
        Step("irsa-migrate apply --state kiam.db --namespace orders", check=k.switched_orders),
        Step("irsa-migrate verify --state kiam.db --namespace orders"),
        Step("irsa-migrate rollback --state kiam.db --workload deployment/orders/orders-api", check=k.orders_api_back),
        Step("irsa-migrate status", check=k.status_lists_plan),
        Step("irsa-migrate snapshot --out snap", check=c.file_exists("snap/kubernetes.json")),
        Step("irsa-migrate plan kiam-to-irsa --snapshot snap", check=k.cleanup_planned),
    ])


def gitops(session: Session) -> None:
    from . import gitops_checks as g
    print("gitops-export.md")
    session.run("gitops-export.md", (BOOKS / "gitops-export.md").read_text(), [
        Step("irsa-migrate plan kiam-to-irsa", before=g.tag_iac_role, check=g.owned_planned),
        Step("irsa-migrate report", check=g.review_lists_owned),
        Step("irsa-migrate export", check=g.exported),
        Step("irsa-migrate apply --state gitops.db --phase prepare --yes --context", before=g.iac_applies_trust,
             check=g.service_accounts_wait),
        Step("irsa-migrate apply --state gitops.db --phase prepare --yes --detailed-exitcode", status=None,
             check=g.poll_until_synced),
        Step("irsa-migrate apply --state gitops.db --phase cutover", check=g.owned_workloads_wait),
        Step("irsa-migrate verify", before=g.sync_workloads),
        Step("irsa-migrate status", check=g.nothing_waits),
        Step("irsa-migrate rollback", check=g.rolled_back_after_syncs),
    ])


def instance_role(session: Session) -> None:
    from . import instance_role_checks as i
    print("instance-role-to-irsa.md")
    state = "instance-role.db"
    session.run("instance-role-to-irsa.md", (BOOKS / "instance-role-to-irsa.md").read_text(), [
        Step("irsa-migrate snapshot --out snap --include-authorization-details",
             check=c.file_exists("snap/iam-authorization-details.json")),
        Step("irsa-migrate plan instance-role --snapshot snap", check=i.discovered),
        Step("irsa-migrate plan instance-role --context prod", before=i.review_map, check=i.planned),
        Step("irsa-migrate report", check=i.report_written),
        Step("irsa-migrate apply --state instance-role.db --phase prepare", check=i.roles_created),
        Step("irsa-migrate apply --state instance-role.db --phase cutover --phase verify",
             check=c.phase_applied(state, "verify")),
        Step("irsa-migrate apply --state instance-role.db --phase cleanup", check=i.node_role_cleaned),
        Step("irsa-migrate status", check=c.phase_applied(state, "cleanup")),
        Step("irsa-migrate rollback --state instance-role.db --all", check=i.as_before),
    ])


SCENARIOS = {
    "kiam": (kiam, EXAMPLE, ["prod"]),
    "eks": (eks, EXAMPLE, ["blue", "green"]),
    "giant-swarm": (giant_swarm, V17, ["golem", "jade"]),
    "instance-role": (instance_role, EXAMPLE, ["prod"]),
    "gitops": (gitops, EXAMPLE, ["prod"]),
}
# The estate each scenario seeds, written under the directory given (default: the example estate).
ESTATES = {
    "eks": small_estate,
    "giant-swarm": small_estate,
    "instance-role": lambda _: INSTANCE_ROLE_ESTATE,
    "gitops": lambda directory: estates.cut(ESTATE, directory, estates.CUTS["gitops"]),
}
# moto serves AWS managed policies (the node role's AmazonEKSWorkerNodePolicy...) only with this.
MANAGED_POLICIES = {"instance-role"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(REPO / ".build" / "debug" / "irsa-migrate"))
    parser.add_argument("--work", default=None, help="keep working directories here (default: a temp dir)")
    parser.add_argument("names", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="irsa-migrate-playbooks-")).resolve()
    timings = []
    for name in args.names:
        scenario, issuer, contexts = SCENARIOS[name]
        started, cpu = time.monotonic(), _children_cpu()
        estate = ESTATES.get(name, lambda _: ESTATE)(work / name / "estate")
        if name in MANAGED_POLICIES:
            os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        else:
            os.environ.pop("MOTO_IAM_LOAD_MANAGED_POLICIES", None)
        session = Session(work / name, Path(args.binary), issuer, ACCOUNTS, contexts, estate_dir=estate)
        try:
            with session:
                scenario(session)
        except RunbookFailure as failure:
            print(f"FAILED {name}: {failure}\n(working directory {session.root})", file=sys.stderr)
            return 1
        timings.append(f"{name} {time.monotonic() - started:.0f} s wall ({_children_cpu() - cpu:.0f} s CPU in commands)")
    print("playbooks passed: " + ", ".join(timings) + f" (working directories in {work})")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv[1:]))
