"""Benchmark of the reports: a generated province, then the time of each report query.

Run:  MOTCUA_HOME=var/bench .venv/bin/python bench/bench_reports.py [--dossiers 200000] [--rounds 5]

Uses its own database (``MOTCUA_DB_NAME``, default ``motcua_bench_reports``) on the embedded
server of ``MOTCUA_HOME`` or on ``DATABASE_URL``. It migrates, empties the dossier tables, then
writes ``--dossiers`` dossiers over 2022-01-01 … 2026-11-20 with PostgreSQL COPY, shaped like
what ``dossiers.services`` writes: 40 receiving agencies (a few large departments, many
communes), 300 procedures in 20 fields; channels 48 % counter, 35 % online, 12 % national
portal, 5 % post; 2 % refused and 1 % withdrawn at reception; 6 % with a supplement request
during appraisal (clock paused, then restarted); 3 % extended once; 93 % of the decided
dossiers on time or early; result documents signed for 70 %; the dossiers of the last weeks
still open. Each dossier gets the events the services would write (submit, accept with the due
time, supplement and restart, apology, decision, return); their hashes are unique placeholders
(the reports never read them). Deadlines come from the real ``WorkCalendar``.

Loading runs at about 12,000 dossiers/s (``load``: COPY in batches of 20,000 while the
secondary indexes are set aside, rebuilt once at the end), so 1 million take under 2 minutes and
10 million about 17.

Then it times, best and median of ``--rounds`` runs after one warm-up: the province-year report
by agency (the current year, and a closed year whose open dossiers are read from the event
log), a month by procedure, the public dashboard (year report + monthly trend), a drill-down
page, the indicators, and the staff dashboards of ``reports/dashboards.py`` for the current
year (the province dashboard's five reads together and each alone, and the per-officer table).
Prints the machine, to record in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("MOTCUA_DB_NAME", "motcua_bench_reports")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

FIRST_DAY = date(2022, 1, 1)
LAST_DAY = date(2026, 11, 20)
CHANNELS = (("counter", 48), ("online", 35), ("national_portal", 12), ("post", 5))


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


def build_catalog(rng):
    from motcua.catalog.models import (
        AdministrativeUnit,
        Agency,
        ChannelOption,
        Field,
        Procedure,
        ProcedureOffering,
        ProcedureVersion,
    )

    province, _ = AdministrativeUnit.objects.get_or_create(
        scheme="2025", code="99", defaults={"name": "Tỉnh Thử Nghiệm", "level": 1}
    )
    agencies = []
    for i in range(40):
        commune = i >= 15
        unit = province
        if commune:
            unit, _ = AdministrativeUnit.objects.get_or_create(
                scheme="2025",
                code=f"99{i:03d}",
                defaults={"name": f"Xã Thử {i}", "level": 3, "parent": province},
            )
        agency, _ = Agency.objects.get_or_create(
            identifier=f"000.{i:02d}.{'22' if commune else '00'}.H99",
            defaults={
                "name": f"UBND xã Thử {i}" if commune else f"Sở Thử nghiệm {i}",
                "administrative_unit": unit,
                "kind": "peoples_committee" if commune else "department",
            },
        )
        agencies.append(agency)
    fields = [Field.objects.get_or_create(name=f"Lĩnh vực thử {i}")[0] for i in range(20)]
    versions = []
    for i in range(300):
        level = rng.choices((1, 2, 3, 4), (10, 40, 20, 30))[0]
        mode = "end_to_end" if level == 4 else ("partial" if level == 3 else "none")
        procedure, _ = Procedure.objects.get_or_create(
            code=f"9.{i:06d}",
            defaults={
                "name": f"Thủ tục thử nghiệm {i}",
                "field": fields[i % 20],
                "service_level": level,
                "online_mode": mode,
            },
        )
        version, created = ProcedureVersion.objects.get_or_create(
            procedure=procedure,
            number=1,
            defaults={"service_level": level, "online_mode": mode, "valid_from": FIRST_DAY},
        )
        if created:
            ChannelOption.objects.create(
                version=version, channel="counter", processing_time=rng.choice((1, 3, 5, 7, 15))
            )
        for agency in rng.sample(agencies, 3):
            ProcedureOffering.objects.get_or_create(procedure=procedure, agency=agency)
        versions.append((version, float(version.channels.first().processing_time)))
    return agencies, versions


def working_start(rng, calendar, day: date) -> datetime:
    from motcua.worktime.calendar import VIETNAM_TZ

    moment = datetime(day.year, day.month, day.day, 7, 30, tzinfo=VIETNAM_TZ) + timedelta(
        minutes=rng.randrange(0, 9 * 60)
    )
    return calendar.effective_start(moment, None)


def generate(n: int, seed: int):
    """Yield (dossier row, events, result document) tuples, consistent with the services."""
    from motcua.workflow.services import active_version
    from motcua.worktime.selectors import calendar_for

    rng = random.Random(seed)
    calendar = calendar_for()
    agencies, versions = build_catalog(rng)
    process = active_version("standard")
    agency_weights = [30 if i < 5 else (8 if i < 15 else 2) for i in range(len(agencies))]
    span = (LAST_DAY - FIRST_DAY).days
    today = datetime(2026, 11, 20, 17, 0, tzinfo=calendar.tz)
    channels = [c for c, _ in CHANNELS]
    channel_weights = [w for _, w in CHANNELS]
    for number in range(n):
        agency = rng.choices(agencies, agency_weights)[0]
        version, days = rng.choice(versions)
        channel = rng.choices(channels, channel_weights)[0]
        submitted = working_start(rng, calendar, FIRST_DAY + timedelta(days=rng.randrange(span)))
        row = {
            "code": f"{agency.identifier}-{submitted:%y%m%d}-{number:07d}",
            "agency_id": agency.pk,
            "current_agency_id": agency.pk,
            "procedure_version_id": version.pk,
            "process_version_id": process.pk,
            "channel": channel,
            "submitted_at": submitted,
            "step": "reception",
            "step_entered_at": submitted,
        }
        events = [("submit", submitted, {"channel": channel})]
        roll = rng.random()
        if roll < 0.02:  # refused at reception (form 03)
            at = submitted + timedelta(hours=1)
            row.update(step="refused", outcome="refused", completed_at=at, step_entered_at=at)
            events.append(("refuse", at, {}))
            yield row, events, None
            continue
        if roll < 0.03:  # withdrawn before acceptance
            at = submitted + timedelta(days=2)
            row.update(step="withdrawn", outcome="withdrawn", completed_at=at, step_entered_at=at)
            events.append(("withdraw", at, {}))
            yield row, events, None
            continue
        received = submitted + timedelta(minutes=rng.randrange(5, 240))
        if received > today:
            yield row, events, None  # still waiting at the desk
            continue
        counting = calendar.effective_start(received, None)
        due = calendar.add_working_time(counting, days=days)
        row.update(received_at=received, step="appraisal", step_entered_at=received)
        events.append(("accept", received, {"due_at": due.isoformat()}))
        decided_at = None
        # How long it takes: most within the deadline, a tail late.
        share = rng.betavariate(2.2, 2.6) * 1.2 if rng.random() < 0.93 else 1.05 + rng.random()
        planned = calendar.add_working_time(counting, days=max(days * share, 0.05))
        if rng.random() < 0.06:  # supplement during appraisal: paused, then restarted
            asked = calendar.add_working_time(counting, days=min(1, days / 3))
            events.append(("request_supplement", asked, {"due_at": due.isoformat()}))
            back = calendar.add_working_time(asked, days=rng.choice((1, 2, 5, 10)))
            if back <= today:
                counting = calendar.effective_start(back, None)
                due = calendar.add_working_time(counting, days=days)
                events.append(("submit_supplement", back, {"due_at": due.isoformat()}))
                planned = calendar.add_working_time(counting, days=max(days * share, 0.05))
            else:
                planned = None  # still waiting for the applicant: the clock is paused
                row["step"] = "awaiting_appraisal_supplement"
                row["clock"] = json.dumps(
                    {"due_at": due.isoformat(), "paused_at": asked.isoformat()}
                )
        if planned is not None and planned > due and rng.random() < 0.4 and days >= 3:
            # An apology with a new appointment, issued at least a day before the deadline.
            asked = calendar.add_working_time(counting, days=days - 2)
            due = calendar.add_working_time(due, days=rng.choice((2, 3, 5)))
            events.append(("apologize", asked, {"due_at": due.isoformat()}))
        row["due_at"] = due
        if planned is not None and planned <= today:
            decided_at = planned
            kind = rng.random()
            if kind < 0.01:
                outcome, action = "withdrawn", "withdraw"
            elif kind < 0.015:
                outcome, action = "stopped", "stop_processing"
            elif kind < 0.05:
                outcome, action = "refused", "refuse_after_appraisal"
            else:
                outcome, action = "approved", "approve"
            row.update(outcome=outcome, completed_at=decided_at, step_entered_at=decided_at)
            payload = {}
            if outcome in ("approved", "refused"):
                timeliness = calendar.classify(decided_at, due).value
                row["timeliness"] = {"early": "early", "on_time": "on_time", "late": "late"}.get(
                    timeliness, timeliness
                )
                payload["timeliness"] = row["timeliness"]
                row["step"] = "result_ready"
            else:
                row["step"] = outcome
            events.append((action, decided_at, payload))
            if outcome in ("approved", "refused") and decided_at + timedelta(days=1) <= today:
                returned = decided_at + timedelta(hours=rng.randrange(1, 48))
                row.update(step="returned", returned_at=returned)
                events.append(("return_result", returned, {}))
        document = None
        if row.get("outcome") in ("approved", "refused"):
            document = rng.random() < 0.7
        yield row, events, document


TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierdocument")
SET_ASIDE = "bench_set_aside_indexes"  # the indexes dropped during a load, until rebuilt


def set_indexes_aside(cursor) -> None:
    """Drop the secondary indexes of the dossier tables (not those behind a constraint) for the
    bulk load, keeping their definitions in a table of the benchmark database, so that an
    interrupted run rebuilds them on the next start (``restore_indexes``)."""
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {SET_ASIDE} (name text PRIMARY KEY, def text)")
    cursor.execute(
        f"INSERT INTO {SET_ASIDE} SELECT indexname, indexdef FROM pg_indexes i "  # noqa: S608
        "WHERE tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass) "
        "ON CONFLICT DO NOTHING",
        [list(TABLES)],
    )
    cursor.execute(f"SELECT name FROM {SET_ASIDE}")  # noqa: S608
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_indexes(cursor) -> float:
    """Rebuild the indexes set aside by ``set_indexes_aside``; returns the seconds it took."""
    started = time.perf_counter()
    cursor.execute("SELECT to_regclass(%s)", [SET_ASIDE])
    if cursor.fetchone()[0] is None:
        return 0.0
    cursor.execute("SET maintenance_work_mem = '512MB'")
    cursor.execute(f"SELECT name, def FROM {SET_ASIDE}")  # noqa: S608
    for name, definition in cursor.fetchall():
        cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        cursor.execute(f"DELETE FROM {SET_ASIDE} WHERE name = %s", [name])  # noqa: S608
    cursor.execute(f"DROP TABLE {SET_ASIDE}")
    cursor.execute("RESET maintenance_work_mem")
    return time.perf_counter() - started


def load(n: int, seed: int) -> float:
    """Write ``n`` generated dossiers with COPY. The generator (Python, the real calendar) runs
    while the server writes the previous batch; the secondary indexes are dropped for the load
    and rebuilt once at the end (sorting once is far cheaper than ten million random inserts),
    the event hashes are increasing placeholders (appended to the unique index, never scattered
    in it), and the foreign keys and triggers are not fired (``session_replication_role``: the
    rows are consistent by construction; the reports never read the hashes)."""
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent

    started = time.perf_counter()
    with connection.cursor() as cursor:
        restore_indexes(cursor)
        cursor.execute(f"TRUNCATE {', '.join(reversed(TABLES))} CASCADE")
        set_indexes_aside(cursor)
        try:
            cursor.execute("SET session_replication_role = replica")
        except Exception:  # not a superuser: keep the checks, only slower
            print("session_replication_role not allowed: foreign keys checked per row")
    columns = [f.column for f in Dossier._meta.concrete_fields if f.column != "id"]
    defaults = {
        f.column: f.get_default() for f in Dossier._meta.concrete_fields if f.column != "id"
    }
    for column in ("created_at", "updated_at"):
        defaults[column] = datetime.now().astimezone()
    defaults["form_data"] = "{}"
    defaults["applicant_name"] = "Nguyễn Văn Thử"
    raw = connection.connection
    next_id = 1
    dossier_sql = f"COPY dossiers_dossier (id, {', '.join(columns)}) FROM STDIN"
    event_sql = (
        "COPY dossiers_dossierevent (dossier_id, sequence, at, actor_name, actor_role, agency_id, "
        "action, action_name, from_step, to_step, note, payload, previous_hash, hash) FROM STDIN"
    )
    document_sql = (
        "COPY dossiers_dossierdocument (dossier_id, kind, signed, name, form, copies, present, "
        "file, added_at) FROM STDIN"
    )
    batch = []
    total = 0
    no_hash = "0" * 64
    payloads = {}  # the same few payloads over and over: serialise each once

    def as_json(payload):
        text = json.dumps(payload)
        return payloads.setdefault(text, text) if len(payloads) < 100_000 else text

    def flush():
        with raw.cursor() as cur:
            with cur.copy(dossier_sql) as copy:
                for pk, row, _events, _document in batch:
                    values = {**defaults, **row}
                    copy.write_row([pk, *[values.get(c) for c in columns]])
            with cur.copy(event_sql) as copy:
                for pk, row, events, _document in batch:
                    for sequence, (action, at, payload) in enumerate(events, start=1):
                        copy.write_row(
                            [pk, sequence, at, "Hệ thống", "system", row["agency_id"], action,
                             action, "", row["step"], "", as_json(payload), no_hash,
                             f"{pk:048x}{sequence:016x}"]
                        )  # fmt: skip
            with cur.copy(document_sql) as copy:
                for pk, row, _events, signed in batch:
                    if signed is not None:
                        copy.write_row(
                            [pk, "result", signed, "Kết quả", "", 1, True, "", row["completed_at"]]
                        )
        raw.commit()
        batch.clear()

    report_every = max(100_000, n // 20)
    for row, events, document in generate(n, seed):
        batch.append((next_id, row, events, document))
        next_id += 1
        total += 1
        if len(batch) >= 20_000:
            flush()
        if total % report_every == 0:
            rate = total / (time.perf_counter() - started)
            print(f"  {total:,} dossiers written ({rate:,.0f}/s)", flush=True)
    flush()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        indexing = time.perf_counter()
        restore_indexes(cursor)
        print(f"  indexes rebuilt in {time.perf_counter() - indexing:.0f} s", flush=True)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
            "(SELECT max(id) FROM dossiers_dossier))"
        )
        for table in TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    assert Dossier.objects.count() == total
    print(f"events: {DossierEvent.objects.count():,}, results: {DossierDocument.objects.count():,}")
    return time.perf_counter() - started


def scale_to(target: int, seed: int) -> float:
    """Grow the province to ``target`` dossiers by copying the generated ones (kept for a
    quick denser province; ``load`` now generates ten million in about 17 minutes, which keeps
    the per-day distributions of a real province): each copy keeps every column but the id, the code
    and the events' hashes, so the distributions per day, agency, procedure and outcome stay
    those of the generator, at a higher density. One committed transaction per copy, so an
    interrupted run keeps what it made and ``--reuse`` carries on."""
    from django.db import connection, transaction

    from motcua.dossiers.models import Dossier

    columns = [f.column for f in Dossier._meta.concrete_fields if f.column not in ("id", "code")]
    column_list = ", ".join(columns)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM dossiers_dossier WHERE code NOT LIKE '%%~%%'")
        low, high = cursor.fetchone()
        base = high - low + 1
        cursor.execute("SELECT count(*), max(id) FROM dossiers_dossier")
        count, top = cursor.fetchone()
    copy_number = (count - 1) // base
    while count < target:
        copy_number += 1
        take = min(base, target - count)
        offset = top - low + 1
        round_started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            copy_dossiers = (
                f"INSERT INTO dossiers_dossier (id, code, {column_list}) "  # noqa: S608 - model columns
                f"SELECT id + %s, code || '~' || %s, {column_list} FROM dossiers_dossier "
                "WHERE id BETWEEN %s AND %s"
            )
            cursor.execute(copy_dossiers, [offset, copy_number, low, low + take - 1])
            cursor.execute(
                "INSERT INTO dossiers_dossierevent (dossier_id, sequence, at, actor_name, "
                "actor_role, agency_id, action, action_name, from_step, to_step, note, payload, "
                "previous_hash, hash) SELECT dossier_id + %s, sequence, at, actor_name, "
                "actor_role, agency_id, action, action_name, from_step, to_step, note, payload, "
                "previous_hash, md5(random()::text) || md5(id::text || '~' || %s) "
                "FROM dossiers_dossierevent WHERE dossier_id BETWEEN %s AND %s",
                [offset, copy_number, low, low + take - 1],
            )
            cursor.execute(
                "INSERT INTO dossiers_dossierdocument (dossier_id, kind, signed, name, form, "
                "copies, present, file, added_at) SELECT dossier_id + %s, kind, signed, name, "
                "form, copies, present, file, added_at FROM dossiers_dossierdocument "
                "WHERE dossier_id BETWEEN %s AND %s",
                [offset, low, low + take - 1],
            )
        count += take
        top += take
        print(
            f"copy {copy_number}: {count:,} dossiers ({time.perf_counter() - round_started:.0f} s)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
            "(SELECT max(id) FROM dossiers_dossier))"
        )
        for table in ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierdocument"):
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


# Indexes the reports would use, proposed to the dossiers app (which owns these tables); the
# benchmark measures with and without them (``--proposed-indexes``).
PROPOSED_INDEXES = {
    "proposed_event_action_at": "dossiers_dossierevent (action, at)",
    "proposed_dossier_received": "dossiers_dossier (received_at)",
    "proposed_dossier_completed": "dossiers_dossier (completed_at)",
    "proposed_signed_result": (
        "dossiers_dossierdocument (dossier_id) WHERE kind = 'result' AND signed"
    ),
}


def set_proposed_indexes(enabled: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, definition in PROPOSED_INDEXES.items():
            if enabled:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
            else:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossierevent")
        cursor.execute("ANALYZE dossiers_dossierdocument")


def timed(label, fn, rounds):
    fn()  # warm-up
    runs = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<60} best {min(runs):8.1f} ms   median {statistics.median(runs):8.1f} ms",
        flush=True,
    )
    return min(runs), statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        "--skip-load",
        dest="reuse",
        action="store_true",
        help="keep the dossiers already generated in the benchmark database",
    )
    parser.add_argument(
        "--scale-to",
        type=int,
        default=0,
        help="then grow to this many dossiers by copying the generated ones (see scale_to)",
    )
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="keep the report aggregates as they are"
    )
    parser.add_argument(
        "--rebuild-rounds", type=int, default=1, help="time the rebuild this many times"
    )
    parser.add_argument(
        "--cases", default="", help="only the timed cases whose label contains this text"
    )
    parser.add_argument(
        "--live", action="store_true", help="also time the per-dossier (live) computation"
    )
    parser.add_argument(
        "--proposed-indexes",
        action="store_true",
        help="add the indexes proposed in PROPOSED_INDEXES",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.dossiers.models import Dossier
    from motcua.reports import dashboards, periods
    from motcua.reports.dashboards import DashboardScope
    from motcua.reports.indicators import (
        circular_indicators,
        decision_766_score,
        province_totals,
    )
    from motcua.reports.selectors import Scope, dossiers_behind, monthly_trend, processing_report

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        if seconds := restore_indexes(cursor):  # left set aside by an interrupted load
            print(f"indexes of an interrupted load rebuilt in {seconds:.0f} s")
    if not args.reuse:
        seconds = load(args.dossiers, args.seed)
        print(f"loaded {args.dossiers:,} dossiers in {seconds:.1f} s", flush=True)
    if args.scale_to:
        seconds = scale_to(args.scale_to, args.seed)
        print(f"scaled to {args.scale_to:,} dossiers in {seconds:.1f} s", flush=True)
    set_proposed_indexes(args.proposed_indexes)
    print(f"proposed indexes: {'on' if args.proposed_indexes else 'off'}")
    count = Dossier.objects.count()
    if not args.skip_rebuild:
        runs = []
        for _ in range(args.rebuild_rounds):
            started = time.perf_counter()
            call_command("rebuild_report_aggregates", "--from", str(FIRST_DAY), "--jobs", "2")
            runs.append(time.perf_counter() - started)
            print(f"rebuild-report-aggregates: {runs[-1]:.1f} s", flush=True)
        if len(runs) > 1:
            print(f"rebuild-report-aggregates: median {statistics.median(runs):.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}")
    now = datetime(2026, 11, 20, 17, 0).astimezone()
    year = periods.year(2026)
    closed_year = periods.year(2025)
    month = periods.month(2026, 10)
    report = processing_report(year, "agency", now=now)
    total = report.system_total.values
    balance = (
        total["carried_over"]
        + total["received"]
        - (total["resolved"] + total["withdrawn"] + total["stopped"] + total["in_progress"])
    )
    print(f"machine: {machine_info()}")
    print(
        f"dossiers: {count:,}; 2026: received {total['received']:,}, resolved "
        f"{total['resolved']:,}, on time {total['on_time_rate']} %, online "
        f"{total['online_rate']} %, in progress {total['in_progress']:,}; balance {balance}"
    )
    assert balance == 0

    def indicators_page(period):  # as the indicators view does: one report, two scores
        totals = province_totals(period, Scope())
        return circular_indicators(period, Scope(), totals), decision_766_score(
            period, Scope(), totals
        )

    one_agency = Scope(agency_ids=frozenset({report.rows[0].key}))
    late = dossiers_behind("resolved_late", year, now=now)
    cases = [
        # The current year as a reader sees it: in progress judged at the present instant
        # (the generated events end at ``now``, before the real present).
        ("province, year 2026 by agency", lambda: processing_report(year, "agency")),
        (
            "province, year 2025 (closed: stored backlogs)",
            lambda: processing_report(closed_year, "agency"),
        ),
        (
            "province, month 10/2026 by procedure",
            lambda: processing_report(month, "procedure", now=now),
        ),
        (
            "one agency, year 2026 by field",
            lambda: processing_report(year, "field", one_agency),
        ),
        (
            "public dashboard (year report + monthly trend)",
            lambda: (processing_report(year, "agency"), monthly_trend(2026)),
        ),
        (
            "drill-down: first page of late dossiers of 2026",
            lambda: (list(late.all()[:50]), late.all().count()),
        ),
        (
            "indicators: Circular 01/2018 + Decision 766, year 2026",
            lambda: indicators_page(year),
        ),
    ]
    # The staff dashboards (reports/dashboards.py), the current year, as the views call them:
    # the province dashboard's five reads, then each one alone (where the time goes), and the
    # per-officer table of the agency dashboard.
    board = DashboardScope()
    board_parts = [
        ("period totals", lambda: dashboards.period_totals(year, board, now)),
        ("monthly trend", lambda: dashboards.monthly_trend(year, board)),
        ("backlog by age", lambda: dashboards.backlog(board, now)),
        ("slowest procedures", lambda: dashboards.slowest_procedures(year, board)),
        ("slowest steps", lambda: dashboards.slowest_steps(year, board)),
    ]
    cases.append(
        (
            "province dashboard, year 2026 (the five reads of the view)",
            lambda: [fn() for _, fn in board_parts],
        )
    )
    cases += [(f"  dashboard: {name}", fn) for name, fn in board_parts]
    cases.append(
        (
            "  dashboard: overdue by officer (agency dashboard)",
            lambda: dashboards.overdue_by_officer(year, board, now),
        )
    )
    if args.live:
        cases += [
            (
                "live (per dossier): province, year 2026 by agency",
                lambda: processing_report(year, "agency", now=now, live=True),
            ),
            (
                "live (per dossier): province, year 2025",
                lambda: processing_report(closed_year, "agency", live=True),
            ),
        ]
        for period in (year, closed_year, month):
            stored = processing_report(period, "agency", now=now)
            live = processing_report(period, "agency", now=now, live=True)
            assert [(r.key, r.values) for r in stored.rows] == [
                (r.key, r.values) for r in live.rows
            ], period.label
        stored = processing_report(year, "agency")  # at the present: open dossiers' rows
        live = processing_report(year, "agency", live=True)
        assert [(r.key, r.values) for r in stored.rows] == [(r.key, r.values) for r in live.rows]
        for read in (dashboards.slowest_procedures, dashboards.slowest_steps):
            assert read(year, board) == read(year, board, live=True), read.__name__
        print(
            "aggregates == per-dossier counts for 2026 (at the generator's now and at the "
            "present), 2025 and 10/2026, every agency row; slowest procedures and steps of "
            "2026 from the stored histograms == from the rows"
        )
    for label, fn in cases:
        if args.cases.lower() in label.lower():
            timed(label, fn, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
