"""Figures the reports need that the dossier rows cannot give.

``ExternalFigure``: dossiers counted in another system (tax, customs, a ministry's sector
system) for an agency and a period. REQUIREMENTS.md §7: provinces were ranked low because such
online dossiers were missing from their reports, so the province enters them here; every report
shows them on their own labelled rows and adds them to the grand total.

``ScoreComponent``: one sub-indicator of the Decision 766/QĐ-TTg (2022) scoring, as data so a
province can follow a revised decision without a code change.

Nothing here may hold a figure the dossier rows can give: those are computed, never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The counts an external system can report, in the columns of the processing report
# (form 06a of Circular 01/2020/TT-VPCP as read in ``metrics.py``).
EXTERNAL_COUNT_FIELDS = (
    "carried_over",
    "received_online",
    "received_counter",
    "received_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_not_due",
    "in_progress_overdue",
)


class ExternalFigure(models.Model):
    """Số liệu từ hệ thống khác: one agency's counts for one period from one outside system."""

    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="external_figures",
    )
    source_system = models.CharField(
        _("hệ thống nguồn"),
        max_length=200,
        help_text=_("Ví dụ: Hệ thống thuế điện tử (eTax), Hệ thống hải quan một cửa quốc gia."),
    )
    field = models.ForeignKey(
        "catalog.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_day = models.DateField(_("từ ngày"))
    last_day = models.DateField(_("đến ngày"))
    carried_over = models.PositiveIntegerField(_("kỳ trước chuyển qua"), default=0)
    received_online = models.PositiveIntegerField(_("mới tiếp nhận trực tuyến"), default=0)
    received_counter = models.PositiveIntegerField(_("mới tiếp nhận trực tiếp"), default=0)
    received_post = models.PositiveIntegerField(_("mới tiếp nhận qua bưu chính"), default=0)
    resolved_early = models.PositiveIntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    in_progress_not_due = models.PositiveIntegerField(_("đang giải quyết trong hạn"), default=0)
    in_progress_overdue = models.PositiveIntegerField(_("đang giải quyết quá hạn"), default=0)
    note = models.TextField(_("ghi chú, căn cứ số liệu"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu từ hệ thống khác")
        verbose_name_plural = _("số liệu từ hệ thống khác")
        ordering = ("-first_day", "agency", "source_system")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="external_figure_period_order"
            ),
            models.UniqueConstraint(
                fields=("agency", "source_system", "field", "first_day", "last_day"),
                nulls_distinct=False,
                name="one_external_figure_per_source_and_period",
            ),
        ]

    def __str__(self):
        period = f"{self.first_day:%d/%m/%Y}-{self.last_day:%d/%m/%Y}"
        return f"{self.source_system} — {self.agency} ({period})"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in EXTERNAL_COUNT_FIELDS}


class ScoreComponent(models.Model):
    """A sub-indicator of Decision 766/QĐ-TTg: its group, its points and the rate it scores.

    Points are earned in proportion to the rate up to ``full_at`` (a rate at or above it earns
    every point). A component whose metric the system does not measure yet earns nothing and is
    shown as "chưa đo" (not yet measured); it is never guessed.
    """

    class Group(models.TextChoices):
        # Decision 766/QĐ-TTg (2022), five groups, 100 points (REQUIREMENTS.md §7).
        PUBLICITY = "publicity", _("Công khai, minh bạch")
        PROGRESS = "progress", _("Tiến độ, kết quả giải quyết")
        DIGITISATION = "digitisation", _("Số hóa hồ sơ")
        ONLINE = "online", _("Cung cấp dịch vụ trực tuyến")
        SATISFACTION = "satisfaction", _("Mức độ hài lòng")

    scheme = models.CharField(_("bộ tiêu chí"), max_length=40, default="766/QĐ-TTg")
    group = models.CharField(_("nhóm chỉ số"), max_length=20, choices=Group)
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tên chỉ số"), max_length=300)
    metric = models.CharField(
        _("số liệu dùng để chấm"),
        max_length=40,
        help_text=_("Tên tỷ lệ của báo cáo (ví dụ on_time_rate); để trống nếu chưa đo được."),
        blank=True,
    )
    points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    full_at = models.DecimalField(
        _("đạt tối đa khi tỷ lệ (%)"), max_digits=5, decimal_places=2, default=100
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ số chấm điểm")
        verbose_name_plural = _("bộ chỉ số chấm điểm (Quyết định 766)")
        ordering = ("scheme", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=("scheme", "code"), name="unique_score_component"),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(full_at__gt=0) & Q(full_at__lte=100),
                name="score_component_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.name}"
