"""``motcua render-slip FORM --sample OUTPUT.pdf``: render a sample of an official slip to look at.

FORM is a slip kind (receipt, supplement-request, refusal, apology, stop-processing, control,
tracking-book) or ``all`` (OUTPUT is then a directory that receives one PDF per form of the set).
Only sample data for now: rendering a real dossier's slip belongs to the dossier engine, which
calls ``paperwork.rendering.render_slip``. This command writes files and never changes the database.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.paperwork.forms import FORMS, FormNotInSet, FormSet
from motcua.paperwork.rendering import render_slip
from motcua.paperwork.samples import SAMPLES

KINDS = {kind.replace("_", "-"): kind for kind in SAMPLES}


class Command(BaseCommand):
    help = "Render a sample of an official slip (forms of Circular 01/2018 or 03/2025) to PDF."

    def add_arguments(self, parser):
        parser.add_argument("form", choices=[*KINDS, "all"], help="which slip, or all of them")
        parser.add_argument("output", help="the PDF to write (a directory with 'all')")
        parser.add_argument(
            "--sample",
            action="store_true",
            required=True,
            help="fill the slip with the demo province's sample data (the only source for now)",
        )
        parser.add_argument(
            "--form-set",
            choices=[choice.value for choice in FormSet],
            default=None,
            help="2018 or 2025; default MOTCUA_FORM_SET",
        )

    def handle(self, *args, form, output, form_set, **options):
        chosen = FormSet(form_set or settings.MOTCUA_FORM_SET)
        target = Path(output)
        if form == "all":
            target.mkdir(parents=True, exist_ok=True)
            for kind in FORMS[chosen]:
                spec = FORMS[chosen][kind]
                path = target / f"mau-{spec.number}-{kind.replace('_', '-')}.pdf"
                self._write(kind, chosen, path)
            return
        self._write(KINDS[form], chosen, target)

    def _write(self, kind, form_set, path):
        try:
            pdf = render_slip(SAMPLES[kind](), form_set)
        except FormNotInSet as exc:
            raise CommandError(str(exc), returncode=2) from None
        path.write_bytes(pdf)
        self.stdout.write(f"{path} ({len(pdf):,} bytes, {form_set.circular})")
