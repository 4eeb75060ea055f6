"""Load scenarios against gunicorn with the production settings, and the ratios to the limit.

    MOTCUA_HOME=var/bench .venv/bin/python bench/load/run.py [--quick] [--json out.json]

1. Prepares the bench database (``MOTCUA_DB_NAME``, default ``motcua_bench_load``, on the
   embedded server of ``MOTCUA_HOME``): migrations, the demo province, generated citizens,
   officers and dossiers (``bench/load/dataset.py``), made once and kept as a template
   database (``<name>_template``); every run starts from a copy of it, with none of the earlier
   runs' submitted dossiers (``--new-dataset`` builds it anew). Their attachment files are
   kept up to 8 GB (see ``MEDIA_KEPT_BYTES``).
2. Starts ``motcua serve`` (gunicorn, 6 workers × 1 thread, as deployed) with
   ``MOTCUA_ENV=prod``, a bench SECRET_KEY, ``ALLOWED_HOSTS=127.0.0.1`` and that database, on
   127.0.0.1 only, with ``MOTCUA_BENCH=true`` + ``MOTCUA_BENCH_IN_PROD=true``: the rate limits
   count but do not refuse (one address would otherwise be throttled after 30 lookups) and
   /bench/constant answers a constant. ``MOTCUA_SECURE_COOKIES=false``: the test speaks plain
   HTTP on the loopback, so the session and CSRF cookies must travel without TLS.
3. Runs locust headless (``bench/load/locustfile.py``), bounded in users and time, after a
   warm-up of the citizen mix (``--warmup`` seconds, 20 by default, not reported), with
   ``--reset-stats`` so the figures cover the steady state after ramp-up:
   ``citizen`` (200 users, think time 1–3 s), ``staff`` (30 officers, think time 1–3 s) and
   ``saturate`` (one endpoint at a time with no think time, the bare view first).
4. Times the SQL behind each read endpoint alone: the queries one request runs (captured with
   Django's test client in this process) replayed on one connection, in a rolled-back
   transaction; prints queries per request and the SQL time next to the HTTP figures.
   Then ``submit``: back-to-back submissions, three runs of which the median is reported;
   last, since each run adds some 4,000 dossiers to the reception desk that the staff pages
   and their SQL above would otherwise be measured on. Under each run's table: the CPU one
   dossier cost the web server, PostgreSQL and locust over the run's steady part, and the
   machine's idle share (``CpuWindow``): a slower run on a slower machine shows as more CPU
   per dossier, a slower run from waiting as more idle.
5. Reads the RSS of each gunicorn worker after everything (and how many requests were served).

Prints one table per part; ``--json`` writes every figure for ``bench/run_all.py``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
LOCUST = str(Path(sys.executable).with_name("locust"))

CONFIRM = "submit: confirm"  # the submissions' last step, one per dossier (locustfile.py)
ENDPOINTS = ["constant", "search", "procedure", "lookup_page", "lookup_api", "worklist", "dossier"]
LABELS = {
    "constant": "bare view",
    "search": "catalog search",
    "procedure": "procedure page",
    "lookup_page": "lookup page",
    "lookup_api": "lookup API",
    "worklist": "worklist",
    "dossier": "dossier page",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_secret(home: Path) -> str:
    path = home / "bench-load" / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def setup(home: Path, secret: str) -> None:
    os.environ.setdefault("MOTCUA_DB_NAME", "motcua_bench_load")
    os.environ["MOTCUA_HOME"] = str(home)
    os.environ["MOTCUA_ENV"] = "dev"
    os.environ["MOTCUA_DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secret  # sessions written here must be valid on the server
    os.environ["MOTCUA_BENCH"] = "true"  # dev profile: the test client's lookups not throttled
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# Every run's submitters add dossiers and their attachments: after a day of runs the reception
# desk held 25,000 more dossiers than the first run saw (the worklist's SQL three times slower)
# and the attachments filled 15 GB. So each run starts from the same dataset: a template
# database made once, after the first preparation, copied back before every run (a file copy,
# seconds). The earlier runs' attachment files are kept up to MEDIA_KEPT_BYTES, not deleted
# every time: on a file system without a journal (this machine's ext4), a new inode is never
# one freed in the last minutes, and every file creation scans past each of them
# (``recently_deleted`` in ext4's allocator). Right after deleting one run's 6,500 files, that
# scan took 5 % of the web workers' CPU while they stored the next run's attachments; no
# server sees that after a mass deletion it does not make.
MEDIA_KEPT_BYTES = 8 * 1024**3


def _forget_old_attachments(media: Path) -> None:
    """Delete the files earlier runs' submissions left once they weigh more than
    MEDIA_KEPT_BYTES (no dossier of the copied dataset refers to them), and say so."""
    submitted = [media / "dossiers", media / "drafts"]
    files = (f for d in submitted if d.exists() for f in d.rglob("*") if f.is_file())
    size = sum(f.stat().st_size for f in files)
    if size <= MEDIA_KEPT_BYTES:
        return
    for directory in submitted:
        shutil.rmtree(directory, ignore_errors=True)
    print(
        f"deleted {size / 1024**3:.1f} GB of earlier runs' attachments: for some minutes new "
        "files take longer to create (see _forget_old_attachments)",
        flush=True,
    )


def _admin():
    """An autocommit connection to the bench server's maintenance database (Django's own
    connections closed: a database in use can be neither copied nor dropped)."""
    import psycopg
    from django.db import connections

    params = connections["default"].settings_dict
    connections.close_all()
    return psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )


def _drop(admin, name: str) -> None:
    from psycopg import sql

    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _copy_database(source: str, target: str) -> None:
    from psycopg import sql

    with _admin() as admin:
        _drop(admin, target)
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
        admin.execute(create.format(sql.Identifier(target), sql.Identifier(source)))


def _database_exists(name: str) -> bool:
    with _admin() as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def prepare_dataset(home: Path, fixture_path: Path, *, new: bool, **sizes) -> dict:
    """The dataset of this run: the template's copy (made now if there is none, or ``new``),
    migrated, with fresh sessions (``dataset.prepare``)."""
    import dataset
    from django.conf import settings
    from django.core.management import call_command
    from psycopg import sql

    name = settings.DATABASES["default"]["NAME"]
    template = f"{name}_template"
    if new:
        with _admin() as admin:
            _drop(admin, template)
            _drop(admin, name)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        call_command("migrate", interactive=False, verbosity=0)
    fresh = new or not _database_exists(template)
    if not fresh:
        _copy_database(template, name)
        call_command("migrate", interactive=False, verbosity=0)  # the template may be older
    _forget_old_attachments(home / "bench-load" / "media")
    fixture = dataset.prepare(fixture_path, **sizes)
    if fresh:
        _copy_database(name, template)
    return fixture


def start_server(home: Path, secret: str, port: int, log: Path) -> subprocess.Popen:
    from django.conf import settings

    env = {
        **os.environ,
        "MOTCUA_ENV": "prod",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": settings.DATABASE_URL,
        "MOTCUA_HOME": str(home),
        "MOTCUA_BENCH": "true",
        "MOTCUA_BENCH_IN_PROD": "true",
        "MOTCUA_SECURE_COOKIES": "false",
        "MOTCUA_STATIC_ROOT": str(home / "bench-load" / "static"),
        "MOTCUA_MEDIA_ROOT": str(home / "bench-load" / "media"),
        "MOTCUA_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("MOTCUA_DEBUG", None)
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [PYTHON, "-m", "motcua.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the bench server stopped; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/constant", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"the bench server did not answer within 120 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # motcua serve stops its gunicorn
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (of any of its threads)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def worker_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn workers: grandchildren of ``motcua serve``."""
    pids = []
    for master in children(server.pid):
        pids += children(master)
    return pids


