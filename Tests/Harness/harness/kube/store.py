"""In-memory object store with API-server bookkeeping and a watch event log.

Bookkeeping the real API server does and stock kmock does not: uid, a cluster-wide
monotonically increasing resourceVersion, creationTimestamp, generation (bumped only
when `spec` changes), 409 Conflict on a stale resourceVersion or a duplicate name,
404 when the namespace is missing, and an event log so that a watch started at a
resourceVersion receives exactly the later events.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import uuid
from collections import deque
from dataclasses import dataclass, field

from . import patching


@dataclass(frozen=True)
class Kind:
    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool
    shortnames: tuple[str, ...] = ()
    subresources: tuple[str, ...] = ()
    has_generation: bool = False

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


KINDS = [
    Kind("", "v1", "Namespace", "namespaces", False, ("ns",), ("status",)),
    Kind("", "v1", "ServiceAccount", "serviceaccounts", True, ("sa",), ("token",)),
    Kind("", "v1", "Pod", "pods", True, ("po",), ("status",)),
    Kind("apps", "v1", "Deployment", "deployments", True, ("deploy",), ("status", "scale"), True),
    Kind("apps", "v1", "StatefulSet", "statefulsets", True, ("sts",), ("status", "scale"), True),
    Kind("apps", "v1", "DaemonSet", "daemonsets", True, ("ds",), ("status",), True),
    Kind("apps", "v1", "ReplicaSet", "replicasets", True, ("rs",), ("status", "scale"), True),
    Kind("batch", "v1", "Job", "jobs", True, (), ("status",), True),
    Kind("batch", "v1", "CronJob", "cronjobs", True, ("cj",), ("status",), True),
]
BY_PLURAL = {(k.group, k.plural): k for k in KINDS}
BY_KIND = {k.kind: k for k in KINDS}


class ApiError(Exception):
    """Rendered as a `v1 Status` with this HTTP code and reason."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details or {}

    def status(self) -> dict:
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": self.message, "reason": self.reason, "details": self.details,
                "code": self.code}


def not_found(kind: Kind, name: str) -> ApiError:
    return ApiError(404, "NotFound", f'{kind.plural} "{name}" not found',
                    {"name": name, "group": kind.group, "kind": kind.plural})


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


Key = tuple[str, str, str]  # (kind, namespace or "", name)


@dataclass
class Watcher:
    kind: Kind
    namespace: str | None
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)


