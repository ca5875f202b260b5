"""The "what to check" of playbooks/instance-role-to-irsa.md, as assertions."""
import json
import re
import shutil

from .compare import differences
from .runbook import Result, Session

NODE_ROLE = "eksctl-prod-nodegroup-ng-1-NodeInstanceRole"
NEW_ROLES = ["irsa-kube-system-cluster-autoscaler", "irsa-kube-system-external-dns", "irsa-kube-system-ebs-csi-controller-sa",
             "irsa-shop-reports"]


def _aws(session: Session, *args: str) -> dict:
    result = session.shell("aws --profile prod --output json " + " ".join(args))
    assert result.status == 0, f"aws {' '.join(args)}: {result.stderr.strip()}"
    return json.loads(result.stdout or "{}")


def _node_policies(session: Session) -> tuple[set, set]:
    inline = set(_aws(session, "iam list-role-policies --role-name", NODE_ROLE)["PolicyNames"])
    attached = {p["PolicyName"] for p in
                _aws(session, "iam list-attached-role-policies --role-name", NODE_ROLE)["AttachedPolicies"]}
    return inline, attached


def discovered(session: Session, result: Result) -> None:
    codes = re.findall(r"warning\s+aws-caller-discovered\s+(\S+):", result.stdout)
    assert codes == ["deployment/kube-system/cluster-autoscaler", "deployment/kube-system/ebs-csi-controller",
                     "deployment/kube-system/external-dns", "deployment/shop/reports"], codes
    entries = json.loads((session.workdir / "map.json").read_text())["serviceAccounts"]
    assert len(entries) == 4 and not any(e["detachFromNodeRole"] for e in entries), entries


def review_map(session: Session) -> None:
    """What the runbook leaves to people: fill in shop/reports, choose what leaves the node role."""
    path = session.workdir / "map.json"
    doc = json.loads(path.read_text())
    for entry in doc["serviceAccounts"]:
        if entry.get("metadata", {}).get("name") == "reports":
            entry["copyFromNodeRole"] = ["shop-reports-bucket"]
        entry["detachFromNodeRole"] = True
    path.write_text(json.dumps(doc, indent=2))


def planned(session: Session, result: Result) -> None:
    assert re.search(r"Saved plan \w+ to instance-role.db: 26 steps", result.stderr), result.stderr[-500:]


def report_written(session: Session, _: Result) -> None:
    text = (session.workdir / "instance-role.md").read_text()
    for heading in ("## New roles", "## Node role cleanup", "## Final manual step"):
        assert heading in text, f"instance-role.md lacks {heading}"


def roles_created(session: Session, _: Result) -> None:
    for name in NEW_ROLES:
        role = _aws(session, "iam get-role --role-name", name)["Role"]
        subjects = json.dumps(role["AssumeRolePolicyDocument"])
        assert subjects.count("system:serviceaccount:") == 1, f"{name} trusts one service account: {subjects}"
    inline = _aws(session, "iam list-role-policies --role-name irsa-kube-system-cluster-autoscaler")["PolicyNames"]
    assert inline == ["eksctl-prod-nodegroup-ng-1-PolicyAutoScaling"], inline
    inline, attached = _node_policies(session)
    assert "eksctl-prod-nodegroup-ng-1-PolicyAutoScaling" in inline, "prepare leaves the node role alone"


def node_role_cleaned(session: Session, _: Result) -> None:
    inline, attached = _node_policies(session)
    assert inline == set(), f"the copied inline policies left the node role: {inline}"
    assert attached == {"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"}, \
        f"only the node's own policies stay: {attached}"


def as_before(session: Session, _: Result) -> None:
    after = session.workdir / "snap-after"
    shutil.rmtree(after, ignore_errors=True)
    result = session.shell(f"irsa-migrate snapshot --include-authorization-details --out {after} --profile prod")
    assert result.status == 0, result.stderr
    lines, _ = differences(session.workdir / "snap", after)
    assert not lines, "rollback leaves the estate as the first snapshot has it:\n" + "\n".join(lines)