def descendants(pid: int) -> set[int]:
    """``pid`` and every process under it (those that have not exited)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        try:
            todo += children(current)
        except OSError:  # exited meanwhile
            continue
    return found


def postmaster_pid(home: Path) -> int:
    """The embedded PostgreSQL server's main process (first line of its ``postmaster.pid``)."""
    return int((home / "postgres" / "postmaster.pid").read_text().split()[0])


def _cpu_ticks(pids) -> tuple[int, int]:
    """User and system clock ticks spent by these processes and by the children they have
    reaped: a PostgreSQL backend or autovacuum worker that exits between two readings still
    counts, in its parent's ``cutime``/``cstime``."""
    user = system = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # exited meanwhile: its parent, also read, has it
            continue
        user += int(fields[11]) + int(fields[13])  # utime + cutime
        system += int(fields[12]) + int(fields[14])  # stime + cstime
    return user, system


class CpuWindow:
    """What the machine's processes spend on each dossier during a submission run: CPU of the
    web server, of PostgreSQL and of the load generator (this process's other children), and
    the machine's idle share, between ``start`` and ``stop`` seconds after entering (the run's
    steady part), divided by the dossiers received in that window (counted in the database).

    Throughput on a shared virtual machine moves by 10–25 % from one run to the next. These
    figures say why: more CPU per dossier when the host runs slower, more idle when requests
    wait for each other."""

    def __init__(self, server_pid: int, postgres_pid: int, *, start: float, stop: float):
        self.server_pid, self.postgres_pid = server_pid, postgres_pid
        self.start, self.stop = start, stop
        self.result: dict = {}
        self._done = threading.Event()

    def _groups(self) -> dict[str, set[int]]:
        web = descendants(self.server_pid)
        ours = descendants(os.getpid()) - web - {os.getpid()}
        return {"web": web, "postgres": descendants(self.postgres_pid), "locust": ours}

    @staticmethod
    def _machine() -> list[int]:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]

    def _snapshot(self):
        from django.utils import timezone

        groups = self._groups()
        return (
            timezone.now(),
            time.monotonic(),
            {name: _cpu_ticks(pids) for name, pids in groups.items()},
            self._machine(),
        )

    def _measure(self) -> None:
        if self._done.wait(self.start):
            return
        before = self._snapshot()
        self._done.wait(self.stop - self.start)
        after = self._snapshot()
        from django.db import connection

        from motcua.dossiers.models import Dossier

        try:
            dossiers = Dossier.objects.filter(
                submitted_at__gte=before[0], submitted_at__lt=after[0]
            )
            count = dossiers.count()
        finally:
            connection.close()  # this thread's own connection
        hz = os.sysconf("SC_CLK_TCK")
        result = {"dossiers": count, "seconds": round(after[1] - before[1], 1)}
        for name in ("web", "postgres", "locust"):
            user = after[2][name][0] - before[2][name][0]
            system = after[2][name][1] - before[2][name][1]
            per = 1000 / hz / max(count, 1)
            result[f"{name}_ms"] = round((user + system) * per, 2)
            result[f"{name}_user_ms"] = round(user * per, 2)
            result[f"{name}_system_ms"] = round(system * per, 2)
        spent = [b - a for a, b in zip(before[3], after[3], strict=True)]
        result["idle"] = round((spent[3] + spent[4]) / max(sum(spent), 1), 3)  # idle + iowait
        self.result = result

    def __enter__(self):
        self._thread = threading.Thread(target=self._measure, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_locust(user_class, *, host, fixture, users, seconds, out_dir, tag, endpoint=None):
    prefix = out_dir / tag
    env = {**os.environ, "BENCH_FIXTURE": str(fixture)}
    if endpoint:
        env["BENCH_ENDPOINT"] = endpoint
    command = [
        LOCUST,
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(max(1, min(users, 50))),
        "-t",
        f"{seconds}s",
        "--stop-timeout",  # let requests in flight finish when the time is up
        "30",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
        user_class,
    ]
    with (out_dir / f"{tag}.log").open("wb") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    return read_stats(prefix.with_name(prefix.name + "_stats.csv"))


def read_stats(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            count = int(row["Request Count"])
            rows[row["Name"]] = {
                "requests": count,
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]) if count else 0.0,
                "p95": float(row["95%"]) if count else 0.0,
                "p99": float(row["99%"]) if count else 0.0,
                "error_rate": int(row["Failure Count"]) / count if count else 0.0,
            }
    return rows


