#!/usr/bin/env python3
"""Writes examples/estate/: the demo snapshot of cluster prod-eu1 that `make demo` plans and applies.

    python3 Tests/Fixtures/generate_demo_estate.py [--out examples/estate]

Writes kubernetes.json, iam-roles.json, oidc-providers.json and args. README.md in that
directory is hand-written (the reviewer's checklist) and must be kept in step with this file.
Deterministic, stdlib only.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixturelib as F  # noqa: E402
from fixturelib import ACCOUNT, OTHER_ACCOUNT, AUD, app, trust, irsa_statement, kiam_statement, node_role_statement, role  # noqa: E402

CLUSTER = "prod-eu1"
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
BASE = "arn:aws:iam::111122223333:role/"
NODE_ROLE = "prod-eu1-nodes"
KIAM = kiam_statement()
NODE = node_role_statement(ACCOUNT, NODE_ROLE)


def arn(name, path="/apps/", account=ACCOUNT):
    return F.role_arn(account, name, path)


def estate():
    cl = {"topology.kubernetes.io/region": "eu-west-1"}
    namespaces = [
        F.namespace("kube-system"),
        F.namespace("orders", {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/apps/orders-.*"},
                    {"team": "orders", **cl}),
        F.namespace("payments", {"iam.amazonaws.com/permitted":
                                 "arn:aws:iam::111122223333:role/apps/payments-.*|arn:aws:iam::444455556666:role/data/.*"},
                    {"team": "payments", **cl}),
        F.namespace("catalog", {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/apps/catalog-.*"},
                    {"team": "catalog", **cl}),
        # Migrated from kube2iam (allowed-roles) to kiam, which reads only `permitted`.
        F.namespace("data", {"iam.amazonaws.com/allowed-roles":
                             '["arn:aws:iam::111122223333:role/apps/data-*", "arn:aws:iam::444455556666:role/data/*"]',
                             "iam.amazonaws.com/permitted":
                             "arn:aws:iam::111122223333:role/apps/data-.*|arn:aws:iam::444455556666:role/data/.*"},
                    {"team": "data", **cl}),
        F.namespace("platform", {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/[a-z-]+"},
                    {"team": "platform", **cl}),
        F.namespace("batch", {"iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/apps/batch-.*"},
                    {"team": "finance", **cl}),
    ]
    sas = [F.service_account(ns, n) for ns, n in [
        ("kube-system", "kiam-server"), ("kube-system", "kiam-agent"), ("kube-system", "coredns"),
        ("orders", "orders"), ("orders", "orders-events"), ("orders", "orders-outbox"), ("orders", "orders-reconcile"),
        ("orders", "debug-toolbox"),
        ("payments", "payments-ledger"), ("payments", "payments-gateway"), ("payments", "payments-reconciler"),
        ("payments", "payments-api"), ("payments", "payments-statements"),
        ("catalog", "catalog-images"), ("catalog", "catalog-importer"),
        ("data", "data-exporter"), ("data", "data-etl"), ("data", "data-notebook"), ("data", "data-lake-sync"),
        ("platform", "cluster-autoscaler"), ("platform", "node-termination-handler"), ("platform", "fluent-bit"),
        ("platform", "cost-report"),
    ]]
    sas.append(F.service_account("catalog", "catalog-api", {"eks.amazonaws.com/role-arn": arn("catalog-api")}))
    sas.append(F.service_account("catalog", "catalog-search", {"eks.amazonaws.com/role-arn": arn("catalog-search-v2")}))
    helm = {"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "external-dns-1.14.3", "app.kubernetes.io/instance": "external-dns"}
    sas.append(F.service_account("platform", "external-dns", labels=helm,
                                 annotations={"meta.helm.sh/release-name": "external-dns", "meta.helm.sh/release-namespace": "platform"}))

    w = []
    # kube-system: kiam itself and cluster add-ons; nothing to migrate here
    w += app("Deployment", "kube-system", "kiam-server", sa="kiam-server", replicas=2, pods=2, ports=(443,),
             image="quay.io/uswitch/kiam:v4.2")
    w += app("DaemonSet", "kube-system", "kiam-agent", sa="kiam-agent", host_network=True, pods=3, ports=(8181,),
             image="quay.io/uswitch/kiam:v4.2")
    w += app("Deployment", "kube-system", "coredns", sa="coredns", pods=2, ports=(53,),
             image="602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4")
    # orders (kiam)
    w += app("Deployment", "orders", "orders-api", role="apps/orders-api", sa="orders", replicas=3, pods=3, managed=True)
    w += app("Deployment", "orders", "orders-worker", role=arn("orders-worker"), sa="orders", pods=2)
    w += app("Deployment", "orders", "orders-events", role="apps/orders-events", sa="orders-events", pods=2,
             labels={"argocd.argoproj.io/instance": "orders-events"},
             annotations={"argocd.argoproj.io/tracking-id": "orders-events:apps/Deployment:orders/orders-events"},
             managed=True, manager="argocd-controller")
    w += app("StatefulSet", "orders", "orders-outbox", role="apps/orders-events", sa="orders-outbox", pods=2)
    w += app("CronJob", "orders", "orders-reconcile", role="apps/orders-worker", sa="orders-reconcile", schedule="*/30 * * * *")
    w += app("Pod", "orders", "debug-toolbox", role=arn("orders-api"), sa="debug-toolbox", image="nicolaka/netshoot:v0.13")
    # payments (kiam)
    w += app("StatefulSet", "payments", "payments-ledger", role="apps/payments-ledger", sa="payments-ledger", pods=3)
    w += app("Deployment", "payments", "payments-gateway", role="apps/payments-gateway", sa="payments-gateway",
             pod_annotations={"iam.amazonaws.com/external-id": "c0a8f3e2-psp-acquirer"})
    w += app("Deployment", "payments", "payments-reconciler", role=arn("lake-reader", "/data/", OTHER_ACCOUNT),
             sa="payments-reconciler")
    w += app("Deployment", "payments", "payments-api", role="/apps/payments-api", sa="payments-api", pods=2)
    w += app("CronJob", "payments", "payments-statements", role="apps/payments-ledger", sa="payments-statements",
             schedule="0 2 1 * *")
    # catalog (kiam)
    w += app("Deployment", "catalog", "catalog-api", sa="catalog-api", pods=2, injected_irsa=(arn("catalog-api"), AUD))
    w += app("StatefulSet", "catalog", "catalog-search", role="apps/catalog-search", sa="catalog-search", pods=2)
    w += app("Deployment", "catalog", "catalog-images", role="apps/catalog-thumbnails", sa="catalog-images")
    w += app("Deployment", "catalog", "catalog-web", pods=2, ports=(3000,))
    w += app("Deployment", "catalog", "catalog-importer", role=arn("catalog-importer"), sa="catalog-importer")
    # data (kube2iam)
    w += app("Deployment", "data", "data-exporter", role="apps/data-exporter", sa="data-exporter",
             env=[F.env_var("AWS_ACCESS_KEY_ID", secret=("exporter-aws-credentials", "aws_access_key_id")),
                  F.env_var("AWS_SECRET_ACCESS_KEY", secret=("exporter-aws-credentials", "aws_secret_access_key")),
                  F.env_var("AWS_REGION", "eu-west-1")])
    w += app("StatefulSet", "data", "data-warehouse-loader", role="apps/data-etl", sa="data-etl", managed=True)
    w += app("Job", "data", "data-backfill-2025-03", role="apps/data-etl", sa="data-etl")
    w += app("Deployment", "data", "data-notebook", role="apps/payments-ledger", sa="data-notebook", replicas=1)
    w += app("CronJob", "data", "data-lake-sync", role=arn("lake-reader", "/data/", OTHER_ACCOUNT), sa="data-lake-sync",
             schedule="0 * * * *")
    # platform (kiam; roles at path / used by bare name)
    w += app("Deployment", "platform", "external-dns", role="external-dns", sa="external-dns", replicas=1,
             labels=helm, annotations={"meta.helm.sh/release-name": "external-dns", "meta.helm.sh/release-namespace": "platform"},
             image="registry.k8s.io/external-dns/external-dns:v0.14.0", ports=(7979,), managed=True, manager="helm")
    w += app("Deployment", "platform", "cluster-autoscaler", role="cluster-autoscaler", sa="cluster-autoscaler", replicas=1,
             image="registry.k8s.io/autoscaling/cluster-autoscaler:v1.29.0", ports=(8085,))
    w += app("DaemonSet", "platform", "node-termination-handler", role="node-termination-handler",
             sa="node-termination-handler", host_network=True, pods=3, ports=(9092,),
             image="public.ecr.aws/aws-ec2/aws-node-termination-handler:v1.21.0")
    w += app("DaemonSet", "platform", "fluent-bit", role="fluent-bit", sa="fluent-bit", pods=3, ports=(2020,),
             image="public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0")
    w += app("CronJob", "platform", "cost-report", role="cost-explorer-reader", sa="cost-report", schedule="0 6 * * 1")
    # batch (kiam): two CronJobs on the default service account with different roles
    w += app("CronJob", "batch", "invoices-nightly", role="apps/batch-invoices", sa="default", schedule="30 1 * * *")
    w += app("CronJob", "batch", "reports-weekly", role="apps/batch-reports", schedule="0 4 * * 0")
    w += app("Deployment", "batch", "batch-scheduler", replicas=1, pods=1)

    k8s = F.k8s_list(namespaces + sas + w)

    def app_role(name, doc, path="/apps/", **kw):
        return role(ACCOUNT, name, doc, path=path, **kw)

    roles = [
        role(ACCOUNT, NODE_ROLE, trust(F.service_statement()), description="prod-eu1 worker nodes"),
        role(ACCOUNT, "kiam-server", trust(node_role_statement(ACCOUNT, NODE_ROLE)),
             description="kiam server of prod-eu1; assumes application roles for pods"),
        app_role("orders-api", trust(KIAM), description="orders API: DynamoDB orders table, SQS"),
        app_role("orders-worker", trust(KIAM)),
        app_role("orders-events", trust(KIAM), encoded=True),
        app_role("payments-ledger", trust(KIAM), description="ledger: S3 statements bucket, KMS"),
        app_role("payments-gateway", trust({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/kiam-server"},
                                            "Action": "sts:AssumeRole",
                                            "Condition": {"StringEquals": {"sts:ExternalId": "c0a8f3e2-psp-acquirer"}}})),
        app_role("payments-api", trust(KIAM), max_session=7200),
        app_role("catalog-api", trust(KIAM, irsa_statement(ACCOUNT, ISSUER, ("catalog", "catalog-api")))),
        app_role("catalog-search", trust(KIAM)),
        app_role("catalog-search-v2", trust(KIAM), description="created by the search team ahead of their own IRSA move"),
        app_role("catalog-importer", trust(KIAM), encoded=True),
        app_role("data-exporter", trust(NODE)),
        app_role("data-etl", trust(NODE), description="kube2iam: trusted by the worker node role"),
        app_role("batch-invoices", trust(KIAM)),
        app_role("batch-reports", trust(KIAM, version="2008-10-17")),
        role(ACCOUNT, "external-dns", trust(KIAM)),
        role(ACCOUNT, "cluster-autoscaler", trust(KIAM)),
        role(ACCOUNT, "node-termination-handler", trust(KIAM)),
        role(ACCOUNT, "fluent-bit", trust(KIAM)),
        role(ACCOUNT, "cost-explorer-reader", trust(KIAM)),
        role(OTHER_ACCOUNT, "lake-reader", trust(kiam_statement(ACCOUNT), node_role_statement(ACCOUNT, NODE_ROLE)), path="/data/",
             description="data lake account: read-only access for prod-eu1 workloads"),
    ]
    oidc = F.providers([
        (ACCOUNT, ISSUER, [AUD]),
        (ACCOUNT, "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", [AUD]),
        (OTHER_ACCOUNT, "https://oidc.eks.eu-central-1.amazonaws.com/id/5C0FFEE5C0FFEE5C0FFEE5C0FFEE5C0F", [AUD]),
    ])
    return k8s, roles, oidc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "estate"))
    a = ap.parse_args()
    k8s, roles, oidc = estate()
    F.write_snapshot(a.out, k8s, roles, oidc)
    F.write_text(os.path.join(a.out, "args"), "--issuer %s --role-base-arn %s" % (ISSUER, BASE))


if __name__ == "__main__":
    main()
