"""Realistic sample slips for the demo province (Quảng Ninh), one per form.

Used by ``motcua render-slip FORM --sample`` so a person can look at every form, and by the tests.
The agencies are the demo loader's (same names and identifiers); applicants, addresses and phone
numbers are invented. Nothing here touches the database, and nothing here may be used to fill a
real slip.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from motcua.demo.loader import DEMO_AGENCIES, JUSTICE, SERVICE_CENTRE
from motcua.paperwork.formatting import VIETNAM
from motcua.paperwork.slips import (
    AgencyHeader,
    ApologySlip,
    Applicant,
    ControlSlip,
    DocumentForm,
    Handoff,
    ReceiptSlip,
    RefusalSlip,
    ResultDelivery,
    StopProcessingNotice,
    SubmittedDocument,
    SupplementRequestSlip,
    TrackingBook,
    TrackingEntry,
)
from motcua.worktime import Timeliness

LOOKUP_BASE = "https://dichvucong.quangninh.gov.vn/tra-cuu-ho-so/"
_AGENCIES = {agency.identifier: agency for agency in DEMO_AGENCIES}


def demo_header(identifier: str = SERVICE_CENTRE) -> AgencyHeader:
    agency = _AGENCIES[identifier]
    parent = _AGENCIES.get(agency.parent) if agency.parent else None
    return AgencyHeader(
        name=agency.name,
        parent_name=parent.name if parent else "",
        place="Quảng Ninh",
        identifier=agency.identifier,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


RECEIVED = at(date(2026, 1, 12), 8, 15)
DUE = at(date(2026, 1, 19), 16, 0)
CODE = "000.00.01.H49-260112-0042"
APPLICANT = Applicant(
    name="Nguyễn Thị Hương",
    address="Số 18, tổ 3, khu 5, phường Hồng Gai, tỉnh Quảng Ninh",
    phone="0912 345 678",
    email="huong.nguyen@example.vn",
)
MATTER = (
    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
)


def lookup_url(code: str) -> str:
    return LOOKUP_BASE + code


def receipt() -> ReceiptSlip:
    return ReceiptSlip(
        agency=demo_header(),
        dossier_code=CODE,
        lookup_url=lookup_url(CODE),
        applicant=APPLICANT,
        matter=MATTER,
        documents=(
            SubmittedDocument("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)"),
            SubmittedDocument("Thẻ Căn cước", DocumentForm.COPY),
            SubmittedDocument("Giấy xác nhận thông tin về cư trú", DocumentForm.CERTIFIED_COPY),
        ),
        sets=1,
        statutory_time="10 ngày làm việc",
        received_at=RECEIVED,
        due_at=DUE,
        delivery=ResultDelivery.AT_DESK,
        collect_at="Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh, phường Hồng Gai",
        book_number="01",
        entry_number=42,
        fee=200_000,
        receiver_name="Phạm Quốc Đạt",
    )


def supplement_request() -> SupplementRequestSlip:
    return SupplementRequestSlip(
        agency=demo_header(),
        dossier_code=CODE,
        lookup_url=lookup_url(CODE),
        applicant=APPLICANT,
        matter=MATTER,
        requirements=(
            "Bổ sung bản sao Giấy khai sinh (bản sao có chứng thực hoặc xuất trình bản chính để "
            "đối chiếu).",
            "Ghi đầy đủ mục 6 “Quá trình cư trú” của Tờ khai từ đủ 14 tuổi đến nay.",
        ),
        reason="Tờ khai chưa ghi đủ quá trình cư trú; hồ sơ thiếu giấy tờ chứng minh nhân thân "
        "theo khoản 1 Điều 45 Luật Lý lịch tư pháp.",
        guide_name="Phạm Quốc Đạt",
        contact_name="Phạm Quốc Đạt, Trung tâm Phục vụ hành chính công tỉnh",
        contact_phone="0203 3638 555",
        issued_on=RECEIVED.date(),
        received_at=RECEIVED,
    )


def refusal() -> RefusalSlip:
    return RefusalSlip(
        agency=demo_header(),
        dossier_code="000.00.01.H49-260112-0043",
        lookup_url=lookup_url("000.00.01.H49-260112-0043"),
        applicant=Applicant(
            name="Trần Văn Đức",
            address="Thôn Đồng Châu, xã Tiên Yên, tỉnh Quảng Ninh",
            phone="0988 765 432",
        ),
        matter="Đăng ký kết hôn có yếu tố nước ngoài",
        reasons=(
            "Theo Luật Hộ tịch 2014 và Nghị định số 120/2025/NĐ-CP, việc đăng ký kết hôn có yếu tố "
            "nước ngoài thuộc thẩm quyền của Ủy ban nhân dân cấp xã nơi cư trú của công dân Việt "
            "Nam.",
            "Đề nghị ông nộp hồ sơ tại Ủy ban nhân dân xã Tiên Yên.",
        ),
        receiver_name="Phạm Quốc Đạt",
        issued_on=RECEIVED.date(),
        submitted_at=at(date(2026, 1, 12), 9, 40),
    )


def apology() -> ApologySlip:
    return ApologySlip(
        agency=demo_header(JUSTICE),
        number=5,
        dossier_code=CODE,
        lookup_url=lookup_url(CODE),
        applicant=APPLICANT,
        matter=MATTER,
        received_at=RECEIVED,
        original_due_at=DUE,
        reason="Cần xác minh thông tin về án tích của người yêu cầu tại Công an tỉnh Quảng Ninh "
        "và Tòa án nhân dân khu vực 1 - Quảng Ninh; văn bản trả lời xác minh chưa được gửi đến.",
        new_due_at=at(date(2026, 1, 26), 16, 0),
        signer_name="Lê Minh Tuấn",
        signer_title="GIÁM ĐỐC",
        issued_on=date(2026, 1, 16),
    )


def stop_processing() -> StopProcessingNotice:
    return StopProcessingNotice(
        agency=demo_header(JUSTICE),
        number=3,
        dossier_code=CODE,
        lookup_url=lookup_url(CODE),
        applicant=APPLICANT,
        matter=MATTER,
        received_at=RECEIVED,
        requested_on=date(2026, 1, 14),
        reason="Người yêu cầu có văn bản đề nghị dừng giải quyết hồ sơ để bổ sung quá trình cư "
        "trú ở nước ngoài.",
        signer_name="Lê Minh Tuấn",
        signer_title="GIÁM ĐỐC",
        issued_on=date(2026, 1, 15),
    )


def control() -> ControlSlip:
    day = RECEIVED.date()
    return ControlSlip(
        agency=demo_header(),
        dossier_code=CODE,
        lookup_url=lookup_url(CODE),
        applicant=APPLICANT,
        matter=MATTER,
        received_at=RECEIVED,
        due_at=DUE,
        handoffs=(
            Handoff(
                "Trung tâm Phục vụ hành chính công tỉnh",
                "Phòng Hành chính tư pháp - Sở Tư pháp",
                at(day, 14, 30),
                "Phạm Quốc Đạt",
                "Vũ Thị Lan",
                Timeliness.ON_TIME,
            ),
            Handoff(
                "Phòng Hành chính tư pháp - Sở Tư pháp",
                "Lãnh đạo Sở Tư pháp",
                at(day + timedelta(days=4), 10, 5),
                "Vũ Thị Lan",
                "Lê Minh Tuấn",
                Timeliness.EARLY,
            ),
            Handoff(
                "Lãnh đạo Sở Tư pháp",
                "Trung tâm Phục vụ hành chính công tỉnh",
                at(day + timedelta(days=6), 15, 20),
                "Lê Minh Tuấn",
                "Phạm Quốc Đạt",
                Timeliness.ON_TIME,
                "Đã ký số",
            ),
        ),
    )


_FIRST_NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Đức Em")
_PROCEDURES = (
    ("Cấp Phiếu lý lịch tư pháp", "Sở Tư pháp tỉnh Quảng Ninh"),
    ("Chứng thực bản sao từ bản chính", "UBND phường Hạ Long"),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Sở Xây dựng tỉnh Quảng Ninh"),
    ("Đăng ký khai sinh", "UBND xã Tiên Yên"),
)


def add_weekdays(day: date, days: int) -> date:
    """``day`` moved ``days`` Monday-Friday days ahead (sample data only: no holidays)."""
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def tracking_book(entries: int = 24, first_number: int = 1) -> TrackingBook:
    """A book of ``entries`` dossiers received from 05/01/2026, some returned, some still open."""
    rows = []
    for index in range(entries):
        number = first_number + index
        day = add_weekdays(date(2026, 1, 5), index // 4)
        hour, minute = 8 + index % 8, (index * 7) % 60
        received = at(day, hour if hour != 12 else 13, minute)
        procedure, lead = _PROCEDURES[index % len(_PROCEDURES)]
        done = index % 3 != 2
        rows.append(
            TrackingEntry(
                dossier_code=f"000.00.01.H49-{day:%y%m%d}-{number:04d}",
                procedure=procedure,
                sets=1,
                applicant_name=_FIRST_NAMES[index % len(_FIRST_NAMES)],
                applicant_address=f"Tổ {index % 9 + 1}, phường Hồng Gai",
                applicant_phone=f"0912 000 {number:03d}",
                lead_agency=lead,
                received_at=received,
                due_at=at(add_weekdays(day, 5), 16),
                transferred_at=received + timedelta(hours=1),
                result_received_at=at(add_weekdays(day, 4), 9, 30) if done else None,
                returned_at=at(add_weekdays(day, 4), 14, 10) if done else None,
                note="" if done else "Đang giải quyết",
            )
        )
    return TrackingBook(
        agency=demo_header(),
        year=2026,
        book_number="01",
        entries=tuple(rows),
        first_number=first_number,
        issued_on=date(2026, 1, 31),
    )


SAMPLES = {
    "receipt": receipt,
    "supplement_request": supplement_request,
    "refusal": refusal,
    "apology": apology,
    "stop_processing": stop_processing,
    "control": control,
    "tracking_book": tracking_book,
}
