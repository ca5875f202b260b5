"""Random API failures for the reliability campaign (`make chaos`), seeded so a run repeats.

`POST /_harness/faults {"rate": 0.05, "seed": 7, "kinds": ["conflict", "internal", "drop", "slow"],
"slowSeconds": 3, "writesOnly": false}` makes that share of resource requests (not discovery,
not the control API) fail with one of the kinds, chosen at random:

- `conflict`: 409 Conflict, as when someone else updated the object (writes only; a read
  gets `internal` instead);
- `internal`: 500 InternalError;
- `drop`: the connection is closed without an answer (what kubectl sees when an API server
  restarts; a real "connection refused" needs the port closed, which one server cannot do
  for one request);
- `slow`: the answer comes `slowSeconds` late.

`{"rate": 0}` turns it off; `GET` shows the counts of each kind injected and requests seen
since the last configuration.
"""

import random
import threading


class Faults:
    KINDS = ("conflict", "internal", "drop", "slow")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.configure({})

    def configure(self, body: dict) -> dict:
        with self.lock:
            self.rate = float(body.get("rate", 0))
            self.kinds = [k for k in body.get("kinds", self.KINDS) if k in self.KINDS] or ["internal"]
            self.slow_seconds = float(body.get("slowSeconds", 3))
            self.writes_only = bool(body.get("writesOnly", False))
            self.random = random.Random(body.get("seed", 0))
            self.counts = {"requests": 0, **{k: 0 for k in self.KINDS}}
        return self.snapshot()

    def snapshot(self) -> dict:
        return {"rate": self.rate, "kinds": self.kinds, "slowSeconds": self.slow_seconds,
                "writesOnly": self.writes_only, "counts": dict(self.counts)}

    def pick(self, method: str) -> str | None:
        """The fault for this request, or None."""
        write = method in ("POST", "PUT", "PATCH", "DELETE")
        with self.lock:
            self.counts["requests"] += 1
            if self.rate <= 0 or (self.writes_only and not write):
                return None
            if self.random.random() >= self.rate:
                return None
            kind = self.random.choice(self.kinds)
            if kind == "conflict" and not write:
                kind = "internal"
            self.counts[kind] += 1
            return kind
