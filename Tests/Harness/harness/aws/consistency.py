"""What the proxy adds around forwarded calls for the reliability campaign (`make chaos`).

- A write log: every IAM write that reached moto and succeeded (action, account, target, a
  digest of the document), so a campaign can count documents written twice for one step.
- Eventual consistency, as IAM has it: with `staleReads: N`, the next N GetRole answers for
  a role whose trust was just updated still carry the previous document.
- A race with the fingerprint check: `race: {"role": NAME, "statement": {...}}` appends that
  statement to the role's trust in moto right after the next GetRole of the role was
  answered, i.e. between the tool's read and its write (once).
"""

import hashlib
import json
import re
import threading
import urllib.parse
from typing import Any

from . import emulated

WRITES = {"UpdateAssumeRolePolicy", "CreateOpenIDConnectProvider", "DeleteOpenIDConnectProvider",
          "CreateRole", "DeleteRole", "AddClientIDToOpenIDConnectProvider"}
DEFAULT_ACCOUNT = "123456789012"
_DOCUMENT = re.compile(r"<AssumeRolePolicyDocument>.*?</AssumeRolePolicyDocument>", re.DOTALL)


def _target(action: str, params: dict[str, str]) -> str:
    return (params.get("RoleName") or params.get("Url") or params.get("OpenIDConnectProviderArn") or "").strip()


def _digest(params: dict[str, str]) -> str:
    text = params.get("PolicyDocument") or params.get("AssumeRolePolicyDocument") or params.get("ClientID") or ""
    try:
        text = json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    except ValueError:
        pass
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Consistency:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stale_reads = 0
        self.stale: dict[tuple[str, str], list] = {}  # (account, role) -> [old document text, reads left]
        self.race: dict[str, Any] | None = None
        self.writes: list[dict[str, str]] = []

    def configure(self, body: dict) -> None:
        with self.lock:
            if "staleReads" in body:
                self.stale_reads = int(body["staleReads"])
                self.stale.clear()
            if "race" in body:
                self.race = dict(body["race"]) if body["race"] else None

    def reset(self, writes_only: bool = False) -> None:
        with self.lock:
            self.writes.clear()
            if not writes_only:
                self.stale_reads, self.race = 0, None
                self.stale.clear()

    def snapshot(self) -> dict:
        with self.lock:
            return {"staleReads": self.stale_reads, "race": self.race, "writes": list(self.writes)}

    def before(self, action: str, params: dict[str, str], account: str | None, moto_url: str) -> None:
        """Before forwarding: remember the document an UpdateAssumeRolePolicy replaces."""
        if action != "UpdateAssumeRolePolicy" or self.stale_reads <= 0:
            return
        try:
            role = emulated._iam(moto_url, account).get_role(RoleName=params.get("RoleName", ""))["Role"]
        except Exception:  # noqa: BLE001 - no such role: moto will answer the update itself
            return
        old = role.get("AssumeRolePolicyDocument")
        text = old if isinstance(old, str) else json.dumps(old)
        with self.lock:
            self.stale[(account or DEFAULT_ACCOUNT, params.get("RoleName", ""))] = [text, self.stale_reads]

    def after(self, action: str, params: dict[str, str], account: str | None, status: int, data: bytes,
              moto_url: str) -> bytes:
        """After moto answered: log writes, serve stale reads, run the armed race."""
        key = (account or DEFAULT_ACCOUNT, params.get("RoleName", ""))
        if status == 200 and action in WRITES:
            with self.lock:
                self.writes.append({"action": action, "account": key[0], "target": _target(action, params),
                                    "digest": _digest(params)})
        if action != "GetRole" or status != 200:
            return data
        with self.lock:
            entry = self.stale.get(key)
            if entry and entry[1] > 0:
                entry[1] -= 1
                old = urllib.parse.quote(entry[0], safe="")
                data = _DOCUMENT.sub(lambda _: f"<AssumeRolePolicyDocument>{old}</AssumeRolePolicyDocument>",
                                     data.decode(), count=1).encode()
            race = self.race if self.race and self.race.get("role") == key[1] else None
            if race:
                self.race = None
        if race:
            self._edit(moto_url, account, key[1], race.get("statement") or {})
        return data

    @staticmethod
    def _edit(moto_url: str, account: str | None, role_name: str, statement: dict) -> None:
        iam = emulated._iam(moto_url, account)
        document = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
        if isinstance(document, str):
            document = json.loads(urllib.parse.unquote(document))
        statements = document.get("Statement")
        document["Statement"] = (statements if isinstance(statements, list) else [statements]) + [statement]
        iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(document))
