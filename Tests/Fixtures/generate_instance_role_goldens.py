"""The instance-role golden cases: the `make demo-instance-role` estate (examples/instance-role-estate)
with a few objects added per case, and the map each case plans with. Imported by
generate_golden_inputs.py, which writes them with the other cases.

A case returns (kubernetes items, roles, providers, args, README, files): files are written
relative to the case folder (input/iam-authorization-details.json, map.json)."""

import copy
import json
import os

import fixturelib as F
from fixturelib import ACCOUNT, OTHER_ACCOUNT, AUD

ESTATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "instance-role-estate")
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
NODE_ROLE = F.role_arn(ACCOUNT, "eksctl-prod-nodegroup-ng-1-NodeInstanceRole")
ARGS = "--issuer %s --node-role %s --service-accounts {case}/map.json" % (ISSUER, NODE_ROLE)
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
DNS_CHANGES = "eksctl-prod-nodegroup-ng-1-PolicyExternalDNSChangeSet"

CASES = {}


def case(name):
    def register(fn):
        CASES[("instance-role", name)] = fn
        return fn
    return register


def estate(name):
    with open(os.path.join(ESTATE, name)) as f:
        return json.load(f)


def base():
    """The demo estate's objects, roles, providers and authorization details (copies)."""
    return (list(estate("kubernetes.json")["items"]), estate("iam-roles.json")["Roles"], estate("oidc-providers.json"),
            copy.deepcopy(estate("iam-authorization-details.json")))


def lean(kind, ns, name, sa=None, role=None):
    """A workload without pods or probes: the planner reads only its pod template."""
    return F.app(kind, ns, name, sa=sa, role=role, lean=True, pods=0)


def role_detail(name, doc, account=ACCOUNT):
    r = F.role(account, name, doc)
    r.update({"InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [],
              "RoleLastUsed": {}})
    return r


def entry(namespace, name, **members):
    return dict({"metadata": {"name": name, "namespace": namespace}}, **members)


@case("workload-entries")
def workload_entries():
    items, roles, providers, details = base()
    items += lean("CronJob", "shop", "nightly") + lean("Job", "shop", "backfill")
    items += lean("Deployment", "shop", "legacy", role="shop-legacy") + lean("Pod", "shop", "debug")
    items += [F.service_account("shop", "billing", {"eks.amazonaws.com/role-arn": F.role_arn(ACCOUNT, "billing")})]
    items += lean("Deployment", "shop", "billing", sa="billing")
    entries = [
        {"workload": "deployment/shop/reports", "copyFromNodeRole": ["shop-reports-bucket"], "detachFromNodeRole": True},
        {"workload": "cronjob/shop/nightly", "attachPolicyARNs": [S3_READ]},
        {"workload": "job/shop/backfill", "attachPolicyARNs": [S3_READ]},
        {"workload": "pod/shop/debug", "attachPolicyARNs": [S3_READ]},
        {"workload": "deployment/shop/gone", "attachPolicyARNs": [S3_READ]},
        {"workload": "deployment/shop/legacy", "attachPolicyARNs": [S3_READ]},
        {"workload": "deployment/shop/web", "metadata": {"name": "web", "namespace": "shop"}},
        {"workload": "cronjob/shop/nightly", "attachPolicyARNs": [S3_READ]},
        {"workload": "deployment/shop/billing", "attachPolicyARNs": [S3_READ]},
    ]
    readme = """\
`"workload": "KIND/NS/NAME"` entries: a dedicated service account per workload, named as the kiam planner
names its dedicated accounts (the workload's name, `-irsa` when that name is taken), a role trusted by
exactly that account, and the workload switched to it at cutover (`switch-workload` with no kiam annotation
to remove; rollback puts the account it ran as back). The demo estate plus CronJob shop/nightly and Job
shop/backfill (both on `default`), a bare Pod shop/debug, and deployment/shop/legacy with a kiam annotation.

Expected: deployment/shop/reports (its account `reports` exists, so `reports-irsa`) gets role
`irsa-shop-reports-irsa` with the node's shop-reports-bucket policy, a switch and its checks; cleanup detaches
shop-reports-bucket from the node role. cronjob/shop/nightly is switched to `nightly` (its next Job gets
IRSA). job/shop/backfill and pod/shop/debug get their accounts and roles, no switch:
`job-template-immutable` and `bare-pod-needs-recreate`. Errors, each naming its entry, the rest still
planned: `workload-not-found` (deployment/shop/gone), `workload-uses-kiam` (deployment/shop/legacy: a kiam
move is its own plan), `workload-and-metadata` (deployment/shop/web names both), `workload-mapped-twice`
(a second entry for cronjob/shop/nightly: the first is planned). deployment/shop/billing runs as `billing`,
which carries role `billing`: it is planned, with a `workload-leaves-irsa-role` warning."""
    files = {"input/iam-authorization-details.json": details, "map.json": {"serviceAccounts": entries}}
    return items, roles, providers, ARGS + " --cleanup", readme, files


