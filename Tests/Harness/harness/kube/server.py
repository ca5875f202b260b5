"""A Kubernetes API emulator that the real `kubectl` accepts, built on kmock.

What kmock (PyPI `kmock` 0.8) provides here: the aiohttp server bound to 127.0.0.1 on a
free port (`kmock.Server`), the request/response plumbing of `kmock.RawHandler`, and API
discovery (`/`, `/api`, `/apis`, `/api/v1`, `/apis/GROUP[/VERSION]`) rendered by
`kmock.KubernetesScaffold` from the `ResourceInfo` records we declare (kinds, short names,
verbs, namespaced, subresources).

What our layer adds, and why (stock kmock fails kubectl on each of these):
- `/version` reporting v1.32 (so the kubectl dispatcher picks its built-in 1.32),
  404 for `/openapi/v2` and `/openapi/v3` (kubectl then skips client-side validation);
- our own path parsing for every resource URL (kmock's parser raises on
  `/api/v1/namespaces` and mistakes `/api/v1/namespaces/NAME` for a namespace scope);
- lists with `kind`/`apiVersion`/`resourceVersion`, label and field selectors;
- an object store with real bookkeeping (see store.py) and JSON/merge/strategic patches
  with 422 on a failed patch, including a failed JSON-patch `test` op (patching.py);
- watches streamed as JSON lines, resumable from a resourceVersion;
- the `serviceaccounts/NAME/token` subresource, which kubectl posts as protobuf, answered
  in JSON with a signed JWT; `/.well-known/openid-configuration` and `/openid/v1/jwks`;
- the controllers and the pod identity webhook (cluster.py);
- 403 Forbidden on request and `kubectl auth can-i` answers, from rules a test sets (access.py);
- seeded random failures (409, 500, dropped connections, slow answers) for `make chaos` (faults.py);
- a JSON control API under `/_harness/` for tests (issuer, stuck rollouts, load, reset, dump).
"""

import asyncio
import datetime
import json
import re
import traceback
from typing import Any

import aiohttp.web
import kmock

from . import access, faults, patching, tokens
from .cluster import Cluster
from .store import BY_PLURAL, KINDS, ApiError, Kind, Store, Watcher, now_iso

DISCOVERY = re.compile(r"^/(api|apis|api/v1|apis/[^/]+|apis/[^/]+/[^/]+)?/?$")
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.0-harness", "gitCommit": "0" * 40,
           "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23",
           "compiler": "gc", "platform": "linux/amd64"}


def _json(data: Any, status: int = 200) -> aiohttp.web.Response:
    return aiohttp.web.Response(status=status, text=json.dumps(data), content_type="application/json")


def _error(err: ApiError) -> aiohttp.web.Response:
    return _json(err.status(), err.code)


