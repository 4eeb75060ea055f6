"""Figures the reports need that the dossier rows cannot give.

``ExternalFigure``: dossiers counted in another system (tax, customs, a ministry's sector
system) for an agency and a period. REQUIREMENTS.md §7: provinces were ranked low because such
online dossiers were missing from their reports, so the province enters them here; every report
shows them on their own labelled rows and adds them to the grand total.

``ScoreComponent``: one sub-indicator of the Decision 766/QĐ-TTg (2022) scoring, as data so a
province can follow a revised decision without a code change.

Nothing here may hold the only copy of a figure the dossier rows can give: the aggregates of ADR
0012 (flows, backlogs, supplement requests per day) are computed from them and can be dropped and
rebuilt.
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


# --- aggregates (ADR 0012) ----------------------------------------------------------------
# Derived, rebuildable counts the processing report reads instead of scanning the dossiers. They
# are caches of what ``metrics.py`` defines over the dossier rows, never a source: the rebuild
# command recomputes them from the dossiers and the event log, and every figure read from them
# equals the one computed per dossier.

# The flows of a day (or a month): the count metrics ``metrics.row_filters`` defines on the
# dossier row and that belong to the day a dossier was received or decided.
FLOW_FIELDS = (
    "received",
    "received_online",
    "received_national_portal",
    "received_counter",
    "received_post",
    "end_to_end_online",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved",
    "resolved_refused",
    "withdrawn",
    "stopped",
    "refused_at_reception",
    "withdrawn_before_acceptance",
    "electronic_result",
)
# The state at an instant (the start of a day): accepted dossiers without a result, and how
# their clocks stood then.
BACKLOG_FIELDS = (
    "in_progress",
    "in_progress_not_due",
    "in_progress_overdue",
    "in_progress_awaiting_supplement",
)


class FlowBase(models.Model):
    day = models.DateField(_("ngày"))
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    received = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_national_portal = models.PositiveIntegerField(default=0)
    received_counter = models.PositiveIntegerField(default=0)
    received_post = models.PositiveIntegerField(default=0)
    end_to_end_online = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolved_refused = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    refused_at_reception = models.PositiveIntegerField(default=0)
    withdrawn_before_acceptance = models.PositiveIntegerField(default=0)
    electronic_result = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day} {self.agency_id}/{self.procedure_id}"


class DailyFlow(FlowBase):
    """Số liệu trong ngày: what one receiving agency's dossiers of one procedure did that day."""

    class Meta:
        verbose_name = _("số liệu tổng hợp theo ngày")
        verbose_name_plural = _("số liệu tổng hợp theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=("day", "agency", "procedure"), name="one_daily_flow_per_group"
            )
        ]


class MonthlyFlow(FlowBase):
    """The same counts summed over a calendar month (``day`` is its first day): a year report
    reads twelve months instead of 365 days."""

    class Meta:
        verbose_name = _("số liệu tổng hợp theo tháng")
        verbose_name_plural = _("số liệu tổng hợp theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=("day", "agency", "procedure"), name="one_monthly_flow_per_group"
            )
        ]


