"""Vietnamese personal and business identifiers: the 12-digit citizen ID (CCCD, số định danh cá
nhân) and the enterprise tax code (mã số thuế, MST).

Pure rules with their legal source; each check raises ``ValidationError`` with a Vietnamese
message saying which rule failed. Nothing here looks a number up anywhere: a number that passes
is well-formed, not proven to exist (that is the national population database's job).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Circular 07/2016/TT-BCA (amended by 59/2021/TT-BCA), Annex I: the first three digits are the
# code of the province where the citizen registered their birth. The 63 provinces of the time
# keep their codes after the 2025 mergers (numbers already issued do not change).
_PROVINCE_CODES = """
001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036
037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075
077 079 080 082 083 084 086 087 089 091 092 093 094 095 096
"""
CITIZEN_ID_PROVINCE_CODES = frozenset(_PROVINCE_CODES.split())

_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_citizen_id(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def validate_citizen_id(value: str, *, today: dt.date | None = None) -> str:
    """Check a 12-digit CCCD number and return it without separators.

    Decree 137/2015/NĐ-CP Art 7 and Circular 07/2016/TT-BCA: 3 digits of province, 1 digit of
    century and sex (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th),
    2 digits of the year of birth, 6 random digits. A birth year in the future is impossible.
    """
    number = normalize_citizen_id(value)
    if not number.isdigit() or len(number) != 12:
        raise ValidationError(
            _("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."), code="citizen_id_length"
        )
    if number[:3] not in CITIZEN_ID_PROVINCE_CODES:
        raise ValidationError(
            _(
                "Ba chữ số đầu của số CCCD (%(code)s) không phải mã tỉnh, thành phố "
                "nơi đăng ký khai sinh."
            ),
            code="citizen_id_province",
            params={"code": number[:3]},
        )
    century = 1900 + int(number[3]) // 2 * 100
    year_of_birth = century + int(number[4:6])
    if year_of_birth > (today or dt.date.today()).year:
        raise ValidationError(
            _("Chữ số thứ 4 và năm sinh trong số CCCD cho năm sinh %(year)s, chưa thể có."),
            code="citizen_id_birth_year",
            params={"year": year_of_birth},
        )
    return number


# Tax Administration Law 38/2019/QH14 and Circular 105/2020/TT-BTC Art 5: an enterprise's tax
# code has 10 digits (2 of province, 7 of sequence, 1 check digit); a dependent unit (branch,
# representative office) has 13: its enterprise's 10 digits and 3 digits 001-999, written with
# a hyphen (0100233488-001).
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit for these 9 digits; None when no digit fits (such codes are not issued)."""
    remainder = sum(w * int(d) for w, d in zip(TAX_CODE_WEIGHTS, first_nine, strict=True)) % 11
    digit = 10 - remainder
    return None if digit == 10 else digit  # remainder 0 has no single-digit check


def normalize_tax_code(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def format_tax_code(number: str) -> str:
    return number if len(number) == 10 else f"{number[:10]}-{number[10:]}"


def validate_tax_code(value: str) -> str:
    """Check a 10- or 13-digit tax code and return it in its written form (with the hyphen)."""
    number = normalize_tax_code(value)
    if not number.isdigit() or len(number) not in (10, 13):
        raise ValidationError(
            _(
                "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số đối với đơn vị phụ thuộc "
                "(ví dụ 0100233488-001)."
            ),
            code="tax_code_length",
        )
    if number[2:9] == "0000000":
        raise ValidationError(
            _("Mã số thuế không hợp lệ: phần số thứ tự không thể bằng 0000000."),
            code="tax_code_sequence",
        )
    if tax_code_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _(
                "Mã số thuế không đúng: chữ số kiểm tra (chữ số thứ 10) không khớp. "
                "Vui lòng kiểm tra lại."
            ),
            code="tax_code_check_digit",
        )
    if len(number) == 13 and number[10:] == "000":
        raise ValidationError(
            _("Ba chữ số cuối của mã số thuế đơn vị phụ thuộc phải từ 001 đến 999."),
            code="tax_code_branch",
        )
    return format_tax_code(number)
