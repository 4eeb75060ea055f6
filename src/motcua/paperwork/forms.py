"""The two form sets: which number, heading, template and paper each slip has in each.

Circular 01/2018/TT-VPCP has six forms; Circular 03/2025/TT-VPCP has seven: it adds the notice of
stopping processing as form 05, so the control slip becomes 06 and the tracking book 07, and it
renames form 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết". A deployment picks one
set (``MOTCUA_FORM_SET``); this module only describes the sets and must never render anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FormSet(StrEnum):
    CIRCULAR_01_2018 = "2018"
    CIRCULAR_03_2025 = "2025"

    @property
    def circular(self) -> str:
        return {"2018": "Thông tư số 01/2018/TT-VPCP", "2025": "Thông tư số 03/2025/TT-VPCP"}[
            self.value
        ]

    @property
    def desk(self) -> str:
        """How the body text names the receiving desk when the slip does not name it.

        Decree 61/2018 said "Bộ phận tiếp nhận và trả kết quả"; Decree 118/2025 says "Bộ phận
        Một cửa".
        """
        return {"2018": "Bộ phận tiếp nhận và trả kết quả", "2025": "Bộ phận Một cửa"}[self.value]


class Paper(StrEnum):
    A5 = "A5"
    A4_LANDSCAPE = "A4 landscape"


@dataclass(frozen=True)
class FormSpec:
    kind: str
    number: str
    title: str
    paper: Paper

    def template(self, form_set: FormSet) -> str:
        return f"paperwork/{form_set.value}/{self.kind}.html"


class FormNotInSet(LookupError):
    """The slip has no form in the chosen set (the stop notice does not exist in 2018)."""


_RECEIPT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
_SUPPLEMENT = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
_REFUSAL = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
_CONTROL = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
_BOOK = "SỔ THEO DÕI HỒ SƠ"

FORMS: dict[FormSet, dict[str, FormSpec]] = {
    FormSet.CIRCULAR_01_2018: {
        spec.kind: spec
        for spec in (
            FormSpec("receipt", "01", _RECEIPT, Paper.A5),
            FormSpec("supplement_request", "02", _SUPPLEMENT, Paper.A5),
            FormSpec("refusal", "03", _REFUSAL, Paper.A5),
            FormSpec("apology", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", Paper.A5),
            FormSpec("control", "05", _CONTROL, Paper.A5),
            FormSpec("tracking_book", "06", _BOOK, Paper.A4_LANDSCAPE),
        )
    },
    FormSet.CIRCULAR_03_2025: {
        spec.kind: spec
        for spec in (
            FormSpec("receipt", "01", _RECEIPT, Paper.A5),
            FormSpec("supplement_request", "02", _SUPPLEMENT, Paper.A5),
            FormSpec("refusal", "03", _REFUSAL, Paper.A5),
            FormSpec(
                "apology",
                "04",
                "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                Paper.A5,
            ),
            FormSpec("stop_processing", "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", Paper.A5),
            FormSpec("control", "06", _CONTROL, Paper.A5),
            FormSpec("tracking_book", "07", _BOOK, Paper.A4_LANDSCAPE),
        )
    },
}


def form_spec(kind: str, form_set: str | FormSet) -> FormSpec:
    try:
        chosen = FormSet(form_set)
    except ValueError:
        raise FormNotInSet(f"unknown form set {form_set!r}: choose 2018 or 2025") from None
    try:
        return FORMS[chosen][kind]
    except KeyError:
        raise FormNotInSet(f"{chosen.circular} has no form for {kind!r}") from None
