"""Kill points: SIGKILL `apply` and `rollback --all` at uniformly random moments, then resume.

A cycle on a freshly reset world: plan; `apply` (prepare + cutover + verify) killed at a
moment drawn uniformly from [0, D) where D is how long an uninterrupted apply took in this
world; the same command again, killed again (three times in one run in the full campaign,
twice in the short one: each kill costs half a run on average, a finished run a whole one, so
more kills per run make kill points cheaper); the same command until it
finishes; the estate must equal the reference (an uninterrupted apply). Then `rollback --all`
killed the same way, resumed, and the estate must equal the original. Every kill happens
while the tool holds the state file's lock, so each resume also proves the lock was not left
stuck (a resume refused with "locked by", or a lock still held once the process is gone).
A kill that came after the command had already finished is not counted.
"""

import fcntl
from contextlib import closing
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .world import World, differences

# --patch-owned: the example estate's Argo CD and Helm targets are patched live, as the campaign
# compares the end state with a full apply's (the GitOps flow waits for their sync instead).
APPLY = ["apply", "--phase", "prepare", "--phase", "cutover", "--phase", "verify", "--yes", "--patch-owned"]
ROLLBACK = ["rollback", "--all", "--yes", "--patch-owned"]
RESUMES = 3  # the same command at most this many more times after a kill


@dataclass
class Tally:
    tried: int = 0
    resumed: int = 0
    lost: int = 0
    stuck: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.tried += other.tried
        self.resumed += other.resumed
        self.lost += other.lost
        self.stuck += other.stuck
        self.notes += other.notes


class Reference:
    """What an uninterrupted cycle produces in one world, and how long its commands took."""

    def __init__(self, world: World, estate_args: list[str]) -> None:
        world.reset()
        self.original = world.observe()
        state = world.dir / "reference.db"
        plan = world.run(["plan", "kiam-to-irsa", *estate_args], state)
        apply = world.run(APPLY, state)
        if plan.status != 0 or apply.status != 0:
            raise RuntimeError(f"the uninterrupted apply failed ({plan.status}/{apply.status}): "
                               f"{(plan.stderr + apply.stdout + apply.stderr)[-1500:]}")
        self.applied = world.observe()
        rollback = world.run(ROLLBACK, state)
        restored = differences(self.original, world.observe(), providers_may_be_added=True)
        if rollback.status != 0 or restored:
            raise RuntimeError(f"the uninterrupted rollback did not restore the estate: {restored[:3]} {rollback.stdout[-800:]}")
        self.apply_seconds, self.rollback_seconds = apply.seconds, rollback.seconds


def lock_is_free(state: Path) -> bool:
    lock = Path(str(state) + ".lock")
    if not lock.exists():
        return True
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def _killed_then_resumed(world: World, args: list[str], state: Path, moments: list[float], tally: Tally,
                         label: str) -> tuple[int, bool]:
    """Run `args` killed at each moment, then to the end. Returns (kills that landed, finished ok)."""
    kills = 0
    for moment in moments:
        result = world.run(args, state, kill_after=moment)
        if not result.killed:
            break  # it finished first: the later moments have nothing to kill
        kills += 1
        if not lock_is_free(state):
            tally.stuck += 1
            tally.notes.append(f"{label}: lock still held after the kill at {moment:.2f}s")
    for _ in range(RESUMES):
        result = world.run(args, state)
        if "locked by" in result.stderr:
            tally.stuck += 1
            tally.notes.append(f"{label}: resume refused: {result.stderr.strip()[:200]}")
            return kills, False
        if result.status == 0:
            return kills, True
    tally.notes.append(f"{label}: still exit {result.status} after {RESUMES} resumes: "
                       f"{(result.stdout.strip().splitlines() or [''])[-1][:200]}")
    return kills, False


def cycle(world: World, reference: Reference, estate_args: list[str], rng: random.Random, index: int,
          rollback_kills: bool = True, kills: int = 3) -> Tally:
    tally = Tally()
    world.reset()
    state = world.dir / f"cycle-{index}.db"
    plan = world.run(["plan", "kiam-to-irsa", *estate_args], state)
    if plan.status != 0:
        tally.notes.append(f"cycle {index}: plan failed: {plan.stderr.strip()[:200]}")
        return tally
    moments = [rng.uniform(0, reference.apply_seconds) for _ in range(kills)]
    kills, finished = _killed_then_resumed(world, APPLY, state, moments, tally, f"cycle {index} apply")
    diverged = differences(reference.applied, world.observe())
    tally.tried += kills
    if finished and not diverged:
        tally.resumed += kills
    elif kills:
        tally.notes.append(f"cycle {index} apply killed at {[round(m, 2) for m in moments[:kills]]}: "
                           f"{'; '.join(diverged[:3]) or 'did not finish'}")
    rb_moments = [rng.uniform(0, reference.rollback_seconds) for _ in range(kills)] if rollback_kills else []
    kills, finished = _killed_then_resumed(world, ROLLBACK, state, rb_moments, tally, f"cycle {index} rollback")
    lost = differences(reference.original, world.observe(), providers_may_be_added=True)
    tally.tried += kills
    if finished and not lost:
        tally.resumed += kills
    if lost:
        tally.lost += max(kills, 1)
        tally.notes.append(f"cycle {index} rollback killed at {[round(m, 2) for m in rb_moments[:kills]]}: "
                           f"original not restored: {'; '.join(lost[:3])}")
    with closing(sqlite3.connect(f"file:{state}?mode=ro", uri=True)) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        tally.notes.append(f"cycle {index}: integrity_check: {check}")
        tally.lost += 1
    return tally