@case("bad-entries")
def bad_entries():
    items, roles, providers, details = base()
    items += [F.service_account("shop", n) for n in ("shared", "nightly", "backfill")]
    items += [F.service_account("shop", "annotated", {"eks.amazonaws.com/role-arn": F.role_arn(ACCOUNT, "somebody")})]
    items += lean("Deployment", "shop", "a", sa="shared") + lean("Deployment", "shop", "b", sa="shared")
    items += lean("Deployment", "shop", "c", sa="annotated")
    items += lean("CronJob", "shop", "nightly", sa="nightly") + lean("Job", "shop", "backfill", sa="backfill")
    reused = F.irsa_statement(ACCOUNT, ISSUER, [("shop", "reused")])
    details["RoleDetailList"] += [role_detail("taken", F.trust(F.service_statement())),
                                  role_detail("irsa-shop-reused", F.trust(reused))]
    big = {"Version": "2012-10-17", "Statement": [{"Sid": "x" * 10300, "Effect": "Allow", "Action": "s3:GetObject",
                                                   "Resource": "*"}]}
    many = ["arn:aws:iam::aws:policy/ReadOnlyAccess%d" % i for i in range(11)]
    entries = [
        entry("kube-system", "default", copyFromNodeRole=[DNS_CHANGES], detachFromNodeRole=True),
        entry("kube-system", "external-dns", copyFromNodeRole=[DNS_CHANGES], detachFromNodeRole=True),
        entry("shop", "shared", attachPolicyARNs=[S3_READ]),
        entry("shop", "annotated", attachPolicyARNs=[S3_READ]),
        entry("shop", "renamed", roleName="team/renamed", attachPolicyARNs=[S3_READ]),
        entry("shop", "missing-policy", attachPolicyARNs=[F.role_arn(ACCOUNT, "x").replace(":role/x", ":policy/not-there")]),
        entry("shop", "many", attachPolicyARNs=many),
        entry("shop", "big", attachPolicy=big),
        entry("shop", "typo", copyFromNodeRole=["PolicyAutoScalling"]),
        entry("shop", "taken", roleName="taken", attachPolicyARNs=[S3_READ]),
        entry("shop", "reused", roleName="irsa-shop-reused"),
        entry("shop", "nightly", attachPolicyARNs=[S3_READ]),
        entry("shop", "backfill", attachPolicyARNs=[S3_READ]),
        entry("shop", "web", roleName=F.role_arn(OTHER_ACCOUNT, "web-assets", path="/platform/"),
              attachPolicyARNs=[S3_READ], permissionsBoundary="arn:aws:iam::%s:policy/boundary" % OTHER_ACCOUNT,
              tags={"team": "shop", "cost-center": "4711"}),
        entry("shop", "unused", attachPolicyARNs=[S3_READ]),
        entry("kube-system", "aws-node", copyFromNodeRole=["AmazonEKS_CNI_Policy"], detachFromNodeRole=True),
        entry("shop", "twin-a", roleName="twin", attachPolicyARNs=[S3_READ]),
        entry("shop", "twin-b", roleName="twin", attachPolicyARNs=[S3_READ]),
        entry("shop", "unused", attachPolicyARNs=[S3_READ]),
        entry("nowhere", "ghost", attachPolicyARNs=[S3_READ]),
        entry("shop", "abroad", roleName=F.role_arn(OTHER_ACCOUNT, "abroad"),
              attachPolicyARNs=["arn:aws:iam::%s:policy/shop-reports-bucket" % ACCOUNT]),
    ]
    readme = """\
One entry per finding of a map entry, on the demo estate (with --cleanup), each blocked or noted on its own
while the rest is planned: `default-service-account` (kube-system/default; it copies the DNS change-set
policy, which external-dns copies with detachFromNodeRole, so cleanup keeps it: `node-policy-kept`),
`service-account-shared` (shop/shared runs shop/a and shop/b), `service-account-has-role` (shop/annotated),
`role-name-invalid` (`roleName` with a slash), `policy-not-found` (a customer managed ARN not in the
authorization details), `too-many-managed-policies` (11), `inline-policy-too-large` (an attachPolicy over
10,240 characters), `node-policy-not-found` (a misspelt node policy), `role-exists-other-trust` (role `taken`
trusts EC2). Planned with notes: `role-exists` and `role-grants-nothing` (irsa-shop-reused exists with the
planned trust and the entry names no policy: no create-role), `cronjob-next-run` (shop/nightly),
`recreate-needed` (the Job shop/backfill), `service-account-unused` (shop/unused: created anyway), a
cross-account role ARN with a path, a permissions boundary and tags (shop/web: role
`arn:aws:iam::444455556666:role/platform/web-assets`, its provider in account 444455556666), and
`node-policy-needed-by-node` (aws-node asks to detach AmazonEKS_CNI_Policy: copied, never detached).
Then `role-name-taken` (shop/twin-b names role `twin`, which shop/twin-a has), `service-account-mapped-twice`
(shop/unused a second time), `namespace-not-found` (nowhere/ghost) and `policy-in-other-account` (shop/abroad:
a role of account 444455556666 given a policy of 111122223333)."""
    files = {"input/iam-authorization-details.json": details, "map.json": {"serviceAccounts": entries}}
    return items, roles, providers, ARGS + " --cleanup", readme, files


