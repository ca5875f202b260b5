"""`make chaos`: the reliability campaign. Each family prints one summary line, details under it.

    python -m harness.chaos --binary .build/debug/irsa-migrate [--seed 7] [--runs N] [--short]
                            [--families kill-points,faults,state-file,inputs] [--workers 2]

Exit status 1 when a family misses its target (see docs/reliability.md), 0 otherwise.
`--short` is the version inside `make test`: 2 kill cycles whose rollback is not killed (a
known defect makes that outcome depend on the moment), 2 fault runs and the read/write race,
the state-file cases but the two that pull files away during an apply, 300 inputs.
"""

import argparse
import concurrent.futures
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .. import estates as estate
from . import faultrates, inputs, killpoints, known, statefile
from .world import World

REPOSITORY = Path(__file__).resolve().parents[4]
FAMILIES = ("kill-points", "faults", "state-file", "inputs")


NOTES: Path | None = None  # every note of every family, when the work directory is kept


def _verdict(args, met: bool, notes: list[str]) -> bool:
    """Print the notes; the family passes when it met its target (full run), or, in the short
    run, when every problem it found is a known defect (known.py)."""
    if not args.short:
        _notes(notes)
        return met
    unexpected, expected = known.split(notes)
    _notes(unexpected + expected)
    return not unexpected


def _notes(notes: list[str], limit: int = 12) -> None:
    if NOTES is not None:
        with open(NOTES, "a") as handle:
            handle.writelines(note + "\n" for note in notes)
    for note in notes[:limit]:
        print(f"  - {note}")
    if len(notes) > limit:
        print(f"  - ... and {len(notes) - limit} more")


def _parallel(worlds: list, jobs: list, work) -> list:
    """Run `work(world, job)` for every job, one world per thread; results in job order."""
    pending = list(enumerate(jobs))
    results: list = [None] * len(jobs)

    def drain(world) -> None:
        while pending:
            try:
                index, job = pending.pop(0)
            except IndexError:
                return
            results[index] = work(world, job)

    with concurrent.futures.ThreadPoolExecutor(len(worlds)) as pool:
        for future in [pool.submit(drain, world) for world in worlds]:
            future.result()
    return results


