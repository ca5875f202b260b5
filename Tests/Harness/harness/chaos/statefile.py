"""State-file faults: each case must end in one clear line, and lose nothing already recorded.

A clear error: exit 1 or 64, exactly one line on stderr, naming the state file (or its lock),
saying what to do next, and no Swift type dump. "Nothing lost": a file the tool refused is
byte-for-byte as it was (mode included), and plans recorded before are still readable.
Read-only and disk-full cases use small tmpfs mounts (read-only remount for the first),
because the campaign runs as root, which file modes do not stop; without `mount` they are
skipped with the reason.
"""

import fcntl
from contextlib import closing
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .killpoints import APPLY
from .world import World

DUMPS = ("CodingKeys", "Error(", "NSCocoaErrorDomain", "underlying:", "Swift.", "Fatal error", "DecodingError")
ADVICE = ("run ", "remove", "use ", "re-plan", "try", "restore", "move", "choose", "wait", "check", "free",
          "delete", "upgrade", "pass ", "give", "make", "rename", "ask")


@dataclass
class Tally:
    cases: int = 0
    clear: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# The progress line apply, verify and rollback print as each step starts (ProgressJournal):
# not part of the error, which is the one line that follows them.
PROGRESS = re.compile(r"^(applying|checking|reverting) \d+ [a-z-]+ \S+$")


def clear_error(status: int, stderr: str, names: list[str]) -> str | None:
    """Why this is not a clear one-line error (progress lines aside), or None."""
    lines = [line for line in stderr.splitlines() if line.strip() and not PROGRESS.match(line)]
    if status not in (1, 64):
        return f"exit {status}"
    if len(lines) != 1:
        return f"{len(lines)} lines on stderr: {' | '.join(lines[:3])[:300]}"
    line = lines[0]
    if any(d in line for d in DUMPS):
        return f"a type dump: {line[:300]}"
    if not any(n in line for n in names):
        return f"does not name the file: {line[:300]}"
    if not any(a in line.lower() for a in ADVICE):
        return f"does not say what to do: {line[:300]}"
    return None


def fingerprint(path: Path) -> tuple:
    if not path.exists():
        return ("missing",)
    if path.is_dir():
        return ("dir", oct(path.stat().st_mode))
    return (hashlib.sha256(path.read_bytes()).hexdigest(), oct(path.stat().st_mode))


def plan_count(path: Path) -> int | None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT count(*) FROM plans").fetchone()[0]
    except sqlite3.Error:
        return None


