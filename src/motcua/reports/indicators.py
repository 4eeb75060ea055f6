"""The evaluation indicators: the 9 indicators of Circular 01/2018/TT-VPCP Art 13-15, the
Decision 766/QĐ-TTg (2022) score, and the count of services by level and online mode.

Circular 01/2018 Art 13 [V] (REQUIREMENTS.md §7): each indicator scores a dossier 2, 1 or 0;
an indicator's score is the sum over the dossiers divided by their number, to one decimal; a
unit's total (at most 18) grades it ≥15 excellent, 12-<15 good, 9-<12 fair, 6-<9 average,
<6 weak; an official's total grades ≥5, 3.5-<5, <3.5.

Only indicators the system has data for are computed. The others are reported as "not yet
measured" with what is missing: a grade needs all nine, so no grade is given until then.

It must never invent a score, loop over dossiers in Python, or write anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import OnlineMode, Procedure, ServiceLevel
from motcua.dossiers.models import Dossier
from motcua.reports import metrics, quality
from motcua.reports.models import ScoreComponent, SupplementRequestDay
from motcua.reports.periods import Period
from motcua.reports.selectors import Scope, processing_report

# Circular 01/2018 Art 15 [V]: unit grades (total out of 18) and officials' grades.
UNIT_GRADES = (
    (Decimal(15), gettext_lazy("Xuất sắc")),
    (Decimal(12), gettext_lazy("Tốt")),
    (Decimal(9), gettext_lazy("Khá")),
    (Decimal(6), gettext_lazy("Trung bình")),
    (Decimal(0), gettext_lazy("Yếu")),
)
OFFICER_GRADES = (
    (Decimal(5), gettext_lazy("Tốt")),
    (Decimal("3.5"), gettext_lazy("Đạt")),
    (Decimal(0), gettext_lazy("Chưa đạt")),
)
# Indicator 9 (REQUIREMENTS.md §7 [V]): 2 points need ≥20 % of procedures at level 3-4, ≥30 %
# of dossiers online and no online dossier resolved late.
ONLINE_PROCEDURE_SHARE = Decimal(20)
ONLINE_DOSSIER_SHARE = Decimal(30)
# The rates a Decision 766 component can be scored on: the report's and the quality figures'.
SCORABLE = metrics.RATE_KEYS + quality.RATE_KEYS


def grade(total: Decimal, thresholds) -> str:
    for floor, label in thresholds:
        if total >= floor:
            return str(label)
    return str(thresholds[-1][1])


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Indicator:
    number: int
    name: str
    score: Decimal | None  # None: not yet measured
    basis: str  # how it was computed, or what is missing
    dossiers: int = 0


def _resolved(period: Period, scope: Scope):
    return Dossier.objects.filter(scope.q()).filter(
        metrics.row_filters(period.start, period.end)["resolved"]
    )


def _average(points: int, count: int) -> Decimal | None:
    return one_decimal(Decimal(points) / count) if count else None


def province_totals(period: Period, scope: Scope) -> dict:
    """The report's grand total (figures from other systems included) the rates come from."""
    return processing_report(period, "province", scope).grand_total.values


