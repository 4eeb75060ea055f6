"""``motcua import-units``: load administrative units.

Without arguments it loads the 2025 two-level list packaged with motcua (34 provinces, 3,321
communes). ``--pre2025 FILE`` loads the older three-level tree from dvhcvn's ``dvhcvn.json``
(GPL-3.0: read from where the operator keeps it, never copied into motcua).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.units import UnitFileError, import_units_2025, import_units_pre2025


class Command(BaseCommand):
    help = "Nhập danh mục đơn vị hành chính (2025 hai cấp; --pre2025 FILE: ba cấp trước 2025)."

    def add_arguments(self, parser):
        parser.add_argument("--pre2025", type=Path, metavar="FILE")

    def handle(self, *args, pre2025=None, **options):
        try:
            result = import_units_pre2025(pre2025) if pre2025 else import_units_2025()
        except UnitFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{result.scheme}: {result.created} đơn vị tạo mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
