"""What each number of the processing report means, with its legal source. One place.

What it is for: the report's selectors count with these definitions and the drill-down lists
dossiers with the same ones, so every number can be reconciled down to the dossiers behind it.

Sources (confidence as in REQUIREMENTS.md: [V] verbatim, [T] our reading of the text):

* The columns follow the form of the periodic report on handling administrative procedures at
  the agencies that handle them (biểu mẫu 06a/VPCP/KSTT, Circular 01/2020/TT-VPCP) [T]: dossiers
  to handle = carried over from the previous period + newly received (online; direct or by
  post); results = resolved (early, on time, late) + still in progress (within the deadline,
  overdue).
* Early / on time / late are the three results of form 05 and of the time indicator of Circular
  01/2018/TT-VPCP Art 13 [V]; the dossier engine stores them at completion
  (``WorkCalendar.classify``).
* Supplement requests (form 02), refusals (form 03), withdrawals and stopping (the 03/2025
  notice) are the reception and processing outcomes of Decree 61/2018 Art 15-19, kept by
  Decree 118/2025 [V].
* The rates are those Decision 766/QĐ-TTg (2022) scores (REQUIREMENTS.md §7) [T]: on-time rate,
  online dossier rate, end-to-end online rate, electronic result rate. Digitisation, online
  payment and satisfaction come from other rows (documents, payments, ratings): ``quality.py``.

A dossier is counted once, at the agency that received it (``Dossier.agency``), even when it was
transferred to other agencies (inter-agency handling, Decree 61/2018 Art 21).

It must never count in Python or store a computed figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel, OnlineMode
from motcua.dossiers.models import Dossier

ONLINE_CHANNELS = (Channel.ONLINE, Channel.NATIONAL_PORTAL)
RESOLVING_OUTCOMES = (Dossier.Outcome.APPROVED, Dossier.Outcome.REFUSED)
# The action whose clock effect pauses the count while the applicant completes the dossier
# (standard process: request_supplement during appraisal → pause_clock; Decree 61/2018 Art 17).
PAUSING_ACTIONS = ("request_supplement",)
SUPPLEMENT_ACTION = "request_supplement"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    header: str  # the report's column group
    definition: str
    source: str
    kind: str = "count"  # count | rate
    external: bool = False  # can come from an outside system (ExternalFigure)


M = Metric
# fmt: off
METRICS: tuple[Metric, ...] = (
    M("carried_over", _("Kỳ trước chuyển qua"), _("Số hồ sơ nhận giải quyết"),
      _("Đã tiếp nhận trước kỳ và chưa có kết quả vào đầu kỳ."),
      "Biểu 06a/VPCP/KSTT, TT 01/2020/TT-VPCP", external=True),
    M("received_online", _("Mới nhận trực tuyến (Cổng tỉnh)"), _("Số hồ sơ nhận giải quyết"),
      _("Tiếp nhận trong kỳ, nộp trực tuyến trên Cổng dịch vụ công của tỉnh."),
      "Biểu 06a; NĐ 61/2018 Điều 6", external=True),
    M("received_national_portal", _("Mới nhận trực tuyến (Cổng quốc gia)"),
      _("Số hồ sơ nhận giải quyết"),
      _("Tiếp nhận trong kỳ, nộp qua Cổng Dịch vụ công quốc gia."),
      "Biểu 06a; NĐ 61/2018 Điều 6"),
    M("received_counter", _("Mới nhận trực tiếp"), _("Số hồ sơ nhận giải quyết"),
      _("Tiếp nhận trong kỳ, nộp trực tiếp tại Bộ phận Một cửa."),
      "Biểu 06a; NĐ 61/2018 Điều 6", external=True),
    M("received_post", _("Mới nhận qua bưu chính"), _("Số hồ sơ nhận giải quyết"),
      _("Tiếp nhận trong kỳ, nộp qua dịch vụ bưu chính công ích."),
      "Biểu 06a; QĐ 45/2016/QĐ-TTg", external=True),
    M("received", _("Tổng mới nhận"), _("Số hồ sơ nhận giải quyết"),
      _("Tổng số hồ sơ tiếp nhận (đủ điều kiện, bắt đầu tính thời hạn) trong kỳ."),
      "Biểu 06a", external=True),
    M("to_handle", _("Tổng số"), _("Số hồ sơ nhận giải quyết"),
      _("Kỳ trước chuyển qua + mới tiếp nhận."), "Biểu 06a", external=True),
    M("resolved_early", _("Trước hạn"), _("Đã giải quyết"),
      _("Có kết quả trong kỳ, trước ngày hẹn trả."), "TT 01/2018 Điều 13; mẫu 05",
      external=True),
    M("resolved_on_time", _("Đúng hạn"), _("Đã giải quyết"),
      _("Có kết quả trong kỳ, đúng ngày và giờ hẹn trả."), "TT 01/2018 Điều 13; mẫu 05",
      external=True),
    M("resolved_late", _("Quá hạn"), _("Đã giải quyết"),
      _("Có kết quả trong kỳ, sau thời điểm hẹn trả."), "TT 01/2018 Điều 13; mẫu 05",
      external=True),
    M("resolved", _("Tổng số"), _("Đã giải quyết"),
      _("Có kết quả (giải quyết hoặc từ chối có lý do sau thẩm định) trong kỳ."),
      "Biểu 06a", external=True),
    M("resolved_refused", _("Trong đó từ chối giải quyết"), _("Đã giải quyết"),
      _("Kết quả là văn bản từ chối giải quyết, nêu rõ lý do."), "NĐ 61/2018 Điều 18"),
    M("withdrawn", _("Rút hồ sơ"), _("Kết thúc khác"),
      _("Đã tiếp nhận, công dân rút hồ sơ trong kỳ."), "NĐ 61/2018; NĐ 118/2025"),
    M("stopped", _("Dừng xử lý"), _("Kết thúc khác"),
      _("Đã tiếp nhận, dừng xử lý trong kỳ (thông báo theo TT 03/2025)."), "TT 03/2025/TT-VPCP"),
    M("in_progress_not_due", _("Trong hạn"), _("Đang giải quyết"),
      _("Chưa có kết quả ở cuối kỳ (hoặc hiện tại), chưa đến hạn."), "Biểu 06a",
      external=True),
    M("in_progress_overdue", _("Quá hạn"), _("Đang giải quyết"),
      _("Chưa có kết quả ở cuối kỳ (hoặc hiện tại), đã quá hạn."), "Biểu 06a", external=True),
    M("in_progress_awaiting_supplement", _("Chờ bổ sung"), _("Đang giải quyết"),
      _("Tạm dừng tính thời hạn, chờ công dân bổ sung (mẫu 02)."), "NĐ 61/2018 Điều 17"),
    M("in_progress", _("Tổng số"), _("Đang giải quyết"),
      _("Đã tiếp nhận, chưa có kết quả ở cuối kỳ."), "Biểu 06a", external=True),
    M("supplement_requested", _("Yêu cầu bổ sung"), _("Trong kỳ"),
      _("Hồ sơ nhận yêu cầu bổ sung, hoàn thiện (mẫu 02) trong kỳ."), "NĐ 61/2018 Điều 16-17"),
    M("refused_at_reception", _("Từ chối tiếp nhận"), _("Trong kỳ"),
      _("Hồ sơ bị từ chối tiếp nhận (mẫu 03) trong kỳ."), "NĐ 61/2018 Điều 16"),
    M("withdrawn_before_acceptance", _("Rút trước khi tiếp nhận"), _("Trong kỳ"),
      _("Công dân rút hồ sơ trước khi được tiếp nhận, trong kỳ."), "NĐ 61/2018"),
    M("end_to_end_online", _("Trực tuyến toàn trình"), _("Trong kỳ"),
      _("Mới tiếp nhận trực tuyến, thủ tục cung cấp dịch vụ trực tuyến toàn trình."),
      "NĐ 42/2022; NĐ 224/2026; QĐ 766/QĐ-TTg"),
    M("electronic_result", _("Kết quả điện tử"), _("Trong kỳ"),
      _("Đã giải quyết, có kết quả điện tử được ký số."), "QĐ 766/QĐ-TTg; NĐ 30/2020"),
    M("on_time_rate", _("Đúng hạn"), _("Tỷ lệ (%)"),
      _("(Trước hạn + đúng hạn) / đã giải quyết."), "QĐ 766/QĐ-TTg", kind="rate",
      external=True),
    M("online_rate", _("Trực tuyến"), _("Tỷ lệ (%)"),
      _("Mới tiếp nhận trực tuyến (Cổng tỉnh và Cổng quốc gia) / mới tiếp nhận."),
      "QĐ 766/QĐ-TTg", kind="rate", external=True),
    M("end_to_end_rate", _("Toàn trình"), _("Tỷ lệ (%)"),
      _("Trực tuyến toàn trình / mới tiếp nhận."), "QĐ 766/QĐ-TTg", kind="rate"),
    M("electronic_result_rate", _("Kết quả điện tử"), _("Tỷ lệ (%)"),
      _("Kết quả điện tử / đã giải quyết."), "QĐ 766/QĐ-TTg", kind="rate"),
)
# fmt: on
BY_KEY = {m.key: m for m in METRICS}
# The columns in the order of the official form: to handle, resolved, in progress, then the
# reception outcomes and the rates.
COLUMNS = (
    "to_handle", "carried_over", "received", "received_online", "received_national_portal",
    "received_counter", "received_post",
    "resolved", "resolved_early", "resolved_on_time", "resolved_late", "resolved_refused",
    "in_progress", "in_progress_not_due", "in_progress_overdue", "in_progress_awaiting_supplement",
    "withdrawn", "stopped",
    "supplement_requested", "refused_at_reception", "withdrawn_before_acceptance",
    "end_to_end_online", "electronic_result",
    "on_time_rate", "online_rate", "end_to_end_rate", "electronic_result_rate",
)  # fmt: skip


def column_groups() -> list[tuple[str, int]]:
    """(header, span) of the first header row, in column order."""
    groups: list[tuple[str, int]] = []
    for key in COLUMNS:
        header = str(BY_KEY[key].header)
        if groups and groups[-1][0] == header:
            groups[-1] = (header, groups[-1][1] + 1)
        else:
            groups.append((header, 1))
    return groups


COUNT_KEYS = tuple(m.key for m in METRICS if m.kind == "count")
RATE_KEYS = tuple(m.key for m in METRICS if m.kind == "rate")


# --- definitions over the dossier rows ----------------------------------------------------


def received_q(start: datetime, end: datetime) -> Q:
    """Accepted in the period: the clock started (``received_at``), Decree 61/2018 Art 16."""
    return Q(received_at__gte=start, received_at__lt=end)


def carried_over_q(start: datetime) -> Q:
    return Q(received_at__lt=start) & (Q(completed_at__isnull=True) | Q(completed_at__gte=start))


def decided_q(start: datetime, end: datetime) -> Q:
    return Q(received_at__isnull=False, completed_at__gte=start, completed_at__lt=end)


def in_progress_q(end: datetime) -> Q:
    return Q(received_at__lt=end) & (Q(completed_at__isnull=True) | Q(completed_at__gte=end))


def open_q() -> Q:
    """Accepted and not decided yet: the backlog now."""
    return Q(received_at__isnull=False, completed_at__isnull=True)


def with_pause(queryset):
    """The dossiers with ``paused_since``: when their clock was paused, as the row holds it."""
    return queryset.annotate(paused_since=KT("clock__paused_at"))


def split_now(now: datetime) -> dict[str, Q]:
    """How the open dossiers (``open_q``, ``with_pause``) stand at the present instant ``now``:
    waiting for the applicant (clock paused), overdue, or within the deadline (no deadline
    counts as within). At the present the row's due time and pause are what the event log's
    last clock change says (every clock change writes both in one transaction); a past instant
    is read from the event log (``selectors._clock_at``)."""
    paused = Q(paused_since__isnull=False)
    return {
        "in_progress_awaiting_supplement": paused,
        "in_progress_overdue": ~paused & Q(due_at__lt=now),
        "in_progress_not_due": ~paused & (Q(due_at__gte=now) | Q(due_at__isnull=True)),
    }


def row_filters(start: datetime, end: datetime) -> dict[str, Q]:
    """The count metrics that a plain filter on the dossier row defines."""
    resolved = decided_q(start, end) & Q(outcome__in=RESOLVING_OUTCOMES)
    received = received_q(start, end)
    not_accepted_closed = Q(received_at__isnull=True, completed_at__gte=start, completed_at__lt=end)
    return {
        "carried_over": carried_over_q(start),
        "received_online": received & Q(channel=Channel.ONLINE),
        "received_national_portal": received & Q(channel=Channel.NATIONAL_PORTAL),
        "received_counter": received & Q(channel=Channel.COUNTER),
        "received_post": received & Q(channel=Channel.POST),
        "received": received,
        "to_handle": carried_over_q(start) | received,
        "resolved_early": resolved & Q(timeliness=Dossier.Timeliness.EARLY),
        "resolved_on_time": resolved & Q(timeliness=Dossier.Timeliness.ON_TIME),
        "resolved_late": resolved & Q(timeliness=Dossier.Timeliness.LATE),
        "resolved": resolved,
        "resolved_refused": resolved & Q(outcome=Dossier.Outcome.REFUSED),
        "withdrawn": decided_q(start, end) & Q(outcome=Dossier.Outcome.WITHDRAWN),
        "stopped": decided_q(start, end) & Q(outcome=Dossier.Outcome.STOPPED),
        "in_progress": in_progress_q(end),
        "refused_at_reception": not_accepted_closed & Q(outcome=Dossier.Outcome.REFUSED),
        "withdrawn_before_acceptance": not_accepted_closed & Q(outcome=Dossier.Outcome.WITHDRAWN),
        "end_to_end_online": received
        & Q(channel__in=ONLINE_CHANNELS, procedure_version__online_mode=OnlineMode.END_TO_END),
    }


# Metrics that need the event log or documents: counted by their own grouped query.
IN_PROGRESS_SPLIT = (
    "in_progress_not_due",
    "in_progress_overdue",
    "in_progress_awaiting_supplement",
)
EVENT_METRICS = ("supplement_requested", "electronic_result")


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """A percentage to one decimal; ``None`` (shown "—") when there is nothing to divide."""
    if not denominator:
        return None
    return round(100.0 * (numerator or 0) / denominator, 1)


def add_rates(values: dict) -> dict:
    values["on_time_rate"] = rate(
        values.get("resolved_early", 0) + values.get("resolved_on_time", 0), values.get("resolved")
    )
    values["online_rate"] = rate(
        values.get("received_online", 0) + values.get("received_national_portal", 0),
        values.get("received"),
    )
    values["end_to_end_rate"] = rate(values.get("end_to_end_online"), values.get("received"))
    values["electronic_result_rate"] = rate(values.get("electronic_result"), values.get("resolved"))
    return values
