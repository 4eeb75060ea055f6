"""Number series printed on the slips: tracking-book rows, apology (…/PXL) and stop-notice numbers.

Pure functions over the data given. Every series belongs to one agency and one year and starts
again from 1 on 1 January (Decree 30/2020/NĐ-CP Art 15 for document numbers; the tracking book is
opened per year). The counter that survives between requests is ``services.next_number``; this
module must never touch the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import TypeVar

from motcua.paperwork.formatting import two_digits

T = TypeVar("T")


class SeriesKind(StrEnum):
    """The numbered things a receiving agency issues, one series of each per year."""

    TRACKING_BOOK = "tracking_book"  # số thứ tự trong Sổ theo dõi hồ sơ
    APOLOGY = "apology"  # Phiếu xin lỗi …, numbered …/PXL
    STOP_NOTICE = "stop_notice"  # Thông báo dừng giải quyết hồ sơ (03/2025)


# The symbol after the slash of a document number; the tracking book prints bare row numbers.
# PXL is form 04's own; TB is Decree 30/2020's abbreviation for a notice (Thông báo).
SYMBOLS = {SeriesKind.APOLOGY: "PXL", SeriesKind.STOP_NOTICE: "TB"}


def following_number(last_number: int | None, last_year: int | None, year: int) -> int:
    """The number after ``last_number`` (issued in ``last_year``) for something issued in ``year``.

    A new year starts again at 1; a year earlier than the last one is refused, because numbers of a
    closed year must not be reissued.
    """
    if last_number is None or last_year is None or year > last_year:
        return 1
    if year < last_year:
        raise ValueError(f"the {year} series is closed: numbers already run in {last_year}")
    return last_number + 1


def document_number(kind: SeriesKind, number: int, suffix: str = "") -> str:
    """``05/PXL`` or, with the issuing desk's abbreviation, ``05/PXL-TTPVHCC``."""
    if number < 1:
        raise ValueError("document numbers start at 1")
    symbol = SYMBOLS.get(kind)
    if symbol is None:
        raise ValueError(f"{kind} has no document symbol")
    return f"{two_digits(number)}/{symbol}" + (f"-{suffix}" if suffix else "")


def numbered_rows(entries: Iterable[T], first_number: int = 1) -> Iterator[tuple[int, T]]:
    """Rows of the tracking book with their running numbers, continuing from ``first_number``.

    A book printed in parts (one month, then the next) keeps counting: the caller passes the
    number of the first entry it prints.
    """
    if first_number < 1:
        raise ValueError("row numbers start at 1")
    return enumerate(entries, start=first_number)
