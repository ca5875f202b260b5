"""The real aws CLI against moto through the fault proxy."""

import json


from conftest import ESTATE
from harness.aws import seed

ISSUER_HOST = "oidc.harness.local/cluster"
ACCOUNT = "123456789012"


def irsa_trust(n_subjects=1, host=ISSUER_HOST):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{host}"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            f"{host}:sub": [f"system:serviceaccount:shop:service-account-{i:03}" for i in range(n_subjects)],
            f"{host}:aud": "sts.amazonaws.com"}}}]}


def create_role(h, name="orders", trust=None, path="/"):
    return h.ajson("iam", "create-role", "--role-name", name, "--path", path,
                   "--assume-role-policy-document", json.dumps(trust or irsa_trust()))


def test_seeded_roles_list_get_and_update_trust(h):
    assert seed.seed_from_snapshot(h.doc["aws"]["motoUrl"], ESTATE) == {"roles": 3, "oidcProviders": 1}
    assert h.counts() == {}  # seeding bypasses the proxy
    as_account = {"AWS_ACCESS_KEY_ID": "111122223333"}  # the proxy maps a 12-digit key id to a moto account
    roles = h.ajson("iam", "list-roles", extra_env=as_account)["Roles"]
    assert {r["Arn"] for r in roles} == {"arn:aws:iam::111122223333:role/orders",
                                         "arn:aws:iam::111122223333:role/billing"}
    other = h.ajson("iam", "list-roles", extra_env={"AWS_ACCESS_KEY_ID": "444455556666"})["Roles"]
    assert [r["Arn"] for r in other] == ["arn:aws:iam::444455556666:role/team/reports"]
    assert h.ajson("iam", "list-roles")["Roles"] == []  # key `testing`: moto's default account
    assert h.ajson("iam", "list-open-id-connect-providers", extra_env=as_account)["OpenIDConnectProviderList"] == [
        {"Arn": "arn:aws:iam::111122223333:oidc-provider/oidc.old.example.com/cluster"}]
    h.env.update(as_account)
    billing = h.ajson("iam", "get-role", "--role-name", "billing")["Role"]
    assert billing["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"].endswith("role/kiam-server")
    h.aws("iam", "update-assume-role-policy", "--role-name", "billing", "--policy-document", json.dumps(irsa_trust()))
    updated = h.ajson("iam", "get-role", "--role-name", "billing")["Role"]["AssumeRolePolicyDocument"]
    assert updated == irsa_trust()
    assert h.counts() == {"ListRoles": 3, "ListOpenIDConnectProviders": 1, "GetRole": 2, "UpdateAssumeRolePolicy": 1}


def test_trust_policy_versions_iam_accepts(h):
    """moto refuses 2008-10-17 and version-less trust documents; IAM and the patched server accept them."""
    create_role(h)
    for document in ({**irsa_trust(), "Version": "2008-10-17"}, {"Statement": irsa_trust()["Statement"]}):
        h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document", json.dumps(document))
        assert h.ajson("iam", "get-role", "--role-name", "orders")["Role"]["AssumeRolePolicyDocument"] == document