DEMO_MAP = {"serviceAccounts": [entry("kube-system", "cluster-autoscaler",
                                      copyFromNodeRole=["eksctl-prod-nodegroup-ng-1-PolicyAutoScaling"])]}


@case("two-node-roles")
def two_node_roles():
    items, roles, providers, details = base()
    first = next(r for r in details["RoleDetailList"] if r["Arn"] == NODE_ROLE)
    second = copy.deepcopy(first)
    second.update({"RoleName": "eksctl-prod-nodegroup-ng-2-NodeInstanceRole",
                   "Arn": F.role_arn(ACCOUNT, "eksctl-prod-nodegroup-ng-2-NodeInstanceRole")})
    scaling = next(p for p in second["RolePolicyList"] if p["PolicyName"].endswith("PolicyAutoScaling"))
    scaling["PolicyDocument"] = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "autoscaling:*", "Resource": "*"}]}
    details["RoleDetailList"].append(second)
    entries = [
        entry("kube-system", "cluster-autoscaler", copyFromNodeRole=["eksctl-prod-nodegroup-ng-1-PolicyAutoScaling"]),
        entry("kube-system", "external-dns", copyFromNodeRole=[DNS_CHANGES]),
    ]
    readme = """\
Two node groups, named in reverse order. Both node roles have an inline policy of the same name: the DNS
change-set policy with the same document, the autoscaling policy with different ones. Expected:
`node-policy-ambiguous` for kube-system/cluster-autoscaler (which document the map means is not for the
planner to pick) and external-dns planned; the same plan for either order of --node-role."""
    files = {"input/iam-authorization-details.json": details, "map.json": {"serviceAccounts": entries}}
    args = "--issuer %s --node-role %s --node-role %s --service-accounts {case}/map.json" % (
        ISSUER, second["Arn"], NODE_ROLE)
    return items, roles, providers, args, readme, files


@case("node-role-needed")
def node_role_needed():
    items, roles, providers, details = base()
    dualstack = "https://oidc-eks.eu-west-1.api.aws/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    readme = """\
No `--node-role`, and `--issuer` is the EKS dual-stack host. Expected: nothing planned; `node-role-needed`
proposing the estate's node role (instance profile, EC2 trust, AmazonEKSWorkerNodePolicy) as the candidate,
and `issuer-not-token-issuer` (tokens carry the `oidc.eks...amazonaws.com` issuer)."""
    files = {"input/iam-authorization-details.json": details, "map.json": DEMO_MAP}
    return items, roles, providers, "--issuer %s --service-accounts {case}/map.json" % dualstack, readme, files


@case("node-role-not-found")
def node_role_not_found():
    items, roles, providers, details = base()
    readme = """\
`--node-role` names a role that is not in iam-authorization-details.json. Expected: nothing planned and
`node-role-not-found` naming the ARN, with what to check."""
    files = {"input/iam-authorization-details.json": details, "map.json": DEMO_MAP}
    args = "--issuer %s --node-role %s --service-accounts {case}/map.json" % (
        ISSUER, F.role_arn(ACCOUNT, "eksctl-prod-nodegroup-ng-2-NodeInstanceRole"))
    return items, roles, providers, args, readme, files


@case("authorization-details-missing")
def authorization_details_missing():
    items, roles, providers, _ = base()
    readme = """\
A snapshot taken without `--include-authorization-details`: no iam-authorization-details.json. Expected:
nothing planned and `authorization-details-missing` saying which command makes the file."""
    return items, roles, providers, ARGS, readme, {"map.json": DEMO_MAP}
