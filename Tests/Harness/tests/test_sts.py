"""The harness's STS: AssumeRoleWithWebIdentity checked like AWS (aws/webidentity.py, aws/trusteval.py).

The first tests evaluate trust documents directly (every operator the trust rules cover);
the others run the real aws CLI with tokens from the real kubectl against the fault proxy.
"""

import base64
import json

import pytest

from harness.aws import trusteval, webidentity

HOST = "oidc.harness.local/cluster"
ISSUER = f"https://{HOST}"
ACCOUNT = "123456789012"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{HOST}"
SUB = "system:serviceaccount:shop:orders"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/orders"


def statement(condition=None, effect="Allow", principal=None, action="sts:AssumeRoleWithWebIdentity"):
    s = {"Effect": effect, "Principal": principal if principal is not None else {"Federated": PROVIDER},
         "Action": action}
    if condition is not None:
        s["Condition"] = condition
    return s


def decide(*statements, sub=SUB, aud="sts.amazonaws.com"):
    context = {f"{HOST}:sub": [sub], f"{HOST}:aud": [aud]}
    return trusteval.decide({"Version": "2012-10-17", "Statement": list(statements)}, PROVIDER, context)[0]


@pytest.mark.parametrize("condition, allowed", [
    ({"StringEquals": {f"{HOST}:sub": SUB}}, True),
    ({"StringEquals": {f"{HOST}:sub": ["system:serviceaccount:shop:other", SUB]}}, True),
    ({"StringEquals": {f"{HOST}:sub": "system:serviceaccount:shop:other"}}, False),
    ({"StringEquals": {f"{HOST.upper()}:SUB": SUB}}, True),  # key names are case-insensitive
    ({"StringEquals": {f"{HOST}:sub": SUB.upper()}}, False),  # values are not
    ({"StringEqualsIgnoreCase": {f"{HOST}:sub": SUB.upper()}}, True),
    ({"StringLike": {f"{HOST}:sub": "system:serviceaccount:shop:*"}}, True),
    ({"StringLike": {f"{HOST}:sub": "system:serviceaccount:shop:order?"}}, True),
    ({"StringLike": {f"{HOST}:sub": "system:serviceaccount:[a-z]*"}}, False),  # no character classes
    ({"StringNotEquals": {f"{HOST}:sub": "system:serviceaccount:shop:other"}}, True),
    ({"StringNotEquals": {f"{HOST}:sub": SUB}}, False),
    ({"StringNotLike": {f"{HOST}:sub": "*:kube-system:*"}}, True),
    ({"StringNotEqualsIgnoreCase": {f"{HOST}:sub": SUB.upper()}}, False),
    ({"StringEquals": {f"{HOST}:sub": SUB, f"{HOST}:aud": "sts.amazonaws.com"}}, True),
    ({"StringEquals": {f"{HOST}:sub": SUB, f"{HOST}:aud": "other"}}, False),  # keys are ANDed
    ({"StringEquals": {f"{HOST}:amr": "x"}}, False),  # a missing key does not match
    ({"StringNotEquals": {f"{HOST}:amr": "x"}}, True),  # ... so its negation holds
    ({"StringEqualsIfExists": {f"{HOST}:amr": "x"}}, True),
    ({"StringEqualsIfExists": {f"{HOST}:sub": "nope"}}, False),
    ({"Null": {f"{HOST}:amr": "true"}}, True),
    ({"Null": {f"{HOST}:sub": "true"}}, False),
    ({"Null": {f"{HOST}:sub": "false"}}, True),
    ({"ForAnyValue:StringLike": {f"{HOST}:aud": ["nope", "sts.*"]}}, True),
    ({"ForAnyValue:StringEquals": {f"{HOST}:amr": "x"}}, False),
    ({"ForAllValues:StringEquals": {f"{HOST}:aud": ["sts.amazonaws.com", "b"]}}, True),
    ({"ForAllValues:StringEquals": {f"{HOST}:aud": ["a", "b"]}}, False),
    ({"ForAllValues:StringEquals": {f"{HOST}:amr": "x"}}, True),  # vacuous on a missing key
    ({"NumericLessThan": {f"{HOST}:sub": "1"}}, False),  # unsupported: never allows
])
def test_condition_operators(condition, allowed):
    assert (decide(statement(condition)) == "allow") is allowed


def test_principals_actions_and_deny():
    assert decide(statement(principal={"Federated": ["arn:aws:iam::1:oidc-provider/x", PROVIDER]})) == "allow"
    assert decide(statement(principal={"Federated": "arn:aws:iam::999999999999:oidc-provider/" + HOST})) != "allow"
    assert decide(statement(principal="*")) == "allow"
    assert decide(statement(principal={"AWS": "arn:aws:iam::1:role/kiam-server"})) != "allow"
    assert decide(statement(action="sts:AssumeRole")) != "allow"
    assert decide(statement(action=["sts:AssumeRole", "STS:assumerolewith*"])) == "allow"
    assert decide(statement(action="sts:*")) == "allow"
    deny = statement({"StringLike": {f"{HOST}:sub": "*:shop:*"}}, effect="Deny", principal="*")
    assert decide(statement(), deny) == "deny"
    assert decide(statement(), deny, sub="system:serviceaccount:web:x") == "allow"
    not_action = dict(statement(), NotAction="sts:AssumeRole")
    del not_action["Action"]
    assert decide(not_action) == "allow"
    assert trusteval.decide({"Statement": statement()}, PROVIDER, {})[0] == "allow"  # a single object
    assert decide() == "implicit-deny"


# ---- the real clients ----------------------------------------------------------------------