def test_oidc_providers(h):
    arn = h.ajson("iam", "create-open-id-connect-provider", "--url", f"https://{ISSUER_HOST}",
                  "--client-id-list", "sts.amazonaws.com",
                  "--thumbprint-list", seed.THUMBPRINT)["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:oidc-provider/{ISSUER_HOST}"
    listed = h.ajson("iam", "list-open-id-connect-providers")["OpenIDConnectProviderList"]
    assert listed == [{"Arn": arn}]
    h.aws("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn,
          "--client-id", "custom-aud")
    got = h.ajson("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn)
    assert got["ClientIDList"] == ["sts.amazonaws.com", "custom-aud"]  # emulated by the proxy
    h.aws("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn,
          "--client-id", "custom-aud")  # idempotent
    h.aws("iam", "remove-client-id-from-open-id-connect-provider", "--open-id-connect-provider-arn", arn,
          "--client-id", "sts.amazonaws.com")
    assert h.ajson("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn)["ClientIDList"] == ["custom-aud"]
    missing = h.aws("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn",
                    arn + "-nope", "--client-id", "x", check=False)
    assert missing.returncode != 0 and "NoSuchEntity" in missing.stderr
    duplicate = h.aws("iam", "create-open-id-connect-provider", "--url", f"https://{ISSUER_HOST}",
                      "--thumbprint-list", seed.THUMBPRINT, check=False)
    assert duplicate.returncode != 0 and "EntityAlreadyExists" in duplicate.stderr


def test_sts_with_a_cluster_token(h):
    h.aws("iam", "create-open-id-connect-provider", "--url", f"https://{ISSUER_HOST}", "--client-id-list",
          "sts.amazonaws.com", "--thumbprint-list", seed.THUMBPRINT)
    create_role(h)
    h.kubectl("create", "namespace", "shop")
    h.kubectl("create", "serviceaccount", "service-account-000", "-n", "shop")
    token = h.kubectl("create", "token", "service-account-000", "-n", "shop", "--audience", "sts.amazonaws.com").stdout.strip()
    creds = h.ajson("sts", "assume-role-with-web-identity", "--role-arn", f"arn:aws:iam::{ACCOUNT}:role/orders",
                    "--role-session-name", "verify", "--web-identity-token", token)
    assert creds["Credentials"]["AccessKeyId"] and creds["AssumedRoleUser"]["Arn"].endswith(":assumed-role/orders/verify")
    identity = h.ajson("sts", "get-caller-identity")
    assert identity["Account"] == ACCOUNT
    assert creds["SubjectFromWebIdentityToken"] == "system:serviceaccount:shop:service-account-000"
    assert h.counts() == {"CreateOpenIDConnectProvider": 1, "CreateRole": 1, "AssumeRoleWithWebIdentity": 1,
                          "GetCallerIdentity": 1}


def test_throttling_is_retried_by_the_cli_and_counted(h):
    create_role(h)
    h.faults({"rules": [{"action": "GetRole", "error": "Throttling", "times": 2}]})
    role = h.ajson("iam", "get-role", "--role-name", "orders", extra_env={"AWS_MAX_ATTEMPTS": "3"})
    assert role["Role"]["RoleName"] == "orders"
    assert h.counts()["GetRole"] == 3  # two throttled attempts, then moto
    h.faults({"rules": [{"action": "GetRole", "error": "Throttling", "times": 5}]})
    failed = h.aws("iam", "get-role", "--role-name", "orders", check=False, extra_env={"AWS_MAX_ATTEMPTS": "2"})
    assert failed.returncode != 0 and "Throttling" in failed.stderr
    assert h.counts()["GetRole"] == 5


def test_internal_failure_and_rate_rules(h):
    h.faults({"rules": [{"action": "ListRoles", "error": "InternalFailure", "times": 1}]})
    assert h.ajson("iam", "list-roles", extra_env={"AWS_MAX_ATTEMPTS": "2"})["Roles"] == []
    assert h.counts()["ListRoles"] == 2
    h.faults({"rules": [{"action": "GetCallerIdentity", "error": "InternalFailure", "rate": 1.0}]})
    failed = h.aws("sts", "get-caller-identity", check=False, extra_env={"AWS_MAX_ATTEMPTS": "1"})
    assert failed.returncode != 0 and "InternalFailure" in failed.stderr


def test_limit_exceeded_injected_and_quota_enforced(h):
    create_role(h)
    h.faults({"rules": [{"action": "UpdateAssumeRolePolicy", "error": "LimitExceeded", "times": 1}]})
    injected = h.aws("iam", "update-assume-role-policy", "--role-name", "orders",
                     "--policy-document", json.dumps(irsa_trust()), check=False)
    assert injected.returncode != 0
    assert "LimitExceeded" in injected.stderr and "Cannot exceed quota for ACLSizePerRole: 2048" in injected.stderr
    big = irsa_trust(n_subjects=40)
    assert len(json.dumps(big, separators=(",", ":"))) > 2048
    too_big = h.aws("iam", "update-assume-role-policy", "--role-name", "orders",
                    "--policy-document", json.dumps(big, indent=4), check=False)
    assert too_big.returncode != 0 and "ACLSizePerRole: 2048" in too_big.stderr
    also = h.aws("iam", "create-role", "--role-name", "big", "--assume-role-policy-document", json.dumps(big), check=False)
    assert also.returncode != 0 and "LimitExceeded" in also.stderr
    fits = irsa_trust(n_subjects=30)
    assert len(json.dumps(fits, separators=(",", ":"))) < 2048 < len(json.dumps(fits, indent=8))  # whitespace is free
    h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document", json.dumps(fits, indent=8))
    h.faults({"quota": {"enabled": False}})
    h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document", json.dumps(big))
    h.faults({"quota": {"enabled": True, "limit": 8192}})
    h.aws("iam", "create-role", "--role-name", "big", "--assume-role-policy-document", json.dumps(big))
