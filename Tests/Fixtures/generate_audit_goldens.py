#!/usr/bin/env python3
"""Writes the golden-case INPUTS of `irsa-migrate audit` under Tests/Golden/audit/.

Each case: input/{kubernetes.json, iam-roles.json[, oidc-providers.json]}, args (the extra
`audit` arguments, possibly empty), README.md (what a correct audit reports). The expected
outputs (audit.json, audit.md) are recorded by the tool and reviewed against each README.

    python3 Tests/Fixtures/generate_audit_goldens.py [--root REPO]

Deterministic: rerunning rewrites byte-identical files. Stdlib only.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixturelib as F  # noqa: E402
from fixturelib import ACCOUNT, OTHER_ACCOUNT, AUD, app, trust, irsa_statement, kiam_statement, role, subject  # noqa: E402

EKS_A = "https://oidc.eks.eu-west-1.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
EKS_B = "https://oidc.eks.eu-west-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
HP_A = F.issuer_hp(EKS_A)
PROV_A = F.provider_arn(ACCOUNT, EKS_A)
BASE = "arn:aws:iam::111122223333:role/"
CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


def ns(name):
    return F.namespace(name)


def sa(namespace, name, role_arn=None, audience=None):
    annotations = {}
    if role_arn:
        annotations["eks.amazonaws.com/role-arn"] = role_arn
    if audience:
        annotations["eks.amazonaws.com/audience"] = audience
    return F.service_account(namespace, name, annotations or None)


def web_identity(condition, principal=None, sid=None, effect="Allow", action="sts:AssumeRoleWithWebIdentity"):
    s = {"Sid": sid} if sid else {}
    s.update({"Effect": effect, "Principal": principal or {"Federated": PROV_A}, "Action": action})
    if condition is not None:
        s["Condition"] = condition
    return s


def both(sub, aud=AUD, sub_op="StringEquals"):
    if sub_op == "StringEquals":
        return {"StringEquals": {HP_A + ":sub": sub, HP_A + ":aud": aud}}
    return {sub_op: {HP_A + ":sub": sub}, "StringEquals": {HP_A + ":aud": aud}}


ARN = F.role_arn


@case("clean-irsa")
def clean():
    items = [ns("orders"), sa("orders", "orders-api", ARN(ACCOUNT, "orders-api", "/apps/")),
             sa("orders", "orders-worker", ARN(ACCOUNT, "orders-worker", "/apps/"))]
    items += app("Deployment", "orders", "orders-api", sa="orders-api")
    items += app("Deployment", "orders", "orders-worker", sa="orders-worker")
    roles = [
        role(ACCOUNT, "orders-api", trust(irsa_statement(ACCOUNT, EKS_A, ("orders", "orders-api"), sid="OrdersApi")), path="/apps/"),
        role(ACCOUNT, "orders-worker", trust(irsa_statement(ACCOUNT, EKS_A, [("orders", "orders-worker"), ("orders", "orders-api")])),
             path="/apps/"),
        F.node_role(),
    ]
    readme = """\
A cluster fully on IRSA and scoped well: two roles trust issuer AAAA with exact `:sub` and `:aud`, their
provider exists with client ID sts.amazonaws.com, both service accounts are annotated with roles that trust them.
Correct audit (with `--issuer` AAAA): no findings, exit 0; access map for AAAA: orders/orders-api -> orders-api and
orders-worker (the worker role also names the api account), orders/orders-worker -> orders-worker."""
    return items, roles, F.providers([(ACCOUNT, EKS_A, [AUD])]), "--issuer " + EKS_A, readme


@case("unscoped-trust")
def unscoped():
    roles = [
        role(ACCOUNT, "aud-only", trust(web_identity({"StringEquals": {HP_A + ":aud": AUD}}, sid="AudOnly"))),
        role(ACCOUNT, "no-condition", {"Version": "2012-10-17", "Statement": web_identity(None)}),
        role(ACCOUNT, "not-sub", trust(web_identity({"StringNotEquals": {HP_A + ":sub": subject("kube-system", "default")},
                                                     "StringEquals": {HP_A + ":aud": AUD}}))),
        role(ACCOUNT, "no-aud", trust(web_identity({"StringEquals": {HP_A + ":sub": subject("ns", "app")}}))),
        role(ACCOUNT, "anyone", trust({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})),
        role(ACCOUNT, "any-aws-negative", trust({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                                                 "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "999988887777"}}})),
        role(ACCOUNT, "any-aws-org", trust({"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sts:AssumeRole",
                                            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorg"}}})),
        role(ACCOUNT, "deleted-principal", trust({"Sid": "CI", "Effect": "Allow",
                                                  "Principal": {"AWS": ["AROAZQXYEXAMPLE4QWERT", ARN(ACCOUNT, "deployer")]},
                                                  "Action": "sts:AssumeRole"})),
    ]
    items = [ns("ns"), sa("ns", "app")]
    readme = """\
