"""Labels and numbers as the back-office pages write them, in Vietnamese."""

from django import template
from django.utils.translation import gettext as _

from motcua.accounts.roles import StaffRole
from motcua.worktime import Timeliness

register = template.Library()

SLIP_LABELS = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement_request": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "apology": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "stop_notice": "Thông báo dừng xử lý hồ sơ",
}


@register.filter
def slip_label(kind: str) -> str:
    label = SLIP_LABELS.get(kind)
    return _(label) if label else kind


@register.filter
def role_label(role: str) -> str:
    try:
        return str(StaffRole(role).label)
    except ValueError:
        return {"applicant": _("Người nộp hồ sơ"), "system": _("Hệ thống")}.get(role, role)


@register.filter
def timeliness_label(value) -> str:
    if not value:
        return ""
    return {
        Timeliness.EARLY: _("Trước hạn"),
        Timeliness.ON_TIME: _("Đúng hạn"),
        Timeliness.LATE: _("Quá hạn"),
    }.get(Timeliness(str(value)), str(value))


@register.filter
def working_days(value) -> str:
    """2.5 -> "2,5"; whole numbers without decimals; always the magnitude."""
    if value is None:
        return ""
    number = round(abs(float(value)), 1)
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
