"""Read the exports of the National Public Service Portal's procedure catalog.

Two shapes exist: the XLSX lists (a title row, then ``Mã số, Tên, Cơ quan ban hành, Cơ quan thực
hiện, Lĩnh vực``) and the JSONL detail records scraped from each procedure's page, whose tables
arrive flattened into glued text ("Trực tuyến5 Ngày làm việc25,000 Việt Nam Đồng(…)").

This module turns them into plain dataclasses and says what it could not parse. It is pure
Python: it never touches the database and never guesses silently. Whatever it derives, the raw
text travels along so nothing the source said is lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

CODE_PATTERN = re.compile(r"^[0-9]\.[0-9]{6}(?:\.[0-9A-Z]+)*$")

NO_INFORMATION = "Không có thông tin"
CHANNELS_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENTS_TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"

# The channel names as the national portal prints them, and ours.
CHANNEL_NAMES = {"Trực tuyến": "online", "Dịch vụ bưu chính": "post", "Trực tiếp": "counter"}
# A channel name starts a row only when a time (a number) or "no information" follows it; the
# same words inside a description are lower case or followed by other text.
_CHANNEL_ROW = re.compile(
    r"(Trực tuyến|Dịch vụ bưu chính|Trực tiếp)(?=\s*(?:\d|" + NO_INFORMATION + "))"
)
_TIME = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tháng)?", re.IGNORECASE
)
_TIME_UNITS = {
    "ngày làm việc": "working_day",
    "giờ làm việc": "working_hour",
    "ngày": "day",
    "giờ": "hour",
    "tháng": "month",
}
_FEE_AMOUNT = re.compile(r"^\s*(\d[\d.,]*)\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng)")
_FEE_CURRENCY_ONLY = re.compile(r"^\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng)")

LEVELS = {
    "cấp bộ": "ministry",
    "cấp tỉnh": "province",
    "cấp huyện": "district",
    "cấp xã": "commune",
    "cơ quan khác": "other",
}

_DOCUMENT_SECTION = re.compile(r"\*\s*Giấy tờ phải (nộp|xuất trình)\s*:?")
_DOCUMENT_ITEM = re.compile(r"(.*?)(\d+)\s*bản\s*(chính|sao)", re.DOTALL)
_TEMPLATE_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|rtf)\s*$", re.IGNORECASE)
_CONDITIONAL_START = re.compile(r"^(?:trường hợp|nếu|đối với trường hợp|riêng)", re.IGNORECASE)
# A condition inside the name: "Văn bản ủy quyền … trong trường hợp ủy quyền", "… (nếu có)".
# A name that only names a substitute ("Giấy chứng sinh; trường hợp không có … thì nộp …") stays
# mandatory: the document or its substitute must be there.
_CONDITIONAL_INSIDE = re.compile(r"\btrong trường hợp\b|\(nếu có\)|\bnếu có\b", re.IGNORECASE)
_EFORM_HINT = re.compile(r"biểu mẫu điện tử|mẫu điện tử|tờ khai điện tử|tương tác", re.IGNORECASE)
# "sau 15 giờ" / "sau 15h": Decree 61/2018 Art 18's cut-off, written into the procedure's steps.
_CUTOFF = re.compile(r"sau\s*15\s*(?:giờ|h\b)", re.IGNORECASE)
# A legal document's number glued to the next title ("…Luật Hộ tịch123/2015/NĐ-CPThông tư…").
_LEGAL_CODE_GLUED = re.compile(
    r"(\d+(?:\.\d+)?/\d{4}/[A-ZĐ][A-ZĐ0-9\-]*?)(?=[A-ZĐÀ-Ỹ][a-zà-ỹ]|\s*$)"
)
_RESULT_TAIL = re.compile(r"Mã:\s*KQ|Từ khóa|Chọn cơ quan thực hiện")


class NationalCatalogError(ValueError):
    """A file that cannot be imported at all (not the format, a broken line, a bad code)."""


@dataclass
class ChannelRow:
    channel: str
    processing_time: Decimal | None
    time_unit: str
    time_unit_stated: bool
    fee_vnd: int | None
    fee_text: str
    description: str


@dataclass
class DocumentRow:
    group: str
    name: str
    form: str
    copies: int
    requirement: str
    template_name: str
    filled_by_eform: bool


@dataclass
class ProcedureRecord:
    """One procedure as the national catalog describes it."""

    code: str
    name: str
    field_name: str = ""
    issuing_body: str = ""
    implementing_bodies: str = ""
    levels: list[str] = field(default_factory=list)
    procedure_type: str = ""
    source_url: str = ""
    has_details: bool = False
    decision_number: str = ""
    target_group: str = ""
    steps: str = ""
    legal_basis: str = ""
    conditions: str = ""
    result: str = ""
    raw_channels_text: str = ""
    raw_documents_text: str = ""
    channels: list[ChannelRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    cutoff_applies: bool = False
    problems: list[str] = field(default_factory=list)
    content_hash: str = ""

    @property
    def service_level(self) -> int:
        # Decree 224/2026 makes end-to-end online the default: a procedure the national catalog
        # offers online is imported as level 4 / end-to-end; an agency corrects it in the admin
        # (with the published reason) where only part of it can be done online.
        if any(c.channel == "online" for c in self.channels):
            return 4
        return 2 if any(d.template_name for d in self.documents) else 1

    @property
    def online_mode(self) -> str:
        return "end_to_end" if self.service_level == 4 else "none"


def clean(text: str | None) -> str:
    """Collapse the portal's non-breaking spaces and runs of blanks; "no information" -> ''."""
    if not text:
        return ""
    text = text.replace("\xa0", " ")
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    return "" if text.strip().rstrip(".") == NO_INFORMATION else text.strip()