class Backlog(models.Model):
    """Tồn đọng đầu ngày: the accepted dossiers without a result at 00:00 of ``day`` (the
    province's time), split by how their clocks stood then."""

    day = models.DateField(_("ngày"))
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    in_progress = models.PositiveIntegerField(default=0)
    in_progress_not_due = models.PositiveIntegerField(default=0)
    in_progress_overdue = models.PositiveIntegerField(default=0)
    in_progress_awaiting_supplement = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số hồ sơ tồn đầu ngày")
        verbose_name_plural = _("số hồ sơ tồn đầu ngày")
        constraints = [
            models.UniqueConstraint(
                fields=("day", "agency", "procedure"), name="one_backlog_per_group"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.agency_id}/{self.procedure_id}"


class BacklogDay(models.Model):
    """A day whose backlog is stored (a day without rows may simply have had no backlog)."""

    day = models.DateField(_("ngày"), primary_key=True)
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày đã tính tồn đọng")
        verbose_name_plural = _("ngày đã tính tồn đọng")

    def __str__(self):
        return str(self.day)


class StaleDay(models.Model):
    """A day whose flows a dossier change has made stale, written in that change's transaction
    (one row per dossier, so concurrent actions never wait on each other); the next read or the
    refresh job recomputes the day and deletes these rows."""

    day = models.DateField(_("ngày"))
    dossier_id = models.BigIntegerField(_("hồ sơ"))
    marked_at = models.DateTimeField(_("đánh dấu lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày cần tính lại")
        verbose_name_plural = _("ngày cần tính lại")
        constraints = [models.UniqueConstraint(fields=("day", "dossier_id"), name="one_stale_mark")]

    def __str__(self):
        return f"{self.day} {self.dossier_id}"


class SupplementRequestDay(models.Model):
    """Yêu cầu bổ sung theo ngày: a dossier whose applicant was asked on ``day`` to complete it,
    with the receiving agency and procedure it is counted under. "Dossiers returned for
    supplement" counts each dossier once per period, so it cannot be summed over days like the
    flows; these pairs (about one dossier in sixteen) are counted distinct instead of the event
    log, and ``requests`` (how many that day) adds up to a dossier's number of requests (the
    Circular 01/2018 contacts indicator). Written in the transaction of the event; rebuilt with
    the other aggregates."""

    day = models.DateField(_("ngày"))
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.CASCADE,
        related_name="+", db_index=False,
    )  # fmt: skip
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE,
        related_name="+", db_index=False,
    )  # fmt: skip
    requests = models.PositiveSmallIntegerField(_("số lần yêu cầu"), default=1)

    class Meta:
        verbose_name = _("hồ sơ được yêu cầu bổ sung trong ngày")
        verbose_name_plural = _("hồ sơ được yêu cầu bổ sung trong ngày")
        constraints = [
            models.UniqueConstraint(fields=("day", "dossier"), name="one_supplement_day")
        ]

    def __str__(self):
        return f"{self.day} {self.dossier_id}"


class DurationMonth(models.Model):
    """A month whose processing times are stored for the province (``DurationCount``): the
    resolved dossiers (kind ``procedure``) or the stays at a step (kind ``step``) that ended in
    the month before ``covered_until``; later ones are counted when read. Computed with the
    working calendar whose fingerprint is ``calendar``: another calendar makes it unusable."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", _("thủ tục")
        STEP = "step", _("bước xử lý")

    month = models.DateField(_("tháng"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind)
    covered_until = models.DateTimeField(_("đã tính đến"))
    calendar = models.CharField(_("lịch làm việc"), max_length=64)
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tháng đã tính thời gian xử lý")
        verbose_name_plural = _("tháng đã tính thời gian xử lý")
        constraints = [
            models.UniqueConstraint(fields=("month", "kind"), name="one_duration_month_per_kind")
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.kind}"


class DurationCount(models.Model):
    """How many of a month's results of a procedure (or stays at a step) at a receiving agency
    (no agency: the whole province) took ``tenths`` tenths of a working day: the histogram the
    medians and p90 of the dashboards are read from."""

    month = models.DateField(_("tháng"))
    kind = models.CharField(_("loại"), max_length=10, choices=DurationMonth.Kind)
    agency = models.ForeignKey(
        "catalog.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.CASCADE,
        related_name="+", null=True, blank=True, db_index=False,
    )  # fmt: skip
    key = models.CharField(_("thủ tục hoặc bước"), max_length=80)
    tenths = models.IntegerField(_("thời gian (phần mười ngày làm việc)"))
    count = models.PositiveIntegerField(_("số lượng"))

    class Meta:
        verbose_name = _("số lượng theo thời gian xử lý")
        verbose_name_plural = _("số lượng theo thời gian xử lý")
        constraints = [
            models.UniqueConstraint(
                fields=("month", "kind", "agency", "key", "tenths"),
                name="one_duration_count",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        where = self.agency_id or "*"
        return f"{self.month:%m/%Y} {self.kind} {where} {self.key} {self.tenths}: {self.count}"


class PublishedReport(models.Model):
    """Số liệu đã công bố: the province's processing report of a closed period as it was
    published (who, when, every figure, a checksum), so the published numbers of a month do not
    move when late corrections arrive. Never updated; a new figure needs a new period."""

    kind = models.CharField(_("loại kỳ"), max_length=10)
    first_day = models.DateField(_("từ ngày"))
    last_day = models.DateField(_("đến ngày"))
    figures = models.JSONField(_("số liệu"))
    checksum = models.CharField(_("mã kiểm tra (SHA-256)"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công bố lúc"))

    class Meta:
        verbose_name = _("báo cáo đã công bố")
        verbose_name_plural = _("báo cáo đã công bố")
        ordering = ("-first_day", "kind")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "first_day", "last_day"), name="one_publication_per_period"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.first_day}…{self.last_day}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a published report is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a published report is never deleted")
