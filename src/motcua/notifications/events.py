"""The events people are told about, and the context each one's templates may use.

An event is a code (``dossier_received``), a Vietnamese label, who it is for (citizens or staff)
and the variables its templates can use. The dossier engine will call
``notify("dossier_received", recipient=…, context=…, subject_ref=dossier)`` with a context that
has these keys; until dossiers exist, the admin preview uses ``sample_context``.

Context keys shared by every dossier event (the dossier engine provides them from a dossier):

==================  =========================================================================
``recipient_name``  who the message is addressed to ("Nguyễn Văn An")
``dossier_code``    the dossier code (Decree 61/2018 Art 26): ``000.00.12.H49-260105-0001``
``procedure_name``  the procedure's name
``agency_name``     the agency handling the dossier
``lookup_url``      where to follow the dossier on the portal
``portal_name``     the portal's name; ``hotline`` its phone number
==================  =========================================================================

Event-specific keys are listed in each event's ``variables``. Dates are ``datetime``/``date``
objects (templates format them with ``|date:"d/m/Y"``); money is an integer number of đồng.

This module only describes events. It must never send anything or touch the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Audience:
    CITIZEN = "citizen"
    STAFF = "staff"


COMMON_VARIABLES = {
    "recipient_name": _("Họ tên người nhận"),
    "dossier_code": _("Mã hồ sơ"),
    "procedure_name": _("Tên thủ tục"),
    "agency_name": _("Cơ quan giải quyết"),
    "lookup_url": _("Địa chỉ tra cứu hồ sơ"),
    "portal_name": _("Tên cổng"),
    "hotline": _("Đường dây nóng"),
}


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    audience: str
    description: str
    variables: dict[str, str] = field(default_factory=dict)
    sample: dict[str, object] = field(default_factory=dict)

    @property
    def all_variables(self) -> dict[str, str]:
        return {**COMMON_VARIABLES, **self.variables}

    def sample_context(self) -> dict[str, object]:
        """A plausible context for previews: the common keys plus this event's own."""
        return {**_common_sample(), **self.sample}


def _at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def _common_sample() -> dict[str, object]:
    return {
        "recipient_name": "Nguyễn Văn An",
        "dossier_code": "000.00.12.H49-261103-0007",
        "procedure_name": "Đăng ký khai sinh",
        "agency_name": "UBND Phường Hạ Long",
        "lookup_url": "https://dichvucong.quangninh.gov.vn/tra-cuu/000.00.12.H49-261103-0007",
        "portal_name": "Cổng Dịch vụ công tỉnh Quảng Ninh",
        "hotline": "0203 3 656 656",
    }