Trust that admits too much. Correct audit (no `--issuer`):
- error `trust-without-subject`: aud-only (statement 1, Sid AudOnly), no-condition (single-object Statement, no
  Condition), not-sub (only StringNotEquals on :sub, which scopes nothing);
- warning `trust-without-audience`: no-condition and no-aud;
- error `principal-wildcard-unscoped`: anyone (Principal "*", no condition) and any-aws-negative (AWS "*" with only a
  StringNotEquals); NOT any-aws-org (a positive aws:PrincipalOrgID condition);
- warning `principal-deleted`: deleted-principal statement 1 (Sid CI) names AROAZQXYEXAMPLE4QWERT.
Access map for AAAA: every service account -> aud-only, no-condition, not-sub; ns/app -> no-aud."""
    return items, roles, F.providers([(ACCOUNT, EKS_A, [AUD])]), "", readme


@case("subject-wildcards")
def wildcards():
    roles = [
        role(ACCOUNT, "every-namespace", trust(web_identity(both("system:serviceaccount:*:*", sub_op="StringLike")))),
        role(ACCOUNT, "team-namespaces", trust(web_identity(both("system:serviceaccount:team-*:*", sub_op="StringLike")))),
        role(ACCOUNT, "one-namespace", trust(web_identity(both("system:serviceaccount:team-a:*", sub_op="StringLike")))),
        role(ACCOUNT, "any-value", trust(web_identity(both(["system:serviceaccount:ci:runner", "system:serviceaccount:ci-*"],
                                                          sub_op="ForAnyValue:StringLike")))),
        role(ACCOUNT, "aud-glob", trust(web_identity({"StringEquals": {HP_A + ":sub": subject("team-a", "api")},
                                                      "StringLike": {HP_A + ":aud": "sts.*"}}))),
        role(ACCOUNT, "aud-plain-like", trust(web_identity({"StringEquals": {HP_A + ":sub": subject("team-a", "api")},
                                                            "StringLike": {HP_A + ":aud": AUD}}))),
    ]
    items = [ns("team-a"), ns("team-b"), ns("ci"), sa("team-a", "api"), sa("team-b", "api"), sa("ci", "runner")]
    readme = """\
`:sub` and `:aud` patterns. Correct audit (`--issuer` AAAA):
- error `subject-wildcard-cross-namespace`: every-namespace (`system:serviceaccount:*:*`);
- warning `subject-wildcard-cross-namespace`: team-namespaces (`team-*`), any-value (`ci-*` under ForAnyValue:StringLike);
- no finding for one-namespace (`team-a:*` stays in one namespace);
- warning `audience-stringlike` aud-glob (`sts.*`); info `audience-stringlike` aud-plain-like (plain value).
Access map: every service account -> every-namespace; team-a/api -> aud-glob, aud-plain-like, one-namespace,
team-namespaces; team-b/api -> team-namespaces; ci/runner -> any-value; and the `default` service accounts of
team-a (one-namespace, team-namespaces) and team-b (team-namespaces): the blast radius of a pattern."""
    return items, roles, F.providers([(ACCOUNT, EKS_A, [AUD])]), "--issuer " + EKS_A, readme


@case("providers")
def providers():
    other_prov = F.provider_arn(OTHER_ACCOUNT, EKS_A)
    roles = [
        role(ACCOUNT, "ok", trust(irsa_statement(ACCOUNT, EKS_A, ("ns", "ok")))),
        role(ACCOUNT, "no-provider", trust(irsa_statement(ACCOUNT, EKS_B, ("ns", "app")))),
        role(ACCOUNT, "wrong-account", trust(web_identity(both(subject("ns", "app")), principal={"Federated": other_prov}))),
        role(ACCOUNT, "vault-audience", trust(irsa_statement(ACCOUNT, EKS_A, ("ns", "vault"), aud="vault"))),
        role(OTHER_ACCOUNT, "lake-reader", trust(irsa_statement(OTHER_ACCOUNT, EKS_A, ("data", "lake"))), path="/data/"),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (OTHER_ACCOUNT, EKS_A, [AUD]),
                        (ACCOUNT, "https://oidc.eks.us-east-1.amazonaws.com/id/DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD", [AUD])])
    readme = """\
