"""motcua tracking-book AGENCY YEAR OUT.pdf: the agency's tracking book (form 06) for a year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.models import Agency
from motcua.dossiers.slips import tracking_book
from motcua.paperwork.rendering import render_slip


class Command(BaseCommand):
    help = "Render the tracking book (Sổ theo dõi hồ sơ) of an agency for one year as PDF."

    def add_arguments(self, parser):
        parser.add_argument("agency", help="agency identifier, e.g. 000.00.07.H49")
        parser.add_argument("year", type=int)
        parser.add_argument("output", help="the PDF to write")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(identifier=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with identifier {options['agency']}")
        book = tracking_book(agency, options["year"])
        Path(options["output"]).write_bytes(render_slip(book))
        self.stdout.write(f"{options['output']}: {len(book.entries)} dossiers")
