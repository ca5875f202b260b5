"""Fault rates and IAM eventual consistency: does `apply` still finish, without writing twice?

Rate runs: 20% Throttling and 5% InternalFailure (HTTP 500) on every IAM/STS call (seeded
proxy rules), and on every other run also random Kubernetes API failures (409, 500, a dropped
connection, an answer 2 s late) at 3% of requests. A run completes when one `apply` exits 0
and the estate equals the reference. A double write is an IAM write that reached moto twice
with the same document for the same target in one run (the proxy's write log).

Consistency runs: read-backs that return the old trust document three times; a role deleted
between plan and apply (its step must fail naming it, every other change must land, and
rollback must restore the rest); a trust document edited by someone else between the tool's
read and its write (the edit must survive, or the step must be refused).
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from .killpoints import APPLY, ROLLBACK, Reference
from .world import World, differences

IAM_FAULTS = [{"action": "*", "error": "Throttling", "rate": 0.20}, {"action": "*", "error": "InternalFailure", "rate": 0.05}]
KUBE_FAULTS = {"rate": 0.03, "kinds": ["conflict", "internal", "drop", "slow"], "slowSeconds": 2}
RACED = {"Sid": "AddedByAnotherTeam", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
         "Action": "sts:AssumeRole"}


@dataclass
class Tally:
    runs: int = 0
    completed: int = 0
    double_writes: int = 0
    attempts: int = 0
    injected: int = 0
    seconds: float = 0.0
    kube_injected: int = 0
    notes: list[str] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)  # "iam" / "iam+kube" / scenario -> completed

    def add(self, other: "Tally") -> None:
        for name in ("runs", "completed", "double_writes", "attempts", "injected", "seconds", "kube_injected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.notes += other.notes
        self.by_kind.update(other.by_kind)


def _double_writes(world: World) -> list[str]:
    writes = Counter((w["action"], w["account"], w["target"], w["digest"]) for w in world.fault_state()["writes"])
    return [f"{action} {target} ({account}) x{n}" for (action, account, target, _), n in writes.items() if n > 1]


def rate_run(world: World, reference: Reference, estate_args: list[str], seed: int, index: int) -> Tally:
    tally = Tally(runs=1)
    kube_too = index % 2 == 1
    kind = "iam+kube" if kube_too else "iam"
    world.reset()
    state = world.dir / f"faults-{index}.db"
    world.faults({"rules": [dict(rule, seed=seed * 1000 + index * 10 + n) for n, rule in enumerate(IAM_FAULTS)]})
    if kube_too:
        world.kube("faults", dict(KUBE_FAULTS, seed=seed * 1000 + index))
    plan = world.run(["plan", "kiam-to-irsa", *estate_args], state)
    apply = world.run(APPLY, state) if plan.status == 0 else plan
    counts = world.fault_state()
    kube = world.kube("faults", method="GET")["counts"]
    world.faults({"rules": []})
    world.kube("faults", {"rate": 0})
    tally.attempts = sum(counts["counts"].values())
    tally.injected = sum(counts["injected"].values())
    tally.kube_injected = sum(v for k, v in kube.items() if k != "requests")
    tally.seconds = apply.seconds
    diverged = differences(reference.applied, world.observe())
    doubles = _double_writes(world)
    tally.double_writes = len(doubles)
    if apply.status == 0 and not diverged:
        tally.completed = 1
        tally.by_kind[kind] += 1
    else:
        last = [line for line in (apply.stdout + apply.stderr).splitlines() if line.startswith(("failed", "stale", "error"))]
        tally.notes.append(f"faults run {index} ({kind}): exit {apply.status}; {'; '.join(last[:2])[:300]}; "
                           f"{'; '.join(diverged[:2])}")
    if doubles:
        tally.notes.append(f"faults run {index}: written twice: {', '.join(doubles)}")
    return tally


def consistency_runs(world: World, reference: Reference, estate_args: list[str],
                     only: tuple[str, ...] | None = None) -> Tally:
    tally = Tally()
    for name, scenario in (("stale read-back", _stale), ("role deleted", _deleted), ("read/write race", _race)):
        if only is not None and name not in only:
            continue
        world.reset()
        state = world.dir / f"consistency-{name.replace(' ', '-').replace('/', '-')}.db"
        plan = world.run(["plan", "kiam-to-irsa", *estate_args], state)
        tally.runs += 1
        problem = scenario(world, reference, state) if plan.status == 0 else f"plan failed: {plan.stderr[:200]}"
        doubles = _double_writes(world)
        if doubles:
            tally.double_writes += len(doubles)
            problem = (problem or "") + f" written twice: {', '.join(doubles)}"
        if problem:
            tally.notes.append(f"consistency, {name}: {problem}")
        else:
            tally.completed += 1
            tally.by_kind[name] += 1
    return tally


def _stale(world: World, reference: Reference, state) -> str | None:
    world.faults({"staleReads": 3})
    apply = world.run(APPLY, state)
    diverged = differences(reference.applied, world.observe())
    if apply.status != 0 or diverged:
        return f"exit {apply.status}: {'; '.join(diverged[:2]) or apply.stdout.strip().splitlines()[-1:]}"
    return None


def _deleted(world: World, reference: Reference, state) -> str | None:
    arn = "arn:aws:iam::444455556666:role/data/lake-reader"
    world.iam("444455556666").delete_role(RoleName="lake-reader")
    apply = world.run(APPLY, state)
    named = [line for line in apply.stdout.splitlines() if arn in line and not line.startswith(("ok", "unchanged"))]
    if apply.status != 1 or not named:
        return f"apply exit {apply.status}, no failed step naming {arn}"
    landed = [d for d in differences(reference.applied, world.observe())
              if not d.startswith((arn, "deployment/payments/payments-reconciler", "serviceaccount/payments/payments-reconciler"))]
    if landed:
        return f"the other changes did not land: {'; '.join(landed[:2])}"
    world.run(ROLLBACK, state)
    original = {k: ({a: v for a, v in d.items() if a != arn} if k == "roles" else d) for k, d in reference.original.items()}
    lost = differences(original, world.observe(), providers_may_be_added=True)
    return f"rollback did not restore the rest: {'; '.join(lost[:2])}" if lost else None


def _race(world: World, reference: Reference, state) -> str | None:
    world.faults({"race": {"role": "payments-ledger", "statement": RACED}})
    apply = world.run(APPLY, state)
    document = world.observe()["roles"]["arn:aws:iam::111122223333:role/apps/payments-ledger"]
    statements = document.get("Statement") if isinstance(document, dict) else []
    if RACED not in (statements if isinstance(statements, list) else [statements]):
        refused = "stale" in apply.stdout
        return (f"the concurrent edit was overwritten (apply exit {apply.status}, "
                f"{'reported stale' if refused else 'nothing reported'})")
    return None


def summary_numbers(tally: Tally) -> float:
    calls = tally.attempts - tally.injected
    return tally.injected / calls if calls else 0.0