OIDC providers that cannot work. Correct audit (no `--issuer`):
- error `oidc-provider-missing`: no-provider (trusts BBBB, no such provider in 111122223333) and wrong-account
  (names the 444455556666 provider from a 111122223333 role);
- error `oidc-provider-audience-missing`: vault-audience requires aud `vault`, the provider accepts sts.amazonaws.com;
- info `oidc-provider-unused`: the us-east-1 DDDD provider of 111122223333;
- no finding for lake-reader (444455556666 trusts its own provider)."""
    return [ns("ns"), ns("data")], roles, prov, "", readme


@case("issuer-usage")
def issuer_usage():
    roles = [
        role(ACCOUNT, "moved", trust(irsa_statement(ACCOUNT, EKS_A, ("ns", "app"), sid="Blue"),
                                     irsa_statement(ACCOUNT, EKS_B, ("ns", "app"), sid="Green"))),
        role(ACCOUNT, "old-cluster-only", trust(irsa_statement(ACCOUNT, EKS_A, ("ns", "legacy")))),
        role(ACCOUNT, "new-only", trust(irsa_statement(ACCOUNT, EKS_B, ("ns", "app")))),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    items = [ns("ns"), sa("ns", "app", ARN(ACCOUNT, "new-only"))]
    readme = """\
After an EKS blue/green move from AAAA to BBBB (`--issuer` BBBB). Correct audit:
- warning `dual-trust-left-behind`: moved statement 1 (Sid Blue, AAAA) beside the live BBBB statement;
- warning `issuer-not-in-use`: old-cluster-only statement 1 (only AAAA);
- no finding for new-only; no `oidc-provider-unused` (the AAAA provider is still named by trust).
Access map for BBBB only: ns/app -> moved, new-only."""
    return items, roles, prov, "--issuer " + EKS_B, readme


@case("kiam-leftovers")
def kiam_leftovers():
    items = [ns("shop"), sa("shop", "cart"), sa("shop", "search"), sa("shop", "legacy"), sa("shop", "exporter")]
    items += app("Deployment", "shop", "cart", role="shop-cart", sa="cart")
    items += app("Deployment", "shop", "search", role="shop-search-v1", sa="search")
    items += app("Deployment", "shop", "legacy", role="arn:aws:iam::111122223333:policy/oops", sa="legacy")
    items += app("Deployment", "shop", "exporter", sa="exporter",
                 env=[F.env_var("AWS_ACCESS_KEY_ID", secret=("exporter-keys", "id")),
                      F.env_var("AWS_SECRET_ACCESS_KEY", secret=("exporter-keys", "secret"))])
    roles = [
        F.kiam_server_role(), F.node_role(),
        role(ACCOUNT, "shop-cart", trust(kiam_statement())),
        role(ACCOUNT, "shop-checkout", trust(kiam_statement(sid="Kiam"), irsa_statement(ACCOUNT, EKS_A, ("shop", "checkout")))),
        role(ACCOUNT, "shop-reports", trust(F.node_role_statement())),
    ]
    readme = """\
