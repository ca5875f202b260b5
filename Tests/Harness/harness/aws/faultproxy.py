"""A fault-injecting HTTP proxy in front of moto_server, keyed on the IAM/STS `Action`.

The aws CLI speaks the AWS query protocol to IAM and STS: a form-encoded POST whose
`Action` parameter names the call. For each request the proxy:

1. counts it under its Action (also the ones it fails), so tests can assert call counts;
2. applies the first matching fault rule, answering with an AWS XML error instead of
   forwarding: `Throttling` (400), `InternalFailure` (500), `LimitExceeded` (409);
3. optionally (on by default) enforces the IAM trust policy size quota that moto does
   not: a minified `AssumeRolePolicyDocument` (CreateRole) or `PolicyDocument`
   (UpdateAssumeRolePolicy) longer than the quota (2048) gets `LimitExceeded`;
4. emulates the IAM actions moto lacks (emulated.py);
5. answers AssumeRoleWithWebIdentity itself, checking the token, the provider, the audience
   and the role's trust policy like STS (webidentity.py); moto accepts any token for any role;
6. otherwise forwards the request to moto unchanged.

Accounts: moto serves every account; it picks one from the `x-moto-account-id` header. When
the request is signed with an access key id of 12 digits (`AWS_ACCESS_KEY_ID=111122223333`),
the proxy sets that header, so the real CLI can act in several accounts. Any other key
(e.g. `testing`) is moto's default account 123456789012.

Control endpoint (JSON), on the same port:
- `GET /_faults` -> `{"rules": [...], "counts": {"ListRoles": 1, ...}, "quota": {...}}`
- `POST /_faults` `{"rules": [{"action": "GetRole", "error": "Throttling", "times": 2}]}`
  (`rate`: 0..1 instead of `times`, with an optional `seed`); `"append": true` keeps old rules;
  `"quota": {"enabled": false}` or `{"limit": 4096}` tunes quota enforcement;
  `"sts": {"jwksUrl": URL}` names the JWKS that token signatures are checked against (the
  launcher sets the cluster emulator's), `"sts": {"strict": false}` hands the call to moto;
  `"staleReads": N` and `"race": {...}` emulate IAM's eventual consistency and a concurrent
  editor (consistency.py); `GET` also lists the IAM `writes` that reached moto.
- `DELETE /_faults` -> clear rules, counts, writes, stale reads and races (STS back to strict;
  the JWKS URL stays). `DELETE /_faults/counts` -> clear counts and writes only.
"""

import http.client
import re
import http.server
import json
import random
import threading
import urllib.parse
import uuid
from typing import Any

from . import consistency, emulated, webidentity

_CREDENTIAL = re.compile(r"Credential=(\d{12})/")

ERRORS = {
    "Throttling": (400, "Sender", "Rate exceeded"),
    "InternalFailure": (500, "Receiver", "We encountered an internal error. Please try again."),
    "ServiceUnavailable": (503, "Receiver", "Service is unavailable."),
    "LimitExceeded": (409, "Sender", "Cannot exceed quota for ACLSizePerRole: {quota}"),
    "AccessDenied": (403, "Sender", "User is not authorized to perform this action"),
}
STS_ACTIONS = {"AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity", "GetSessionToken"}


def minified_length(document: str) -> int | None:
    try:
        return len(json.dumps(json.loads(document), separators=(",", ":"), ensure_ascii=False))
    except ValueError:
        return None  # not JSON: let moto report MalformedPolicyDocument


class FaultState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rules: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        self.injected: dict[str, int] = {}  # calls answered with a fault rule's error, by action
        self.quota_enabled = True
        self.quota_limit = 2048
        self.sts_strict = True  # AssumeRoleWithWebIdentity checked like STS (webidentity.py)
        self.keys = webidentity.Keys()
        self.consistency = consistency.Consistency()  # write log, stale reads, read/write race

    def configure(self, body: dict) -> None:
        with self.lock:
            rules = [dict(r) for r in body.get("rules", [])]
            for rule in rules:
                if rule.get("error", "Throttling") not in ERRORS:
                    raise ValueError(f"unknown error {rule.get('error')!r}; known: {sorted(ERRORS)}")
                rule.setdefault("error", "Throttling")
                rule["_random"] = random.Random(rule.get("seed", 0))
            self.rules = (self.rules if body.get("append") else []) + rules
            quota = body.get("quota") or {}
            if "enabled" in quota:
                self.quota_enabled = bool(quota["enabled"])
            if "limit" in quota:
                self.quota_limit = int(quota["limit"])
            self.consistency.configure(body)
            sts = body.get("sts") or {}
            if "strict" in sts:
                self.sts_strict = bool(sts["strict"])
            if "jwksUrl" in sts:
                self.keys = webidentity.Keys()
                self.keys.url = sts["jwksUrl"]

    def snapshot(self) -> dict:
        with self.lock:
            rules = [{k: v for k, v in r.items() if not k.startswith("_")} for r in self.rules]
            return {"rules": rules, "counts": dict(self.counts), "injected": dict(self.injected),
                    "quota": {"enabled": self.quota_enabled, "limit": self.quota_limit},
                    "sts": {"strict": self.sts_strict, "jwksUrl": self.keys.url}, **self.consistency.snapshot()}

    def decide(self, action: str, params: dict[str, str]) -> tuple[str, str] | None:
        """Count the call and return (code, message) if it must fail."""
        with self.lock:
            self.counts[action] = self.counts.get(action, 0) + 1
            for rule in self.rules:
                if rule.get("action") not in (None, "*", action):
                    continue
                if "times" in rule:
                    if rule["times"] <= 0:
                        continue
                    rule["times"] -= 1
                elif "rate" in rule:
                    if rule["_random"].random() >= float(rule["rate"]):
                        continue
                code = rule["error"]
                self.injected[action] = self.injected.get(action, 0) + 1
                message = rule.get("message") or ERRORS[code][2].format(quota=self.quota_limit)
                return code, message
            if self.quota_enabled and action in ("CreateRole", "UpdateAssumeRolePolicy"):
                document = params.get("AssumeRolePolicyDocument" if action == "CreateRole" else "PolicyDocument", "")
                size = minified_length(document)
                if size is not None and size > self.quota_limit:
                    return "LimitExceeded", f"Cannot exceed quota for ACLSizePerRole: {self.quota_limit}"
        return None


