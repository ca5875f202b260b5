#!/usr/bin/env python3
"""Writes the golden-case INPUTS under Tests/Golden/ (kiam-to-irsa, issuer-move, export, and the
instance-role cases built on examples/instance-role-estate).

Each case: input/{kubernetes.json, iam-roles.json[, oidc-providers.json]}, args, README.md;
instance-role cases also input/iam-authorization-details.json and map.json.
The expected outputs are recorded later by the tool and reviewed against each README.

    python3 Tests/Fixtures/generate_golden_inputs.py [--root REPO]

Deterministic: rerunning rewrites byte-identical files. Stdlib only.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixturelib as F  # noqa: E402
from fixturelib import ACCOUNT, OTHER_ACCOUNT, AUD, app, trust, irsa_statement, kiam_statement, role, subject  # noqa: E402

ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
BASE = "arn:aws:iam::111122223333:role/"
STD = "--issuer %s --role-base-arn %s" % (ISSUER, BASE)
KIAM = kiam_statement()
PERMIT_ALL = {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/.*"}
HAVE_PROVIDER = F.providers([(ACCOUNT, ISSUER, [AUD])])
OLD_CLUSTER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"

CASES = {}


def case(kind, name):
    def register(fn):
        CASES[(kind, name)] = fn
        return fn
    return register


def kiam_role(name, path="/", **kw):
    return role(ACCOUNT, name, trust(KIAM), path=path, **kw)


def ns(name, annotations=PERMIT_ALL, labels=None):
    return F.namespace(name, annotations, labels)


def sa(namespace, name, annotations=None, labels=None):
    return F.service_account(namespace, name, annotations, labels)


def irsa_ann(arn):
    return {"eks.amazonaws.com/role-arn": arn}


# =======================================================================================
# kiam-to-irsa

@case("kiam-to-irsa", "basic-deployment-by-name")
def basic():
    items = [ns("orders"), sa("orders", "orders-api")]
    items += app("Deployment", "orders", "orders-api", role="orders-api", sa="orders-api", pods=2)
    roles = [kiam_role("orders-api"), F.kiam_server_role(), F.node_role()]
    readme = """\
One Deployment (`deployment/orders/orders-api`) with `iam.amazonaws.com/role: orders-api` (a bare
name, resolved with `--role-base-arn` to `arn:aws:iam::111122223333:role/orders-api`), running as its
own service account `orders-api`. The namespace permits `role/.*`; the OIDC provider already exists.
The two ReplicaSet-owned pods carry the same annotation and must be skipped (1 workload, not 3).
Correct plan: no findings; prepare = `add-trust-statements` on role/orders-api (one statement,
Federated oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE, sub
`system:serviceaccount:orders:orders-api`, aud `sts.amazonaws.com`; the kiam-server statement kept) and
`annotate-service-account serviceaccount/orders/orders-api`; cutover = `switch-workload` (annotation
removed, serviceAccountName unchanged); verify = `verify-workload` + `verify-assume-role`.
No `ensure-oidc-provider`, no `create-service-account`; kiam-server and prod-eu1-nodes roles untouched."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "full-arn-and-path-names")
def full_arn():
    items = [ns("payments")] + [sa("payments", n) for n in ("ledger", "ledger-worker", "refunds", "settlement")]
    items += app("Deployment", "payments", "ledger", role="arn:aws:iam::111122223333:role/team/ledger", sa="ledger")
    items += app("Deployment", "payments", "ledger-worker", role="team/ledger", sa="ledger-worker")
    items += app("Deployment", "payments", "refunds", role="/refunds-worker", sa="refunds")
    items += app("StatefulSet", "payments", "settlement", role="team/settlement", sa="settlement")
    roles = [
        kiam_role("ledger", "/team/"),
        kiam_role("refunds-worker"),
        kiam_role("settlement", "/team/"),
        kiam_role("settlement", description="decoy: same name as team/settlement, different path; must stay untouched"),
        F.kiam_server_role(),
    ]
    readme = """\
Role annotations in every spelling: a full ARN with a path (`arn:aws:iam::111122223333:role/team/ledger`),
a name with a path (`team/ledger`, `team/settlement` -> `role/team/...`, RoleName `ledger`/`settlement`),
and a leading `/` (`/refunds-worker` -> `role/refunds-worker`).
Correct plan: no findings; `add-trust-statements` on role/team/ledger with ONE statement whose sub lists both
`system:serviceaccount:payments:ledger` and `...:payments:ledger-worker` (two spellings, one role), on
role/refunds-worker (sub payments:refunds) and on role/team/settlement (sub payments:settlement);
`annotate-service-account` for the four SAs with the full ARNs incl. path; four `switch-workload` + verify steps.
The decoy `arn:aws:iam::111122223333:role/settlement` (path `/`) must not be touched."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "no-base-arn")
def no_base():
    items = [ns("reports"), sa("reports", "reports-api"), sa("reports", "pdf-renderer")]
    items += app("Deployment", "reports", "reports-api", role="reports-api", sa="reports-api")
    items += app("Deployment", "reports", "pdf-renderer", role="arn:aws:iam::111122223333:role/pdf-renderer", sa="pdf-renderer")
    roles = [kiam_role("reports-api"), kiam_role("pdf-renderer"), F.kiam_server_role()]
    readme = """\
Run without `--role-base-arn`. `deployment/reports/reports-api` uses a bare name (`reports-api`) that cannot
be resolved even though a role of that name exists (no guessing of account or partition).
Correct plan: one error finding `role-name-unresolved` (subject deployment/reports/reports-api), no steps for
it and role/reports-api untouched; `deployment/reports/pdf-renderer` (full ARN) is planned normally:
`add-trust-statements` role/pdf-renderer, `annotate-service-account` serviceaccount/reports/pdf-renderer,
`switch-workload`, verify steps. summary.blocked = 1."""
    return items, roles, HAVE_PROVIDER, "--issuer %s" % ISSUER, readme


@case("kiam-to-irsa", "shared-default-service-account")
def shared_default():
    items = [ns("batch")]
    items += app("Deployment", "batch", "invoice-mailer", role="batch-invoice-mailer", sa="default")
    items += app("Deployment", "batch", "csv-importer", role="batch-csv-importer", sa=None)
    items += app("Deployment", "batch", "status-page", role=None, sa=None)
    roles = [kiam_role("batch-invoice-mailer"), kiam_role("batch-csv-importer")]
    readme = """\
