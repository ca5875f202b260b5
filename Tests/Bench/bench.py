#!/usr/bin/env python3
"""`make bench`: the performance figures of issue 13, one machine-readable line each.

    python3 Tests/Bench/bench.py --binary .build/release/irsa-migrate --work out/bench [--repeat 2] [--apply-python .venv/bin/python]

The machine is shared, so every tool figure is measured beside Python's C `json.load` of the
same input files, in the same run, and reported as a ratio. Each measurement is repeated
(--repeat) and the fastest run of each side is kept: load from other processes only ever
adds time. Peak memory is `/usr/bin/time`'s maximum resident set size. Stdlib only; the
apply-call count needs the emulator harness (its venv python) and is left out without it.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import estates  # noqa: E402

ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/BENCH"
BASE = "arn:aws:iam::111122223333:role/"
INPUTS = ("kubernetes.json", "iam-roles.json", "oidc-providers.json")


def timed(argv, stdout=subprocess.DEVNULL, ok=(0,)):
    """(wall seconds, peak KiB) of one run of argv, by /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r") as out:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", out.name, *argv], stdout=stdout,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode not in ok:
            sys.exit("bench: %s exited %d: %s" % (argv[0], proc.returncode, proc.stderr.strip()[-500:]))
        wall, kib = out.read().split()[-2:]
        return float(wall), int(kib)


def python_parse(files):
    """Seconds Python's json.load takes to parse files, in a fresh interpreter (start-up not counted)."""
    code = ("import json,sys,time\nt=time.perf_counter()\n"
            "for f in sys.argv[1:]:\n    json.load(open(f))\nprint(time.perf_counter()-t)")
    return float(subprocess.run([sys.executable, "-c", code, *map(str, files)], check=True, capture_output=True,
                                text=True).stdout)


def python_parse_peak(files):
    """Peak resident bytes of a fresh Python that parses files with json.load and does nothing else."""
    code = "import json,sys\nfor f in sys.argv[1:]:\n    json.load(open(f))"
    return timed([sys.executable, "-c", code, *map(str, files)])[1] * 1024


def store_floor(db, repeat):
    """Seconds SQLite takes, through Python's sqlite3 (C), to store again what the tool stored in
    db: every row of its plans, steps and events, under its schema and pragmas, in one transaction,
    with the commit and the checkpoint at close. No tool that keeps this plan in a state file of
    this format stores it faster; the fastest of `repeat` runs."""
    source = sqlite3.connect(db)
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    rows = {table: source.execute("SELECT * FROM %s" % table).fetchall() for table in ("plans", "steps", "events")}
    source.close()
    best = None
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(repeat):
            target = sqlite3.connect(os.path.join(scratch, "floor-%d.db" % round_), isolation_level=None)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
                target.execute("PRAGMA " + pragma)
            for sql in schema:
                target.execute(sql)
            start = time.perf_counter()
            target.execute("BEGIN")
            for table, values in rows.items():
                if values:
                    target.executemany("INSERT INTO %s VALUES (%s)" % (table, ",".join("?" * len(values[0]))), values)
            target.execute("COMMIT")
            target.close()
            seconds = time.perf_counter() - start
            best = seconds if best is None else min(best, seconds)
    return best


def input_size(directory):
    return sum((directory / name).stat().st_size for name in INPUTS if (directory / name).exists())


def state_size(db):
    return sum(Path(str(db) + suffix).stat().st_size for suffix in ("", "-wal") if Path(str(db) + suffix).exists())


def plan_side_by_side(binary, estate, db, arguments, repeat, parse_files):
    """Best tool run and best Python parse over `repeat` alternating rounds."""
    best_tool, best_kib, best_parse = None, 0, None
    for _ in range(repeat):
        parse = python_parse(parse_files)
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        wall, kib = timed([binary, "plan", *arguments, "--snapshot", str(estate), "--state", str(db),
                           "--format", "json"])
        best_parse = parse if best_parse is None else min(best_parse, parse)
        if best_tool is None or wall < best_tool:
            best_tool, best_kib = wall, kib
    return best_tool, best_kib, best_parse