def parse_resource_path(path: str) -> tuple[Kind, str | None, str | None, str | None] | None:
    """`/api/v1/namespaces/NS/pods/NAME/status` -> (kind, namespace, name, subresource)."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[0] == "api":
        group, rest = "", parts[2:]
    elif len(parts) >= 4 and parts[0] == "apis":
        group, rest = parts[1], parts[3:]
    else:
        return None
    namespace = None
    if rest[0] == "namespaces" and len(rest) >= 3 and (group, rest[2]) in BY_PLURAL:
        namespace, rest = rest[1], rest[2:]
    kind = BY_PLURAL.get((group, rest[0]))
    if kind is None:
        raise ApiError(404, "NotFound", f"the server could not find the requested resource ({path})")
    name = rest[1] if len(rest) > 1 else None
    sub = "/".join(rest[2:]) or None
    return kind, namespace, name, sub


class KubeEmulator(kmock.KubernetesScaffold):
    """kmock's scaffold for discovery; everything else is routed to our layer first."""

    def __init__(self, issuer: str = "https://oidc.harness.local/cluster", nodes: int = 2) -> None:
        super().__init__()
        self.store = Store()
        self.cluster = Cluster(self.store, nodes)
        self.tokens = tokens.TokenIssuer(issuer)
        self.api_requests: list[str] = []
        self.access = access.Access()
        self.api_faults = faults.Faults()
        self.lock = asyncio.Lock()
        for k in KINDS:
            self.resources[f"{k.group}/{k.version}/{k.plural}" if k.group else f"v1/{k.plural}"] = kmock.ResourceInfo(
                kind=k.kind, singular=k.kind.lower(), namespaced=k.namespaced, verbs=set(VERBS),
                shortnames=set(k.shortnames),  # no subresources: kmock repeats shortNames on them
                categories={"all"} if k.kind in ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob") else set())

    async def __call__(self, raw: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        path = raw.path
        if not path.startswith("/_harness"):
            self.api_requests.append(f"{raw.method} {raw.path_qs}")
        if raw.method == "GET" and DISCOVERY.match(path) and path != "/":
            return await self._discovery(raw)
        try:
            if path.startswith("/_harness/"):
                return await self._control(raw)
            if path == "/version":
                return _json(VERSION)
            if path.startswith("/openapi/v3"):
                return self._openapi_v3(path)
            if path.startswith("/openapi/"):
                return _error(ApiError(404, "NotFound", "openapi v2 is not served by this emulator"))
            if path == "/.well-known/openid-configuration":
                return _json(self.tokens.openid_configuration())
            if path == "/openid/v1/jwks":
                return _json(self.tokens.jwks())
            if path == "/":
                return await super().__call__(raw)
            if raw.method == "POST" and path == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
                return _json(self.access.review(await raw.read(), raw.headers.get("Content-Type", "")), 201)
            parsed = parse_resource_path(path)
            if parsed is None:
                raise ApiError(404, "NotFound", f"the server could not find the requested resource ({path})")
            fault = self.api_faults.pick(raw.method)
            if fault == "drop":
                if raw.transport is not None:
                    raw.transport.close()
                return aiohttp.web.Response(status=500)
            if fault == "slow":
                await asyncio.sleep(self.api_faults.slow_seconds)
            elif fault == "conflict":
                raise ApiError(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; "
                                                "please apply your changes to the latest version and try again")
            elif fault == "internal":
                raise ApiError(500, "InternalError", "Internal error occurred: injected by the harness")
            return await self._resource(raw, *parsed)
        except ApiError as err:
            return _error(err)
        except Exception as exc:  # an emulator bug: answer like an API server would, and log it
            traceback.print_exc()
            return _error(ApiError(500, "InternalError", f"emulator error: {exc!r}"))

    @staticmethod
    def _openapi_v3(path: str) -> aiohttp.web.Response:
        """Just enough OpenAPI v3 for kubectl to see that `fieldValidation` is supported.

        kubectl then validates on the server side (`?fieldValidation=Strict`, which we accept
        without checking) instead of downloading schemas for client-side validation.
        """
        groups = sorted({(k.group, k.version) for k in KINDS})
        prefix = lambda g, v: f"apis/{g}/{v}" if g else f"api/{v}"
        if path.rstrip("/") == "/openapi/v3":
            return _json({"paths": {prefix(g, v): {"serverRelativeURL": f"/openapi/v3/{prefix(g, v)}?hash=harness"}
                                    for g, v in groups}})
        gv = path[len("/openapi/v3/"):].strip("/")
        paths = {}
        for k in KINDS:
            if prefix(k.group, k.version) != gv:
                continue
            scope = "/namespaces/{namespace}" if k.namespaced else ""
            paths[f"/{gv}{scope}/{k.plural}/{{name}}"] = {"patch": {
                "x-kubernetes-group-version-kind": {"group": k.group, "version": k.version, "kind": k.kind},
                "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}}}}
        if not paths:
            return _error(ApiError(404, "NotFound", f"no OpenAPI document for {gv}"))
        return _json({"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": VERSION["gitVersion"]},
                      "paths": paths, "components": {"schemas": {}}})

    async def _discovery(self, raw: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        """kmock renders discovery; we fix the core groupVersion, which kmock spells `/v1`."""
        response = await super().__call__(raw)
        if raw.path.rstrip("/") == "/api/v1" and isinstance(response, aiohttp.web.Response) and response.body:
            doc = json.loads(response.body)
            doc["groupVersion"] = "v1"
            return _json(doc, response.status)
        return response

    # ---- resources ----
    async def _body(self, raw: aiohttp.web.BaseRequest) -> Any:
        try:
            return json.loads(await raw.read() or b"null")
        except ValueError as e:
            raise ApiError(400, "BadRequest", f"invalid JSON body: {e}") from None

    async def _resource(self, raw, kind: Kind, ns: str | None, name: str | None, sub: str | None):
        q = raw.query
        method = raw.method
        self.access.check(kind, access.verb_of(method, name, sub, q), ns, name, sub)
        if method == "GET" and q.get("watch") in ("true", "1"):
            fields = q.get("fieldSelector")
            if name:
                fields = ",".join(f for f in (fields, f"metadata.name={name}") if f)
            return await self._watch(raw, kind, ns, q.get("labelSelector"), fields, q.get("resourceVersion"))
        if method == "POST" and kind.kind == "ServiceAccount" and sub == "token" and name:
            return await self._token(raw, ns or "default", name)
        async with self.lock:
            if method == "GET" and name is None:
                items = self.store.list(kind, ns, q.get("labelSelector"), q.get("fieldSelector"))
                return _json({"kind": f"{kind.kind}List", "apiVersion": kind.api_version,
                              "metadata": {"resourceVersion": str(self.store.rv)}, "items": items})
            if method == "GET":
                return _json(self.store.get(kind, ns, name))
            if method == "POST" and name is None:
                body = await self._create_body(raw, kind)
                if not isinstance(body, dict):
                    raise ApiError(400, "BadRequest", "body must be an object")
                return _json(self.cluster.create(kind, ns, body), 201)
            if method == "PUT" and name:
                body = await self._body(raw)
                if not isinstance(body, dict) or (body.get("metadata") or {}).get("name") != name:
                    raise ApiError(400, "BadRequest", "the name of the object does not match the name on the URL")
                body.setdefault("metadata", {})["namespace"] = ns
                if not kind.namespaced:
                    body["metadata"].pop("namespace")
                return _json(self.cluster.replace(kind, body, sub))
            if method == "PATCH" and name:
                return _json(await self._patch(raw, kind, ns, name, sub))
            if method == "DELETE" and name:
                return _json(self.cluster.delete(kind, ns, name))
            if method == "DELETE":
                items = self.store.list(kind, ns, q.get("labelSelector"), q.get("fieldSelector"))
                for obj in items:
                    self.cluster.delete(kind, obj["metadata"].get("namespace"), obj["metadata"]["name"])
                return _json({"kind": f"{kind.kind}List", "apiVersion": kind.api_version,
                              "metadata": {"resourceVersion": str(self.store.rv)}, "items": items})
        raise ApiError(405, "MethodNotAllowed", f"{method} is not supported on {raw.path}")

    async def _create_body(self, raw, kind: Kind) -> Any:
        if "protobuf" not in raw.headers.get("Content-Type", ""):
            return await self._body(raw)
        if kind.kind not in ("Namespace", "ServiceAccount"):
            raise ApiError(415, "UnsupportedMediaType",
                           f"this emulator decodes protobuf only for Namespace, ServiceAccount and TokenRequest, "
                           f"not {kind.kind}: create it from a JSON/YAML manifest (kubectl create -f)")
        try:
            return tokens.decode_metadata_only(await raw.read(), kind.kind)
        except (ValueError, IndexError) as e:
            raise ApiError(400, "BadRequest", f"cannot decode protobuf {kind.kind}: {e}") from None

    async def _patch(self, raw, kind: Kind, ns: str | None, name: str, sub: str | None) -> dict:
        content_type = raw.headers.get("Content-Type", "")
        body = await self._body(raw)
        if "apply-patch" in content_type and self.store.find(kind, ns, name) is None and isinstance(body, dict):
            return self.cluster.create(kind, ns, body)  # server-side apply creates missing objects
        current = self.store.get(kind, ns, name)
        try:
            if "json-patch" in content_type:
                result = patching.json_patch(current, body)
            elif "strategic-merge-patch" in content_type or "apply-patch" in content_type:
                result = patching.strategic_merge_patch(current, body)
            elif "merge-patch" in content_type:
                result = patching.merge_patch(current, body)
            else:
                raise ApiError(415, "UnsupportedMediaType", f"the body of the request was in an unknown format ({content_type})")
        except patching.PatchError as e:
            raise ApiError(422, "Invalid", f"the server rejected our request due to an error in our request: {e}") from None
        if not isinstance(result, dict):
            raise ApiError(422, "Invalid", "the patched object is not an object")
        meta = result.get("metadata") or {}
        if meta.get("name") != name or (kind.namespaced and meta.get("namespace") != current["metadata"].get("namespace")):
            raise ApiError(422, "Invalid", f"{kind.kind} \"{name}\" is invalid: metadata.name: Invalid value: field is immutable")
        return self.cluster.replace(kind, result, sub)

    async def _watch(self, raw, kind: Kind, ns, labels, fields, rv) -> aiohttp.web.StreamResponse:
        timeout = float(raw.query.get("timeoutSeconds") or 1800)
        terms = patching.parse_label_selector(labels)
        if rv and rv != "0":
            initial = self.store.events_since(kind, int(rv))  # may raise 410 before the stream starts
        else:
            initial = [{"type": "ADDED", "object": o} for o in self.store.list(kind, ns)]
        watcher = Watcher(kind, ns)  # registered before any await: no event can slip through
        self.store.watchers.append(watcher)
        for event in initial:
            watcher.queue.put_nowait(event)
        response = aiohttp.web.StreamResponse(headers={"Content-Type": "application/json"})
        try:
            await response.prepare(raw)
        except BaseException:
            self.store.watchers.remove(watcher)
            raise
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while loop.time() < deadline:
                try:
                    event = await asyncio.wait_for(watcher.queue.get(), timeout=min(1.0, deadline - loop.time()))
                except asyncio.TimeoutError:
                    if raw.transport is None or raw.transport.is_closing():
                        break
                    continue
                obj = event["object"]
                if ns and obj["metadata"].get("namespace") != ns:
                    continue
                if not patching.matches_labels(obj["metadata"].get("labels") or {}, terms):
                    continue
                if not patching.matches_fields(obj, fields):
                    continue
                await response.write(json.dumps(event).encode() + b"\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.store.watchers.remove(watcher)
        try:
            await response.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass
        return response

    async def _token(self, raw, ns: str, name: str) -> aiohttp.web.Response:
        body = await raw.read()
        try:
            spec = tokens.decode_token_request(body, raw.headers.get("Content-Type", ""))
        except (ValueError, IndexError) as e:
            raise ApiError(400, "BadRequest", f"cannot decode TokenRequest: {e}") from None
        async with self.lock:
            sa = self.store.get(BY_PLURAL[("", "serviceaccounts")], ns, name)
        audiences = spec.get("audiences") or ["https://kubernetes.default.svc"]
        seconds = int(spec.get("expirationSeconds") or 3600)
        token, exp = self.tokens.issue(ns, name, sa["metadata"]["uid"], audiences, seconds)
        expires = datetime.datetime.fromtimestamp(exp, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return _json({"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                      "metadata": {"name": name, "namespace": ns, "creationTimestamp": None},
                      "spec": {"audiences": audiences, "expirationSeconds": seconds, "boundObjectRef": None},
                      "status": {"token": token, "expirationTimestamp": expires}}, 201)

    # ---- control API ----
    async def _control(self, raw) -> aiohttp.web.Response:
        op = raw.path[len("/_harness/"):].strip("/")
        body = await self._body(raw) if raw.method in ("POST", "PUT") else None
        body = body or {}
        async with self.lock:
            if op == "issuer":
                if raw.method == "POST":
                    self.tokens.issuer = body["issuer"]
                return _json({"issuer": self.tokens.issuer})
            if op == "stuck":
                self.cluster.set_stuck(body.get("kind", "Deployment"), body["namespace"], body["name"],
                                       bool(body.get("stuck", True)), bool(body.get("progressDeadlineExceeded", True)))
                return _json({"stuck": [list(k) for k in self.cluster.stuck]})
            if op == "forbid":
                if raw.method == "POST":
                    self.access.rules = [dict(r) for r in body.get("rules", [])]
                return _json({"rules": self.access.rules})
            if op == "faults":
                return _json(self.api_faults.configure(body) if raw.method == "POST" else self.api_faults.snapshot())
            if op == "webhook":
                if raw.method == "POST":
                    self.cluster.webhook_enabled = bool(body.get("enabled", True))
                return _json({"enabled": self.cluster.webhook_enabled})
            if op == "load":
                items = body.get("items", []) if isinstance(body, dict) else body
                return _json({"loaded": self.cluster.load(items)})
            if op == "reset":
                self.cluster.reset()
                self.api_requests.clear()
                self.access.rules = []
                self.api_faults.configure({})
                return _json({"reset": True})
            if op == "dump":
                return _json({"kind": "List", "apiVersion": "v1", "metadata": {},
                              "items": [o for _, o in sorted(self.store.objects.items())]})
            if op == "requests":
                if raw.method == "DELETE":
                    self.api_requests.clear()
                return _json({"requests": list(self.api_requests)})
        return _error(ApiError(404, "NotFound", f"unknown control endpoint {raw.path}"))


async def serve(host: str = "127.0.0.1", port: int = 0, issuer: str | None = None,
                ready: "asyncio.Future[int] | None" = None, stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set; resolve `ready` with the bound port."""
    emulator = KubeEmulator(issuer) if issuer else KubeEmulator()
    async with emulator, kmock.Server(emulator, host=host, port=port or None) as server:
        if ready is not None:
            ready.set_result(server.port)
        await (stop or asyncio.Event()).wait()


__all__ = ["KubeEmulator", "serve", "now_iso"]