Two Deployments run as the `default` service account (one names it explicitly, one leaves
serviceAccountName unset) with different kiam roles; a third (`status-page`) on `default` has no role.
Correct plan: no findings; `create-service-account` for a dedicated SA per workload in namespace `batch`
(e.g. `invoice-mailer`, `csv-importer`) + `annotate-service-account` on each with its own role ARN;
`add-trust-statements` on each role with its dedicated SA as the only subject; `switch-workload` setting the
new serviceAccountName and removing the annotation. serviceaccount/batch/default is NEVER annotated and
never a trust subject; status-page gets no step."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "shared-sa-different-roles")
def shared_sa():
    items = [ns("analytics"), sa("analytics", "worker"), sa("analytics", "exporter")]
    items += app("Deployment", "analytics", "ingest", role="analytics-ingest", sa="worker")
    items += app("CronJob", "analytics", "rollup", role="analytics-rollup", sa="worker")
    items += app("Deployment", "analytics", "exporter-a", role="analytics-export", sa="exporter")
    items += app("Deployment", "analytics", "exporter-b", role="analytics-export", sa="exporter")
    roles = [kiam_role("analytics-ingest"), kiam_role("analytics-rollup"), kiam_role("analytics-export")]
    readme = """\
SA `worker` is shared by deployment/analytics/ingest (role analytics-ingest) and cronjob/analytics/rollup
(role analytics-rollup); SA `exporter` is shared by exporter-a and exporter-b with the SAME role.
Correct plan: no findings; `worker` is never annotated: `create-service-account` for a dedicated SA per
workload (ingest, rollup) + `annotate-service-account` each + `switch-workload` changing serviceAccountName;
`exporter` is kept and annotated once with role/analytics-export, whose trust gets ONE subject
`system:serviceaccount:analytics:exporter`; exporter-a/b switch-workload only removes the annotation."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "sa-conflict")
def sa_conflict():
    items = [ns("search"),
             sa("search", "indexer", irsa_ann("arn:aws:iam::111122223333:role/search-indexer-v2")),
             sa("search", "query", irsa_ann("arn:aws:iam::111122223333:role/search-query"))]
    items += app("Deployment", "search", "indexer", role="search-indexer", sa="indexer")
    items += app("Deployment", "search", "query", role="search-query", sa="query")
    roles = [kiam_role("search-indexer"), kiam_role("search-indexer-v2"), kiam_role("search-query")]
    readme = """\
SA `indexer` is already annotated `eks.amazonaws.com/role-arn: ...role/search-indexer-v2` but its workload's
kiam role is `search-indexer`; SA `query` is annotated with exactly the role its workload uses.
Correct plan: one error finding `service-account-conflict` (subject serviceaccount/search/indexer, message
naming deployment/search/indexer and both ARNs); no steps for indexer, neither indexer role touched.
For query: `add-trust-statements` on role/search-query (sub search:query), NO annotate step (already as
desired), `switch-workload` + verify. summary.blocked = 1."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "missing-role")
def missing_role():
    items = [ns("inventory"), sa("inventory", "sync"), sa("inventory", "api")]
    items += app("Deployment", "inventory", "sync", role="inventory-sync", sa="sync")
    items += app("Deployment", "inventory", "api", role="inventory-api", sa="api")
    roles = [kiam_role("inventory-api"), kiam_role("inventory-sync-old", description="the role that was renamed away")]
    readme = """\
deployment/inventory/sync names `inventory-sync`, which resolves to arn:aws:iam::111122223333:role/inventory-sync,
a role that is not in iam-roles.json (only `inventory-sync-old` is).
Correct plan: one error finding `role-not-found` (subject deployment/inventory/sync, message with the ARN);
no steps for sync or serviceaccount/inventory/sync. deployment/inventory/api is planned normally
(add-trust-statements role/inventory-api, annotate serviceaccount/inventory/api, switch-workload, verify).
summary.blocked = 1."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "external-id")
def external_id():
    items = [ns("partners"), sa("partners", "feed-pull"), sa("partners", "feed-push")]
    items += app("Deployment", "partners", "feed-pull", role="partner-feed-pull", sa="feed-pull",
                 pod_annotations={"iam.amazonaws.com/external-id": "7f3c9a1e-partner-acme"})
    items += app("Deployment", "partners", "feed-push", role="partner-feed-push", sa="feed-push")
    pull_trust = trust({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/kiam-server"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"sts:ExternalId": "7f3c9a1e-partner-acme"}}})
    roles = [role(ACCOUNT, "partner-feed-pull", pull_trust), kiam_role("partner-feed-push")]
    readme = """\