class Store:
    def __init__(self) -> None:
        self.objects: dict[Key, dict] = {}
        self.rv = 0
        self.log: deque[tuple[int, str, dict]] = deque(maxlen=5000)
        self.watchers: list[Watcher] = []

    # ---- reading ----
    def get(self, kind: Kind, namespace: str | None, name: str) -> dict:
        obj = self.objects.get((kind.kind, namespace or "", name))
        if obj is None:
            raise not_found(kind, name)
        return obj

    def find(self, kind: Kind, namespace: str | None, name: str) -> dict | None:
        return self.objects.get((kind.kind, namespace or "", name))

    def list(self, kind: Kind, namespace: str | None = None, labels: str | None = None,
             fields: str | None = None) -> list[dict]:
        terms = patching.parse_label_selector(labels)
        out = []
        for (k, ns, _), obj in sorted(self.objects.items()):
            if k != kind.kind or (namespace and ns != namespace):
                continue
            if not patching.matches_labels(obj["metadata"].get("labels") or {}, terms):
                continue
            if not patching.matches_fields(obj, fields):
                continue
            out.append(obj)
        return out

    # ---- writing ----
    def _next_rv(self) -> str:
        self.rv += 1
        return str(self.rv)

    def _emit(self, kind: Kind, event: str, obj: dict) -> None:
        snapshot = copy.deepcopy(obj)
        self.log.append((self.rv, kind.kind, {"type": event, "object": snapshot}))
        for w in self.watchers:
            if w.kind == kind and (not w.namespace or w.namespace == snapshot["metadata"].get("namespace")):
                w.queue.put_nowait({"type": event, "object": snapshot})

    def create(self, kind: Kind, namespace: str | None, obj: dict) -> dict:
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + uuid.uuid4().hex[:5]
        name = meta.get("name")
        if not name:
            raise ApiError(422, "Invalid", f"{kind.kind} is invalid: metadata.name: Required value")
        if kind.namespaced:
            namespace = namespace or meta.get("namespace") or "default"
            if meta.get("namespace") and meta["namespace"] != namespace:
                raise ApiError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request")
            if ("Namespace", "", namespace) not in self.objects:
                raise ApiError(404, "NotFound", f'namespaces "{namespace}" not found',
                               {"name": namespace, "kind": "namespaces"})
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
            namespace = ""
        key = (kind.kind, namespace, name)
        if key in self.objects:
            raise ApiError(409, "AlreadyExists", f'{kind.plural}{"." + kind.group if kind.group else ""} "{name}" already exists',
                           {"name": name, "group": kind.group, "kind": kind.plural})
        obj["apiVersion"], obj["kind"] = kind.api_version, kind.kind
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = now_iso()
        meta["resourceVersion"] = self._next_rv()
        for transient in ("deletionTimestamp", "selfLink", "managedFields"):
            meta.pop(transient, None)
        if kind.has_generation:
            meta["generation"] = 1
        self.objects[key] = obj
        self._emit(kind, "ADDED", obj)
        return obj

    def replace(self, kind: Kind, new: dict, subresource: str | None = None,
                check_rv: bool = True) -> dict:
        """Store `new` in place of the current object (PUT or the result of a patch)."""
        meta = new.get("metadata") or {}
        namespace = meta.get("namespace", "") if kind.namespaced else ""
        current = self.get(kind, namespace, meta.get("name", ""))
        sent_rv = meta.get("resourceVersion")
        if check_rv and sent_rv and sent_rv != current["metadata"]["resourceVersion"]:
            raise ApiError(409, "Conflict",
                           f'Operation cannot be fulfilled on {kind.plural}{"." + kind.group if kind.group else ""} "{meta.get("name")}": '
                           "the object has been modified; please apply your changes to the latest version and try again",
                           {"name": meta.get("name"), "group": kind.group, "kind": kind.plural})
        new = copy.deepcopy(new)
        if subresource == "status":  # only status changes through /status
            merged = copy.deepcopy(current)
            merged["status"] = new.get("status")
            new = merged
        elif "status" in current and kind.kind != "Namespace":
            new["status"] = copy.deepcopy(current["status"])  # status only through /status
        nmeta = new.setdefault("metadata", {})
        cmeta = current["metadata"]
        for keep in ("uid", "creationTimestamp", "namespace", "name"):
            if keep in cmeta:
                nmeta[keep] = cmeta[keep]
        if kind.has_generation:
            changed = new.get("spec") != current.get("spec")
            nmeta["generation"] = cmeta.get("generation", 1) + (1 if changed else 0)
        new["apiVersion"], new["kind"] = kind.api_version, kind.kind
        if new == current:
            return current  # a no-op write keeps the resourceVersion, like the API server
        nmeta["resourceVersion"] = self._next_rv()
        self.objects[(kind.kind, namespace, cmeta["name"])] = new
        self._emit(kind, "MODIFIED", new)
        return new

    def delete(self, kind: Kind, namespace: str | None, name: str) -> dict:
        obj = self.get(kind, namespace, name)
        del self.objects[(kind.kind, obj["metadata"].get("namespace", ""), name)]
        obj = copy.deepcopy(obj)
        obj["metadata"]["resourceVersion"] = self._next_rv()
        self._emit(kind, "DELETED", obj)
        return obj

    def events_since(self, kind: Kind, rv: int) -> list[dict]:
        if self.log and rv < self.log[0][0] - 1 and len(self.log) == self.log.maxlen:
            raise ApiError(410, "Expired", f"too old resource version: {rv} ({self.log[0][0]})")
        return [copy.deepcopy(e) for (erv, k, e) in self.log if erv > rv and k == kind.kind]

    def clear(self) -> None:
        self.objects.clear()
        self.log.clear()