A kiam cluster part-way through its move, with `--role-base-arn` and `--agent-role` for the node role, and no
oidc-providers.json (so provider checks are listed under "Not checked"). Correct audit:
- info `kiam-annotation-present`: deployment/shop/cart, deployment/shop/search;
- error `role-not-found`: deployment/shop/search (`shop-search-v1` does not exist);
- error `role-annotation-invalid`: deployment/shop/legacy (a policy ARN);
- warning `static-aws-credentials-in-env`: deployment/shop/exporter;
- warning `kiam-trust-unused`: shop-checkout statement 1 (Sid Kiam; moved to IRSA, kiam trust left) and
  shop-reports (trusts the node role given by --agent-role; no workload uses it);
  NOT shop-cart (cart uses it), NOT kiam-server (an agent itself)."""
    args = "--role-base-arn %s --agent-role %s" % (BASE, ARN(ACCOUNT, "prod-eu1-nodes"))
    return items, roles, None, args, readme


@case("kiam-no-base-arn")
def kiam_no_base():
    items = [ns("web"), sa("web", "front"), sa("web", "thumbs"), sa("web", "shared")]
    items += app("Deployment", "web", "front", role="web-front", sa="front")
    items += app("Deployment", "web", "thumbs", role="web-thumbnails", sa="thumbs")
    items += app("Deployment", "web", "shared", role="shared-reader", sa="shared")
    roles = [F.kiam_server_role(), role(ACCOUNT, "web-front", trust(kiam_statement())),
             role(ACCOUNT, "shared-reader", trust(kiam_statement())),
             role(OTHER_ACCOUNT, "shared-reader", trust(kiam_statement()))]
    readme = """\
kiam with bare role names and no `--role-base-arn`: the audit looks the name up among the inventory's roles.
Correct audit: info `kiam-annotation-present` for all three (front resolved to web-front in 111122223333; shared
names `shared-reader`, which both accounts have, so the message lists both); warning `role-name-unresolved`:
deployment/web/thumbs (`web-thumbnails` is in neither account). No `kiam-trust-unused` for either shared-reader:
an ambiguous name counts as a use of every role it may mean."""
    return items, roles, None, "", readme


@case("service-accounts")
def service_accounts():
    hp = HP_A
    deny = web_identity({"StringEquals": {hp + ":sub": subject("pay", "blocked")}}, effect="Deny")
    roles = [
        role(ACCOUNT, "pay", trust(irsa_statement(ACCOUNT, EKS_A, [("pay", "api"), ("pay", "blocked")]), deny)),
    ]
    items = [ns("pay"),
             sa("pay", "api", ARN(ACCOUNT, "pay")),
             sa("pay", "blocked", ARN(ACCOUNT, "pay")),
             sa("pay", "stranger", ARN(ACCOUNT, "pay")),
             sa("pay", "custom-aud", ARN(ACCOUNT, "pay"), audience="vault"),
             sa("pay", "gone", ARN(ACCOUNT, "pay-v0")),
             sa("pay", "elsewhere", ARN("777788889999", "pay")),
             sa("pay", "typo", "pay")]
    readme = """\
Service accounts whose role cannot work (`--issuer` AAAA). Correct audit:
- no finding for pay/api (trusted);
- error `service-account-role-not-trusted`: pay/blocked (an explicit Deny wins), pay/stranger (not a subject),
  pay/custom-aud (audience annotation `vault`, trust requires sts.amazonaws.com);