def print_stats(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    heads = ("req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"  {'endpoint':<28}{'req':>8}" + "".join(f"{h:>9}" for h in heads))
    for name, r in rows.items():
        print(
            f"  {name:<28}{r['requests']:>8}{r['rps']:>9.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}"
            f"{r['p99']:>9.0f}{r['error_rate']:>9.2%}"
        )
    sys.stdout.flush()


# --- the SQL behind an endpoint, alone ----------------------------------------------------


def endpoint_requests(fixture: dict) -> dict[str, tuple[str, str]]:
    """endpoint → (url, who: citizen/officer/anonymous), one typical request each."""
    code = fixture["lookup_codes"][0]
    return {
        "constant": ("/bench/constant", "anonymous"),
        "search": (f"/thu-tuc/?q={fixture['search_terms'][0]}", "anonymous"),
        "procedure": (f"/thu-tuc/{fixture['procedures'][0]}/", "anonymous"),
        "lookup_page": (f"/tra-cuu/?ma={code}", "anonymous"),
        "lookup_api": (f"/api/v1/lookup/{code}", "anonymous"),
        "worklist": ("/mot-cua/danh-sach/cho-tiep-nhan/", "officer"),
        "dossier": (f"/mot-cua/ho-so/{fixture['to_accept'][0]}/", "officer"),
    }


def sql_alone(fixture: dict, rounds: int = 30) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client

    from motcua.accounts.models import User

    officer = User.objects.filter(username__startswith="bench.tiepnhan.").order_by("pk").first()
    results = {}
    for endpoint, (url, who) in endpoint_requests(fixture).items():
        client = Client(HTTP_HOST="127.0.0.1")
        if who == "officer":
            client.force_login(officer)
        client.get(url)  # warm caches the way a running worker has them
        captured = []

        def record(execute, sql, params, many, context, captured=captured):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            response = client.get(url)
        statements = [
            (sql, params)
            for sql, params in captured
            if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
        ]
        # CPU time of this process per request (Django, templates, the driver; not PostgreSQL's):
        # unlike wall time, barely moved by other work on the machine. The sizing uses it. The
        # median of 15 requests: a mean let one slow request (a collection, a cache refreshed)
        # move a page's figure by a third.
        spent = []
        for _ in range(15):
            cpu_started = time.process_time()
            client.get(url)
            spent.append(time.process_time() - cpu_started)
        app_cpu_ms = statistics.median(spent) * 1000
        timings = []
        with connection.cursor() as cursor:
            for _ in range(rounds):
                cursor.execute("BEGIN")
                started = time.perf_counter()
                for sql, params in statements:
                    cursor.execute(sql, params)
                timings.append(time.perf_counter() - started)
                cursor.execute("ROLLBACK")
        results[endpoint] = {
            "status": response.status_code,
            "queries": len(statements),
            "sql_ms": statistics.median(timings) * 1000,
            "app_cpu_ms": app_cpu_ms,
        }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    parser.add_argument("--citizens", type=int, default=200, help="users of the citizen mix")
    parser.add_argument("--submitters", type=int, default=32, help="users submitting back to back")
    parser.add_argument("--officers", type=int, default=30)
    parser.add_argument("--saturate-users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=45, help="length of each mix")
    parser.add_argument(
        "--submit-runs",
        type=int,
        help="runs of the submissions, the median shown (3; 1 with --quick)",
    )
    parser.add_argument(
        "--rss-requests", type=int, default=10_000, help="requests served before reading RSS"
    )
    parser.add_argument("--saturate-seconds", type=int, default=15)
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of the citizen mix before measuring"
    )
    parser.add_argument("--dossiers", type=int, default=3000, help="generated dossiers (once)")
    parser.add_argument(
        "--only", default="citizen,submit,staff,saturate,sql,rss", help="comma-separated parts"
    )
    parser.add_argument(
        "--new-dataset",
        action="store_true",
        help="build the dataset and its template anew (after a change to bench/load/dataset.py)",
    )
    parser.add_argument("--json", type=Path, help="write all figures to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.saturate_seconds, args.warmup = 15, 6, 5
    if args.submit_runs is None:
        args.submit_runs = 1 if args.quick else 3
    parts = set(args.only.split(","))

    home = Path(os.environ.get("MOTCUA_HOME") or ROOT / "var" / "bench").resolve()
    secret = bench_secret(home)
    setup(home, secret)

    out_dir = home / "bench-load" / time.strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    fixture_path = out_dir / "fixture.json"
    fixture = prepare_dataset(
        home,
        fixture_path,
        new=args.new_dataset,
        citizens=max(300, args.citizens, args.submitters),
        dossiers=args.dossiers,
    )
    results: dict = {"dataset": {k: fixture[k] for k in ("dossiers_total", "procedures_total")}}

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_server(home, secret, port, out_dir / "server.log")
    try:
        workers = worker_pids(server)
        results["rss_start_mb"] = {str(p): round(rss_mb(p), 1) for p in workers}
        served = 0
        # Every run against this server, with this dataset, writing under out_dir.
        locust = functools.partial(run_locust, host=host, fixture=fixture_path, out_dir=out_dir)
        if args.warmup and parts & {"citizen", "submit", "staff", "saturate"}:
            # Not reported: the figures are those of a server that has been up (per-process
            # caches filled, database connections open), not of its first seconds.
            rows = locust("Citizen", users=args.citizens, seconds=args.warmup, tag="warmup")
            served += rows.get("Aggregated", {}).get("requests", 0)
        if "citizen" in parts:
            rows = locust("Citizen", users=args.citizens, seconds=args.seconds, tag="citizen")
            print_stats(
                f"Citizen mix: {args.citizens} users, think time 1–3 s, {args.seconds} s", rows
            )
            results["citizen"] = rows
            served += rows.get("Aggregated", {}).get("requests", 0)
        if "staff" in parts:
            rows = locust("Officer", users=args.officers, seconds=args.seconds, tag="staff")
            print_stats(
                f"Staff mix: {args.officers} officers, think time 1–3 s, {args.seconds} s", rows
            )
            results["staff"] = rows
            served += rows.get("Aggregated", {}).get("requests", 0)
        if "saturate" in parts:
            saturate = {}
            for endpoint in ENDPOINTS:
                rows = locust(
                    "Saturate",
                    users=args.saturate_users,
                    seconds=args.saturate_seconds,
                    tag=f"saturate-{endpoint}",
                    endpoint=endpoint,
                )
                saturate[endpoint] = rows.get("Aggregated", {})
                served += saturate[endpoint].get("requests", 0)
            results["saturate"] = saturate
        if "sql" in parts:
            # The pages' queries alone, on the dataset the pages above were measured on (the
            # submissions below add thousands of dossiers to the reception desk's worklist).
            results["sql"] = sql_alone(fixture)
        if "submit" in parts:
            # Several runs, the median one reported: on a shared virtual machine one run's
            # throughput moves by ±10 % from the next with nothing changed.
            runs, costs = [], []
            count = max(1, args.submit_runs)
            for number in range(1, count + 1):
                tag = "submit" if count == 1 else f"submit-{number}"
                window = CpuWindow(
                    server.pid,
                    postmaster_pid(home),
                    start=args.seconds * 0.2,  # after locust's start and ramp-up
                    stop=args.seconds * 0.9,
                )
                with window:
                    rows = locust("Submitter", users=args.submitters, seconds=args.seconds, tag=tag)
                runs.append(rows)
                costs.append(window.result)
                served += rows.get("Aggregated", {}).get("requests", 0)
            rates = [r.get(CONFIRM, {}).get("rps", 0.0) for r in runs]
            median = rates.index(statistics.median_low(rates))
            rows = runs[median]
            each = " / ".join(f"{rate:.1f}" for rate in rates)
            print_stats(
                f"Submissions back to back: {args.submitters} users, {args.seconds} s"
                + (
                    f", the median of {len(runs)} runs (dossiers/s: {each})"
                    if len(runs) > 1
                    else ""
                ),
                rows,
            )
            print_costs(costs, median)
            results["submit"] = rows
            results["submit_runs"] = rates
            results["submit_cpu"] = costs
            results["submit_median_run"] = median
        for _ in range(3 if "rss" in parts else 0):
            if served >= args.rss_requests:
                break
            # Top up to the RSS figure's request count with the lookup API (a real endpoint).
            rate = results.get("saturate", {}).get("lookup_api", {}).get("rps") or 50
            seconds = max(5, min(180, int((args.rss_requests - served) / rate * 1.2) + 1))
            rows = locust(
                "Saturate",
                users=args.saturate_users,
                seconds=seconds,
                tag="rss-top-up",
                endpoint="lookup_api",
            )
            served += rows.get("Aggregated", {}).get("requests", 0)
        results["rss_end_mb"] = {str(p): round(rss_mb(p), 1) for p in worker_pids(server)}
        results["requests_served"] = served
    finally:
        stop_server(server)

    if "saturate" in parts:
        print_ratios(results)
    if "rss_end_mb" in results:
        workers = len(results["rss_end_mb"])
        print(
            f"\nWeb worker RSS: {results['rss_start_mb']} MB at start, {results['rss_end_mb']} MB "
            f"after {results['requests_served']:,} requests over {workers} workers"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nlocust CSVs and logs: {out_dir}")
    return 0


def print_costs(costs: list[dict], median: int) -> None:
    """The CPU one dossier cost in each submission run (``CpuWindow``), the median run's in
    detail, and what the server's own CPU per dossier allows on two cores of its own."""
    if not all(costs):
        return
    cost = costs[median]
    server = cost["web_ms"] + cost["postgres_ms"]
    print(
        f"  CPU per dossier over {cost['seconds']:.0f} s of the run above ({cost['dossiers']:,} "
        f"dossiers): web {cost['web_ms']:.1f} ms (user {cost['web_user_ms']:.1f}, kernel "
        f"{cost['web_system_ms']:.1f}), PostgreSQL {cost['postgres_ms']:.1f}, locust "
        f"{cost['locust_ms']:.1f}; the machine {cost['idle']:.0%} idle"
    )
    if len(costs) > 1:
        each = " / ".join(
            f"{c['web_ms'] + c['postgres_ms']:.1f} ms, {c['idle']:.0%} idle" for c in costs
        )
        print(f"  Web + PostgreSQL CPU per dossier, each run: {each}")
    print(
        f"  With two cores to itself (no load generator, no idle), {server:.1f} ms per dossier "
        f"would allow at most {2000 / server:.0f} dossiers/s"
    )
    sys.stdout.flush()


def print_ratios(results: dict) -> None:
    saturate = results["saturate"]
    sql = results.get("sql", {})
    bare = saturate.get("constant", {}).get("rps") or 0
    print(
        "\nRatios to the limit (each endpoint alone, no think time; bare view = the same stack "
        "returning a constant; SQL ms = the request's queries alone; CPU ms = the web process's "
        "CPU per request, without PostgreSQL's)"
    )
    heads = ("req/s", "÷ bare", "p95 ms", "errors", "queries", "SQL ms", "CPU ms")
    print(f"  {'endpoint':<18}" + "".join(f"{h:>9}" for h in heads))
    for endpoint in ENDPOINTS:
        r = saturate.get(endpoint, {})
        s = sql.get(endpoint, {})
        ratio = r.get("rps", 0) / bare if bare else 0
        sql_ms = f"{s['sql_ms']:.2f}" if s else ""
        cpu_ms = f"{s['app_cpu_ms']:.1f}" if s else ""
        r["ratio"] = ratio
        print(
            f"  {LABELS[endpoint]:<18}{r.get('rps', 0):>9.1f}{ratio:>9.1%}{r.get('p95', 0):>9.0f}"
            f"{r.get('error_rate', 0):>9.2%}{s.get('queries', 0) or '':>9}"
            f"{sql_ms:>9}{cpu_ms:>9}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
