"""motcua rebuild-report-aggregates [--from DATE]: recompute the report aggregates (ADR 0012)."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from motcua.reports import aggregates


class Command(BaseCommand):
    help = (
        "Recompute the report aggregates (daily and monthly flows, the backlog at the start of "
        "each month and of today) from the dossiers and their events, one month per "
        "transaction. Idempotent: run it after a bulk load that bypassed the services."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="first_day",
            help="first day to recompute, YYYY-MM-DD (default: the first dossier's day)",
        )

    def handle(self, *args, **options):
        first_day = None
        if options["first_day"]:
            try:
                first_day = date.fromisoformat(options["first_day"])
            except ValueError:
                raise CommandError("--from takes a date as YYYY-MM-DD") from None
        started = time.perf_counter()
        verbose = options["verbosity"] > 1
        stats = aggregates.rebuild(first_day, log=self.stdout.write if verbose else None)
        self.stdout.write(
            f"{stats['months']} months, {stats['flow_rows']:,} daily rows, "
            f"{stats['backlog_days']} backlog days in {time.perf_counter() - started:.1f} s"
        )
