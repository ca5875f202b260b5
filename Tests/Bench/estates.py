"""The bench's input estates, generated once into the work directory and reused."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ACCOUNT = "111122223333"
OLD_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
NEW_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"


def kiam(work, workloads, roles):
    """Tests/Fixtures/generate_estate.py's estate (deterministic, so a present one is reused)."""
    out = Path(work) / ("estate-%d-%d" % (workloads, roles))
    if not (out / "oidc-providers.json").exists():
        subprocess.run([sys.executable, str(ROOT / "Tests/Fixtures/generate_estate.py"), "--workloads", str(workloads),
                        "--roles", str(roles), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def issuer_move(work, roles):
    """`roles` roles trusting the old issuer with 3 statements each (two web-identity, one service)."""
    out = Path(work) / ("issuer-move-%d" % roles)
    if (out / "oidc-providers.json").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    host = OLD_ISSUER[len("https://"):]
    federated = "arn:aws:iam::%s:oidc-provider/%s" % (ACCOUNT, host)

    def web_identity(operator, subject):
        return {"Effect": "Allow", "Principal": {"Federated": federated}, "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {operator: {host + ":sub": subject, host + ":aud": "sts.amazonaws.com"}}}

    items = []
    for i in range(roles):
        namespace = "team-%d" % (i // 20)
        name = "app-%d" % i
        statements = [
            web_identity("StringEquals", "system:serviceaccount:%s:%s" % (namespace, name)),
            web_identity("StringLike", "system:serviceaccount:%s:%s-worker-*" % (namespace, name)),
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        ]
        items.append({"Path": "/apps/", "RoleName": name, "RoleId": "AROA%017d" % i,
                      "Arn": "arn:aws:iam::%s:role/apps/%s" % (ACCOUNT, name), "CreateDate": "2023-06-02T11:04:17+00:00",
                      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": statements},
                      "MaxSessionDuration": 3600})
    (out / "iam-roles.json").write_text(json.dumps({"Roles": items}))
    (out / "oidc-providers.json").write_text(json.dumps({"OpenIDConnectProviderList": [
        {"Arn": federated, "Url": host, "ClientIDList": ["sts.amazonaws.com"]}]}))
    (out / "kubernetes.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [],
                                                     "metadata": {"resourceVersion": ""}}))
    return out
