#!/usr/bin/env python3
"""Deterministic synthetic estate at fleet scale, for parser and planner performance tests.

    python3 Tests/Fixtures/generate_estate.py --workloads 10000 --roles 5000 --out DIR [--seed 1]

Writes DIR/kubernetes.json (a `v1 List` as `kubectl get namespaces,serviceaccounts,deployments,
statefulsets,daemonsets,cronjobs,jobs,pods -A -o json` prints it), DIR/iam-roles.json
(`aws iam list-roles --output json`) and DIR/oidc-providers.json. Stdlib only; same arguments give
byte-identical files (seeded RNG, no clock).

The estate: ~50 workloads per namespace; namespaces restricted by kiam `iam.amazonaws.com/permitted`
(most), kube2iam `iam.amazonaws.com/allowed-roles` (some) or nothing; workloads of every kind with
kiam annotations by bare name, by name with path and by full ARN, a few naming missing roles, a few
with external-id, hostNetwork, static keys; ~8% already on IRSA (SA annotated, role trusting the
issuer, no kiam annotation); roles trusting kiam-server (most), the node role (kube2iam), some also
an older cluster's issuer, a few URL-encoded. Owned Pods/Jobs and managedFields on a share of
objects make the size realistic: ~25 MB for 10,000 workloads with the default compact output
(`--indent 4` prints like kubectl does, about 2.3 times larger).
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixturelib as F  # noqa: E402

KINDS = [("Deployment", 60), ("StatefulSet", 10), ("DaemonSet", 3), ("CronJob", 15), ("Job", 7), ("Pod", 5)]
WORDS = ("orders payments ledger catalog search images billing invoices reports exporter ingest etl loader "
         "api web worker events outbox sync gateway notifier mailer scheduler indexer cache session auth "
         "profile pricing stock shipping tracker media thumbnails transcoder audit metrics alerts").split()
TEAMS = ("atlas borealis cobalt delta ember falcon granite harbor iris juniper kepler lumen meridian nova "
         "onyx pulsar quartz raven sierra tundra umbra vega willow xenon yukon zephyr").split()
OLD_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"


def weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.uniform(0, total)
    for v, w in table:
        x -= w
        if x <= 0:
            return v
    return table[-1][0]


def build(n_workloads, n_roles, seed, account, issuer):
    rng = random.Random(seed)
    base = "arn:aws:iam::%s:role/" % account
    n_ns = max(1, n_workloads // 50)

    # Namespaces
    ns_names = ["%s-%s-%d" % (TEAMS[i % len(TEAMS)], WORDS[(i * 7) % len(WORDS)], i) for i in range(n_ns)]
    ns_mode = {}
    namespaces = []
    for name in ns_names:
        mode = weighted(rng, [("kiam", 80), ("kube2iam", 10), ("none", 10)])
        ns_mode[name] = mode
        if mode == "kiam":
            ann = {"iam.amazonaws.com/permitted": "%sapps/%s-.*" % (base, name)}
        elif mode == "kube2iam":
            ann = {"iam.amazonaws.com/allowed-roles": json.dumps(["%sapps/%s-*" % (base, name), "shared-*"])}
        else:
            ann = None
        namespaces.append(F.namespace(name, ann, {"team": name.split("-")[0]}))

    # Roles: most belong to a namespace (`apps/<ns>-<word>-<i>`), some are shared at path `/`
    roles = {}  # arn -> (name, path, ns or None)
    for i in range(n_roles):
        if rng.random() < 0.1:
            name, path, owner = "shared-%s-%d" % (rng.choice(WORDS), i), "/", None
        else:
            owner = ns_names[i % n_ns]
            name, path = "%s-%s-%d" % (owner, rng.choice(WORDS), i), "/apps/"
        roles[F.role_arn(account, name, path)] = (name, path, owner)
    by_ns = {}
    shared = []
    for arn, (name, path, owner) in roles.items():
        (by_ns.setdefault(owner, []) if owner else shared).append(arn)

    # Workloads
    items = list(namespaces)
    subjects = {}  # role arn -> set of (ns, sa) already trusted via IRSA
    service_accounts = {}
    counters = {}
    for i in range(n_workloads):
        ns = ns_names[i % n_ns]
        kind = weighted(rng, KINDS)
        counters[ns] = counters.get(ns, 0) + 1
        name = "%s-%s-%d" % (rng.choice(WORDS), rng.choice(WORDS), counters[ns])
        pool = by_ns.get(ns) or shared
        arn = None
        ann_value = None
        if pool and rng.random() < 0.85:
            arn = rng.choice(pool if rng.random() < 0.9 or not shared else shared)
            rname, rpath, _ = roles[arn]
            style = rng.random()
            if style < 0.01:
                arn = F.role_arn(account, rname + "-deleted", rpath)
                ann_value = arn
            elif style < 0.45:
                ann_value = arn
            elif style < 0.9:
                ann_value = (rpath + rname).lstrip("/")
            else:
                ann_value = rpath + rname  # leading slash
        sa_style = rng.random()
        if sa_style < 0.7:
            sa = name
        elif sa_style < 0.85:
            sa = None if rng.random() < 0.5 else "default"
        else:
            sa = "%s-shared" % ns
        migrated = arn is not None and arn in roles and sa == name and rng.random() < 0.1
        pod_ann = {}
        if ann_value and rng.random() < 0.005:
            pod_ann["iam.amazonaws.com/external-id"] = "ext-%08x" % rng.getrandbits(32)
        env = []
        if rng.random() < 0.005:
            env = [F.env_var("AWS_ACCESS_KEY_ID", secret=(name + "-aws", "access-key-id")),
                   F.env_var("AWS_SECRET_ACCESS_KEY", secret=(name + "-aws", "secret-access-key"))]
        labels = {}
        annotations = {}
        r = rng.random()
        if r < 0.2:
            labels = {"app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "%s-1.%d.0" % (name, rng.randrange(20))}
            annotations = {"meta.helm.sh/release-name": name, "meta.helm.sh/release-namespace": ns}
        elif r < 0.3:
            labels = {"argocd.argoproj.io/instance": name}
        pods = 0
        if rng.random() < 0.05:
            pods = 1 if kind in ("CronJob", "Job") else rng.randint(1, 2)
        objs = F.app(kind, ns, name, role=None if migrated else ann_value, sa=sa, env=env, pod_annotations=pod_ann,
                     labels=labels, annotations=annotations, host_network=(kind == "DaemonSet" and rng.random() < 0.3),
                     replicas=rng.randint(1, 4), pods=pods, managed=rng.random() < 0.12, lean=rng.random() < 0.75,
                     manager="helm" if labels.get("app.kubernetes.io/managed-by") == "Helm" else None,
                     injected_irsa=(arn, F.AUD) if migrated else None)
        items += objs
        if sa not in (None, "default"):
            if migrated:
                service_accounts[(ns, sa)] = {"eks.amazonaws.com/role-arn": arn}
                subjects.setdefault(arn, set()).add((ns, sa))
            else:
                service_accounts.setdefault((ns, sa), None)
    for (ns, sa), ann in sorted(service_accounts.items()):
        items.append(F.service_account(ns, sa, ann))

    # Roles with their trust documents
    node_role = "fleet-nodes"
    role_objs = [F.node_role(account, node_role), F.kiam_server_role(account, node_role)]
    for arn in sorted(roles):
        name, path, owner = roles[arn]
        mode = ns_mode.get(owner, "kiam")
        stmts = [F.node_role_statement(account, node_role) if mode == "kube2iam" else F.kiam_statement(account)]
        if rng.random() < 0.1:
            stmts.append(F.irsa_statement(account, OLD_ISSUER, [(owner or "default", "legacy-%d" % rng.randrange(100))]))
        if arn in subjects:
            stmts.append(F.irsa_statement(account, issuer, sorted(subjects[arn])))
        role_objs.append(F.role(account, name, F.trust(*stmts), path=path, encoded=rng.random() < 0.03,
                                description="fleet application role" if rng.random() < 0.5 else None))
    oidc = F.providers([(account, issuer, [F.AUD]), (account, OLD_ISSUER, [F.AUD])])
    return F.k8s_list(items), role_objs, oidc


def main():
    ap = argparse.ArgumentParser(description="Deterministic synthetic irsa-migrate snapshot at fleet scale.")
    ap.add_argument("--workloads", type=int, default=10000)
    ap.add_argument("--roles", type=int, default=5000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--account", default=F.ACCOUNT)
    ap.add_argument("--issuer", default="https://" + F.DEMO_ISSUER)
    ap.add_argument("--indent", type=int, default=0, help="0 = compact (default); 4 = as kubectl/aws print it")
    a = ap.parse_args()
    if a.workloads < 1 or a.roles < 1:
        ap.error("--workloads and --roles must be at least 1")
    k8s, roles, oidc = build(a.workloads, a.roles, a.seed, a.account, a.issuer)
    os.makedirs(a.out, exist_ok=True)
    for fname, obj in (("kubernetes.json", k8s), ("iam-roles.json", {"Roles": roles}), ("oidc-providers.json", oidc)):
        with open(os.path.join(a.out, fname), "w") as f:
            if a.indent:
                json.dump(obj, f, indent=a.indent)
            else:
                json.dump(obj, f, separators=(",", ":"))
            f.write("\n")
    n = sum(1 for o in k8s["items"] if o["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "CronJob")
            or (o["kind"] in ("Job", "Pod") and not o["metadata"].get("ownerReferences")))
    print("%d workloads, %d objects, %d roles -> %s" % (n, len(k8s["items"]), len(roles), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
