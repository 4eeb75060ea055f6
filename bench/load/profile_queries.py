"""The queries behind each hot endpoint, grouped, with the time of a request: where to look first.

    MOTCUA_HOME=var/bench .venv/bin/python bench/load/profile_queries.py [--show 3] [--rounds 20]

Runs in one process with Django's test client against the load benchmark's database (prepared
by ``bench/load/run.py``; the newest ``fixture.json`` under ``MOTCUA_HOME/bench-load`` names the
codes and sessions). For each endpoint of ``run.endpoint_requests``: one warm-up request, then
the queries of one request grouped by their SQL with the parameters taken out (a group of more
than one is a repeated read), and the median wall time of ``--rounds`` requests. Reads only.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 - the runner's setup and endpoint list

_LITERALS = re.compile(r"('(?:[^']|'')*'|\b\d+\b)")


def shape(sql: str) -> str:
    return _LITERALS.sub("?", " ".join(sql.split()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=3, help="repeated groups to print in full")
    parser.add_argument("--rounds", type=int, default=20, help="requests timed per endpoint")
    parser.add_argument("--only", default="", help="comma-separated endpoints")
    args = parser.parse_args(argv)

    home = Path(os.environ.get("MOTCUA_HOME") or run.ROOT / "var" / "bench").resolve()
    run.setup(home, run.bench_secret(home))
    import json

    from django.db import connection
    from django.test import Client

    from motcua.accounts.models import User

    fixtures = sorted((home / "bench-load").glob("*/fixture.json"))
    if not fixtures:
        raise SystemExit("no fixture.json: run bench/load/run.py once first")
    fixture = json.loads(fixtures[-1].read_text(encoding="utf-8"))
    officer = User.objects.filter(username__startswith="bench.tiepnhan.").order_by("pk").first()
    wanted = set(filter(None, args.only.split(",")))
    for endpoint, (url, who) in run.endpoint_requests(fixture).items():
        if wanted and endpoint not in wanted:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if who == "officer":
            client.force_login(officer)
        client.get(url)
        captured = []

        def record(execute, sql, params, many, context, captured=captured):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((sql, time.perf_counter() - started))

        # Not CaptureQueriesContext: request_started empties connection.queries under it.
        with connection.execute_wrapper(record):
            response = client.get(url)
        timings = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        groups = Counter(shape(sql) for sql, _seconds in captured)
        spent = Counter()
        for sql, seconds in captured:
            spent[shape(sql)] += seconds * 1000
        sql_ms = sum(seconds for _sql, seconds in captured) * 1000
        print(
            f"\n{endpoint} {url} -> {response.status_code}: {len(captured)} queries "
            f"({sql_ms:.1f} ms), request median {statistics.median(timings) * 1000:.1f} ms"
        )
        for sql, count in groups.most_common():
            if count > 1 or args.show < 0:
                print(f"  {count}× {sql[:160]}")
        for sql, ms in spent.most_common()[: max(0, args.show)]:
            print(f"     {ms:6.2f} ms {groups[sql]}× {sql[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
