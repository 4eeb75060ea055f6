"""motcua import-holidays FILE: store the government's days off and make-up days from a CSV."""

from django.core.management.base import BaseCommand, CommandError

from motcua.worktime.holidays import DecisionCSVError, read_decisions_csv
from motcua.worktime.services import import_decisions


class Command(BaseCommand):
    help = (
        "Import days off and make-up working days from a CSV with the columns "
        "date,weekday,kind,name,source,status[,reason]. Each year in the file replaces that "
        "year's stored decisions as a whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file (UTF-8)")

    def handle(self, *args, **options):
        try:
            decisions = read_decisions_csv(options["file"])
        except FileNotFoundError:
            raise CommandError(f"no such file: {options['file']}") from None
        except DecisionCSVError as exc:
            raise CommandError(f"{options['file']}: {exc} (nothing imported)") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text (nothing imported)") from None
        report = import_decisions(decisions)
        self.stdout.write(report.summary())
