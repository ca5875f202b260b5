"""The cluster's behaviour on top of the store: workload controllers and the pod identity webhook.

- Deployment -> ReplicaSet `NAME-HASH` -> pods `NAME-HASH-xxxxx` (label pod-template-hash);
  StatefulSet -> pods `NAME-0..N-1` (controller-revision-hash); DaemonSet -> one pod per
  emulated node (2 by default). A template change deletes the old pods (old ReplicaSets are
  scaled to 0 and kept) and creates new ones; status then shows a finished rollout.
- A workload marked stuck keeps its old pods, gets observedGeneration = generation but
  updatedReplicas short, and (by default) `Progressing=False, ProgressDeadlineExceeded`.
- Pods are mutated at creation like the EKS pod identity webhook.
- Jobs and CronJobs get no pods.
"""

import copy
import hashlib
import json
import uuid

from .store import BY_KIND, ApiError, Kind, Store, now_iso

ROLE_ANN = "eks.amazonaws.com/role-arn"
AUD_ANN = "eks.amazonaws.com/audience"
REGIONAL_ANN = "eks.amazonaws.com/sts-regional-endpoints"
EXPIRATION_ANN = "eks.amazonaws.com/token-expiration"
SKIP_LABEL = "eks.amazonaws.com/skip-pod-identity-webhook"
SKIP_CONTAINERS_ANN = "eks.amazonaws.com/skip-containers"
TOKEN_DIR = "/var/run/secrets/eks.amazonaws.com/serviceaccount"
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")


def template_hash(template: dict) -> str:
    digest = hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()
    return digest[:10]


