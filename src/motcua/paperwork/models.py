"""The persistent number series behind the slips: one counter per agency, year and kind.

The dossier engine asks ``services.next_number`` for the next tracking-book row or …/PXL number;
the pure rules (restart each year, formatting) live in ``numbering``. Rows are only ever created
and incremented, never decremented or reused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.paperwork.numbering import SeriesKind


class SlipSeries(models.Model):
    """Dãy số: the last number an agency issued in a year for one kind of slip."""

    class Kind(models.TextChoices):
        TRACKING_BOOK = SeriesKind.TRACKING_BOOK.value, _("Sổ theo dõi hồ sơ")
        APOLOGY = SeriesKind.APOLOGY.value, _("Phiếu xin lỗi (…/PXL)")
        STOP_NOTICE = SeriesKind.STOP_NOTICE.value, _("Thông báo dừng giải quyết hồ sơ")

    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="slip_series",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=30, choices=Kind)
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("dãy số giấy tờ")
        verbose_name_plural = _("dãy số giấy tờ")
        constraints = [
            models.UniqueConstraint(
                fields=("agency", "year", "kind"), name="unique_slip_series_per_agency_year_kind"
            ),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.kind}: {self.last_number}"
