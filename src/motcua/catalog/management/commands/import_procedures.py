"""``motcua import-procedures FILE…``: import the national catalog's exports (XLSX lists, JSONL
details). One transaction per file: a file that cannot be read imports nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.services import NationalCatalogError, import_file


class Command(BaseCommand):
    help = "Nhập thủ tục hành chính từ tệp xuất của Cổng DVCQG (.xlsx danh sách, .jsonl chi tiết)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args, files, **options):
        failed = []
        for path in files:
            try:
                report = import_file(path)
            except NationalCatalogError as exc:
                failed.append(str(exc))
                self.stderr.write(f"LỖI {exc} — không nhập gì từ tệp này.")
                continue
            for line in report.lines():
                self.stdout.write(line)
        if failed:
            raise CommandError(f"{len(failed)} tệp không nhập được.")
