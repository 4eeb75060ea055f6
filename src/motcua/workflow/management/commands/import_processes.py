"""motcua import-processes FILE…: store process definitions written in YAML."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from motcua.workflow.definition import DefinitionError
from motcua.workflow.services import parse_yaml, store_definition


class Command(BaseCommand):
    help = "Import internal-process definitions (YAML). Each changed file stores a new version."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--approval", default="", help="the approving decision, e.g. 123/QĐ-UBND"
        )

    def handle(self, *args, **options):
        definitions = []
        for name in options["files"]:
            try:
                text = Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{name}: cannot read ({exc})") from None
            try:
                definitions.append(parse_yaml(text))
            except DefinitionError as exc:
                problems = "; ".join(exc.problems)
                raise CommandError(f"{name}: {problems} (nothing imported)") from None
        with transaction.atomic():
            for definition in definitions:
                version, created = store_definition(
                    definition, approval_reference=options["approval"]
                )
                state = f"stored as version {version.version}" if created else "unchanged"
                self.stdout.write(f"{definition.code}: {state}")
