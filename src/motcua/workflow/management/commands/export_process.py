"""motcua export-process CODE [--number N]: print a stored definition as YAML."""

from django.core.management.base import BaseCommand, CommandError

from motcua.workflow.models import ProcessVersion
from motcua.workflow.services import to_yaml


class Command(BaseCommand):
    help = "Print an internal-process definition as YAML (the active version by default)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--number", type=int, help="the version number (default: active)")

    def handle(self, *args, **options):
        versions = ProcessVersion.objects.filter(code=options["code"])
        if options["number"]:
            version = versions.filter(version=options["number"]).first()
        else:
            version = versions.filter(status=ProcessVersion.Status.ACTIVE).first()
        if version is None:
            raise CommandError(f"no such process version: {options['code']}")
        self.stdout.write(to_yaml(version.definition()), ending="")
