"""Authorization as tests want it: everything allowed, except what a test forbids.

`POST /_harness/forbid {"rules": [{"verb": "patch", "resource": "deployments", "namespace": "shop", "name": "orders"}]}`
makes matching API requests fail with 403 Forbidden (every field optional; `"*"` matches
anything), and `kubectl auth can-i` (a SelfSubjectAccessReview, sent as protobuf) answers
from the same rules. An empty list allows everything again.
"""

import json
from typing import Any

from . import tokens
from .store import ApiError, Kind

USER = "harness"


def verb_of(method: str, name: str | None, sub: str | None, query: Any) -> str:
    if method == "GET":
        if query.get("watch") in ("true", "1"):
            return "watch"
        return "get" if name else "list"
    if method == "POST":
        return "create"
    if method == "PUT":
        return "update"
    if method == "PATCH":
        return "patch"
    if method == "DELETE":
        return "delete" if name else "deletecollection"
    return method.lower()


class Access:
    def __init__(self) -> None:
        self.rules: list[dict[str, str]] = []

    def forbidden(self, verb: str, resource: str, namespace: str | None, name: str | None,
                  subresource: str | None = None) -> bool:
        full = f"{resource}/{subresource}" if subresource else resource
        attrs = {"verb": verb, "resource": full, "namespace": namespace or "", "name": name or ""}
        return any(all(rule.get(k, "*") in ("*", attrs[k]) for k in attrs) for rule in self.rules)

    def check(self, kind: Kind, verb: str, namespace: str | None, name: str | None, sub: str | None) -> None:
        if not self.forbidden(verb, kind.plural, namespace, name, sub):
            return
        group = f'"{kind.group}"' if kind.group else '""'
        what = f"{kind.plural}{'.' + kind.group if kind.group else ''}"
        target = f' "{name}"' if name else ""
        scope = f' in the namespace "{namespace}"' if namespace else " at the cluster scope"
        raise ApiError(403, "Forbidden",
                       f'{what}{target} is forbidden: User "{USER}" cannot {verb} resource "{kind.plural}'
                       f'{"/" + sub if sub else ""}" in API group {group}{scope}',
                       {"name": name or "", "group": kind.group, "kind": kind.plural})

    def review(self, body: bytes, content_type: str) -> dict:
        """Answer a SelfSubjectAccessReview (JSON or protobuf) from the rules."""
        attrs = self._attributes(body, content_type)
        allowed = not self.forbidden(attrs.get("verb", ""), attrs.get("resource", ""), attrs.get("namespace"),
                                     attrs.get("name"), attrs.get("subresource") or None)
        spec = {"resourceAttributes": attrs}
        return {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                "metadata": {"creationTimestamp": None}, "spec": spec,
                "status": {"allowed": allowed, **({} if allowed else {"reason": "forbidden by the test harness"})}}

    @staticmethod
    def _attributes(body: bytes, content_type: str) -> dict:
        if "protobuf" not in content_type:
            return ((json.loads(body or b"{}").get("spec") or {}).get("resourceAttributes") or {})
        raw = tokens._unwrap(body)
        spec = next((v for n, w, v in tokens._fields(raw) if n == 2 and w == 2), b"")
        resource_attrs = next((v for n, w, v in tokens._fields(spec) if n == 1 and w == 2), b"")
        names = {1: "namespace", 2: "verb", 3: "group", 4: "version", 5: "resource", 6: "subresource", 7: "name"}
        return {names[n]: v.decode() for n, w, v in tokens._fields(resource_attrs) if n in names and w == 2}