def circular_indicators(period: Period, scope: Scope, totals: dict | None = None) -> dict:
    totals = totals if totals is not None else province_totals(period, scope)
    resolved = _resolved(period, scope)
    sums = resolved.aggregate(
        dossiers=Count("pk"),
        time_points=Coalesce(
            Count("pk", filter=Q(timeliness=Dossier.Timeliness.EARLY)) * 2
            + Count("pk", filter=Q(timeliness=Dossier.Timeliness.ON_TIME)),
            0,
        ),
    )
    count = sums["dossiers"]
    # Supplement requests of the resolved dossiers (ever), from the stored request days: a
    # dossier asked once scores 1, twice or more 0, never 2.
    asked = (
        SupplementRequestDay.objects.filter(dossier__in=resolved.values("pk"))
        .values("dossier")
        .order_by()
        .annotate(n=Sum("requests"))
    )
    asked = asked.aggregate(
        once=Count("dossier", filter=Q(n=1)), more=Count("dossier", filter=Q(n__gt=1))
    )
    sums["contact_points"] = 2 * (count - asked["once"] - asked["more"]) + asked["once"]
    online = _online_services(period, scope, totals)
    attitude_points, rated = quality.staff_attitude_points(period, scope)
    not_measured = _("Chưa đo: hệ thống chưa thu thập %(what)s.")
    items = [
        Indicator(
            1,
            _("Tổng thời gian giải quyết so với quy định"),
            _average(sums["time_points"], count),
            _("Trước hạn 2 điểm, đúng hạn 1 điểm, quá hạn 0 điểm; trên các hồ sơ đã giải quyết."),
            count,
        ),
        Indicator(
            2,
            _("Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết"),
            None,
            not_measured % {"what": _("hạn của từng bước, từng cơ quan trong nhật ký hồ sơ")},
        ),
        Indicator(
            3,
            _("Số lần phải liên hệ để hoàn thiện hồ sơ"),
            _average(sums["contact_points"], count),
            _(
                "Không phải bổ sung 2 điểm, bổ sung 1 lần 1 điểm, từ 2 lần 0 điểm (cách hiểu của "
                "hệ thống, căn cứ số lần yêu cầu bổ sung mẫu 02)."
            ),
            count,
        ),
        Indicator(
            4,
            _("Số cơ quan, tổ chức phải liên hệ"),
            None,
            not_measured % {"what": _("số nơi người dân phải đến ngoài Bộ phận Một cửa")},
        ),
        Indicator(
            5,
            _("Tiếp nhận và trả kết quả tại Bộ phận Một cửa"),
            None,
            not_measured % {"what": _("việc hồ sơ có phải nộp, nhận ở nơi khác hay không")},
        ),
        Indicator(
            6,
            _("Công khai thủ tục hành chính"),
            None,
            not_measured % {"what": _("kết quả kiểm tra việc công khai thủ tục")},
        ),
        Indicator(
            7,
            _("Thái độ của cán bộ, công chức"),
            _average(attitude_points, rated),
            _(
                "Theo đánh giá của người dân về thái độ của cán bộ (thang 5 mức): 4-5 được 2 "
                "điểm, 3 được 1 điểm, 1-2 được 0 điểm; trên các đánh giá trong kỳ (cách hiểu "
                "của hệ thống)."
            ),
            rated,
        ),
        Indicator(
            8,
            _("Tiếp thu, giải trình ý kiến phản ánh, kiến nghị"),
            None,
            not_measured % {"what": _("phản ánh, kiến nghị và việc xử lý")},
        ),
        Indicator(
            9,
            _("Cung cấp dịch vụ công trực tuyến"),
            online["score"],
            online["basis"],
        ),
    ]
    measured = [i for i in items if i.score is not None]
    total = sum((i.score for i in measured), Decimal(0))
    return {
        "items": items,
        "measured": len(measured),
        "total": total,
        "max_measured": 2 * len(measured),
        "grade": grade(total, UNIT_GRADES) if len(measured) == len(items) else None,
    }


def _online_services(period: Period, scope: Scope, totals: dict) -> dict:
    """Indicator 9, scored for the unit (REQUIREMENTS.md §7). 1 point when the unit offers
    online services but misses a threshold, 0 when it offers none: our reading [T]."""
    services = service_counts(period, scope)
    offered = services["offered"]
    online_procedures = services["by_level"].get(3, 0) + services["by_level"].get(4, 0)
    procedure_share = Decimal(100 * online_procedures) / offered if offered else Decimal(0)
    dossier_share = Decimal(str(totals["online_rate"] or 0))
    late_online = (
        _resolved(period, scope)
        .filter(channel__in=metrics.ONLINE_CHANNELS, timeliness=Dossier.Timeliness.LATE)
        .count()
    )
    if not offered:
        return {"score": None, "basis": _("Chưa đo: đơn vị chưa có thủ tục nào được giao.")}
    if (
        procedure_share >= ONLINE_PROCEDURE_SHARE
        and dossier_share >= ONLINE_DOSSIER_SHARE
        and late_online == 0
    ):
        score = Decimal(2)
    elif online_procedures:
        score = Decimal(1)
    else:
        score = Decimal(0)
    basis = _(
        "Thủ tục mức 3-4: %(procedures)s%%; hồ sơ trực tuyến: %(dossiers)s%%; hồ sơ trực tuyến "
        "quá hạn: %(late)d."
    ) % {
        "procedures": one_decimal(procedure_share),
        "dossiers": one_decimal(dossier_share),
        "late": late_online,
    }
    return {"score": score, "basis": basis}