class Cases:
    def __init__(self, world: World, work: Path, snapshot_args: list[str]) -> None:
        self.world, self.work, self.plan_args = world, work, ["plan", "kiam-to-irsa", *snapshot_args]
        work.mkdir(parents=True, exist_ok=True)
        self.base = work / "base.db"
        result = world.run(self.plan_args, self.base, live=False)
        if result.status != 0:
            raise RuntimeError(f"cannot make a state file: {result.stderr[:300]}")
        self.tally = Tally()

    def fresh(self, name: str, directory: Path | None = None) -> Path:
        path = (directory or self.work) / name
        shutil.copyfile(self.base, path)
        return path

    def record(self, name: str, problem: str | None, lost: str | None = None) -> None:
        self.tally.cases += 1
        if problem is None:
            self.tally.clear += 1
        else:
            self.tally.notes.append(f"{name}: {problem}")
        if lost:
            self.tally.lost += 1
            self.tally.notes.append(f"{name}: LOST {lost}")

    def refused_untouched(self, name: str, path: Path, args: list[str], live: bool = False) -> None:
        """The command must refuse with a clear error and leave the file as it was.

        Changed bytes or mode make the case unclear; lost means recorded plans no longer read
        back, or the content of a file that is not ours was rewritten.
        """
        before, plans = fingerprint(path), plan_count(path)
        result = self.world.run(args, path, live=live)
        after = fingerprint(path)
        problem = clear_error(result.status, result.stderr, [path.name])
        if before != after:
            change = f"{path.name} changed: content {before[0][:8]} -> {after[0][:8]}, mode {before[-1]} -> {after[-1]}"
            problem = f"{problem}; {change}" if problem else change
        lost = None
        if plans is not None and (plan_count(path) or 0) < plans:
            lost = f"{path.name}: {plans} plans before, {plan_count(path)} after"
        elif plans is None and before[0] != after[0] and before[0] != "missing":
            lost = f"{path.name}, not a state file of ours, was rewritten"
        self.record(name, problem, lost)

    # ---- the cases ----
    def damaged_files(self) -> None:
        truncated = self.fresh("truncated.db")
        with open(truncated, "r+b") as handle:
            handle.truncate(truncated.stat().st_size * 6 // 10)
        self.refused_untouched("truncated, status", truncated, ["status"])
        self.refused_untouched("truncated, plan", truncated, self.plan_args)
        empty = self.work / "empty.db"
        empty.write_bytes(b"")
        self.refused_untouched("zero-length, status", empty, ["status"])
        text = self.work / "notes.txt"
        text.write_text("not a database\n")
        self.refused_untouched("not SQLite, status", text, ["status"])
        self.refused_untouched("not SQLite, plan", text, self.plan_args)
        newer = self.fresh("newer.db")
        with closing(sqlite3.connect(newer)) as db:
            db.execute("PRAGMA user_version = 999")
            db.commit()
        self.refused_untouched("newer schema, plan", newer, self.plan_args)
        other = self.work / "other-program.db"
        with closing(sqlite3.connect(other)) as db:
            db.execute("CREATE TABLE settings (key TEXT, value TEXT)")
            db.commit()
        self.refused_untouched("another program's database, status", other, ["status"])
        directory = self.work / "a-directory.db"
        directory.mkdir(exist_ok=True)
        self.refused_untouched("a directory, plan", directory, self.plan_args)

    def read_only(self) -> None:
        with Mount(self.work / "ro-mount", "1m") as mount:
            if mount.error:
                self.tally.skipped.append(f"read-only file system: {mount.error}")
                return
            path = self.fresh("state.db", mount.path)
            subprocess.run(["mount", "-o", "remount,ro", str(mount.path)], check=True)
            for args, name in ((["status"], "status"), (["report", "--format", "json"], "report")):
                result = self.world.run(args, path, live=False)
                self.record(f"read-only file system, {name}",
                            None if result.status == 0 else f"exit {result.status}: {result.stderr.strip()[:300]}")
            self.refused_untouched("read-only file system, plan", path, self.plan_args)

    def disk_full(self) -> None:
        with Mount(self.work / "full-mount", "256k") as mount:
            if mount.error:
                self.tally.skipped.append(f"disk full: {mount.error}")
                return
            path = self.fresh("state.db", mount.path)
            before = plan_count(path)
            filler = mount.path / "filler"
            descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
            try:
                while os.write(descriptor, b"\0" * 1024) > 0:
                    pass
            except OSError:
                pass  # the file system is full
            finally:
                os.close(descriptor)
            # Other options than base.db's plan: a plan of the same input in the same second
            # as base.db is that stored plan (the same id), which needs no write and rightly
            # exits 0; this case is about a plan that must write.
            result = self.world.run(self.plan_args + ["--trust-policy-quota", "2047"], path, live=False)
            filler.unlink()
            after = plan_count(path)
            self.record("disk full, plan", clear_error(result.status, result.stderr, [path.name, str(mount.path)]),
                        None if after == before else f"plans {before} -> {after}")

    def two_plans_at_once(self) -> None:
        path = self.work / "two-plans.db"
        procs = [self.world.start(self.plan_args, path, live=False) for _ in range(2)]
        results = [(p.wait(), p.communicate()) for p in procs]
        # Two plans of the same input in the same second are one plan (same id): the second
        # finds it stored and says so. So count the distinct plan ids the successes name.
        ids = {match.group(1) for status, (_, err) in results if status == 0
               for match in [re.search(r"(?:Saved plan|Plan) (\S+) (?:to|was already stored in) ", err)] if match}
        ok = sum(1 for status, _ in results if status == 0)
        problems = [clear_error(status, err, [path.name]) for status, (_, err) in results if status != 0]
        count = plan_count(path)
        self.record("two plans at once", next((p for p in problems if p), None),
                    None if count == len(ids) else f"{ok} plans succeeded naming {len(ids)} plan ids, {count} recorded")

    def locks(self, estate_args: list[str], apply_seconds: float, pulled_away: bool = True) -> None:
        world = self.world
        world.reset()
        path = self.work / "locked.db"
        world.run(["plan", "kiam-to-irsa", *estate_args], path)
        before = fingerprint(path)
        with open(str(path) + ".lock", "a+") as holder:
            fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            holder.write("pid 1 (chaos test holder)\n")
            holder.flush()
            result = world.run(APPLY, path)
        self.record("apply while another holds the lock", clear_error(result.status, result.stderr, [path.name]),
                    None if fingerprint(path) == before else "the state file changed while locked")
        killed = world.run(APPLY, path, kill_after=apply_seconds * 0.3)
        again = world.run(APPLY, path)
        self.record("stale lock from a killed process",
                    None if killed.killed and again.status == 0 else
                    f"killed={killed.killed}, then exit {again.status}: {again.stderr.strip()[:300]}")
        if pulled_away:
            self._pulled_away(estate_args, apply_seconds, "state file deleted while running", ["", "-wal", "-shm"])
            self._pulled_away(estate_args, apply_seconds, "lock file deleted while running", [".lock"])

    def _pulled_away(self, estate_args: list[str], apply_seconds: float, name: str, suffixes: list[str]) -> None:
        world = self.world
        world.reset()
        path = self.work / f"{name.split()[0]}-pulled.db"
        world.run(["plan", "kiam-to-irsa", *estate_args], path)
        proc = world.start(APPLY, path)
        # Pulled away while the apply certainly runs: once it holds the lock (its holder line
        # is in the lock file), plus a moment for it to start on the steps. A delay scaled from
        # the reference apply alone lands after the end when the machine got quieter since.
        holding = _holds_lock(Path(str(path) + ".lock"), proc)
        time.sleep(min(apply_seconds * 0.4, 2.0))
        running = proc.poll() is None
        for suffix in suffixes:
            Path(str(path) + suffix).unlink(missing_ok=True)
        second = world.run(APPLY, path) if suffixes == [".lock"] else None
        out, err = proc.communicate()
        if not (holding and running):
            self.record(name, f"not exercised: the apply {'never held the lock' if not holding else 'had ended'} "
                              f"before the file was deleted (exit {proc.returncode})")
            return
        if second is not None:
            problem = clear_error(second.status, second.stderr, [path.name])
            self.record(name + ", a second apply", problem and f"a second apply ran alongside: {problem}")
            return
        problem = clear_error(proc.returncode, err, [path.name])
        self.record(name, problem, f"apply exit {proc.returncode}: live changes with no state file to roll back"
                    if proc.returncode == 0 else None)


def _holds_lock(lock: Path, proc: subprocess.Popen, limit: float = 120.0) -> bool:
    """Waits until the running `proc` has written its holder line into the lock file."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if lock.read_text().strip():
                return True
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return False


class Mount:
    """A small tmpfs at `path` for the duration of a `with`; `error` says why not when mount fails."""

    def __init__(self, path: Path, size: str) -> None:
        self.path, self.size, self.error = path, size, None

    def __enter__(self) -> "Mount":
        self.path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            self.error = (done.stderr.strip() or f"mount exit {done.returncode}")[:200]
        return self

    def __exit__(self, *_) -> None:
        if not self.error and subprocess.run(["umount", str(self.path)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
        try:
            os.rmdir(self.path)
        except OSError:
            pass