def _owner(obj: dict) -> dict:
    return {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": obj["metadata"]["name"],
            "uid": obj["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


class Cluster:
    def __init__(self, store: Store, nodes: int = 2) -> None:
        self.store = store
        self.nodes = nodes
        self.webhook_enabled = True
        self.stuck: dict[tuple[str, str, str], bool] = {}  # key -> progressDeadlineExceeded
        self.seed_defaults()

    def seed_defaults(self) -> None:
        for ns in ("default", "kube-system"):
            self.create(BY_KIND["Namespace"], None, {"metadata": {"name": ns}})

    @staticmethod
    def apply_defaults(kind: Kind, obj: dict) -> dict:
        """The few API defaults kubectl relies on (rollout status needs the update strategy)."""
        obj = copy.deepcopy(obj)
        spec = obj.setdefault("spec", {}) if kind.kind in WORKLOADS else obj.get("spec")
        if kind.kind == "Deployment":
            spec.setdefault("replicas", 1)
            spec.setdefault("strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
            spec.setdefault("progressDeadlineSeconds", 600)
            spec.setdefault("revisionHistoryLimit", 10)
        elif kind.kind == "StatefulSet":
            spec.setdefault("replicas", 1)
            spec.setdefault("podManagementPolicy", "OrderedReady")
            spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        elif kind.kind == "DaemonSet":
            spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        return obj

    # ---- writes through the API ----
    def create(self, kind: Kind, namespace: str | None, obj: dict) -> dict:
        obj = self.apply_defaults(kind, obj)
        if kind.kind == "Pod":
            obj = self.mutate_pod(copy.deepcopy(obj), namespace or obj.get("metadata", {}).get("namespace") or "default")
        if kind.kind == "Namespace":
            obj = copy.deepcopy(obj)
            obj["status"] = {"phase": "Active"}
        created = self.store.create(kind, namespace, obj)
        if kind.kind == "Namespace":
            self.store.create(BY_KIND["ServiceAccount"], created["metadata"]["name"], {"metadata": {"name": "default"}})
        if kind.kind in WORKLOADS:
            created = self.reconcile(kind, created)
        return created

    def replace(self, kind: Kind, new: dict, subresource: str | None = None, check_rv: bool = True) -> dict:
        new = self.apply_defaults(kind, new)
        stored = self.store.replace(kind, new, subresource, check_rv)
        if kind.kind in WORKLOADS and subresource != "status":
            stored = self.reconcile(kind, stored)
        return stored

    def delete(self, kind: Kind, namespace: str | None, name: str) -> dict:
        deleted = self.store.delete(kind, namespace, name)
        self._collect_garbage()
        if kind.kind == "Namespace":
            for (k, ns, n) in [key for key in self.store.objects if key[1] == name]:
                self.store.delete(BY_KIND[k], ns, n)
        return deleted

    def _collect_garbage(self) -> None:
        """Delete objects whose controller owner is gone (background cascading deletion)."""
        while True:
            uids = {o["metadata"]["uid"] for o in self.store.objects.values()}
            orphans = [(k, ns, n) for (k, ns, n), o in self.store.objects.items()
                       if any(r.get("controller") and r.get("uid") not in uids
                              for r in o["metadata"].get("ownerReferences") or [])]
            if not orphans:
                return
            for k, ns, n in orphans:
                self.store.delete(BY_KIND[k], ns, n)

    # ---- controllers ----
    def set_stuck(self, kind_name: str, namespace: str, name: str, stuck: bool, deadline: bool = True) -> dict:
        kind = next((k for k in BY_KIND.values() if k.kind in WORKLOADS and kind_name.lower() in
                     (k.kind.lower(), k.plural, *k.shortnames)), None)
        if kind is None:
            raise ApiError(400, "BadRequest", f"stuck: kind must be one of {', '.join(WORKLOADS)}, not {kind_name!r}")
        key = (kind.kind, namespace, name)
        if stuck:
            self.stuck[key] = deadline
        else:
            self.stuck.pop(key, None)
        obj = self.store.find(kind, namespace, name)
        return self.reconcile(kind, obj) if obj is not None else {}

    def _pods_of(self, owner: dict) -> list[dict]:
        uid = owner["metadata"]["uid"]
        return [o for (k, _, _), o in list(self.store.objects.items()) if k == "Pod"
                and any(r.get("uid") == uid for r in o["metadata"].get("ownerReferences") or [])]

    def _make_pod(self, owner: dict, template: dict, name: str, extra_labels: dict) -> dict:
        pod = copy.deepcopy(template)
        meta = pod.setdefault("metadata", {})
        meta["name"] = name
        meta["labels"] = {**(meta.get("labels") or {}), **extra_labels}
        meta["ownerReferences"] = [_owner(owner)]
        pod["status"] = {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                         "startTime": now_iso()}
        return self.create(BY_KIND["Pod"], owner["metadata"]["namespace"], pod)

    def reconcile(self, kind: Kind, obj: dict) -> dict:
        ns, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        spec = obj.get("spec") or {}
        template = spec.get("template") or {}
        thash = template_hash(template)
        stuck_key = (kind.kind, ns, name)
        stuck = stuck_key in self.stuck
        desired = self.nodes if kind.kind == "DaemonSet" else int(spec.get("replicas", 1) if spec.get("replicas") is not None else 1)
        if kind.kind == "Deployment":
            current = self._reconcile_deployment(obj, template, thash, desired, stuck)
        else:
            current = self._reconcile_direct(kind, obj, template, thash, desired, stuck)
        status = self._status(kind, obj, thash, desired, current, stuck, self.stuck.get(stuck_key, True))
        fresh = self.store.get(kind, ns, name)
        if kind.kind == "Deployment":
            fresh = self._annotate_revision(fresh, thash)
        if fresh.get("status") == status:
            return fresh
        updated = copy.deepcopy(fresh)
        updated["status"] = status
        return self.store.replace(kind, updated, "status", check_rv=False)

    def _annotate_revision(self, deploy: dict, thash: str) -> dict:
        """Copy the newest ReplicaSet's revision onto the Deployment, as the controller does."""
        rs = self.store.find(BY_KIND["ReplicaSet"], deploy["metadata"]["namespace"], f"{deploy['metadata']['name']}-{thash}")
        revision = ((rs or {}).get("metadata", {}).get("annotations") or {}).get("deployment.kubernetes.io/revision")
        annotations = deploy["metadata"].get("annotations") or {}
        if revision is None or annotations.get("deployment.kubernetes.io/revision") == revision:
            return deploy
        updated = copy.deepcopy(deploy)
        updated["metadata"]["annotations"] = {**annotations, "deployment.kubernetes.io/revision": revision}
        return self.store.replace(BY_KIND["Deployment"], updated, check_rv=False)

    def _reconcile_deployment(self, obj: dict, template: dict, thash: str, desired: int, stuck: bool) -> int:
        ns, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        rs_kind = BY_KIND["ReplicaSet"]
        owned = [o for o in self.store.list(rs_kind, ns)
                 if any(r.get("uid") == obj["metadata"]["uid"] for r in o["metadata"].get("ownerReferences") or [])]
        new_rs = next((o for o in owned if o["metadata"].get("labels", {}).get("pod-template-hash") == thash), None)
        if stuck and new_rs is None and owned:
            return 0  # the new ReplicaSet never comes up
        if new_rs is None:
            labels = {**(template.get("metadata", {}).get("labels") or {}), "pod-template-hash": thash}
            rs_template = copy.deepcopy(template)
            rs_template.setdefault("metadata", {})["labels"] = labels
            new_rs = self.store.create(rs_kind, ns, {
                "metadata": {"name": f"{name}-{thash}", "labels": labels, "ownerReferences": [_owner(obj)],
                             "annotations": {"deployment.kubernetes.io/revision": str(len(owned) + 1)}},
                "spec": {"replicas": desired, "selector": {"matchLabels": labels}, "template": rs_template}})
        if stuck:
            return len(self._pods_of(new_rs))
        for old in owned:
            if old["metadata"]["uid"] == new_rs["metadata"]["uid"]:
                continue
            for pod in self._pods_of(old):
                self.store.delete(BY_KIND["Pod"], ns, pod["metadata"]["name"])
            if (old.get("spec") or {}).get("replicas") != 0:
                scaled = copy.deepcopy(old)
                scaled["spec"]["replicas"] = 0
                scaled["status"] = {"replicas": 0, "observedGeneration": old["metadata"].get("generation", 1) + 1}
                self.store.replace(rs_kind, scaled, check_rv=False)
        if (new_rs.get("spec") or {}).get("replicas") != desired:
            scaled = copy.deepcopy(new_rs)
            scaled["spec"]["replicas"] = desired
            new_rs = self.store.replace(rs_kind, scaled, check_rv=False)
        pods = self._pods_of(new_rs)
        for pod in pods[desired:]:
            self.store.delete(BY_KIND["Pod"], ns, pod["metadata"]["name"])
        for _ in range(desired - len(pods)):
            self._make_pod(new_rs, new_rs["spec"]["template"], f"{new_rs['metadata']['name']}-{uuid.uuid4().hex[:5]}", {})
        rs_status = {"replicas": desired, "readyReplicas": desired, "availableReplicas": desired,
                     "fullyLabeledReplicas": desired, "observedGeneration": new_rs["metadata"].get("generation", 1)}
        fresh_rs = self.store.get(rs_kind, ns, new_rs["metadata"]["name"])
        if fresh_rs.get("status") != rs_status:
            fresh_rs = copy.deepcopy(fresh_rs)
            fresh_rs["status"] = rs_status
            self.store.replace(rs_kind, fresh_rs, "status", check_rv=False)
        return desired

    def _reconcile_direct(self, kind: Kind, obj: dict, template: dict, thash: str, desired: int, stuck: bool) -> int:
        ns, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        pods = self._pods_of(obj)
        current = [p for p in pods if p["metadata"].get("labels", {}).get("controller-revision-hash") == f"{name}-{thash}"]
        if stuck and pods:
            return len(current)
        for pod in pods:
            if pod not in current:
                self.store.delete(BY_KIND["Pod"], ns, pod["metadata"]["name"])
        labels = {"controller-revision-hash": f"{name}-{thash}"}
        if kind.kind == "StatefulSet":
            have = {p["metadata"]["name"] for p in current}
            for i in range(desired):
                if f"{name}-{i}" not in have:
                    self._make_pod(obj, template, f"{name}-{i}", {**labels, "statefulset.kubernetes.io/pod-name": f"{name}-{i}"})
            for p in current:
                if int(p["metadata"]["name"].rsplit("-", 1)[1]) >= desired:
                    self.store.delete(BY_KIND["Pod"], ns, p["metadata"]["name"])
        else:
            labels["pod-template-generation"] = str(obj["metadata"].get("generation", 1))
            for _ in range(desired - len(current)):
                self._make_pod(obj, template, f"{name}-{uuid.uuid4().hex[:5]}", labels)
        return desired

    @staticmethod
    def _status(kind: Kind, obj: dict, thash: str, desired: int, updated: int, stuck: bool, deadline: bool) -> dict:
        gen = obj["metadata"].get("generation", 1)
        name = obj["metadata"]["name"]
        ready = desired if not stuck else max(desired, 0)
        if kind.kind == "Deployment":
            if stuck:
                progressing = ({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                                "message": f'ReplicaSet "{name}-{thash}" has timed out progressing.'} if deadline else
                               {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                                "message": f'ReplicaSet "{name}-{thash}" is progressing.'})
            else:
                progressing = {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                               "message": f'ReplicaSet "{name}-{thash}" has successfully progressed.'}
            return {"observedGeneration": gen, "replicas": desired if not stuck else desired + updated,
                    "updatedReplicas": updated if stuck else desired, "readyReplicas": ready,
                    "availableReplicas": ready, "unavailableReplicas": 0 if not stuck else max(1, updated),
                    "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                    "message": "Deployment has minimum availability."}, progressing]}
        revision = f"{name}-{thash}"
        if kind.kind == "StatefulSet":
            return {"observedGeneration": gen, "replicas": desired, "readyReplicas": ready,
                    "currentReplicas": desired if not stuck else desired - updated,
                    "updatedReplicas": desired if not stuck else updated, "availableReplicas": ready,
                    "currentRevision": revision if not stuck else f"{name}-previous", "updateRevision": revision,
                    "collisionCount": 0}
        return {"observedGeneration": gen, "desiredNumberScheduled": desired, "currentNumberScheduled": desired,
                "numberReady": ready, "numberAvailable": ready if not stuck else max(0, desired - 1),
                "numberUnavailable": 0 if not stuck else 1,
                "updatedNumberScheduled": desired if not stuck else updated, "numberMisscheduled": 0}

    # ---- pod identity webhook ----
    def mutate_pod(self, pod: dict, namespace: str) -> dict:
        spec = pod.setdefault("spec", {})
        sa_name = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
        spec["serviceAccountName"] = sa_name
        spec.setdefault("nodeName", "node-1")
        meta = pod.setdefault("metadata", {})
        if not self.webhook_enabled or SKIP_LABEL in (meta.get("labels") or {}):
            return pod
        sa = self.store.find(BY_KIND["ServiceAccount"], namespace, sa_name)
        annotations = (sa or {}).get("metadata", {}).get("annotations") or {}
        role = annotations.get(ROLE_ANN)
        if not role:
            return pod
        audience = annotations.get(AUD_ANN) or "sts.amazonaws.com"
        pod_ann = meta.get("annotations") or {}
        expiration = pod_ann.get(EXPIRATION_ANN) or annotations.get(EXPIRATION_ANN) or "86400"
        try:
            expiration_seconds = max(600, int(expiration))
        except ValueError:
            expiration_seconds = 86400
        skip = {c.strip() for c in (pod_ann.get(SKIP_CONTAINERS_ANN) or "").split(",") if c.strip()}
        env = [{"name": "AWS_ROLE_ARN", "value": role},
               {"name": "AWS_WEB_IDENTITY_TOKEN_FILE", "value": f"{TOKEN_DIR}/token"}]
        if annotations.get(REGIONAL_ANN) == "true":
            env.append({"name": "AWS_STS_REGIONAL_ENDPOINTS", "value": "regional"})
        for field in ("initContainers", "containers"):
            for container in spec.get(field) or []:
                if container.get("name") in skip:
                    continue
                existing = {e.get("name") for e in container.get("env") or []}
                if {"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"} & existing:
                    continue
                container["env"] = (container.get("env") or []) + copy.deepcopy(env)
                mounts = container.get("volumeMounts") or []
                if not any(m.get("mountPath") == TOKEN_DIR for m in mounts):
                    mounts.append({"name": "aws-iam-token", "mountPath": TOKEN_DIR, "readOnly": True})
                container["volumeMounts"] = mounts
        volumes = spec.get("volumes") or []
        if not any(v.get("name") == "aws-iam-token" for v in volumes):
            volumes.append({"name": "aws-iam-token", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"audience": audience, "expirationSeconds": expiration_seconds,
                                         "path": "token"}}]}})
        spec["volumes"] = volumes
        return pod

    # ---- bulk load ----
    def load(self, items: list[dict]) -> int:
        """Upsert objects (e.g. a snapshot's `kubernetes.json`); workloads get fresh pods.

        Owned pods and ReplicaSets are skipped (their controllers recreate them, through the
        webhook); standalone pods are created as they are, and so also pass the webhook.
        """
        order = {"Namespace": 0, "ServiceAccount": 1}
        loaded = 0
        for item in sorted(items, key=lambda o: order.get(o.get("kind", ""), 2)):
            kind = BY_KIND.get(item.get("kind", ""))
            if kind is None or (kind.kind in ("Pod", "ReplicaSet") and item.get("metadata", {}).get("ownerReferences")):
                continue  # owned pods and ReplicaSets are recreated by the controllers
            obj = copy.deepcopy(item)
            obj.pop("status", None)
            meta = obj.setdefault("metadata", {})
            for transient in ("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"):
                meta.pop(transient, None)
            ns = meta.get("namespace") if kind.namespaced else None
            existing = self.store.find(kind, ns, meta.get("name", ""))
            if existing is not None:
                if kind.kind == "Namespace" or (kind.kind == "ServiceAccount" and meta.get("name") == "default"):
                    merged = copy.deepcopy(existing)
                    merged["metadata"]["labels"] = meta.get("labels") or {}
                    merged["metadata"]["annotations"] = meta.get("annotations") or {}
                    self.replace(kind, merged, check_rv=False)
                    loaded += 1
                    continue
                self.delete(kind, ns, meta["name"])
            self.create(kind, ns, obj)
            loaded += 1
        return loaded

    def reset(self) -> None:
        self.store.clear()
        self.stuck.clear()
        self.webhook_enabled = True
        self.seed_defaults()


__all__ = ["Cluster", "ApiError"]
