"""SMS text: folding Vietnamese to plain letters, the GSM-7 check and the segment count.

An SMS is sent in the GSM-7 alphabet (160 characters, or 153 per part when split) or, as soon
as one character falls outside it, in UCS-2 (70, or 67 per part). Vietnamese with its marks is
always UCS-2, so a message of 100 characters costs two parts with diacritics and one without.
Operators' brandname price lists charge per part; that is why templates may ask for the text
without diacritics.

``fold_for_sms`` keeps case and punctuation (unlike ``motcua.core.text.fold``, which is for
search): "Hồ sơ ĐÃ được tiếp nhận." becomes "Ho so DA duoc tiep nhan.".

This module is pure Python: it must never import Django or touch the database.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

# The GSM 03.38 basic character set and its extension table (an extension character costs two).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

# Letters NFD does not decompose, and typography that word processors put into templates.
_FOLD_MAP = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
    }
)

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def fold_for_sms(text: str) -> str:
    """Strip Vietnamese marks, keep case, spacing and punctuation."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_MAP))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def non_gsm7_characters(text: str) -> list[str]:
    """The characters that force UCS-2, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION:
            seen.setdefault(ch)
    return list(seen)


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int  # the limit that applies: 160/153 or 70/67
    offending: tuple[str, ...]  # characters that forced UCS-2

    @property
    def is_gsm7(self) -> bool:
        return self.encoding == "GSM-7"


def measure(text: str) -> SmsLength:
    """How long ``text`` is as an SMS and how many parts it takes."""
    offending = non_gsm7_characters(text)
    if not offending:
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, part, encoding = GSM7_SINGLE, GSM7_PART, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = UCS2_SINGLE, UCS2_PART, "UCS-2"
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = math.ceil(units / part)
    return SmsLength(
        encoding=encoding,
        units=units,
        segments=segments,
        per_segment=single if segments <= 1 else part,
        offending=tuple(offending),
    )