def error_body(action: str, code: str, message: str) -> bytes:
    namespace = ("https://sts.amazonaws.com/doc/2011-06-15/" if action in STS_ACTIONS
                 else "https://iam.amazonaws.com/doc/2010-05-08/")
    sender = ERRORS.get(code, (400, "Sender", ""))[1]
    return (f'<ErrorResponse xmlns="{namespace}"><Error><Type>{sender}</Type><Code>{code}</Code>'
            f"<Message>{message}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>").encode()


def make_handler(state: FaultState, upstream: tuple[str, int]) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _control(self, body: bytes) -> None:
            try:
                if self.command == "POST":
                    state.configure(json.loads(body or b"{}"))
                elif self.command == "DELETE":
                    everything = self.path.rstrip("/") == "/_faults"
                    state.consistency.reset(writes_only=not everything)
                    with state.lock:
                        state.counts.clear()
                        state.injected.clear()
                        if everything:
                            state.rules.clear()
                            state.quota_enabled, state.quota_limit = True, 2048
                            state.sts_strict = True  # the JWKS URL stays: it names the cluster, not a fault
                self._send(200, json.dumps(state.snapshot()).encode(), "application/json")
            except (ValueError, KeyError) as e:
                self._send(400, json.dumps({"error": str(e)}).encode(), "application/json")

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith("/_faults"):
                return self._control(body)
            params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                params.update(urllib.parse.parse_qsl(body.decode(errors="replace"), keep_blank_values=True))
            action = params.get("Action")
            account_match = _CREDENTIAL.search(self.headers.get("Authorization") or "")
            account = account_match.group(1) if account_match else None
            if action:
                fault = state.decide(action, params)
                if fault is not None:
                    code, message = fault
                    return self._send(ERRORS.get(code, (400,))[0], error_body(action, code, message),
                                      "text/xml", {"x-amzn-RequestId": str(uuid.uuid4())})
                if action in emulated.ACTIONS:
                    status, code, text = emulated.handle(action, params, f"http://{upstream[0]}:{upstream[1]}", account)
                    payload = error_body(action, code, text) if code else text.encode()
                    return self._send(status, payload, "text/xml", {"x-amzn-RequestId": str(uuid.uuid4())})
                if action == "AssumeRoleWithWebIdentity" and state.sts_strict:
                    return self._web_identity(params)
            self._forward(body, account, action, params)

        def _web_identity(self, params: dict[str, str]) -> None:
            try:
                payload = webidentity.response(
                    webidentity.check(params, state.keys, f"http://{upstream[0]}:{upstream[1]}")).encode()
                status = 200
            except webidentity.Refusal as refusal:
                status, payload = refusal.status, error_body("AssumeRoleWithWebIdentity", refusal.code, refusal.message)
            self._send(status, payload, "text/xml", {"x-amzn-RequestId": str(uuid.uuid4())})

        def _forward(self, body: bytes, account: str | None, action: str | None, params: dict[str, str]) -> None:
            moto_url = f"http://{upstream[0]}:{upstream[1]}"
            if action:
                state.consistency.before(action, params, account, moto_url)
            conn = http.client.HTTPConnection(*upstream, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            if account:
                headers["x-moto-account-id"] = account
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            if action:
                data = state.consistency.after(action, params, account, resp.status, data, moto_url)
            self.send_response(resp.status, resp.reason)
            for k, v in resp.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle

    return Handler


def start(upstream: tuple[str, int], host: str = "127.0.0.1", port: int = 0) -> tuple[http.server.ThreadingHTTPServer, FaultState]:
    """Start the proxy in a daemon thread; returns the server (`server.server_port`) and its state."""
    state = FaultState()
    server = http.server.ThreadingHTTPServer((host, port), make_handler(state, upstream))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="fault-proxy", daemon=True).start()
    return server, state