deployment/partners/feed-pull uses `iam.amazonaws.com/external-id` (its role's kiam statement requires
sts:ExternalId). AssumeRoleWithWebIdentity has no ExternalId, so it cannot move as is.
Correct plan: one error finding `kiam-external-id-unsupported` (subject deployment/partners/feed-pull);
no steps for it, role/partner-feed-pull untouched. deployment/partners/feed-push planned normally
(add-trust-statements, annotate-service-account, switch-workload, verify). summary.blocked = 1."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "namespace-restrictions")
def ns_restrictions():
    items = [
        F.namespace("team-a", {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/team-a-.*"}),
        F.namespace("team-b", {"iam.amazonaws.com/allowed-roles": '["arn:aws:iam::111122223333:role/team-b-*", "shared-cache-reader"]'}),
    ]
    items += [sa("team-a", n) for n in ("api", "billing-bridge")] + [sa("team-b", n) for n in ("web", "cache", "admin-tool")]
    items += app("Deployment", "team-a", "api", role="team-a-api", sa="api")
    items += app("Deployment", "team-a", "billing-bridge", role="billing-reader", sa="billing-bridge")
    items += app("Deployment", "team-b", "web", role="team-b-web", sa="web")
    items += app("Deployment", "team-b", "cache", role="shared-cache-reader", sa="cache")
    items += app("Deployment", "team-b", "admin-tool", role="platform-admin", sa="admin-tool")
    roles = [kiam_role(n) for n in ("team-a-api", "billing-reader", "team-b-web", "shared-cache-reader", "platform-admin")]
    readme = """\
team-a has kiam `iam.amazonaws.com/permitted: arn:aws:iam::111122223333:role/team-a-.*` (anchored regex);
team-b has kube2iam `iam.amazonaws.com/allowed-roles` ["...role/team-b-*", "shared-cache-reader"] (globs;
bare entries normalised with the base ARN). Permitted: team-a/api, team-b/web, team-b/cache.
Not permitted today: team-a/billing-bridge (billing-reader) and team-b/admin-tool (platform-admin).
Correct plan: exactly two warnings `namespace-does-not-permit-role` (subjects deployment/team-a/billing-bridge,
deployment/team-b/admin-tool); those two are NOT migrated (that would grant access kiam/kube2iam denies
today), billing-reader and platform-admin untouched; api, web, cache planned normally."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "already-migrated")
def already():
    arn = "arn:aws:iam::111122223333:role/catalog-api"
    items = [ns("catalog"), sa("catalog", "catalog-api", irsa_ann(arn))]
    items += app("Deployment", "catalog", "catalog-api", role=None, sa="catalog-api", pods=2, injected_irsa=(arn, AUD))
    roles = [role(ACCOUNT, "catalog-api", trust(KIAM, irsa_statement(ACCOUNT, ISSUER, ("catalog", "catalog-api")))),
             F.kiam_server_role()]
    readme = """\
deployment/catalog/catalog-api is already on IRSA: SA annotated with role/catalog-api, the role trusts the
issuer for `system:serviceaccount:catalog:catalog-api`, no kiam annotation left, pods show the injected env
and `aws-iam-token` volume. The kiam-server statement is still there (cleanup is opt-in).
Correct plan: no steps in prepare/cutover/verify, no findings (an info finding is acceptable);
`plan --detailed-exitcode` exits 0. Planning twice gives byte-identical output."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "partly-migrated")
def partly():
    items = [ns("shipping"), sa("shipping", "label-printer"),
             sa("shipping", "tracker", irsa_ann("arn:aws:iam::111122223333:role/shipping-tracker"))]
    items += app("Deployment", "shipping", "label-printer", role="shipping-label-printer", sa="label-printer")
    items += app("Deployment", "shipping", "tracker", role="shipping-tracker", sa="tracker")
    roles = [role(ACCOUNT, "shipping-label-printer", trust(KIAM, irsa_statement(ACCOUNT, ISSUER, ("shipping", "label-printer")))),
             kiam_role("shipping-tracker")]
    readme = """\
label-printer: role/shipping-label-printer already trusts the issuer for shipping:label-printer, but the SA is not
annotated and the pod template still has the kiam annotation. tracker: SA already annotated with
role/shipping-tracker, but the role trusts only kiam-server.
Correct plan: no findings; label-printer: `annotate-service-account` + `switch-workload` + verify, NO
add-trust-statements; tracker: `add-trust-statements` (sub shipping:tracker) + `switch-workload` + verify, NO
annotate step. No duplicate statement or annotation anywhere."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "merge-into-existing-statement")
def merge():
    items = [ns("reporting"), sa("reporting", "dashboards"), sa("reporting", "ingest")]
    items += app("Deployment", "reporting", "dashboards", role="reporting-reader", sa="dashboards")
    items += app("Deployment", "reporting", "ingest", role="reporting-writer", sa="ingest")
    roles = [
        role(ACCOUNT, "reporting-reader", trust(KIAM, irsa_statement(ACCOUNT, ISSUER, ("reporting", "exporter"), sid="IRSA"))),
        role(ACCOUNT, "reporting-writer", trust(KIAM, irsa_statement(ACCOUNT, OLD_CLUSTER, ("reporting", "ingest")))),
    ]
    readme = """\
role/reporting-reader already has an IRSA statement (Sid `IRSA`) for this issuer and audience with subject
reporting:exporter. role/reporting-writer has one for a DIFFERENT issuer (.../id/0123456789ABCDEF...).
Correct plan: no findings; reporting-reader: `add-trust-statements` MERGES into the existing statement: its
`:sub` becomes [`system:serviceaccount:reporting:dashboards`, `system:serviceaccount:reporting:exporter`],
still 2 statements, Sid kept; reporting-writer: a NEW statement for this issuer (sub reporting:ingest) is
appended, the old-issuer statement unchanged (3 statements). Both SAs annotated, both workloads switched."""
    return items, roles, HAVE_PROVIDER, STD, readme


def _crowded_trust(counts):
    stmts = [KIAM]
    for i, n in enumerate(counts):
        iss = "https://oidc.eks.eu-west-1.amazonaws.com/id/%032X" % (0x5A17 * (i + 1) * 0x1F3D5B79)
        stmts.append(irsa_statement(ACCOUNT, iss, [("etl", "etl-%d" % j) for j in range(n)]))
    return trust(*stmts)


@case("kiam-to-irsa", "trust-too-large")
def too_large():
    big = _crowded_trust((5, 6, 6))
    assert len(F.minified(big)) > 1900
    size_before = len(F.minified(big))
    addition = len(F.minified(irsa_statement(ACCOUNT, ISSUER, ("etl", "etl")))) + 1
    assert size_before <= 2048 < size_before + addition, (size_before, addition)
    items = [ns("etl"), sa("etl", "etl"), sa("etl", "loader")]
    items += app("CronJob", "etl", "etl", role="legacy-etl", sa="etl")
    items += app("Deployment", "etl", "loader", role="etl-loader", sa="loader")
    roles = [role(ACCOUNT, "legacy-etl", big, description="trusted by three older clusters"), kiam_role("etl-loader")]
    readme = """\
role/legacy-etl trusts kiam-server and three other clusters' issuers (5, 6 and 6 subjects): minified %d chars.
Adding the IRSA statement for etl:etl (about %d chars) exceeds the default quota 2048, and nothing can be
merged (every existing IRSA statement names a different issuer).
Correct plan: one error finding `trust-policy-too-large` (subject role arn:aws:iam::111122223333:role/legacy-etl,
message with the size after and the quota 2048); no steps for cronjob/etl/etl nor its role/SA.
deployment/etl/loader is planned normally. With `--trust-policy-quota 4096` the finding disappears.""" % (size_before, addition)
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "warnings")
def warnings():
    items = [ns("edge")]
    items += [sa("edge", n) for n in ("node-agent", "legacy-uploader", "storefront", "recommender", "notifier")]
    items += app("DaemonSet", "edge", "node-agent", role="edge-node-agent", sa="node-agent", host_network=True, pods=2, ports=(9100,))
    items += app("Deployment", "edge", "legacy-uploader", role="edge-uploader", sa="legacy-uploader",
                 env=[F.env_var("AWS_ACCESS_KEY_ID", secret=("uploader-aws", "access-key-id")),
                      F.env_var("AWS_SECRET_ACCESS_KEY", secret=("uploader-aws", "secret-access-key"))])
    items += app("Deployment", "edge", "storefront", role="edge-storefront", sa="storefront",
                 labels={"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "storefront-4.2.1"},
                 annotations={"meta.helm.sh/release-name": "storefront", "meta.helm.sh/release-namespace": "edge"})
    items += app("Deployment", "edge", "recommender", role="edge-recommender", sa="recommender",
                 labels={"argocd.argoproj.io/instance": "edge-recommender"},
                 annotations={"argocd.argoproj.io/tracking-id": "edge-recommender:apps/Deployment:edge/recommender"})
    items += app("Deployment", "edge", "notifier", role="edge-notifier", sa="notifier",
                 labels={"kustomize.toolkit.fluxcd.io/name": "edge-apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system"})
    roles = [kiam_role(n) for n in ("edge-node-agent", "edge-uploader", "edge-storefront", "edge-recommender", "edge-notifier")]
    readme = """\
Five workloads that migrate but deserve a warning each (codes not fixed by the brief; proposed here):
daemonset/edge/node-agent hostNetwork=true (kiam/kube2iam never intercepted it: today it gets the node role)
-> `host-network-pod`; deployment/edge/legacy-uploader sets AWS_ACCESS_KEY_ID from a secret (static keys
shadow web identity) -> `static-aws-credentials-in-env`; storefront is Helm-managed, recommender Argo CD-managed,
notifier Flux-managed (a patch will be reverted by the next sync: change the chart/manifest) ->
`managed-by-helm` / `-argocd` / `-flux`. All five still get the full steps; no error findings."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "cross-account")
def cross_account():
    items = [ns("data", {"iam.amazonaws.com/permitted": "arn:aws:iam::(111122223333|444455556666):role/.*"}),
             sa("data", "lake-reader"), sa("data", "catalog-sync")]
    items += app("Deployment", "data", "lake-reader", role="arn:aws:iam::444455556666:role/data/lake-reader", sa="lake-reader")
    items += app("Deployment", "data", "catalog-sync", role="data-catalog-sync", sa="catalog-sync")
    roles = [role(OTHER_ACCOUNT, "lake-reader", trust(kiam_statement(ACCOUNT)), path="/data/",
                  description="data lake account; trusts the kiam server of 111122223333"),
             kiam_role("data-catalog-sync")]
    readme = """\
deployment/data/lake-reader uses a role in account 444455556666 (`role/data/lake-reader`, trusting
111122223333's kiam-server). oidc-providers.json has the issuer's provider in 111122223333 only.
Correct plan: no findings; `ensure-oidc-provider arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`
(client ID sts.amazonaws.com) ordered before the trust edit of that role; the added statement's Federated
principal is the 444455556666 provider ARN; no ensure step for 111122223333; catalog-sync planned normally."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "all-kinds")
def all_kinds():
    kinds = [("Deployment", "web"), ("StatefulSet", "queue"), ("DaemonSet", "log-shipper"), ("CronJob", "nightly-report"),
             ("Job", "backfill"), ("Pod", "debug-shell")]
    items = [ns("kinds")] + [sa("kinds", n) for _, n in kinds]
    roles = []
    for k, n in kinds:
        items += app(k, "kinds", n, role="kinds-" + n, sa=n, pods=2 if k in ("Deployment", "StatefulSet", "DaemonSet") else 1)
        roles.append(kiam_role("kinds-" + n))
    readme = """\
One workload of every kind, each with its own SA and role: deployment/kinds/web, statefulset/kinds/queue,
daemonset/kinds/log-shipper, cronjob/kinds/nightly-report (annotation in spec.jobTemplate.spec.template),
job/kinds/backfill (standalone), pod/kinds/debug-shell (bare). Skipped, though annotated: 2 ReplicaSet pods,
2 StatefulSet pods, 2 DaemonSet pods, the CronJob's Job and its pod, the standalone Job's pod (9 objects).
Correct plan: exactly 6 workloads; prepare (add-trust-statements + annotate-service-account) for all six;
switch-workload for deployment, statefulset, daemonset, cronjob. A Job's template and a Pod's
serviceAccountName are immutable and the webhook acts only on CREATE: job/kinds/backfill and pod/kinds/debug-shell
need recreating, so a warning each (codes `job-template-immutable`, `bare-pod-needs-recreate`)."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "unparseable-trust")
def unparseable():
    items = [ns("billing"), sa("billing", "invoicer"), sa("billing", "pricing")]
    items += app("Deployment", "billing", "invoicer", role="billing-invoicer", sa="invoicer")
    items += app("Deployment", "billing", "pricing", role="billing-pricing", sa="pricing")
    broken = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/kiam-server"},"Action":"sts:AssumeRole",}'
    r = role(ACCOUNT, "billing-invoicer", trust(KIAM))
    r["AssumeRolePolicyDocument"] = F.url_encoded(broken)
    roles = [r, kiam_role("billing-pricing")]
    readme = """\
role/billing-invoicer's AssumeRolePolicyDocument is a URL-encoded string whose decoded text is not valid JSON
(trailing comma, unterminated array), as the CLI passes through text it cannot decode.
Correct plan: one error finding `trust-policy-unparseable` (subject the role ARN); no steps for
deployment/billing/invoicer, serviceaccount/billing/invoicer or the role; no crash.
deployment/billing/pricing (decoded-object trust) planned normally. summary.blocked = 1."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "url-encoded-trust")
def url_encoded():
    items = [ns("media"), sa("media", "transcoder"), sa("media", "thumbnailer", irsa_ann("arn:aws:iam::111122223333:role/media-thumbnailer"))]
    items += app("Deployment", "media", "transcoder", role="media-transcoder", sa="transcoder")
    items += app("Deployment", "media", "thumbnailer", role=None, sa="thumbnailer")
    import json as _json
    pretty = _json.dumps(trust(KIAM), indent=2)  # stored as typed in the console: newlines and spaces
    r1 = role(ACCOUNT, "media-transcoder", trust(KIAM))
    r1["AssumeRolePolicyDocument"] = F.url_encoded(pretty)
    r2 = role(ACCOUNT, "media-thumbnailer", trust(KIAM, irsa_statement(ACCOUNT, ISSUER, ("media", "thumbnailer"))), encoded=True)
    roles = [r1, r2]
    readme = """\
Both trust documents are RFC 3986 URL-encoded strings (raw API form): role/media-transcoder's decodes to
pretty-printed JSON (newlines, spaces: %0A%20%20), role/media-thumbnailer's to minified JSON that already
trusts the issuer for media:thumbnailer (and its SA is annotated, its workload has no kiam annotation).
Correct plan: no findings; media-transcoder: add-trust-statements (sizeBefore measured on the minified
document), annotate, switch-workload, verify; thumbnailer: nothing (already migrated, compared semantically)."""
    return items, roles, HAVE_PROVIDER, STD, readme


@case("kiam-to-irsa", "cleanup-shows-dual-trust")
def cleanup_dual_trust():
    items = [ns("orders"), sa("orders", "orders-api")]
    items += app("Deployment", "orders", "orders-api", role="orders-api", sa="orders-api", pods=1)
    roles = [kiam_role("orders-api"), F.kiam_server_role(), F.node_role()]
    readme = """basic-deployment-by-name with `--cleanup`: the only kiam user of role/orders-api is switched by the plan.
Correct plan: as there, plus a cleanup `remove-trust-statements` of the kiam-server statement and of the
namespace's `iam.amazonaws.com/permitted` annotation, gated on verify. The report shows the role's document
after prepare (kiam and IRSA statements side by side: dual trust) and, separately, after cleanup, with the
access diff of each phase (cleanup loses only the kiam-server AssumeRole entry)."""
    return items, roles, HAVE_PROVIDER, STD + " --cleanup --agent-role arn:aws:iam::111122223333:role/kiam-server", readme


CN_ACCOUNT = "222233334444"
CN_ISSUER = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity"
CN_STD = "--issuer %s --role-base-arn arn:aws-cn:iam::%s:role/" % (CN_ISSUER, CN_ACCOUNT)
CN_PERMIT = {"iam.amazonaws.com/permitted": "arn:aws-cn:iam::%s:role/.*" % CN_ACCOUNT}


def china_kiam_estate(audience_annotation=None):
    ledger_ann = {"eks.amazonaws.com/audience": audience_annotation} if audience_annotation else None
    items = [ns("ledger", CN_PERMIT), sa("ledger", "ledger-api"), sa("ledger", "ledger-irsa", ledger_ann)]
    items += app("Deployment", "ledger", "ledger-api", role="jade-ledger", sa="ledger-api")
    kiam = kiam_statement(CN_ACCOUNT, partition="aws-cn")
    roles = [role(CN_ACCOUNT, "jade-ledger", trust(kiam), partition="aws-cn")]
    return items, roles, F.providers([(CN_ACCOUNT, CN_ISSUER, ["sts.amazonaws.com.cn"], "aws-cn")])


@case("kiam-to-irsa", "china-audience-ambiguous")
def china_audience_ambiguous():
    items, roles, prov = china_kiam_estate()
    readme = """A kiam workload in China (partition aws-cn) and no `--audience`. EKS in China issues tokens for
`sts.amazonaws.com`, Giant Swarm's China clusters for `sts.amazonaws.com.cn`, and nothing in the
inventory says which this cluster does (no service account has an `eks.amazonaws.com/audience`
annotation, no role has an `:aud` condition for the issuer). Correct plan: an `audience-ambiguous` error on
role/jade-ledger asking for `--audience`, the workload not planned (blocked 1), no step."""
    return items, roles, prov, CN_STD, readme


@case("kiam-to-irsa", "china-audience-inferred")
def china_audience_inferred():
    items, roles, prov = china_kiam_estate("sts.amazonaws.com.cn")
    readme = """As china-audience-ambiguous, but the service account ledger/ledger-irsa carries
`eks.amazonaws.com/audience: sts.amazonaws.com.cn`. Correct plan: an info `audience-inferred` finding; the
options record audience `sts.amazonaws.com.cn`; the new statement's `:aud` is `sts.amazonaws.com.cn`; the
service account annotation step sets `eks.amazonaws.com/audience: sts.amazonaws.com.cn`; the provider
already lists that client id, so no ensure step; verify mints tokens for that audience."""
    return items, roles, prov, CN_STD, readme


# =======================================================================================
# issuer-move

def move_args(frm, to, aud=None):
    return "--from %s --to %s" % (frm, to) + (" --audience %s" % aud if aud else "")


GS_S3 = "https://s3.eu-west-1.amazonaws.com/111122223333-g8s-golem-oidc-pod-identity"
GS_CF = "https://d1a2b3c4d5e6f7.cloudfront.net"
GS_ALIAS = "https://irsa.golem.k8s.gigantic.example.io"
EKS_A = "https://oidc.eks.eu-west-1.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
EKS_B = "https://oidc.eks.eu-west-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
OTHER_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/C0FFEE0123456789C0FFEE0123456789"


def oidc_role(name, issuer, subjects, path="/", account=ACCOUNT, extra=(), **kw):
    return role(account, name, trust(*extra, irsa_statement(account, issuer, subjects)), path=path, **kw)


@case("issuer-move", "gs-v17-s3-to-v18-cloudfront")
def gs17():
    roles = [
        oidc_role("golem-external-dns", GS_S3, ("kube-system", "external-dns"), path="/giantswarm/"),
        oidc_role("golem-cert-manager", GS_S3, ("kube-system", "cert-manager-controller"), path="/giantswarm/"),
        oidc_role("golem-app-orders", GS_S3, [("orders", "orders-api"), ("orders", "orders-worker")]),
        oidc_role("other-cluster-app", OTHER_ISSUER, ("default", "app")),
        kiam_role("golem-legacy-kiam-app"),
    ]
    prov = F.providers([(ACCOUNT, GS_S3, [AUD]), (ACCOUNT, OTHER_ISSUER, [AUD])], with_details=False)
    readme = """\
Giant Swarm v17 -> v18: S3 issuer `s3.eu-west-1.amazonaws.com/111122223333-g8s-golem-oidc-pod-identity` to
CloudFront `d1a2b3c4d5e6f7.cloudfront.net`. Three roles (two with path /giantswarm/) trust the old issuer.
Providers listed by Arn only (as list-open-id-connect-providers prints); the new one is missing.
Correct plan: no findings; prepare = `ensure-oidc-provider arn:aws:iam::111122223333:oidc-provider/d1a2b3c4d5e6f7.cloudfront.net`
(client ID sts.amazonaws.com), then `add-trust-statements` on the 3 roles, each a copy of the old statement with
Federated and `:sub`/`:aud` keys rewritten to the new host (subjects unchanged, orders role keeps both);
verify; cleanup `remove-trust-statements` of the old ones. other-cluster-app and the kiam role untouched."""
    return F.EMPTY_LIST, roles, prov, move_args(GS_S3, GS_CF), readme


@case("issuer-move", "gs-v18-cloudfront-to-v19-alias")
def gs18():
    roles = [
        role(ACCOUNT, "golem-external-dns", trust(irsa_statement(ACCOUNT, GS_S3, ("kube-system", "external-dns")),
                                                  irsa_statement(ACCOUNT, GS_CF, ("kube-system", "external-dns"))), path="/giantswarm/"),
        oidc_role("golem-app-orders", GS_CF, [("orders", "orders-api"), ("orders", "orders-worker")]),
    ]
    prov = F.providers([(ACCOUNT, GS_S3, [AUD]), (ACCOUNT, GS_CF, [AUD]), (ACCOUNT, GS_ALIAS, [AUD])])
    readme = """\
Giant Swarm v18 -> v19: CloudFront `d1a2b3c4d5e6f7.cloudfront.net` to the alias `irsa.golem.k8s.gigantic.example.io`.
golem-external-dns still carries its v17 S3 statement beside the CloudFront one; the alias provider already exists.
Correct plan: no findings; NO ensure-oidc-provider (exists); `add-trust-statements` on both roles copying only
the CloudFront statements (keys rewritten to `irsa.golem.k8s.gigantic.example.io:sub/:aud`); the S3 statement is
neither copied nor removed (it is not the --from issuer); cleanup removes only the CloudFront statements."""
    return F.EMPTY_LIST, roles, prov, move_args(GS_CF, GS_ALIAS), readme


@case("issuer-move", "china-s3")
def china():
    acct = "222233334444"
    old = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity"
    new = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity-v2"
    aud = "sts.amazonaws.com.cn"
    roles = [
        role(acct, "jade-external-dns", trust(irsa_statement(acct, old, ("kube-system", "external-dns"), aud=aud, partition="aws-cn")),
             path="/giantswarm/", partition="aws-cn"),
        role(acct, "jade-app-ledger", trust(irsa_statement(acct, old, ("ledger", "ledger-api"), aud=aud, partition="aws-cn")),
             partition="aws-cn"),
    ]
    prov = F.providers([(acct, old, [aud], "aws-cn")])
    readme = """\
China (partition aws-cn, account 222233334444): S3 issuer moves to the `-v2` bucket; audience `sts.amazonaws.com.cn`.
Note the old path is a prefix of the new one: a textual replace of the old host/path corrupts keys.
Correct plan: no findings; `ensure-oidc-provider arn:aws-cn:iam::222233334444:oidc-provider/s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity-v2`
with client ID `sts.amazonaws.com.cn`; `add-trust-statements` on both roles (Federated `arn:aws-cn:...-v2`,
`...-v2:aud` = `sts.amazonaws.com.cn`, same subjects); nothing ever says `arn:aws:` or `sts.amazonaws.com`."""
    return F.EMPTY_LIST, roles, prov, move_args(old, new, aud), readme


@case("issuer-move", "cross-account")
def move_cross():
    roles = [
        oidc_role("orders-api", EKS_A, ("orders", "orders-api")),
        oidc_role("lake-reader", EKS_A, ("data", "lake-reader"), account=OTHER_ACCOUNT, path="/data/"),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD]), (OTHER_ACCOUNT, EKS_A, [AUD])])
    readme = """\
Roles in 111122223333 and 444455556666 both trust the old issuer (each through its own account's provider).
The new provider exists in 111122223333 but not in 444455556666.
Correct plan: no findings; exactly one `ensure-oidc-provider`, for
arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB, before
`add-trust-statements` on role/data/lake-reader (its copy names the 444455556666 provider, not 111122223333's);
`add-trust-statements` on role/orders-api with the 111122223333 provider."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "eks-blue-green")
def blue_green():
    roles = [
        oidc_role("orders-api", EKS_A, ("orders", "orders-api"), path="/apps/"),
        oidc_role("payments-ledger", EKS_A, [("payments", "ledger"), ("payments", "ledger-worker")], path="/apps/"),
        oidc_role("karpenter", EKS_A, ("karpenter", "karpenter"), path="/platform/"),
        oidc_role("ebs-csi", EKS_A, ("kube-system", "ebs-csi-controller-sa"), path="/platform/"),
        oidc_role("unrelated", OTHER_ISSUER, ("default", "app")),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, OTHER_ISSUER, [AUD])])
    readme = """\
EKS blue/green: every IRSA role of cluster `/id/AAAA...` must also trust the new cluster `/id/BBBB...`.
Four roles (paths /apps/, /platform/) trust the old issuer; one trusts an unrelated cluster.
Correct plan: no findings; `ensure-oidc-provider` for .../id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB in 111122223333;
`add-trust-statements` on the 4 roles (copies with keys `oidc.eks.eu-west-1.amazonaws.com/id/BBBB...:sub|:aud`);
role/unrelated untouched; cleanup `remove-trust-statements` of the AAAA statements."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "kiam-plus-oidc")
def kiam_plus():
    roles = [
        role(ACCOUNT, "orders-api", trust(kiam_statement(sid="Kiam"), irsa_statement(ACCOUNT, EKS_A, ("orders", "orders-api"), sid="IrsaBlue")),
             path="/apps/"),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD])])
    readme = """\
role/apps/orders-api trusts kiam-server (Sid `Kiam`, sts:AssumeRole) and the old issuer (Sid `IrsaBlue`).
Correct plan: no findings; `ensure-oidc-provider` for the BBBB issuer; `add-trust-statements` adding one copy
of the IrsaBlue statement for the new issuer (with a NEW unique Sid or none; never a second `IrsaBlue`);
the Kiam statement is neither copied nor removed, also not in cleanup."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "already-dual-trusted")
def dual():
    hp_b = F.issuer_hp(EKS_B)
    reordered = {"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {
        hp_b + ":aud": AUD, hp_b + ":sub": [subject("payments", "ledger-worker"), subject("payments", "ledger")]}},
        "Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_B)}, "Sid": "Green"}
    roles = [
        role(ACCOUNT, "orders-api", trust(irsa_statement(ACCOUNT, EKS_A, ("orders", "orders-api")),
                                          irsa_statement(ACCOUNT, EKS_B, ("orders", "orders-api")))),
        role(ACCOUNT, "payments-ledger", trust(irsa_statement(ACCOUNT, EKS_A, [("payments", "ledger"), ("payments", "ledger-worker")], sid="Blue"),
                                               reordered), encoded=True),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
Both roles already trust old and new issuer with equivalent statements; payments-ledger's new-issuer copy has
keys in another order, subjects in another order and a Sid, and its document is URL-encoded. Provider exists.
Correct plan: no findings; NO prepare steps at all (no ensure-oidc-provider, no add-trust-statements);
only verify and (opt-in) cleanup `remove-trust-statements` of the AAAA statements. Semantic comparison only."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "size-overflow")
def size_overflow():
    stmts = [KIAM]
    for i in range(2):
        iss = "https://oidc.eks.eu-west-1.amazonaws.com/id/%032X" % (0x77AB * (i + 3) * 0x1D2C3B4F)
        stmts.append(irsa_statement(ACCOUNT, iss, [("etl", "etl-%d" % j) for j in range(4)]))
    stmts.append(irsa_statement(ACCOUNT, EKS_A, [("etl", "etl-%d" % j) for j in range(4)]))
    big = trust(*stmts)
    size_before = len(F.minified(big))
    addition = len(F.minified(stmts[-1])) + 1
    assert size_before <= 2048 < size_before + addition, (size_before, addition)
    roles = [role(ACCOUNT, "legacy-etl", big), oidc_role("orders-api", EKS_A, ("orders", "orders-api"))]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
role/legacy-etl (minified %d chars: kiam + two other issuers + the old issuer, 4 subjects each) cannot take
a copy of its old-issuer statement (+%d chars) within the 2048 quota, and no statements share an issuer to merge.
Correct plan: one error finding `trust-policy-too-large` (subject the role ARN, message with size after and 2048);
no steps for legacy-etl; role/orders-api gets its `add-trust-statements`; no ensure step (provider exists).""" % (size_before, addition)
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "stringlike-wildcard")
def stringlike():
    roles = [
        role(ACCOUNT, "team-readonly", trust(irsa_statement(ACCOUNT, EKS_A, "system:serviceaccount:team-*:*", sub_operator="StringLike"))),
    ]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
role/team-readonly trusts the old issuer with `StringLike` `...:sub` = `system:serviceaccount:team-*:*` and
StringEquals `:aud`. Correct plan: `add-trust-statements` with one copy keeping the operators and the pattern
verbatim under the new keys (StringLike `oidc.eks.eu-west-1.amazonaws.com/id/BBBB...:sub` =
`system:serviceaccount:team-*:*`) — neither narrowed to exact subjects nor widened; no ensure step; no error finding."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "foranyvalue")
def foranyvalue():
    hp = F.issuer_hp(EKS_A)
    st = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)}, "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {hp + ":sub": subject("monitoring", "thanos")},
                        "ForAnyValue:StringEquals": {hp + ":aud": [AUD, "thanos"]}}}
    roles = [role(ACCOUNT, "thanos-store", trust(st), path="/monitoring/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD, "thanos"]), (ACCOUNT, EKS_B, [AUD, "thanos"])])
    readme = """\
role/monitoring/thanos-store uses `ForAnyValue:StringEquals` on `:aud` (values sts.amazonaws.com and thanos)
and StringEquals on `:sub`. Both providers exist with client IDs sts.amazonaws.com and thanos.
Correct plan: no findings; no ensure step; `add-trust-statements` with one copy keeping the
`ForAnyValue:StringEquals` operator and both values under the new `...BBBB...:aud` key, and StringEquals on
the new `:sub` (system:serviceaccount:monitoring:thanos); the original statement unchanged."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "single-object-statement")
def single_object():
    doc = {"Version": "2012-10-17", "Statement": irsa_statement(ACCOUNT, EKS_A, ("orders", "orders-api"))}
    roles = [role(ACCOUNT, "orders-api", doc, path="/apps/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
role/apps/orders-api's `Statement` is a single object, not an array.
Correct plan: no findings; `add-trust-statements` whose after-document has `Statement` as an array of two:
the original (unchanged) and the copy for the new issuer. No ensure step."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "federated-array")
def federated_array():
    hp = F.issuer_hp(EKS_A)
    st = {"Effect": "Allow",
          "Principal": {"Federated": [F.provider_arn(ACCOUNT, OTHER_ISSUER), F.provider_arn(ACCOUNT, EKS_A)]},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {hp + ":sub": subject("orders", "orders-api"), hp + ":aud": AUD}}}
    roles = [role(ACCOUNT, "orders-api", trust(st), path="/apps/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD]), (ACCOUNT, OTHER_ISSUER, [AUD])])
    readme = """\
One statement with `Principal.Federated` = [provider of an unrelated issuer, provider of the old issuer] and
conditions on the old issuer's keys only. Correct plan: no findings, no ensure step; `add-trust-statements` adding one copy
whose Federated is the NEW provider only (a string or one-element array) with keys rewritten to the new issuer;
the original statement keeps both providers unchanged until cleanup. Cleanup removes the whole statement: what
the unrelated provider keeps of it still requires the old issuer's `:sub`/`:aud` claims, which its tokens never
carry, so it never matched and would stay behind as a dead statement (the report's access diff marks it so)."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "deny-copied")
def deny_copied():
    hp = F.issuer_hp(EKS_A)
    allow_all = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringLike": {hp + ":sub": "system:serviceaccount:*:*"}, "StringEquals": {hp + ":aud": AUD}}}
    deny = {"Sid": "OnlyProd", "Effect": "Deny", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringNotLike": {hp + ":sub": "system:serviceaccount:prod-*:*"}}}
    roles = [role(ACCOUNT, "prod-reader", trust(allow_all, deny))]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """role/prod-reader allows every service account of the old issuer (`StringLike sub system:serviceaccount:*:*`) and
denies those outside `prod-*` namespaces with a Deny on the old issuer. Correct plan: no error; prepare copies
BOTH statements for the new issuer (the Deny too: a Deny only narrows, and without it new-issuer tokens of every
namespace could assume the role); cleanup removes only the old Allow and keeps the old Deny. The report's access
diff shows the Deny entry gained in prepare and no Deny lost in cleanup."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "issuer-mismatch")
def mismatch():
    hp_c = F.issuer_hp("https://oidc.eks.eu-west-1.amazonaws.com/id/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC")
    st = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {hp_c + ":sub": subject("orders", "orders-api"), hp_c + ":aud": AUD}}}
    roles = [role(ACCOUNT, "orders-api", trust(st), path="/apps/"),
             oidc_role("orders-worker", EKS_A, ("orders", "orders-worker"), path="/apps/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
role/apps/orders-api's statement names the old provider (AAAA) as Federated but its condition keys name another
issuer (`.../id/CCCC...:sub|:aud`) — a copy-paste error; tokens from AAAA lack those keys, so it grants nothing.
Correct plan: a finding for role/apps/orders-api (code `issuer-mismatch`, warning) and
no copy of that statement; role/apps/orders-worker gets its normal `add-trust-statements`; no ensure step."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "unscoped")
def unscoped():
    hp = F.issuer_hp(EKS_A)
    aud_only = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {hp + ":aud": AUD}}}
    no_cond = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
               "Action": "sts:AssumeRoleWithWebIdentity"}
    roles = [role(ACCOUNT, "cluster-wide-reader", trust(aud_only)),
             role(ACCOUNT, "wide-open", trust(no_cond)),
             oidc_role("orders-api", EKS_A, ("orders", "orders-api"), path="/apps/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD]), (ACCOUNT, EKS_B, [AUD])])
    readme = """\
role/cluster-wide-reader trusts the old issuer with only an `:aud` condition; role/wide-open with no Condition
(any service account of the cluster). Correct plan: two findings `trust-without-subject` (subjects the two role
ARNs) and NO copy for either (no statement without `:sub` is ever written); role/apps/orders-api gets its normal
`add-trust-statements`. No ensure step."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "china-s3-audience-inferred")
def china_inferred():
    acct = "222233334444"
    old = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity"
    new = "https://s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity-v2"
    aud = "sts.amazonaws.com.cn"
    no_aud = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(acct, old, partition="aws-cn")},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringEquals": {F.issuer_hp(old) + ":sub": subject("jobs", "reporter")}}}
    roles = [
        role(acct, "jade-app-ledger", trust(irsa_statement(acct, old, ("ledger", "ledger-api"), aud=aud, partition="aws-cn")),
             partition="aws-cn"),
        role(acct, "jade-reporter", trust(no_aud), partition="aws-cn"),
    ]
    readme = """\
China without `--audience` and without the providers file (the old provider's client ids are unknown).
role/jade-app-ledger's statement requires `:aud` = `sts.amazonaws.com.cn`; role/jade-reporter's names no
audience. Correct plan: `ensure-oidc-provider` for the `-v2` issuer with client id `sts.amazonaws.com.cn` (read
from the statement, not the `sts.amazonaws.com` default), the copy and a verify step minting tokens for
`sts.amazonaws.com.cn` for jade-app-ledger; an error `audience-ambiguous` on jade-reporter (nothing says, and
China has two conventions) asking for `--audience`, and no step for it."""
    return F.EMPTY_LIST, roles, None, move_args(old, new), readme


@case("issuer-move", "unscoped-annotated")
def unscoped_annotated():
    hp = F.issuer_hp(EKS_A)
    aud_only = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {hp + ":aud": AUD}}}
    no_cond = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
               "Action": "sts:AssumeRoleWithWebIdentity"}
    reader = F.role_arn(ACCOUNT, "cluster-wide-reader")
    items = [ns("monitoring"), ns("reports"),
             sa("monitoring", "prometheus", irsa_ann(reader)), sa("reports", "exporter", irsa_ann(reader))]
    roles = [role(ACCOUNT, "cluster-wide-reader", trust(aud_only)),
             role(ACCOUNT, "wide-open", trust(no_cond))]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD])])
    readme = """\
role/cluster-wide-reader trusts the old issuer with only an `:aud` condition, and two service accounts
(monitoring/prometheus, reports/exporter) are annotated with it; role/wide-open trusts it with no Condition and
no service account is annotated with it. Correct plan: `ensure-oidc-provider` for the BBBB issuer;
`add-trust-statements` on cluster-wide-reader adding a copy for the new issuer with `StringEquals BBBB:aud` and
`StringEquals BBBB:sub` listing exactly the two annotated subjects (never a statement without `:sub`), a warning
`unscoped-trust-scoped` naming both service accounts, its verify step for monitoring/prometheus and a cleanup
step removing the unscoped old statement; for wide-open an error `trust-without-subject` and no step."""
    return items, roles, prov, move_args(EKS_A, EKS_B), readme


@case("issuer-move", "unscoped-copy-all")
def unscoped_copy_all():
    no_cond = {"Effect": "Allow", "Principal": {"Federated": F.provider_arn(ACCOUNT, EKS_A)},
               "Action": "sts:AssumeRoleWithWebIdentity"}
    roles = [role(ACCOUNT, "wide-open", trust(no_cond))]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD])])
    readme = """\
role/wide-open trusts the old issuer with no Condition; `--copy-unscoped`. Correct plan: a copy for the new
issuer with `StringLike BBBB:sub system:serviceaccount:*:*` (every service account token, as through the old
issuer; still a `:sub` condition), a warning `unscoped-trust-copied`, verify and cleanup steps for the role."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, EKS_B) + " --copy-unscoped", readme


@case("issuer-move", "dualstack-target")
def dualstack():
    to = "https://oidc-eks.eu-west-1.api.aws/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
    roles = [oidc_role("orders-api", EKS_A, ("orders", "orders-api"), path="/apps/")]
    prov = F.providers([(ACCOUNT, EKS_A, [AUD])])
    readme = """\
`--to` is the EKS dual-stack host `oidc-eks.eu-west-1.api.aws/id/BBBB...`, which is not what EKS puts in a
token's `iss`. Correct plan: a warning (code `issuer-not-token-issuer`) saying tokens carry
`oidc.eks.eu-west-1.amazonaws.com/id/...`; steps as asked (ensure-oidc-provider for the api.aws URL,
add-trust-statements on role/apps/orders-api), so `--strict` does not fail; verify will fail if the warning is right."""
    return F.EMPTY_LIST, roles, prov, move_args(EKS_A, to), readme


# =======================================================================================
# export (issue 15): `args` starts with the plan kind; ExportGoldenTests plans, then exports.

def tagged(r, tags):
    r["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    return r


@case("export", "gitops-owners")
def export_gitops():
    argo_ns = {"argocd.argoproj.io/instance": "team-b-apps"}
    items = [ns("shop"), ns("team-b", labels=argo_ns)]
    items += [sa("shop", n) for n in ("cart", "search", "ledger", "checkout", "mailer", "legacy")]
    items += [sa("shop", "shared", labels={"app.kubernetes.io/managed-by": "Helm"},
                 annotations={"meta.helm.sh/release-name": "payments", "meta.helm.sh/release-namespace": "shop"})]
    items += [sa("team-b", "reports")]
    items += app("Deployment", "shop", "cart", role="shop-cart", sa="cart",
                 labels={"argocd.argoproj.io/instance": "shop-cart"})
    items += app("Deployment", "shop", "search", role="shop-search", sa="search",
                 annotations={"argocd.argoproj.io/tracking-id": "shop-search:apps/Deployment:shop/search"})
    items += app("StatefulSet", "shop", "ledger", role="shop-ledger", sa="ledger",
                 labels={"kustomize.toolkit.fluxcd.io/name": "shop-apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system"})
    items += app("Deployment", "shop", "checkout", role="shop-checkout", sa="checkout",
                 labels={"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "checkout-2.0.1",
                         "helm.toolkit.fluxcd.io/name": "checkout", "helm.toolkit.fluxcd.io/namespace": "shop"},
                 annotations={"meta.helm.sh/release-name": "shop-checkout", "meta.helm.sh/release-namespace": "shop"})
    items += app("CronJob", "shop", "mailer", role="shop-mailer", sa="mailer",
                 labels={"app.kubernetes.io/managed-by": "kustomize"})
    items += app("Deployment", "shop", "payments-api", role="shop-payments-api", sa="shared",
                 labels={"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "payments-1.4.0"},
                 annotations={"meta.helm.sh/release-name": "payments", "meta.helm.sh/release-namespace": "shop"})
    items += app("Deployment", "shop", "payments-worker", role="shop-payments-worker", sa="shared",
                 labels={"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "payments-1.4.0"},
                 annotations={"meta.helm.sh/release-name": "payments", "meta.helm.sh/release-namespace": "shop"})
    items += app("Deployment", "team-b", "reports", role="team-b-reports", sa="reports")
    items += app("Deployment", "shop", "legacy", role="shop-legacy", sa="legacy")
    names = ("shop-cart", "shop-search", "shop-ledger", "shop-checkout", "shop-mailer", "shop-payments-api",
             "shop-payments-worker", "team-b-reports", "shop-legacy")
    roles = [kiam_role(n) for n in names]
    readme = """\
One owner kind per workload, each exported to its own folder:
deployment/shop/cart -> Argo CD application shop-cart (tracking label); deployment/shop/search -> Argo CD
application shop-search (tracking-id annotation only); statefulset/shop/ledger -> Flux Kustomization
flux-system/shop-apps; deployment/shop/checkout -> Flux HelmRelease shop/checkout (Helm markers too: helm values
written); cronjob/shop/mailer -> kustomize (patch path under /spec/jobTemplate); payments-api and payments-worker
share the Helm-owned service account `shared` with different roles -> Helm release shop/payments: dedicated
service accounts created (they inherit the release as owner), patches and helm values per workload;
deployment/team-b/reports has no markers but its namespace carries the Argo CD label -> Argo CD application
team-b-apps (evidence names the namespace). deployment/shop/legacy is owned by nothing: not exported, listed in
INDEX.md under "Not exported". Roles have no tags: trust is applied by irsa-migrate, not exported."""
    return items, roles, HAVE_PROVIDER, "kiam-to-irsa " + STD, readme


@case("export", "iac-roles")
def export_iac():
    items = [ns("billing")] + [sa("billing", n) for n in ("invoices", "refunds", "tax", "audit")]
    for n in ("invoices", "refunds", "tax", "audit"):
        items += app("Deployment", "billing", n, role="billing-" + n, sa=n)
    roles = [
        tagged(kiam_role("billing-invoices"), {"aws:cloudformation:stack-name": "billing-iam"}),
        tagged(kiam_role("billing-refunds"), {"ManagedBy": "Terraform"}),
        tagged(kiam_role("billing-tax"), {"team:iac": "pulumi"}),
        kiam_role("billing-audit"),
        F.kiam_server_role(), F.node_role(),
    ]
    args = "kiam-to-irsa " + STD + " --cleanup --agent-role arn:aws:iam::111122223333:role/kiam-server --iac-owned-tag team:iac=Pulumi"
    readme = """\
Four roles, three owned by infrastructure as code through their tags: role/billing-invoices by the
CloudFormation stack billing-iam (`aws:cloudformation:stack-name`), role/billing-refunds by Terraform
(`ManagedBy=Terraform`), role/billing-tax by the team's own tag (`--iac-owned-tag team:iac=Pulumi`, matched
without regard to case); role/billing-audit is untagged and not exported. No OIDC provider is listed, so
oidc-providers.json carries the provider to declare (URL and client IDs). With --cleanup each owned role gets
trust-after-prepare.json (kiam-server statement kept, IRSA statement added) and trust-after-cleanup.json
(kiam-server statement removed). The workloads are unowned: nothing of Kubernetes is exported."""
    return items, roles, None, args, readme


import generate_instance_role_goldens as IR  # noqa: E402

CASES.update(IR.CASES)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    a = ap.parse_args()
    for (kind, name), fn in sorted(CASES.items()):
        k8s_items, roles, prov, args, readme, *files = fn()
        k8s = k8s_items if isinstance(k8s_items, dict) else F.k8s_list(k8s_items)
        d = os.path.join(a.root, "Tests", "Golden", kind, name)
        F.write_snapshot(os.path.join(d, "input"), k8s, roles, prov)
        for path, obj in (files[0] if files else {}).items():
            F.write_json(os.path.join(d, path), obj)
        F.write_text(os.path.join(d, "args"), args)
        F.write_text(os.path.join(d, "README.md"), "# %s / %s\n\n%s" % (kind, name, readme))
        print(os.path.relpath(d, a.root))


if __name__ == "__main__":
    main()