def parse_levels(text: str) -> list[str]:
    levels = []
    for part in (text or "").split(","):
        level = LEVELS.get(" ".join(part.split()).lower())
        if level and level not in levels:
            levels.append(level)
    return levels


def _balanced_parenthesis(text: str) -> tuple[str, str]:
    """Split '(a (b) c)rest' into ('a (b) c', 'rest'); text not starting with '(' -> ('', text)."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[1:index].strip(), text[index + 1 :]
    return text[1:].strip(), ""  # unbalanced: everything is the note


def parse_channels(text: str) -> tuple[list[ChannelRow], list[str]]:
    """Parse the flattened "cách thức thực hiện" table; returns rows and problems."""
    body = (text or "").strip()
    if body.startswith(CHANNELS_HEADER):
        body = body[len(CHANNELS_HEADER) :]
    if not body.strip():
        return [], ["không có cách thức thực hiện"]
    matches = list(_CHANNEL_ROW.finditer(body))
    if not matches:
        return [], ["không nhận ra hình thức nộp trong cách thức thực hiện"]
    rows, problems = [], []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        channel = CHANNEL_NAMES[match.group(1)]
        rest = body[match.end() : end]
        time_match = _TIME.match(rest)
        processing_time, unit, stated = None, "working_day", True
        if time_match:
            processing_time = Decimal(time_match.group(1).replace(",", "."))
            if time_match.group(2):
                unit = _TIME_UNITS[time_match.group(2).lower()]
            else:
                # The portal printed only a number. Statutory times are working days unless the
                # law says otherwise, so that is the reading, flagged for review.
                stated = False
            rest = rest[time_match.end() :]
        elif rest.lstrip().startswith(NO_INFORMATION):
            rest = rest.lstrip()[len(NO_INFORMATION) :]
            problems.append(f"{match.group(1)}: không có thời hạn giải quyết")
        fee_vnd = None
        stripped = rest.lstrip()
        amount = _FEE_AMOUNT.match(stripped)
        if stripped.startswith("Miễn phí"):
            fee_vnd, rest = 0, stripped[len("Miễn phí") :]
        elif amount:
            fee_vnd, rest = int(re.sub(r"\D", "", amount.group(1))), stripped[amount.end() :]
        elif stripped.startswith(NO_INFORMATION):
            rest = stripped[len(NO_INFORMATION) :]
        elif currency := _FEE_CURRENCY_ONLY.match(stripped):
            rest = stripped[currency.end() :]
            problems.append(f"{match.group(1)}: mức phí không ghi số tiền")
        else:
            problems.append(f"{match.group(1)}: không đọc được phí, lệ phí")
        fee_text, rest = _balanced_parenthesis(rest.lstrip())
        rows.append(
            ChannelRow(
                channel=channel,
                processing_time=processing_time,
                time_unit=unit,
                time_unit_stated=stated,
                fee_vnd=fee_vnd,
                fee_text=clean(fee_text),
                description=clean(rest),
            )
        )
    return rows, problems


def _document_row(group: str, text: str, copies: int, form: str) -> DocumentRow | None:
    name = text.strip().lstrip("-+•* ").strip()
    if not name:
        return None
    if copies > 20:
        # A number ending the name glued to the count ("…mẫu số 0561 bản chính"): counts are
        # small, so the last digit is the count and the rest belongs to the name.
        name, copies = name + str(copies)[:-1], int(str(copies)[-1])
    template_name = ""
    if _TEMPLATE_EXTENSION.search(name):
        # The template's file name is glued after the document's name, usually after a closing
        # parenthesis: it starts after the last bracket or line break.
        start = max(name.rfind("("), name.rfind(")"), name.rfind("\n")) + 1
        template_name = name[start:].strip()
        name = name[:start].strip() or re.sub(r"\.\w+$", "", template_name)
    conditional = (
        copies == 0
        or bool(_CONDITIONAL_START.match(name))
        or bool(_CONDITIONAL_INSIDE.search(name))
    )
    return DocumentRow(
        group=group,
        name=name,
        form="copy" if form == "sao" else "original",
        copies=copies,
        requirement="conditional" if conditional else "mandatory",
        template_name=template_name[:300],
        filled_by_eform=bool(_EFORM_HINT.search(name)),
    )


def parse_documents(text: str) -> list[DocumentRow]:
    """Parse the flattened "thành phần hồ sơ" table into documents, in order."""
    body = (text or "").replace("\xa0", " ")
    sections: list[tuple[str, str]] = []
    markers = list(_DOCUMENT_SECTION.finditer(body))
    if not markers:
        sections.append(("submit", body))
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(body)
        group = "submit" if marker.group(1) == "nộp" else "present"
        sections.append((group, body[marker.end() : end]))
    documents = []
    for group, section in sections:
        section = section.replace(DOCUMENTS_TABLE_HEADER, "\n")
        for item in _DOCUMENT_ITEM.finditer(section):
            row = _document_row(group, item.group(1), int(item.group(2)), item.group(3))
            if row:
                documents.append(row)
    return documents


def format_legal_basis(text: str) -> str:
    """One legal document per line: the portal glues each number to the next title."""
    body = clean(text)
    if body.startswith("Tên văn bản pháp lýMã văn bản"):
        body = body[len("Tên văn bản pháp lýMã văn bản") :]
    body = _LEGAL_CODE_GLUED.sub(r"\1\n", body)
    return "\n".join(line.strip() for line in body.splitlines() if line.strip())


def format_result(text: str) -> str:
    body = clean(text)
    match = _RESULT_TAIL.search(body)
    return (body[: match.start()] if match else body).strip()


def _content_hash(record: dict) -> str:
    # What the law says about the procedure, as published. A change here means a new version;
    # a change of name or field alone does not.
    keys = (
        "so_quyet_dinh",
        "doi_tuong_thuc_hien",
        "trinh_tu_thuc_hien",
        "cach_thuc_thuc_hien",
        "thanh_phan_ho_so",
        "can_cu_phap_ly",
        "yeu_cau_dieu_kien",
        "ket_qua_xu_ly",
    )
    canonical = json.dumps([clean(record.get(k)) for k in keys], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_from_detail(data: dict) -> ProcedureRecord:
    """A JSONL detail record -> ``ProcedureRecord`` (raises KeyError/ValueError when unusable)."""
    code = clean(data["ma_thu_tuc"])
    name = clean(data["ten_thu_tuc"])
    if not CODE_PATTERN.match(code):
        raise ValueError(f"mã thủ tục không hợp lệ: {code!r}")
    if not name:
        raise ValueError(f"thủ tục {code} không có tên")
    channels, problems = parse_channels(data.get("cach_thuc_thuc_hien", ""))
    steps = clean(data.get("trinh_tu_thuc_hien"))
    implementing = clean(data.get("co_quan_thuc_hien")) or clean(data.get("co_quan_co_tham_quyen"))
    return ProcedureRecord(
        code=code,
        name=name,
        field_name=clean(data.get("linh_vuc")),
        implementing_bodies=implementing,
        levels=parse_levels(data.get("cap_thuc_hien", "")),
        procedure_type=clean(data.get("loai_thu_tuc")),
        source_url=clean(data.get("detail_url"))[:500],
        has_details=True,
        decision_number=clean(data.get("so_quyet_dinh"))[:255],
        target_group=clean(data.get("doi_tuong_thuc_hien")),
        steps=steps,
        legal_basis=format_legal_basis(data.get("can_cu_phap_ly", "")),
        conditions=clean(data.get("yeu_cau_dieu_kien")),
        result=format_result(data.get("ket_qua_xu_ly", "")),
        raw_channels_text=data.get("cach_thuc_thuc_hien") or "",
        raw_documents_text=data.get("thanh_phan_ho_so") or "",
        channels=channels,
        documents=parse_documents(data.get("thanh_phan_ho_so", "")),
        cutoff_applies=bool(_CUTOFF.search(steps)),
        problems=problems,
        content_hash=_content_hash(data),
    )


def read_jsonl(path: Path) -> list[ProcedureRecord]:
    records, seen = [], set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("không phải một đối tượng JSON")
                record = record_from_detail(data)
            except json.JSONDecodeError as exc:
                raise NationalCatalogError(
                    f"{path.name}, dòng {number}: JSON hỏng ({exc.msg})"
                ) from None
            except KeyError as exc:
                raise NationalCatalogError(
                    f"{path.name}, dòng {number}: thiếu trường {exc.args[0]}"
                ) from None
            except ValueError as exc:
                raise NationalCatalogError(f"{path.name}, dòng {number}: {exc}") from None
            if record.code in seen:
                raise NationalCatalogError(
                    f"{path.name}, dòng {number}: mã {record.code} xuất hiện hai lần"
                )
            seen.add(record.code)
            records.append(record)
    return records


XLSX_COLUMNS = ("Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực")


def read_xlsx(path: Path) -> list[ProcedureRecord]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise NationalCatalogError(f"{path.name}: không đọc được tệp Excel ({exc})") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header_found = False
        records, seen = [], set()
        for number, row in enumerate(rows, start=1):
            cells = tuple("" if value is None else str(value) for value in row[:5])
            if not header_found:
                header_found = tuple(" ".join(c.split()) for c in cells) == XLSX_COLUMNS
                if number > 10 and not header_found:
                    break
                continue
            if not any(c.strip() for c in cells):
                continue
            code, name, issuing, implementing, field_name = (clean(c) for c in cells)
            if not CODE_PATTERN.match(code):
                raise NationalCatalogError(f"{path.name}, dòng {number}: mã không hợp lệ {code!r}")
            if not name:
                raise NationalCatalogError(f"{path.name}, dòng {number}: thủ tục {code} thiếu tên")
            if code in seen:
                raise NationalCatalogError(
                    f"{path.name}, dòng {number}: mã {code} xuất hiện hai lần"
                )
            seen.add(code)
            records.append(
                ProcedureRecord(
                    code=code,
                    name=name,
                    field_name=field_name,
                    issuing_body=issuing,
                    implementing_bodies=implementing.replace("\n", "; "),
                )
            )
        if not header_found:
            raise NationalCatalogError(
                f"{path.name}: không thấy dòng tiêu đề {', '.join(XLSX_COLUMNS)}"
            )
        return records
    finally:
        workbook.close()


def read_file(path: Path) -> list[ProcedureRecord]:
    """Read one export; raises ``NationalCatalogError`` for anything that cannot be imported."""
    if not path.is_file():
        raise NationalCatalogError(f"{path}: không có tệp này")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    raise NationalCatalogError(
        f"{path.name}: chỉ nhận tệp .jsonl (chi tiết) hoặc .xlsx (danh sách)"
    )