- error `service-account-role-not-found`: pay/gone (pay-v0 does not exist in 111122223333);
- warning `service-account-role-other-account`: pay/elsewhere (777788889999 is not in the inventory);
- error `role-annotation-invalid`: pay/typo (a bare name).
Access map: pay/api -> pay (pay/blocked is denied)."""
    return items, roles, F.providers([(ACCOUNT, EKS_A, [AUD])]), "--issuer " + EKS_A, readme


@case("grammar-forms")
def grammar():
    hp_upper = HP_A.replace("oidc.eks", "OIDC.EKS")
    roles = [
        # Version 2008-10-17, lower-case element names, Action array in odd case.
        role(ACCOUNT, "old-version", {"Version": "2008-10-17", "Statement": [{
            "sid": "Lower", "effect": "Allow", "principal": {"federated": PROV_A},
            "action": ["STS:AssumeRoleWithWebIdentity", "sts:TagSession"],
            "condition": {"stringequals": {hp_upper + ":SUB": subject("g", "app"), HP_A + ":aud": [AUD]}}}]}),
        # No Version, Federated as an array with a SAML provider beside the OIDC one.
        role(ACCOUNT, "federated-array", {"Statement": [web_identity(
            both(subject("g", "app")),
            principal={"Federated": ["arn:aws:iam::111122223333:saml-provider/corp", PROV_A]})]}),
        # URL-encoded document with StringEqualsIgnoreCase and ForAllValues / IfExists forms.
        role(ACCOUNT, "encoded-operators", trust(web_identity({
            "StringEqualsIgnoreCase": {HP_A + ":sub": subject("g", "APP")},
            "ForAllValues:StringEquals": {HP_A + ":aud": [AUD]},
            "StringEqualsIfExists": {HP_A + ":amr": "authenticated"}})), encoded=True),
        # NotAction: covers AssumeRoleWithWebIdentity, and only a Null test on :sub: unscoped.
        role(ACCOUNT, "not-action", trust({"Effect": "Allow", "Principal": {"Federated": PROV_A}, "NotAction": ["iam:*"],
                                           "Condition": {"Null": {HP_A + ":sub": "false"},
                                                         "StringEquals": {HP_A + ":aud": AUD}}})),
        # NotPrincipal Deny plus Service and CanonicalUser principals (no web identity).
        role(ACCOUNT, "other-principals", trust(
            {"Effect": "Deny", "NotPrincipal": {"AWS": ARN(ACCOUNT, "admin")}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
             "Action": "sts:AssumeRole"})),
        # ArnLike on :sub (a pattern operator) and a numeric value in a condition.
        role(ACCOUNT, "arnlike-sub", trust(web_identity({"ArnLike": {HP_A + ":sub": "system:serviceaccount:*"},
                                                          "StringEquals": {HP_A + ":aud": AUD},
                                                          "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}))),
    ]
    broken = role(ACCOUNT, "broken", trust(kiam_statement()))
    broken["AssumeRolePolicyDocument"] = F.url_encoded('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}')
    roles.append(broken)
    items = [ns("g"), sa("g", "app", ARN(ACCOUNT, "old-version"))]
    readme = """\
Every grammar form the trust parser reads. Correct audit (`--issuer` AAAA):
- no finding for old-version (Version 2008-10-17, lower-case element and operator names, upper-case condition key
  host and `SUB`, an Action array in odd case), federated-array (the OIDC provider beside a SAML one; no Version),
  encoded-operators (URL-encoded; StringEqualsIgnoreCase sub, ForAllValues:StringEquals aud, an IfExists clause),
  other-principals (a NotPrincipal Deny, Service and CanonicalUser principals);
- error `trust-without-subject`: not-action (NotAction covers web identity; only a Null test on :sub);
- no finding for arnlike-sub: ArnLike `system:serviceaccount:*` never matches a subject (it is not an ARN), so the
  evaluator admits nobody through it (also not in the access map);
- error `trust-policy-unparseable`: broken (URL-encoded text that is not JSON).
g/app is annotated with old-version and trusted (no `service-account-role-not-trusted`).
Access map: every service account -> not-action; g/app -> encoded-operators, federated-array, old-version."""
    return items, roles, F.providers([(ACCOUNT, EKS_A, [AUD])]), "--issuer " + EKS_A, readme


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    a = ap.parse_args()
    for name, fn in sorted(CASES.items()):
        k8s_items, roles, prov, args, readme = fn()
        d = os.path.join(a.root, "Tests", "Golden", "audit", name)
        F.write_snapshot(os.path.join(d, "input"), F.k8s_list(k8s_items), roles, prov)
        F.write_text(os.path.join(d, "args"), args)
        F.write_text(os.path.join(d, "README.md"), "# audit / %s\n\n%s" % (name, readme))
        print(os.path.relpath(d, a.root))


if __name__ == "__main__":
    main()
