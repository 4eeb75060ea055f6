"""Benchmark of the catalog search over the full national catalog (every JSONL export).

Run:  MOTCUA_HOME=var/bench .venv/bin/python bench/bench_search.py [--rounds N]

Uses its own database (``MOTCUA_DB_NAME``, default ``motcua_bench``) on the embedded server of
``MOTCUA_HOME`` or on ``DATABASE_URL``: migrates it, imports every ``tthc_*.jsonl`` from
shared/data/tthc (timing the import), then runs the search table's queries (with and without
diacritics, typos, codes, partial words) ``--rounds`` times each, measuring one page of results
the way the catalog page gets it (ranked ids, then the rows and the highlighted names), with
nothing kept; then the same queries answered from the results kept per process. Prints p50 /
p95 / max latency and the machine, to record in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("MOTCUA_DB_NAME", "motcua_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

QUERIES = [
    "dang ky khai sinh",
    "khai sinh",
    "đăng kí khai sinh",
    "ĐĂNG KÝ KHAI SINH",
    "dang ki khai sihn",
    "khai si",
    "DANG KY KET HON",
    "ket hon",
    "dang ky ket hn",
    "cap lai can cuoc",
    "cấp lại thẻ căn cước",
    "cap doi the can cuoc",
    "1.001193",
    "1.0011",
    "dang ky lai khai sinh",
    "ket hon co yeu to nuoc ngoai",
    "dang ky khai tu",
    "xac nhan tinh trang hon nhan",
    "trich luc ho tich",
    "chung thuc",
    "dang ky tam tru",
    "giay phep lai xe",
    "giay phep xay dung",
    "quoc tich",
    "cong chung",
    "dang ky xe",
    "thue",
    "dat dai",
    "ngan hang",
    "bao hiem",
    "hộ tịch",
    "cấp giấy phép xây dựng",
]


def machine_info() -> str:
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} vCPU, CPython {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.catalog import search
    from motcua.catalog.demo import catalog_data_dir
    from motcua.catalog.models import Procedure
    from motcua.catalog.selectors import search_procedures
    from motcua.catalog.services import import_file

    data_dir = catalog_data_dir()
    if data_dir is None:
        print("shared/data/tthc not found (set MOTCUA_CATALOG_DATA)", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    Procedure.objects.all().delete()
    files = sorted(data_dir.glob("tthc_*.jsonl"))
    started = time.perf_counter()
    for path in files:
        import_file(path)
    import_seconds = time.perf_counter() - started
    count = Procedure.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_procedure")

    def timed(query: str, *, kept: bool) -> float:
        if not kept:
            search._kept.clear()  # the ranking itself, as for a query not asked since a change
        t0 = time.perf_counter()
        page = search_procedures(query)
        if not kept:  # the rows read and the names highlighted, as when the list is rendered
            _ = [result.highlighted_name for result in page.results]
        elapsed = (time.perf_counter() - t0) * 1000
        assert page.total or query in {"zzz"}
        return elapsed

    for query in QUERIES:  # warm the caches once
        timed(query, kept=False)
    timings = sorted(timed(q, kept=False) for _ in range(args.rounds) for q in QUERIES)
    for query in QUERIES:  # each query's result kept once
        timed(query, kept=True)
    kept = sorted(timed(q, kept=True) for _ in range(args.rounds) for q in QUERIES)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"machine: {machine_info()}")
    print(
        f"catalog: {count} procedures from {len(files)} files, imported in {import_seconds:.1f} s"
    )
    print(f"queries: {len(QUERIES)} x {args.rounds} rounds = {len(timings)} searches")
    print(f"latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
    print(
        f"kept (the same query again, catalog unchanged): p50 {statistics.median(kept):.2f} ms, "
        f"p95 {kept[int(len(kept) * 0.95) - 1]:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