def mb(n_bytes):
    return n_bytes / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--work", default="out/bench")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--apply-python", help="the harness venv's python; without it the apply line is skipped")
    ap.add_argument("--skip-20k", action="store_true")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    binary = str(Path(args.binary).resolve())
    kiam = ["kiam-to-irsa", "--issuer", ISSUER, "--role-base-arn", BASE]

    times = {}
    for workloads, roles in ((10000, 5000), (20000, 10000)):
        if workloads == 20000 and args.skip_20k:
            continue
        estate = estates.kiam(work, workloads, roles)
        db = work / ("plan-%d.db" % workloads)
        files = [estate / "kubernetes.json", estate / "iam-roles.json"]
        wall, kib, parse = plan_side_by_side(binary, estate, db, kiam, args.repeat, files)
        times[workloads] = (wall, db, estate)
        size = input_size(estate)
        line = "bench plan kiam-to-irsa %d/%d: %.2f s, %.0f MB, python parse %.2f s, ratio %.2f, memory %.1fx input" % (
            workloads, roles, wall, kib * 1024 / 1e6, parse, wall / parse, kib * 1024 / size)
        if workloads == 20000:
            line += ", %.2fx the 10k time" % (wall / times[10000][0])
        print(line, flush=True)

    wall10, db10, estate10 = times[10000]
    stored = state_size(db10)
    given = input_size(estate10)
    # What the goals leave room for, measured beside them: Python's peak while it parses the
    # input (a reference), and SQLite's own time to store the plan (a floor).
    peak = python_parse_peak([estate10 / "kubernetes.json", estate10 / "iam-roles.json"])
    print("bench reference python json.load 10000/5000: peak %.0f MB, %.1fx input" % (mb(peak), peak / given),
          flush=True)
    print("bench floor store kiam-to-irsa 10000/5000: %.2f s in SQLite alone" % store_floor(db10, args.repeat), flush=True)
    print("bench state file 10000/5000: %.1f MB, input %.1f MB, ratio %.2f" % (mb(stored), mb(given), stored / given),
          flush=True)
    for command, extra in (("report", ["--out", os.devnull]), ("status", [])):
        best = min(timed([binary, command, "--state", str(db10), *extra])[0] for _ in range(args.repeat))
        print("bench %s 10000: %.2f s" % (command, best), flush=True)

    moved = estates.issuer_move(work, 10000)
    db = work / "issuer-move.db"
    arguments = ["issuer-move", "--from", estates.OLD_ISSUER, "--to", estates.NEW_ISSUER]
    wall, kib, parse = plan_side_by_side(binary, moved, db, arguments, args.repeat, [moved / "iam-roles.json"])
    print("bench plan issuer-move 10000 roles: %.2f s, %.0f MB, python parse %.2f s, ratio %.2f" % (
        wall, kib * 1024 / 1e6, parse, wall / parse), flush=True)
    floor = store_floor(db, args.repeat)
    print("bench floor store issuer-move 10000 roles: %.2f s in SQLite alone, python parse %.2f s, ratio %.2f" % (
        floor, parse, floor / parse), flush=True)

    if 20000 in times:
        _, _, estate20 = times[20000]
        wall, kib = timed([binary, "audit", "--snapshot", str(estate20), "--issuer", ISSUER, "--role-base-arn", BASE,
                           "--format", "json"], ok=(0, 1))
        print("bench audit 20000/10000: %.2f s, %.0f MB" % (wall, kib * 1024 / 1e6), flush=True)

    if args.apply_python:
        import apply_calls
        print(apply_calls.measure(binary, args.apply_python, work), flush=True)


if __name__ == "__main__":
    main()
