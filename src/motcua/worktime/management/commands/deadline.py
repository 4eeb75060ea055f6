"""motcua deadline --start … --days N: the due time of a duration in working time."""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.models import Agency
from motcua.worktime.explain import explain_deadline
from motcua.worktime.selectors import calendar_for


def parse_start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--start {value!r} is not a date and time like 2026-02-13T10:00"
        ) from None
    if timezone.is_naive(start):
        start = timezone.make_aware(start)  # Asia/Ho_Chi_Minh
    return start


def parse_cutoff(value: str | None) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--cutoff {value!r} is not a time like 15:00") from None


class Command(BaseCommand):
    help = "Print the due time (ISO 8601, +07:00) of --start plus a duration in working time."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="e.g. 2026-02-13T10:00 (Vietnam time)")
        parser.add_argument("--days", type=float, default=0, help="working days (0.5 = half)")
        parser.add_argument("--hours", type=float, default=0, help="working hours")
        parser.add_argument("--agency", help="agency identifier, e.g. 000.00.07.H49")
        parser.add_argument("--cutoff", help="received after this time counts from the next day")
        parser.add_argument("--explain", action="store_true", help="also list the days skipped")

    def handle(self, *args, **options):
        start = parse_start(options["start"])
        days, hours = options["days"], options["hours"]
        if days < 0 or hours < 0 or (days == 0 and hours == 0):
            raise CommandError("give a positive --days or --hours")
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(identifier=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency with identifier {options['agency']}")
        explanation = explain_deadline(
            calendar_for(agency), start, days, hours, cutoff=parse_cutoff(options["cutoff"])
        )
        self.stdout.write(explanation.due_at.isoformat())
        if options["explain"]:
            self.stdout.write(f"counting from {explanation.counting_from.isoformat()}")
            for day in explanation.skipped_days:
                self.stdout.write(f"skipped {day.date:%d/%m/%Y}: {day.name} ({day.reason})")
            for day in explanation.extra_working_days:
                self.stdout.write(f"worked {day.date:%d/%m/%Y}: {day.name} ({day.reason})")
