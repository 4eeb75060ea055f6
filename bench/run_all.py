"""``make bench``: every benchmark in one command, one table at the end.

    MOTCUA_HOME=var/bench .venv/bin/python bench/run_all.py [--quick] [--skip reports,load]

Runs, each in its own process and database under ``MOTCUA_HOME`` (default ``var/bench``):

- ``deadlines``  bench/bench_deadlines.py: deadline computations per second, one core;
- ``search``     bench/bench_search.py: catalog search latency on the full national catalog;
- ``load``       bench/load/run.py: the citizen, submission and staff scenarios with locust
                 against gunicorn with the production settings, the ratios to a bare view, the
                 SQL behind each endpoint alone, and a web worker's RSS after the load;
- ``paperwork``  bench/bench_paperwork.py: slips rendered and seals applied per second;
- ``reports``    bench/bench_reports.py on 1,000,000 generated dossiers (``--reuse``: generated
                 once, kept; the 10-million run is ``make bench-10m``).

A part that fails is shown as failed in the table; the others still run. Every part's output is
kept in ``MOTCUA_HOME/bench-logs/<time>/``; the figures also go to ``results.json`` there.
Numbers taken while other work runs on the machine are noisy; the ratios are the robust figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PARTS = ["deadlines", "search", "load", "paperwork", "reports"]


def machine() -> str:
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(l.split(":", 1)[1].strip() for l in handle if l.startswith("model name"))  # noqa: E741
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} vCPU, CPython {platform.python_version()}"


def run(name: str, command: list[str], logs: Path, timeout: int) -> tuple[str, float]:
    print(f"[{time.strftime('%H:%M:%S')}] {name}: {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and scripts
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
        output = done.stdout + done.stderr
        failed = done.returncode != 0
    except subprocess.TimeoutExpired as expired:
        output = f"{expired.stdout or ''}{expired.stderr or ''}\n(timed out after {timeout} s)"
        failed = True
    seconds = time.monotonic() - started
    (logs / f"{name}.log").write_text(output if isinstance(output, str) else str(output))
    # A script exits non-zero when it misses its target: its figures still count.
    print(f"           {'exit ≠ 0' if failed else 'done'} in {seconds:.0f} s", flush=True)
    return output, seconds


def number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1).replace(",", "")) if found else None


def reports_command(home: Path, dossiers: int) -> list[str]:
    """bench_reports.py: the dossiers are generated once (``--reuse`` afterwards, while
    ``MOTCUA_HOME/bench-logs/reports-dossiers.txt`` says the database holds that many; delete
    the file to generate again). Generating is set-based COPY (about 12,000 dossiers/s), so
    every size is generated rather than grown by copies (``--scale-to``)."""
    script = str(HERE / "bench_reports.py")
    usage = subprocess.run(  # noqa: S603
        [PYTHON, script, "--help"], capture_output=True, text=True, check=False
    ).stdout
    command = [PYTHON, script, "--rounds", "3"]
    marker = home / "bench-logs" / "reports-dossiers.txt"
    have = marker.read_text().strip() if marker.exists() else ""
    if "--reuse" in usage and have == str(dossiers):
        return [*command, "--dossiers", str(dossiers), "--reuse"]
    return [*command, "--dossiers", str(dossiers)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    parser.add_argument("--only", default="", help="comma-separated parts to run")
    parser.add_argument("--reports-10m", action="store_true", help="reports on 10M dossiers")
    parser.add_argument("--reports-dossiers", type=int, help="reports on this many instead")
    args = parser.parse_args(argv)
    parts = [p for p in PARTS if p not in args.skip.split(",")]
    if args.only:
        parts = [p for p in PARTS if p in args.only.split(",")]

    home = Path(os.environ.get("MOTCUA_HOME") or Path.cwd() / "var" / "bench").resolve()
    os.environ["MOTCUA_HOME"] = str(home)
    logs = home / "bench-logs" / time.strftime("%Y%m%d-%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rows: list[tuple[str, str, str]] = []  # (part, measure, value)
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}

    if "deadlines" in parts:
        out, _ = run("deadlines", [PYTHON, str(HERE / "bench_deadlines.py")], logs, 600)
        add = number(r"add_working_time:\s+([\d,]+)", out)
        between = number(r"working_time_between:\s+([\d,]+)", out)
        results["deadlines"] = {"add_per_s": add, "between_per_s": between}
        rows.append(
            (
                "deadlines",
                "add_working_time (target ≥ 200,000/s)",
                f"{add:,.0f} /s" if add else "failed",
            )
        )
        rows.append(
            ("deadlines", "working_time_between", f"{between:,.0f} /s" if between else "failed")
        )

    if "search" in parts:
        rounds = "5" if args.quick else "10"
        out, _ = run(
            "search", [PYTHON, str(HERE / "bench_search.py"), "--rounds", rounds], logs, 900
        )
        p50 = number(r"p50 ([\d.]+) ms", out)
        p95 = number(r"p95 ([\d.]+) ms", out)
        results["search"] = {"p50_ms": p50, "p95_ms": p95}
        rows.append(
            (
                "search",
                "catalog query p50 / p95 (target p95 < 100 ms)",
                f"{p50:.1f} / {p95:.1f} ms" if p95 is not None else "failed",
            )
        )

    if "load" in parts:
        figures = logs / "load.json"
        command = [PYTHON, str(HERE / "load" / "run.py"), "--json", str(figures)]
        if args.quick:
            command.append("--quick")
        out, _ = run("load", command, logs, 1200)
        load = json.loads(figures.read_text()) if figures.exists() else {}
        results["load"] = load
        rows += load_rows(load)

    if "paperwork" in parts:
        n = "10" if args.quick else "20"
        command = [PYTHON, str(HERE / "bench_paperwork.py"), "--slips", n, "--signatures", n]
        out, _ = run("paperwork", command, logs, 900)
        slips = number(r"slips[^:]*:\s+([\d.]+) per second", out)
        seals = number(r"signatures[^:]*:\s+([\d.]+) per second", out)
        results["paperwork"] = {"slips_per_s": slips, "signatures_per_s": seals}
        rows.append(
            ("paperwork", "slips rendered (form 01, A5)", f"{slips:.1f} /s" if slips else "failed")
        )
        rows.append(
            ("paperwork", "seals applied (PAdES)", f"{seals:.1f} /s" if seals else "failed")
        )

    if "reports" in parts:
        dossiers = args.reports_dossiers or (
            10_000_000 if args.reports_10m else (200_000 if args.quick else 1_000_000)
        )
        command = reports_command(home, dossiers)
        out, _ = run("reports", command, logs, 2 * 3600 if args.reports_10m else 3600)
        for label, pattern in (
            ("dossiers generated (COPY)", r"loaded [\d,]+ dossiers in ([\d.]+) s"),
            ("rebuild-report-aggregates", r"rebuild-report-aggregates: ([\d.]+) s"),
        ):
            seconds = number(pattern, out)
            if seconds is not None:
                results.setdefault("reports_seconds", {})[label] = seconds
                rows.append(("reports", f"{label} ({dossiers:,} dossiers)", f"{seconds:,.0f} s"))
        found = re.findall(r"^(.*?)\s+best\s+([\d.]+) ms\s+median\s+([\d.]+) ms", out, re.M)
        results["reports"] = {
            label.strip(): {"best_ms": float(b), "median_ms": float(m)} for label, b, m in found
        }
        if found:
            (home / "bench-logs" / "reports-dossiers.txt").write_text(str(dossiers))
        for label, _best, median in found:
            measure = f"{label.strip()} ({dossiers:,} dossiers, median)"
            rows.append(("reports", measure, f"{float(median):,.0f} ms"))
        if not found:
            rows.append(("reports", f"reports on {dossiers:,} dossiers", "failed"))

    total = time.monotonic() - started
    results["seconds"] = round(total)
    (logs / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print_table(results["machine"], rows, total, logs)
    return 0


def load_rows(load: dict) -> list[tuple[str, str, str]]:
    if not load:
        return [("load", "load scenarios", "failed")]
    rows = []

    def line(scenario, name, label):
        r = load.get(scenario, {}).get(name)
        if r:
            rows.append(
                (
                    "load",
                    label,
                    f"{r['rps']:.1f} req/s, p50 {r['p50']:.0f} / p95 {r['p95']:.0f} / "
                    f"p99 {r['p99']:.0f} ms, errors {r['error_rate']:.2%}",
                )
            )

    for name in ("catalog search", "procedure page", "lookup page", "lookup API"):
        line("citizen", name, f"citizen mix, 200 users: {name} (target p95 < 50 ms)")
    line("citizen", "Aggregated", "citizen mix, 200 users: all requests")
    line("submit", "submit: form + 2×200 KB", "submissions back to back: form + 2 files")
    runs = load.get("submit_runs") or []
    median_of = (
        f"; median of {len(runs)} runs: " + " / ".join(f"{rate:.1f}" for rate in runs)
        if len(runs) > 1
        else ""
    )
    line(
        "submit", "submit: confirm", f"submissions back to back: confirm (target 100/s{median_of})"
    )
    costs = load.get("submit_cpu") or []
    if costs and all(costs) and "submit_median_run" in load:
        cost = costs[load["submit_median_run"]]  # the run reported above
        rows.append(
            (
                "load",
                "submissions: CPU per dossier (that run)",
                f"web {cost['web_ms']:.1f} ms, PostgreSQL {cost['postgres_ms']:.1f} ms, "
                f"locust {cost['locust_ms']:.1f} ms; {cost['idle']:.0%} idle",
            )
        )
    for name in ("worklist", "dossier page", "action: accept"):
        line("staff", name, f"staff mix, 30 officers: {name}")
    for endpoint, r in load.get("saturate", {}).items():
        sql = load.get("sql", {}).get(endpoint)
        extra = (
            f", {sql['queries']} queries = {sql['sql_ms']:.2f} ms SQL alone, "
            f"{sql.get('app_cpu_ms', 0):.1f} ms web CPU"
            if sql
            else ""
        )
        ratio = r.get("ratio")
        ratio_text = (
            f"{ratio:.0%} of bare, " if ratio is not None and endpoint != "constant" else ""
        )
        rows.append(
            (
                "ratio",
                f"{endpoint}, no think time",
                f"{ratio_text}{r.get('rps', 0):.0f} req/s{extra}",
            )
        )
    if load.get("rss_end_mb"):
        rss = max(load["rss_end_mb"].values())
        rows.append(
            (
                "memory",
                f"web worker RSS after {load.get('requests_served', 0):,} requests "
                f"over {len(load['rss_end_mb'])} workers (largest)",
                f"{rss:.0f} MB",
            )
        )
    return rows


def print_table(machine_text: str, rows, total: float, logs: Path) -> None:
    width = max([len(r[1]) for r in rows] + [20])
    when = time.strftime("%Y-%m-%d %H:%M")
    print(f"\nmotcua benchmarks — {machine_text} — {when} — {total / 60:.1f} min")
    print(f"{'part':<10} {'measure':<{width}}  value")
    print(f"{'-' * 10} {'-' * width}  {'-' * 30}")
    for part, measure, value in rows:
        print(f"{part:<10} {measure:<{width}}  {value}")
    print(f"\nlogs and results.json: {logs}")


if __name__ == "__main__":
    sys.exit(main())
