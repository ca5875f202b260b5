"""Builders for snapshot fixtures: Kubernetes objects as `kubectl get -o json` prints them,
IAM roles as `aws iam list-roles --output json` prints them, and OIDC provider lists.

Stdlib only, no clock, no randomness: every uid, resourceVersion and RoleId is derived from
the object's identity, so regenerating gives byte-identical files.
Used by generate_estate.py (fleet scale) and generate_golden_inputs.py (golden cases, demo).
"""

import hashlib
import json
import os
import urllib.parse
import uuid

UID_NAMESPACE = uuid.UUID("5b1e6f64-7c1a-4c53-9a53-2f1d3c0e9b11")
CREATED = "2025-03-14T09:26:53Z"
ROLE_CREATED = "2023-06-02T11:04:17+00:00"
KIND_ORDER = ["Namespace", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod"]

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
DEMO_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
AUD = "sts.amazonaws.com"


def _h(*parts):
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()


def uid(*parts):
    return str(uuid.uuid5(UID_NAMESPACE, "/".join(str(p) for p in parts)))


def resource_version(*parts):
    return str(int(_h("rv", *parts)[:8], 16) % 90000000 + 1000000)


def suffix(n, *parts):
    """Kubernetes-style random suffix (bcdfghjklmnpqrstvwxz2456789), derived from parts."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    digest = int(_h("sfx", *parts), 16)
    out = []
    for _ in range(n):
        digest, r = divmod(digest, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


def timestamp(*parts, base_day=14):
    """A fixed, identity-derived timestamp in March 2025."""
    v = int(_h("ts", *parts)[:8], 16)
    day = 1 + (base_day + v % 10) % 28
    return "2025-03-%02dT%02d:%02d:%02dZ" % (day, (v >> 4) % 24, (v >> 9) % 60, (v >> 15) % 60)


# ---------------------------------------------------------------------------------------
# managedFields (noise that makes fleet-scale files realistic in size)

def fields_v1(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("status",):
                continue
            out["f:" + k] = fields_v1(v) if isinstance(v, (dict, list)) else {}
        if out:
            out = {".": {}, **out} if len(out) > 1 else out
        return out
    if isinstance(value, list):
        out = {}
        for item in value:
            if isinstance(item, dict) and "name" in item:
                key = "k:" + json.dumps({"name": item["name"]}, separators=(",", ":"))
                out[key] = {".": {}, **fields_v1(item)}
            elif isinstance(item, dict) and "containerPort" in item:
                key = "k:" + json.dumps({"containerPort": item["containerPort"], "protocol": item.get("protocol", "TCP")}, separators=(",", ":"))
                out[key] = {".": {}, **fields_v1(item)}
            elif isinstance(item, str):
                out["v:" + json.dumps(item)] = {}
        return out
    return {}


def managed_fields(obj, manager="kubectl-client-side-apply", status_manager="kube-controller-manager"):
    spec_part = {"metadata": {k: v for k, v in obj["metadata"].items() if k in ("annotations", "labels")},
                 "spec": obj.get("spec", {})}
    entries = [{
        "apiVersion": obj["apiVersion"],
        "fieldsType": "FieldsV1",
        "fieldsV1": {k: v for k, v in fields_v1(spec_part).items() if k != "."},
        "manager": manager,
        "operation": "Update",
        "time": obj["metadata"]["creationTimestamp"],
    }]
    if "status" in obj and status_manager:
        entries.append({
            "apiVersion": obj["apiVersion"],
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:status": fields_v1(obj["status"]) if isinstance(obj["status"], dict) else {}},
            "manager": status_manager,
            "operation": "Update",
            "subresource": "status",
            "time": timestamp("status", obj["metadata"].get("namespace", ""), obj["metadata"]["name"], base_day=20),
        })
    # fields_v1 skips "status" keys; give the status entry its own expansion
    if len(entries) == 2:
        st = obj["status"]
        entries[1]["fieldsV1"] = {"f:status": {("f:" + k): (fields_v1(v) if isinstance(v, (dict, list)) else {}) for k, v in st.items()}}
    return entries


# ---------------------------------------------------------------------------------------
# Kubernetes objects

def _meta(kind, name, namespace=None, labels=None, annotations=None, owner=None, generation=None, created=None):
    m = {}
    if annotations:
        m["annotations"] = dict(sorted(annotations.items()))
    m["creationTimestamp"] = created or timestamp(kind, namespace or "", name)
    if generation is not None:
        m["generation"] = generation
    if labels:
        m["labels"] = dict(sorted(labels.items()))
    m["name"] = name
    if namespace is not None:
        m["namespace"] = namespace
    if owner:
        m["ownerReferences"] = [owner]
    m["resourceVersion"] = resource_version(kind, namespace or "", name)
    m["uid"] = uid(kind, namespace or "", name)
    return m


def owner_ref(api_version, kind, name, namespace, block=True):
    return {
        "apiVersion": api_version,
        "blockOwnerDeletion": block,
        "controller": True,
        "kind": kind,
        "name": name,
        "uid": uid(kind, namespace, name),
    }


def namespace(name, annotations=None, labels=None):
    lb = {"kubernetes.io/metadata.name": name}
    lb.update(labels or {})
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": _meta("Namespace", name, labels=lb, annotations=annotations),
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    }


def service_account(ns, name, annotations=None, labels=None, automount=None, image_pull_secrets=None):
    o = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": _meta("ServiceAccount", name, ns, labels=labels, annotations=annotations),
    }
    if automount is not None:
        o["automountServiceAccountToken"] = automount
    if image_pull_secrets:
        o["imagePullSecrets"] = [{"name": s} for s in image_pull_secrets]
    return o


def env_var(name, value=None, secret=None, field=None):
    if secret:
        return {"name": name, "valueFrom": {"secretKeyRef": {"key": secret[1], "name": secret[0]}}}
    if field:
        return {"name": name, "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": field}}}
    return {"name": name, "value": value}


def container(name, image, env=None, ports=None, cpu="100m", memory="128Mi", mounts=None, args=None, probes=True):
    c = {}
    if args:
        c["args"] = list(args)
    if env:
        c["env"] = list(env)
    c["image"] = image
    c["imagePullPolicy"] = "IfNotPresent"
    if probes and ports:
        c["livenessProbe"] = {
            "failureThreshold": 3,
            "httpGet": {"path": "/healthz", "port": ports[0], "scheme": "HTTP"},
            "initialDelaySeconds": 10,
            "periodSeconds": 10,
            "successThreshold": 1,
            "timeoutSeconds": 1,
        }
    c["name"] = name
    if ports:
        c["ports"] = [{"containerPort": p, "name": "http" if i == 0 else "p%d" % p, "protocol": "TCP"} for i, p in enumerate(ports)]
    if probes and ports:
        c["readinessProbe"] = {
            "failureThreshold": 3,
            "httpGet": {"path": "/ready", "port": ports[0], "scheme": "HTTP"},
            "periodSeconds": 5,
            "successThreshold": 1,
            "timeoutSeconds": 1,
        }
    c["resources"] = {"limits": {"memory": memory}, "requests": {"cpu": cpu, "memory": memory}}
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    if mounts:
        c["volumeMounts"] = list(mounts)
    return c


def pod_spec(containers, sa=None, host_network=False, volumes=None, restart="Always", init_containers=None,
             node_selector=None, tolerations=None):
    s = {"containers": containers, "dnsPolicy": "ClusterFirstWithHostNet" if host_network else "ClusterFirst"}
    if host_network:
        s["hostNetwork"] = True
    if init_containers:
        s["initContainers"] = init_containers
    if node_selector:
        s["nodeSelector"] = node_selector
    s["restartPolicy"] = restart
    s["schedulerName"] = "default-scheduler"
    s["securityContext"] = {}
    if sa is not None:
        # kubectl prints the deprecated alias too when the template names a service account
        s["serviceAccount"] = sa
        s["serviceAccountName"] = sa
    s["terminationGracePeriodSeconds"] = 30
    if tolerations:
        s["tolerations"] = tolerations
    if volumes:
        s["volumes"] = volumes
    return s


def template(labels, spec, annotations=None):
    md = {}
    if annotations:
        md["annotations"] = dict(sorted(annotations.items()))
    md["creationTimestamp"] = None
    md["labels"] = dict(sorted(labels.items()))
    return {"metadata": md, "spec": spec}


def _cond(type_, status, reason, message, ts):
    return {"lastTransitionTime": ts, "lastUpdateTime": ts, "message": message, "reason": reason,
            "status": status, "type": type_}


def deployment(ns, name, tpl, replicas=2, labels=None, annotations=None, with_managed_fields=False, manager=None):
    ann = {"deployment.kubernetes.io/revision": str(1 + int(_h(ns, name)[:2], 16) % 7)}
    ann.update(annotations or {})
    ts = timestamp("Deployment", ns, name, base_day=18)
    o = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta("Deployment", name, ns, labels=labels, annotations=ann, generation=int(ann["deployment.kubernetes.io/revision"])),
        "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": replicas,
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
            "template": tpl,
        },
        "status": {
            "availableReplicas": replicas,
            "conditions": [
                _cond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", ts),
                _cond("Progressing", "True", "NewReplicaSetAvailable",
                      'ReplicaSet "%s-%s" has successfully progressed.' % (name, rs_hash(ns, name)), ts),
            ],
            "observedGeneration": int(ann["deployment.kubernetes.io/revision"]),
            "readyReplicas": replicas,
            "replicas": replicas,
            "updatedReplicas": replicas,
        },
    }
    if with_managed_fields:
        o["metadata"]["managedFields"] = managed_fields(o, manager or "kubectl-client-side-apply")
        o["metadata"] = _sorted_meta(o["metadata"])
    return o


def _sorted_meta(m):
    return dict(sorted(m.items()))


def statefulset(ns, name, tpl, replicas=1, labels=None, annotations=None, with_managed_fields=False, manager=None):
    o = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": _meta("StatefulSet", name, ns, labels=labels, annotations=annotations, generation=2),
        "spec": {
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
            "podManagementPolicy": "OrderedReady",
            "replicas": replicas,
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "serviceName": name,
            "template": tpl,
            "updateStrategy": {"rollingUpdate": {"partition": 0}, "type": "RollingUpdate"},
            "volumeClaimTemplates": [{
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"creationTimestamp": None, "name": "data"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                         "storageClassName": "gp3", "volumeMode": "Filesystem"},
                "status": {"phase": "Pending"},
            }],
        },
        "status": {
            "availableReplicas": replicas, "collisionCount": 0,
            "currentReplicas": replicas, "currentRevision": "%s-%s" % (name, rs_hash(ns, name, "sts")),
            "observedGeneration": 2, "readyReplicas": replicas, "replicas": replicas,
            "updateRevision": "%s-%s" % (name, rs_hash(ns, name, "sts")), "updatedReplicas": replicas,
        },
    }
    if with_managed_fields:
        o["metadata"]["managedFields"] = managed_fields(o, manager or "kubectl-client-side-apply")
        o["metadata"] = _sorted_meta(o["metadata"])
    return o


def daemonset(ns, name, tpl, labels=None, annotations=None, nodes=3, with_managed_fields=False, manager=None):
    o = {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": _meta("DaemonSet", name, ns, labels=labels,
                          annotations={"deprecated.daemonset.template.generation": "4", **(annotations or {})}, generation=4),
        "spec": {
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "template": tpl,
            "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
        },
        "status": {
            "currentNumberScheduled": nodes, "desiredNumberScheduled": nodes, "numberAvailable": nodes,
            "numberMisscheduled": 0, "numberReady": nodes, "observedGeneration": 4, "updatedNumberScheduled": nodes,
        },
    }
    if with_managed_fields:
        o["metadata"]["managedFields"] = managed_fields(o, manager or "kubectl-client-side-apply")
        o["metadata"] = _sorted_meta(o["metadata"])
    return o


def job_spec(tpl, backoff=6):
    return {"backoffLimit": backoff, "completionMode": "NonIndexed", "completions": 1, "manualSelector": False,
            "parallelism": 1, "podReplacementPolicy": "TerminatingOrFailed", "suspend": False, "template": tpl}


def cronjob(ns, name, tpl, schedule="15 3 * * *", labels=None, annotations=None, with_managed_fields=False, manager=None):
    o = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": _meta("CronJob", name, ns, labels=labels, annotations=annotations, generation=1),
        "spec": {
            "concurrencyPolicy": "Forbid",
            "failedJobsHistoryLimit": 1,
            "jobTemplate": {"metadata": {"creationTimestamp": None}, "spec": {"backoffLimit": 2, "template": tpl}},
            "schedule": schedule,
            "successfulJobsHistoryLimit": 3,
            "suspend": False,
        },
        "status": {"lastScheduleTime": "2025-03-23T03:15:00Z", "lastSuccessfulTime": "2025-03-23T03:16:42Z"},
    }
    if with_managed_fields:
        o["metadata"]["managedFields"] = managed_fields(o, manager or "kubectl-client-side-apply")
        o["metadata"] = _sorted_meta(o["metadata"])
    return o


def _job_pod_template(ns, jobname, tpl):
    """The template a Job controller stores: selector labels added."""
    t = json.loads(json.dumps(tpl))
    jl = {"batch.kubernetes.io/controller-uid": uid("Job", ns, jobname), "batch.kubernetes.io/job-name": jobname,
          "controller-uid": uid("Job", ns, jobname), "job-name": jobname}
    t["metadata"]["labels"] = dict(sorted({**t["metadata"].get("labels", {}), **jl}.items()))
    return t


def job(ns, name, tpl, labels=None, annotations=None, owner=None, succeeded=True):
    t = _job_pod_template(ns, name, tpl)
    if t["spec"].get("restartPolicy") == "Always":
        t["spec"]["restartPolicy"] = "Never"
    spec = job_spec(t, backoff=2 if owner else 6)
    spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid("Job", ns, name)}}
    ts = timestamp("Job", ns, name, base_day=22)
    o = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": _meta("Job", name, ns, labels={**(labels or {}), **{k: v for k, v in t["metadata"]["labels"].items() if "controller-uid" in k or "job-name" in k}},
                          annotations={"batch.kubernetes.io/job-tracking": "", **(annotations or {})}, owner=owner, generation=1),
        "spec": spec,
        "status": ({"completionTime": ts, "conditions": [{"lastProbeTime": ts, "lastTransitionTime": ts, "status": "True", "type": "Complete"}],
                    "ready": 0, "startTime": ts, "succeeded": 1, "terminating": 0, "uncountedTerminatedPods": {}}
                   if succeeded else {"active": 1, "ready": 1, "startTime": ts, "terminating": 0, "uncountedTerminatedPods": {}}),
    }
    return o


def rs_hash(*parts):
    return suffix(10, "rs", *parts)


def pod_from_template(ns, name, tpl, owner=None, extra_labels=None, node="ip-10-0-12-34.eu-west-1.compute.internal",
                      phase="Running", with_managed_fields=False, injected_irsa=None):
    """A Pod as the controllers create it from `tpl` (or a bare pod when owner is None).

    injected_irsa: (role_arn, audience) to add what the pod identity webhook injects."""
    spec = json.loads(json.dumps(tpl["spec"]))
    sa = spec.get("serviceAccountName") or "default"
    spec["serviceAccount"] = sa
    spec["serviceAccountName"] = sa
    token_vol = "kube-api-access-" + suffix(5, "kaa", ns, name)
    for c in spec["containers"] + spec.get("initContainers", []):
        c.setdefault("volumeMounts", []).append(
            {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": token_vol, "readOnly": True})
        if injected_irsa:
            c.setdefault("env", []).extend([
                {"name": "AWS_STS_REGIONAL_ENDPOINTS", "value": "regional"},
                {"name": "AWS_DEFAULT_REGION", "value": "eu-west-1"},
                {"name": "AWS_REGION", "value": "eu-west-1"},
                {"name": "AWS_ROLE_ARN", "value": injected_irsa[0]},
                {"name": "AWS_WEB_IDENTITY_TOKEN_FILE", "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"},
            ])
            c["volumeMounts"].append({"mountPath": "/var/run/secrets/eks.amazonaws.com/serviceaccount", "name": "aws-iam-token", "readOnly": True})
    vols = spec.get("volumes", [])
    if injected_irsa:
        vols.append({"name": "aws-iam-token", "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"audience": injected_irsa[1], "expirationSeconds": 86400, "path": "token"}}]}})
    vols.append({"name": token_vol, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
    ]}})
    spec["volumes"] = vols
    spec["enableServiceLinks"] = True
    spec["nodeName"] = node
    spec["preemptionPolicy"] = "PreemptLowerPriority"
    spec["priority"] = 0
    spec.setdefault("tolerations", []).extend([
        {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
        {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
    ])
    spec = dict(sorted(spec.items()))
    labels = dict(tpl["metadata"].get("labels", {}))
    labels.update(extra_labels or {})
    ts = timestamp("Pod", ns, name, base_day=21)
    ip = "10.0.%d.%d" % (int(_h("ip", ns, name)[:2], 16), int(_h("ip", ns, name)[2:4], 16) or 1)
    status = {
        "conditions": [
            {"lastProbeTime": None, "lastTransitionTime": ts, "status": "True", "type": t}
            for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
        ],
        "containerStatuses": [{
            "containerID": "containerd://" + _h("cid", ns, name, c["name"]),
            "image": c["image"], "imageID": c["image"].split(":")[0] + "@sha256:" + _h("img", c["image"]),
            "lastState": {}, "name": c["name"], "ready": True, "restartCount": 0, "started": True,
            "state": {"running": {"startedAt": ts}},
        } for c in spec["containers"]],
        "hostIP": "10.0.12.34",
        "hostIPs": [{"ip": "10.0.12.34"}],
        "phase": phase,
        "podIP": "10.0.12.34" if spec.get("hostNetwork") else ip,
        "podIPs": [{"ip": "10.0.12.34" if spec.get("hostNetwork") else ip}],
        "qosClass": "Burstable",
        "startTime": ts,
    }
    if phase == "Succeeded":
        status["conditions"] = [dict(c, status="False") if c["type"] in ("Ready", "ContainersReady") else c for c in status["conditions"]]
        for cs in status["containerStatuses"]:
            cs["ready"] = False
            cs["started"] = False
            cs["state"] = {"terminated": {"containerID": cs["containerID"], "exitCode": 0, "finishedAt": ts, "reason": "Completed", "startedAt": ts}}
    o = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": _meta("Pod", name, ns, labels=labels, annotations=tpl["metadata"].get("annotations"), owner=owner),
        "spec": spec,
        "status": status,
    }
    if with_managed_fields:
        o["metadata"]["managedFields"] = managed_fields(o, "kube-controller-manager", "kubelet")
        o["metadata"] = _sorted_meta(o["metadata"])
    return o


def owned_pods(workload, count=1, with_managed_fields=False, injected_irsa=None):
    """Pods (and for CronJobs, the Job) that controllers created for a workload."""
    kind = workload["kind"]
    ns = workload["metadata"]["namespace"]
    name = workload["metadata"]["name"]
    out = []
    if kind == "Deployment":
        h = rs_hash(ns, name)
        rs = name + "-" + h
        tpl = workload["spec"]["template"]
        for i in range(count):
            out.append(pod_from_template(ns, "%s-%s" % (rs, suffix(5, ns, name, i)), tpl,
                                         owner_ref("apps/v1", "ReplicaSet", rs, ns), {"pod-template-hash": h},
                                         with_managed_fields=with_managed_fields, injected_irsa=injected_irsa))
    elif kind == "StatefulSet":
        tpl = workload["spec"]["template"]
        rev = workload["status"]["currentRevision"]
        for i in range(count):
            pn = "%s-%d" % (name, i)
            out.append(pod_from_template(ns, pn, tpl, owner_ref("apps/v1", "StatefulSet", name, ns),
                                         {"apps.kubernetes.io/pod-index": str(i), "controller-revision-hash": rev,
                                          "statefulset.kubernetes.io/pod-name": pn},
                                         with_managed_fields=with_managed_fields, injected_irsa=injected_irsa))
    elif kind == "DaemonSet":
        tpl = workload["spec"]["template"]
        for i in range(count):
            out.append(pod_from_template(ns, "%s-%s" % (name, suffix(5, ns, name, i)), tpl,
                                         owner_ref("apps/v1", "DaemonSet", name, ns),
                                         {"controller-revision-hash": suffix(9, "cr", ns, name), "pod-template-generation": "4"},
                                         node="ip-10-0-%d-17.eu-west-1.compute.internal" % (20 + i),
                                         with_managed_fields=with_managed_fields, injected_irsa=injected_irsa))
    elif kind == "CronJob":
        jn = "%s-%d" % (name, 29045475 + int(_h(ns, name)[:3], 16))
        tpl = workload["spec"]["jobTemplate"]["spec"]["template"]
        j = job(ns, jn, tpl, owner=owner_ref("batch/v1", "CronJob", name, ns))
        out.append(j)
        out.append(pod_from_template(ns, "%s-%s" % (jn, suffix(5, ns, jn)), j["spec"]["template"],
                                     owner_ref("batch/v1", "Job", jn, ns), phase="Succeeded",
                                     with_managed_fields=with_managed_fields, injected_irsa=injected_irsa))
    elif kind == "Job":
        out.append(pod_from_template(ns, "%s-%s" % (name, suffix(5, ns, name)), workload["spec"]["template"],
                                     owner_ref("batch/v1", "Job", name, ns), phase="Succeeded",
                                     with_managed_fields=with_managed_fields, injected_irsa=injected_irsa))
    return out


def k8s_list(items, add_default_service_accounts=True):
    items = list(items)
    if add_default_service_accounts:
        have = {(o["metadata"].get("namespace"), o["metadata"]["name"]) for o in items if o["kind"] == "ServiceAccount"}
        for o in list(items):
            if o["kind"] == "Namespace" and (o["metadata"]["name"], "default") not in have:
                items.append(service_account(o["metadata"]["name"], "default"))
    items.sort(key=lambda o: (KIND_ORDER.index(o["kind"]), o["metadata"].get("namespace", ""), o["metadata"]["name"]))
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


EMPTY_LIST = {"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}


# ---------------------------------------------------------------------------------------
# IAM

def issuer_hp(url):
    return url.split("://", 1)[-1].rstrip("/")


def provider_arn(account, issuer, partition="aws"):
    return "arn:%s:iam::%s:oidc-provider/%s" % (partition, account, issuer_hp(issuer))


def role_arn(account, name, path="/", partition="aws"):
    return "arn:%s:iam::%s:role%s%s" % (partition, account, path, name)


def kiam_statement(account=ACCOUNT, partition="aws", sid=None):
    s = {}
    if sid:
        s["Sid"] = sid
    s.update({"Effect": "Allow", "Principal": {"AWS": "arn:%s:iam::%s:role/kiam-server" % (partition, account)},
              "Action": "sts:AssumeRole"})
    return s


def node_role_statement(account=ACCOUNT, role="prod-eu1-nodes", partition="aws"):
    return {"Effect": "Allow", "Principal": {"AWS": "arn:%s:iam::%s:role/%s" % (partition, account, role)},
            "Action": "sts:AssumeRole"}


def service_statement(service="ec2.amazonaws.com"):
    return {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}


def subject(ns, sa):
    return "system:serviceaccount:%s:%s" % (ns, sa)


def irsa_statement(account, issuer, subjects, aud=AUD, partition="aws", sub_operator="StringEquals", sid=None):
    """The real IRSA form. `subjects`: one subject string or a list; (ns, sa) tuples allowed."""
    hp = issuer_hp(issuer)
    if isinstance(subjects, tuple):
        subjects = subject(*subjects)
    if isinstance(subjects, list):
        subjects = [subject(*s) if isinstance(s, tuple) else s for s in subjects]
        if len(subjects) == 1:
            subjects = subjects[0]
    if sub_operator == "StringEquals":
        cond = {"StringEquals": {hp + ":sub": subjects, hp + ":aud": aud}}
    else:
        cond = {"StringEquals": {hp + ":aud": aud}, sub_operator: {hp + ":sub": subjects}}
    s = {}
    if sid:
        s["Sid"] = sid
    s.update({"Effect": "Allow", "Principal": {"Federated": provider_arn(account, issuer, partition)},
              "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond})
    return s


def trust(*statements, version="2012-10-17"):
    return {"Version": version, "Statement": list(statements)}


def minified(doc):
    return json.dumps(doc, separators=(",", ":"))


def url_encoded(doc_or_text):
    """As the raw IAM API returns it: RFC 3986 percent-encoding of the stored text."""
    text = doc_or_text if isinstance(doc_or_text, str) else minified(doc_or_text)
    return urllib.parse.quote(text, safe="")


def role(account, name, doc, path="/", partition="aws", description=None, max_session=3600, encoded=False, created=None):
    r = {
        "Path": path,
        "RoleName": name,
        "RoleId": "AROA" + "".join(c for c in _h("roleid", partition, account, path, name).upper() if c.isalnum())[:17]
        .translate(str.maketrans("0189", "QXYZ")),
        "Arn": role_arn(account, name, path, partition),
        "CreateDate": created or ROLE_CREATED,
        "AssumeRolePolicyDocument": url_encoded(doc) if encoded else doc,
    }
    if description:
        r["Description"] = description
    r["MaxSessionDuration"] = max_session
    return r


def kiam_server_role(account=ACCOUNT, node_role="prod-eu1-nodes"):
    return role(account, "kiam-server", trust(node_role_statement(account, node_role)),
                description="kiam server: assumes application roles on behalf of pods")


def node_role(account=ACCOUNT, name="prod-eu1-nodes"):
    return role(account, name, trust(service_statement()), description="EKS worker nodes")


def providers(entries, with_details=True):
    """entries: (account, issuer, client_ids[, partition])."""
    out = []
    for e in entries:
        account, issuer, client_ids = e[0], e[1], e[2]
        partition = e[3] if len(e) > 3 else "aws"
        p = {"Arn": provider_arn(account, issuer, partition)}
        if with_details:
            p["Url"] = issuer_hp(issuer)
            p["ClientIDList"] = list(client_ids)
        out.append(p)
    return {"OpenIDConnectProviderList": out}


# ---------------------------------------------------------------------------------------
# Output

def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=4, ensure_ascii=False)
        f.write("\n")


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text if text.endswith("\n") else text + "\n")


def write_snapshot(directory, k8s, roles, oidc=None):
    write_json(os.path.join(directory, "kubernetes.json"), k8s)
    write_json(os.path.join(directory, "iam-roles.json"), {"Roles": roles})
    if oidc is not None:
        write_json(os.path.join(directory, "oidc-providers.json"), oidc)


# ---------------------------------------------------------------------------------------
# One application workload with its controller-created objects

ROLE_ANNOTATION = "iam.amazonaws.com/role"


def app(kind, ns, name, role=None, sa=None, image=None, env=None, pod_annotations=None, labels=None,
        annotations=None, host_network=False, replicas=2, pods=1, managed=False, manager=None,
        injected_irsa=None, schedule="15 3 * * *", ports=(8080,), extra_containers=None, pod_labels=None,
        lean=False):
    """Returns [workload, owned objects...]. `role` goes on the pod template as the kiam annotation."""
    pa = dict(pod_annotations or {})
    if role is not None:
        pa[ROLE_ANNOTATION] = role
    pl = {"app.kubernetes.io/name": name}
    pl.update(pod_labels or {})
    lb = {"app.kubernetes.io/name": name}
    lb.update(labels or {})
    img = image or "123456789012.dkr.ecr.eu-west-1.amazonaws.com/%s/%s:1.%d.%d" % (ns, name, int(_h(name)[:2], 16) % 20, int(_h(name)[2:4], 16) % 10)
    envs = ([] if lean else [env_var("LOG_LEVEL", "info"), env_var("POD_NAME", field="metadata.name")]) + list(env or [])
    mounts = None if lean else [{"mountPath": "/etc/%s" % name, "name": "config", "readOnly": True}]
    vols = None if lean else [{"configMap": {"defaultMode": 420, "name": name + "-config"}, "name": "config"}]
    cs = [container(name if kind != "DaemonSet" else "agent", img, envs, list(ports) if ports and kind not in ("CronJob", "Job") else None,
                    mounts=mounts, probes=not lean)]
    cs += list(extra_containers or [])
    restart = "OnFailure" if kind in ("CronJob", "Job") else "Always"
    if kind == "Pod":
        restart = "Always"
    spec = pod_spec(cs, sa=sa, host_network=host_network, volumes=vols, restart=restart,
                    tolerations=[{"operator": "Exists"}] if kind == "DaemonSet" else None)
    tpl = template(pl, spec, pa)
    if kind == "Deployment":
        w = deployment(ns, name, tpl, replicas, lb, annotations, managed, manager)
    elif kind == "StatefulSet":
        w = statefulset(ns, name, tpl, max(1, pods), lb, annotations, managed, manager)
    elif kind == "DaemonSet":
        w = daemonset(ns, name, tpl, lb, annotations, max(1, pods), managed, manager)
    elif kind == "CronJob":
        w = cronjob(ns, name, tpl, schedule, lb, annotations, managed, manager)
    elif kind == "Job":
        w = job(ns, name, tpl, lb, annotations)
    elif kind == "Pod":
        tpl["metadata"]["labels"] = dict(sorted({**pl, **lb}.items()))
        tpl["metadata"]["annotations"] = dict(sorted({**pa, **(annotations or {})}.items())) or None
        if tpl["metadata"]["annotations"] is None:
            del tpl["metadata"]["annotations"]
        return [pod_from_template(ns, name, tpl, owner=None, with_managed_fields=managed, injected_irsa=injected_irsa)]
    else:
        raise ValueError(kind)
    return [w] + (owned_pods(w, pods, with_managed_fields=managed, injected_irsa=injected_irsa) if pods else [])
