"""Benchmark of deadline arithmetic: calls per second on one core.

Run:  .venv/bin/python bench/bench_deadlines.py [--calls N] [--seed S]

Measures ``WorkCalendar.add_working_time`` and ``working_time_between`` with random starts
(any minute of 2024-2027, in and out of working time) and random durations (0-30 working days
plus 0-7 hours), on the civil-service calendar of 2024-2027 (official 2024-2026 decisions from
the shared CSV when it is present, projected holidays otherwise). The target is at least
200,000 add_working_time calls per second. Prints the machine it ran on, so results can be
recorded in docs/performance.md with the command.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from motcua.worktime.calendar import VIETNAM_TZ
from motcua.worktime.holidays import build_calendar, read_decisions_csv

SHARED_CSV = Path("/work/shared/data/calendar/vn_public_holidays_2024_2026.csv")
TARGET_ADD_PER_SECOND = 200_000


def machine_info() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.release()} ({platform.machine()}), CPU: {cpu}, "
        f"{os.cpu_count()} logical CPUs; one core used"
    )


def best_rate(fn, rounds: int = 5) -> float:
    """Calls per second of the best of ``rounds`` runs (``fn`` returns its call count)."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        calls = fn()
        elapsed = time.perf_counter() - started
        best = max(best, calls / elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000, help="calls per round")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    decisions = read_decisions_csv(SHARED_CSV) if SHARED_CSV.exists() else []
    calendar = build_calendar(range(2024, 2028), decisions)
    rng = random.Random(args.seed)
    base = datetime(2024, 1, 1, tzinfo=VIETNAM_TZ)
    span = 4 * 365 * 24 * 60
    starts = [base + timedelta(minutes=rng.randrange(span)) for _ in range(args.calls)]
    days = [rng.randrange(31) for _ in range(args.calls)]
    hours = [rng.randrange(8) for _ in range(args.calls)]
    add = calendar.add_working_time
    dues = [add(s, d, h) for s, d, h in zip(starts, days, hours, strict=True)]  # warm-up
    between = calendar.working_time_between

    def run_add() -> int:
        for s, d, h in zip(starts, days, hours, strict=True):
            add(s, d, h)
        return len(starts)

    def run_between() -> int:
        for s, e in zip(starts, dues, strict=True):
            between(s, e)
        return len(starts)

    add_rate = best_rate(run_add)
    between_rate = best_rate(run_between)
    print(f"machine: {machine_info()}")
    print(f"calendar: {calendar!r}, {'official CSV + ' if decisions else ''}projected holidays")
    print(f"calls per round: {args.calls:,}, best of 5 rounds, seed {args.seed}")
    print(f"add_working_time:     {add_rate:12,.0f} calls/s")
    print(f"working_time_between: {between_rate:12,.0f} calls/s")
    ok = add_rate >= TARGET_ADD_PER_SECOND
    print(f"target {TARGET_ADD_PER_SECOND:,} add_working_time calls/s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