def setup_cluster_and_role(h, trust_statements=None, client_ids=("sts.amazonaws.com",), provider=True):
    h.control("issuer", {"issuer": ISSUER})
    if provider:
        h.aws("iam", "create-open-id-connect-provider", "--url", ISSUER, "--client-id-list", *client_ids,
              "--thumbprint-list", "9e99a48a9960b14926bb7f3b02e22da2b0ab7280")
    document = {"Version": "2012-10-17", "Statement": trust_statements or [
        statement({"StringEquals": {f"{HOST}:sub": SUB, f"{HOST}:aud": "sts.amazonaws.com"}})]}
    h.aws("iam", "create-role", "--role-name", "orders", "--assume-role-policy-document", json.dumps(document))
    h.kubectl("create", "namespace", "shop")
    h.kubectl("create", "serviceaccount", "orders", "-n", "shop")


def token(h, audience="sts.amazonaws.com"):
    return h.kubectl("create", "token", "orders", "-n", "shop", "--audience", audience).stdout.strip()


def assume(h, web_token, role=ROLE):
    return h.aws("sts", "assume-role-with-web-identity", "--role-arn", role, "--role-session-name", "verify",
                 "--web-identity-token", web_token, "--no-sign-request", check=False)


def test_accepted_token_is_answered_with_provider_audience_and_subject(h):
    setup_cluster_and_role(h)
    proc = assume(h, token(h))
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["Provider"] == PROVIDER
    assert answer["Audience"] == "sts.amazonaws.com"
    assert answer["SubjectFromWebIdentityToken"] == SUB
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/orders/verify"
    assert answer["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_missing_provider(h):
    setup_cluster_and_role(h, provider=False)
    proc = assume(h, token(h))
    assert proc.returncode != 0
    assert "InvalidIdentityToken" in proc.stderr and f"No OpenIDConnect provider found in your account for {ISSUER}" in proc.stderr


def test_provider_in_another_account_does_not_count(h):
    setup_cluster_and_role(h)
    proc = assume(h, token(h), role="arn:aws:iam::444455556666:role/orders")
    assert proc.returncode != 0 and "No OpenIDConnect provider found" in proc.stderr


def test_wrong_audience(h):
    setup_cluster_and_role(h)
    proc = assume(h, token(h, audience="sts.amazonaws.com.cn"))
    assert proc.returncode != 0 and "InvalidIdentityToken" in proc.stderr and "Incorrect token audience" in proc.stderr


def test_bad_signature_and_not_a_jwt(h):
    setup_cluster_and_role(h)
    header, claims, signature = token(h).split(".")
    forged = json.loads(base64.urlsafe_b64decode(claims + "=="))
    forged["sub"] = "system:serviceaccount:shop:admin"
    forged_b64 = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    proc = assume(h, f"{header}.{forged_b64}.{signature}")
    assert proc.returncode != 0 and "InvalidIdentityToken" in proc.stderr and "could not be validated" in proc.stderr
    proc = assume(h, "not-a-jwt")
    assert proc.returncode != 0 and "not a valid JWT" in proc.stderr


def test_trust_that_does_not_list_the_subject_or_denies_it(h):
    setup_cluster_and_role(h, [statement({"StringEquals": {f"{HOST}:sub": "system:serviceaccount:shop:other"}})])
    proc = assume(h, token(h))
    assert proc.returncode != 0
    assert "AccessDenied" in proc.stderr and "Not authorized to perform sts:AssumeRoleWithWebIdentity" in proc.stderr
    deny = [statement({"StringEquals": {f"{HOST}:sub": SUB}}),
            statement({"StringLike": {f"{HOST}:sub": "*:shop:*"}}, effect="Deny")]
    h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document",
          json.dumps({"Version": "2012-10-17", "Statement": deny}))
    proc = assume(h, token(h))
    assert proc.returncode != 0 and "AccessDenied" in proc.stderr


def test_missing_role_is_access_denied(h):
    setup_cluster_and_role(h)
    proc = assume(h, token(h), role=f"arn:aws:iam::{ACCOUNT}:role/nope")
    assert proc.returncode != 0 and "AccessDenied" in proc.stderr
    proc = assume(h, token(h), role=f"arn:aws:iam::{ACCOUNT}:role/team/orders")  # the same name on another path
    assert proc.returncode != 0 and "AccessDenied" in proc.stderr


def test_expired_token(h):
    setup_cluster_and_role(h)
    keys = webidentity.Keys()
    keys.url = h.doc["kube"]["url"] + "/openid/v1/jwks"
    web_token = token(h)
    params = {"RoleArn": ROLE, "RoleSessionName": "verify", "WebIdentityToken": web_token}
    exp = json.loads(base64.urlsafe_b64decode(web_token.split(".")[1] + "=="))["exp"]
    assert webidentity.check(params, keys, h.doc["aws"]["motoUrl"], now=exp - 1)["subject"] == SUB
    with pytest.raises(webidentity.Refusal) as refused:
        webidentity.check(params, keys, h.doc["aws"]["motoUrl"], now=exp + 1)
    assert refused.value.code == "ExpiredTokenException" and "Token expired: current date/time" in refused.value.message


def test_strict_can_be_switched_off_and_reset_restores_it(h):
    setup_cluster_and_role(h, provider=False)
    h.faults({"sts": {"strict": False}})
    assert assume(h, token(h)).returncode == 0  # moto's own answer: accepts anything
    h.faults(None, "DELETE")
    assert h.faults({"append": True})["sts"]["strict"] is True
    assert assume(h, token(h)).returncode != 0