EVENTS: tuple[Event, ...] = (
    Event(
        "dossier_received",
        _("Hồ sơ đã được tiếp nhận"),
        Audience.CITIZEN,
        _("Hồ sơ được tiếp nhận: mã hồ sơ và ngày hẹn trả kết quả (mẫu 01)."),
        {"received_at": _("Thời điểm tiếp nhận"), "due_at": _("Ngày hẹn trả kết quả")},
        {"received_at": _at(2026, 11, 3, 9, 15), "due_at": _at(2026, 11, 10, 16, 0)},
    ),
    Event(
        "supplement_requested",
        _("Yêu cầu bổ sung hồ sơ"),
        Audience.CITIZEN,
        _("Hồ sơ cần bổ sung, hoàn thiện: một lần, đầy đủ (mẫu 02)."),
        {"reason": _("Lý do"), "missing_documents": _("Giấy tờ cần bổ sung")},
        {
            "reason": "Bản sao giấy chứng sinh chưa được chứng thực.",
            "missing_documents": "Giấy chứng sinh (bản sao có chứng thực)",
        },
    ),
    Event(
        "dossier_refused",
        _("Từ chối tiếp nhận hồ sơ"),
        Audience.CITIZEN,
        _("Hồ sơ không được tiếp nhận, có lý do (mẫu 03)."),
        {"reason": _("Lý do")},
        {"reason": "Thủ tục không thuộc thẩm quyền giải quyết của UBND phường."},
    ),
    Event(
        "result_ready_early",
        _("Có kết quả trước hẹn"),
        Audience.CITIZEN,
        _("Kết quả đã có trước ngày hẹn: mời nhận sớm."),
        {
            "ready_at": _("Ngày có kết quả"),
            "due_at": _("Ngày hẹn ban đầu"),
            "pickup_place": _("Nơi nhận"),
        },
        {
            "ready_at": _at(2026, 11, 7, 10, 0),
            "due_at": _at(2026, 11, 10, 16, 0),
            "pickup_place": "Bộ phận Một cửa UBND Phường Hạ Long",
        },
    ),
    Event(
        "deadline_extended",
        _("Xin lỗi và hẹn lại ngày trả kết quả"),
        Audience.CITIZEN,
        _("Hồ sơ sẽ quá hạn: thư xin lỗi và ngày hẹn mới (mẫu 04)."),
        {"due_at": _("Ngày hẹn cũ"), "new_due_at": _("Ngày hẹn mới"), "reason": _("Lý do")},
        {
            "due_at": _at(2026, 11, 10, 16, 0),
            "new_due_at": _at(2026, 11, 13, 16, 0),
            "reason": "Cần xác minh thông tin với cơ quan khác.",
        },
    ),
    Event(
        "result_returned",
        _("Đã trả kết quả"),
        Audience.CITIZEN,
        _("Kết quả đã được trả cho người nộp (trực tuyến hoặc tại quầy)."),
        {"returned_at": _("Thời điểm trả kết quả")},
        {"returned_at": _at(2026, 11, 10, 14, 30)},
    ),
    Event(
        "result_sent_by_post",
        _("Đã gửi kết quả qua bưu chính"),
        Audience.CITIZEN,
        _("Kết quả đã được giao cho bưu chính để chuyển đến người nộp."),
        {"postal_tracking_code": _("Mã bưu gửi"), "carrier_name": _("Đơn vị bưu chính")},
        {"postal_tracking_code": "EP123456789VN", "carrier_name": "Bưu điện tỉnh Quảng Ninh"},
    ),
    Event(
        "payment_requested",
        _("Yêu cầu nộp phí, lệ phí"),
        Audience.CITIZEN,
        _("Cần nộp phí, lệ phí để tiếp tục giải quyết hồ sơ."),
        {"amount": _("Số tiền (đồng)"), "payment_url": _("Địa chỉ thanh toán")},
        {
            "amount": 50000,
            "payment_url": "https://dichvucong.quangninh.gov.vn/thanh-toan/000.00.12.H49-261103-0007",
        },
    ),
    Event(
        "postal_pickup_scheduled",
        _("Hẹn bưu chính đến nhận hồ sơ"),
        Audience.CITIZEN,
        _("Nhân viên bưu chính sẽ đến nhận hồ sơ tại địa chỉ của người nộp."),
        {
            "pickup_at": _("Thời gian hẹn"),
            "pickup_address": _("Địa chỉ nhận"),
            "carrier_name": _("Đơn vị bưu chính"),
        },
        {
            "pickup_at": _at(2026, 11, 4, 9, 0),
            "pickup_address": "Số 12 đường Trần Hưng Đạo, Phường Hạ Long",
            "carrier_name": "Bưu điện tỉnh Quảng Ninh",
        },
    ),
    Event(
        "password_changed",
        _("Mật khẩu đã được thay đổi"),
        Audience.CITIZEN,
        _("Mật khẩu tài khoản vừa được đổi hoặc đặt lại; các phiên đăng nhập khác bị đăng xuất."),
        {"changed_at": _("Thời điểm thay đổi"), "how": _("Cách thay đổi")},
        {"changed_at": _at(2026, 11, 3, 20, 5), "how": "đặt lại bằng mã xác minh"},
    ),
    Event(
        "contact_changed",
        _("Địa chỉ liên hệ của tài khoản đã thay đổi"),
        Audience.CITIZEN,
        _("Gửi tới địa chỉ cũ khi thư điện tử hoặc số điện thoại của tài khoản được thay."),
        {
            "changed_at": _("Thời điểm thay đổi"),
            "contact_kind": _("Loại địa chỉ"),
            "new_contact": _("Địa chỉ mới (che bớt)"),
        },
        {
            "changed_at": _at(2026, 11, 3, 20, 5),
            "contact_kind": "thư điện tử",
            "new_contact": "an****@example.vn",
        },
    ),
    Event(
        "dossier_assigned",
        _("Được giao xử lý hồ sơ"),
        Audience.STAFF,
        _("Cán bộ được giao xử lý một hồ sơ."),
        {"step_name": _("Bước xử lý"), "step_due_at": _("Hạn của bước")},
        {"step_name": "Thẩm định hồ sơ", "step_due_at": _at(2026, 11, 6, 17, 0)},
    ),
    Event(
        "dossier_near_due",
        _("Hồ sơ sắp đến hạn"),
        Audience.STAFF,
        _("Hồ sơ còn ít thời gian trước hạn giải quyết."),
        {"due_at": _("Hạn giải quyết"), "remaining": _("Thời gian còn lại")},
        {"due_at": _at(2026, 11, 10, 16, 0), "remaining": "1 ngày làm việc"},
    ),
    Event(
        "dossier_overdue",
        _("Hồ sơ quá hạn"),
        Audience.STAFF,
        _("Hồ sơ đã quá hạn giải quyết."),
        {"due_at": _("Hạn giải quyết"), "overdue_by": _("Quá hạn")},
        {"due_at": _at(2026, 11, 10, 16, 0), "overdue_by": "2 ngày làm việc"},
    ),
)

EVENTS_BY_CODE = {event.code: event for event in EVENTS}


def get_event(code: str) -> Event:
    try:
        return EVENTS_BY_CODE[code]
    except KeyError:
        raise ValueError(
            f"unknown notification event {code!r}; known events: {', '.join(EVENTS_BY_CODE)}"
        ) from None


def event_choices() -> list[tuple[str, str]]:
    return [(event.code, event.label) for event in EVENTS]