def kill_points(worlds, references, args, estate_args) -> bool:
    """Cycles (RUNS, or until 200 kill points in the full run), each on one world."""
    target = 1 if args.short or args.runs else 200
    total, cycles, started = killpoints.Tally(), args.runs or (2 if args.short else 150), 0
    deadline = time.monotonic() + args.budget * 60 if args.budget else float("inf")
    while started < cycles and (args.runs or args.short or total.tried < target) and time.monotonic() < deadline:
        batch = list(range(started, min(cycles, started + len(worlds))))
        started += len(batch)
        for tally in _parallel(worlds, batch, lambda world, index: killpoints.cycle(
                world, references[world], estate_args, random.Random(f"{args.seed}-{index}"), index,
                rollback_kills=not args.short, kills=2 if args.short else 3)):
            total.add(tally)
    print(f"chaos kill-points: {total.tried} tried, {total.resumed} resumed to the reference, {total.lost} lost, "
          f"{total.stuck} stuck locks (seed {args.seed})")
    print(f"  {started} cycles; uninterrupted apply {_mean(r.apply_seconds for r in references.values()):.1f} s, "
          f"rollback {_mean(r.rollback_seconds for r in references.values()):.1f} s")
    met = total.tried >= target and total.resumed == total.tried and total.lost == 0 and total.stuck == 0
    return _verdict(args, met, total.notes) and total.tried >= 1


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def faults(worlds, references, args, estate_args) -> bool:
    runs = args.runs or (2 if args.short else 10)
    tallies = _parallel(worlds, list(range(runs)), lambda world, index: faultrates.rate_run(
        world, references[world], estate_args, args.seed, index))
    rates = faultrates.Tally()
    for tally in tallies:
        rates.add(tally)
    # The short run keeps the read/write race: one apply, and the check it holds is the one
    # most easily lost (a second read before a trust write).
    consistency = faultrates.consistency_runs(worlds[0], references[worlds[0]], estate_args,
                                              only=("read/write race",) if args.short else None)
    total = faultrates.Tally()
    total.add(rates)
    total.add(consistency)
    print(f"chaos faults: {total.runs} runs, {total.completed} completed, {total.double_writes} double writes, "
          f"{faultrates.summary_numbers(rates):.2f} retries per call (seed {args.seed})")
    reference_seconds = sum(r.apply_seconds for r in references.values()) / len(references)
    print(f"  wall time: {rates.seconds / max(rates.runs, 1):.1f} s per apply under faults vs "
          f"{reference_seconds:.1f} s fault-free ({rates.seconds / max(rates.runs, 1) / reference_seconds:.2f}x); "
          f"IAM/STS attempts {rates.attempts}, injected {rates.injected}; Kubernetes faults injected {rates.kube_injected}")
    print(f"  completed by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(total.by_kind.items())))
    return _verdict(args, total.completed == total.runs and total.double_writes == 0, total.notes)


def state_file(worlds, references, args, estate_args, work: Path, snapshot_args) -> bool:
    world = worlds[0]
    cases = statefile.Cases(world, work / "state-file", snapshot_args)
    cases.damaged_files()
    cases.read_only()
    cases.disk_full()
    cases.two_plans_at_once()
    cases.locks(estate_args, references[world].apply_seconds, pulled_away=not args.short)
    tally = cases.tally
    print(f"chaos state-file: {tally.cases} cases, {tally.clear} clear errors, {tally.lost} lost")
    _notes([f"skipped: {s}" for s in tally.skipped])
    return _verdict(args, tally.clear == tally.cases and tally.lost == 0, tally.notes)


def hostile_inputs(args, work: Path, small: Path, estate_args) -> bool:
    count = args.inputs or (300 if args.short else 10_000)
    workers = max(1, args.workers)
    shares = [count // workers + (1 if n < count % workers else 0) for n in range(workers)]
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(inputs.batch, args.binary, small, work / f"inputs-{n}", args.seed * 100 + n, share,
                               estate_args) for n, share in enumerate(shares)]
        total = inputs.Tally()
        for future in futures:
            total.add(future.result())
    print(f"chaos inputs: {total.tried} tried, {total.crashes} crashes, {total.multi_line} multi-line errors, "
          f"slowest {total.slowest:.1f} s (seed {args.seed})")
    print(f"  over {inputs.LIMIT_SECONDS:.0f} s: {total.slow}; largest resident size {total.max_rss_kb / 1024:.0f} MB")
    target = 1 if args.short or args.inputs else 10_000
    met = (total.tried >= target and total.crashes == 0 and total.multi_line == 0 and total.slow == 0
           and total.max_rss_kb < 1024 * 1024)
    return _verdict(args, met, total.notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.chaos", description=__doc__)
    parser.add_argument("--binary", type=Path, default=REPOSITORY / ".build/debug/irsa-migrate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=0, help="kill cycles and fault runs (default: 70 and 10; short 2)")
    parser.add_argument("--inputs", type=int, default=0, help="hostile inputs (default 10000; short 300)")
    parser.add_argument("--short", action="store_true", help="the version inside make test")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--workers", type=int, default=2, help="emulator instances run in parallel")
    parser.add_argument("--budget", type=float, default=0, help="minutes after which no kill cycle starts")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    args.binary = args.binary.resolve()
    families = [f for f in args.families.split(",") if f]
    if not args.binary.exists() or any(f not in FAMILIES for f in families):
        parser.error(f"no binary at {args.binary} (make build) or an unknown family in {families}")
    work = Path(tempfile.mkdtemp(prefix="irsa-chaos-"))
    global NOTES
    NOTES = work / "notes.txt"
    small = estate.write(REPOSITORY / "examples/estate", work / "estate")
    estate_args = list(estate.ARGS)
    began, ok, worlds = time.monotonic(), True, []
    try:
        if any(f in families for f in ("kill-points", "faults", "state-file")):
            count = args.workers if any(f in families for f in ("kill-points", "faults")) else 1
            with concurrent.futures.ThreadPoolExecutor(count) as pool:
                worlds = list(pool.map(lambda n: World(work / f"world-{n}", args.binary, small), range(count)))
                references = dict(zip(worlds, pool.map(lambda w: killpoints.Reference(w, estate_args), worlds)))
        if "kill-points" in families:
            ok &= kill_points(worlds, references, args, estate_args)
        if "faults" in families:
            ok &= faults(worlds, references, args, estate_args)
        if "state-file" in families:
            ok &= state_file(worlds, references, args, estate_args, work, ["--snapshot", str(small), *estate_args])
        if "inputs" in families:
            ok &= hostile_inputs(args, work, small, estate_args)
    finally:
        for world in worlds:
            world.stop()
        if args.keep or not ok:
            print(f"chaos: work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"chaos: {'every family met its target' if ok else 'a family missed its target'} "
          f"({time.monotonic() - began:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