def service_counts(period: Period, scope: Scope) -> dict:
    """Services offered by the agencies in scope, by level (1-4) and online mode, and how many
    of them actually received dossiers in the period."""
    procedures = Procedure.objects.filter(is_active=True)
    if scope.agency_ids is not None:
        procedures = procedures.filter(
            offerings__agency_id__in=scope.agency_ids, offerings__is_active=True
        )
    else:
        procedures = procedures.filter(offerings__is_active=True)
    if scope.field_id is not None:
        procedures = procedures.filter(field_id=scope.field_id)
    if scope.procedure_id is not None:
        procedures = procedures.filter(pk=scope.procedure_id)
    procedures = Procedure.objects.filter(pk__in=procedures.values("pk"))
    by_level = dict(
        procedures.values("service_level")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("service_level", "n")
    )
    by_mode = dict(
        procedures.values("online_mode")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("online_mode", "n")
    )
    used = (
        Dossier.objects.filter(scope.q())
        .filter(metrics.received_q(period.start, period.end))
        .values("procedure_version__procedure_id")
        .distinct()
        .count()
    )
    return {
        "offered": procedures.count(),
        "by_level": by_level,
        "levels": [(level, label, by_level.get(level, 0)) for level, label in ServiceLevel.choices],
        "by_mode": by_mode,
        "modes": [(mode, label, by_mode.get(mode, 0)) for mode, label in OnlineMode.choices],
        "with_dossiers": used,
    }


@dataclass
class ScoredComponent:
    component: ScoreComponent
    rate: float | None
    earned: Decimal | None  # None: not yet measured (no metric) or nothing to measure
    status: str


def decision_766_score(
    period: Period,
    scope: Scope,
    totals: dict | None = None,
    scheme: str = "766/QĐ-TTg",
    measured: quality.Quality | None = None,
) -> dict:
    """Points of each component: ``points × min(rate, full_at) / full_at`` from the report's
    grand total (figures from other systems included) and the quality figures (``measured``, when
    the caller has them already). Unmeasured components earn nothing and are listed; the score is
    shown out of the points that could be measured."""
    totals = totals if totals is not None else province_totals(period, scope)
    components = list(ScoreComponent.objects.filter(scheme=scheme))
    if any(c.metric in quality.RATE_KEYS for c in components):
        measured = measured or quality.measure(period, scope)
        totals = {**totals, **measured.rates()}
    scored = []
    for component in components:
        rate = totals.get(component.metric) if component.metric else None
        if not component.metric or component.metric not in SCORABLE:
            scored.append(ScoredComponent(component, None, None, _("Chưa đo")))
        elif rate is None:
            scored.append(ScoredComponent(component, None, None, _("Không có hồ sơ trong kỳ")))
        else:
            share = min(Decimal(str(rate)), component.full_at) / component.full_at
            earned = (component.points * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
            scored.append(ScoredComponent(component, rate, earned, _("Đã tính")))
    groups: dict[str, dict] = {}
    for item in scored:
        group = groups.setdefault(
            item.component.group,
            {
                "label": item.component.get_group_display(),
                "points": Decimal(0),
                "earned": Decimal(0),
                "measurable": Decimal(0),
                "items": [],
            },
        )
        group["points"] += item.component.points
        group["items"].append(item)
        if item.earned is not None:
            group["earned"] += item.earned
            group["measurable"] += item.component.points
    return {
        "groups": list(groups.values()),
        "points": sum((g["points"] for g in groups.values()), Decimal(0)),
        "earned": sum((g["earned"] for g in groups.values()), Decimal(0)),
        "measurable": sum((g["measurable"] for g in groups.values()), Decimal(0)),
    }
