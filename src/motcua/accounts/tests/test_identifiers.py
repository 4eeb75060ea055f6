"""The citizen ID (CCCD) and tax code rules, as tables with their legal source."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.identifiers import (
    tax_code_check_digit,
    validate_citizen_id,
    validate_tax_code,
)

TODAY = dt.date(2026, 11, 24)

# Decree 137/2015/NĐ-CP Art 7; Circular 07/2016/TT-BCA (province codes of Annex I, the century
# and sex digit): 3 digits province, 1 digit century/sex, 2 digits year of birth, 6 random.
CITIZEN_IDS = [
    ("022090001234", "022090001234", None),  # Quảng Ninh, male born 1990
    ("001 203 012 345", "001203012345", None),  # Hà Nội, male born 2003, typed with spaces
    ("096195004321", "096195004321", None),  # Cà Mau, female born 1995
    ("079326000001", "079326000001", None),  # Hồ Chí Minh City, female born 2026
    ("02209000123", None, "citizen_id_length"),  # 11 digits
    ("0220900012345", None, "citizen_id_length"),  # 13 digits
    ("02209000123A", None, "citizen_id_length"),
    ("", None, "citizen_id_length"),
    ("000090001234", None, "citizen_id_province"),  # 000 is no province
    ("003090001234", None, "citizen_id_province"),  # 003 is not in the table (gaps exist)
    ("097090001234", None, "citizen_id_province"),  # beyond 096
    ("022427001234", None, "citizen_id_birth_year"),  # 22nd century: born 2127
    ("022330001234", None, "citizen_id_birth_year"),  # 21st century, born 2030: not yet
]


@pytest.mark.parametrize(("typed", "stored", "problem"), CITIZEN_IDS)
def test_citizen_id_rules(typed, stored, problem):
    if problem is None:
        assert validate_citizen_id(typed, today=TODAY) == stored
    else:
        with pytest.raises(ValidationError) as error:
            validate_citizen_id(typed, today=TODAY)
        assert error.value.code == problem


# Circular 105/2020/TT-BTC Art 5: 10 digits (check digit N10 = 10 - Σ(Ni·Wi) mod 11 with weights
# 31 29 23 19 17 13 7 5 3), or 13 digits for a dependent unit (001-999 after the enterprise's 10).
TAX_CODES = [
    ("0100233488", "0100233488", None),
    ("0100112437", "0100112437", None),
    ("01.00.112.437", "0100112437", None),
    ("0314409058-002", "0314409058-002", None),
    ("0312 68 78 78 - 001", "0312687878-001", None),
    ("0312687878001", "0312687878-001", None),
    ("0100233480", None, "tax_code_check_digit"),
    ("0314409059-002", None, "tax_code_check_digit"),
    ("0100233488-000", None, "tax_code_branch"),
    ("0100000000", None, "tax_code_sequence"),
    ("010023348", None, "tax_code_length"),
    ("01002334881", None, "tax_code_length"),  # 11 digits: neither form
    ("01002334AB", None, "tax_code_length"),
]


@pytest.mark.parametrize(("typed", "stored", "problem"), TAX_CODES)
def test_tax_code_rules(typed, stored, problem):
    if problem is None:
        assert validate_tax_code(typed) == stored
    else:
        with pytest.raises(ValidationError) as error:
            validate_tax_code(typed)
        assert error.value.code == problem


def test_nine_digits_whose_weighted_sum_is_a_multiple_of_eleven_have_no_valid_check_digit():
    # 31·1 + 29·0 + … : find nine digits with remainder 0 and check no tenth digit makes them valid
    first_nine = next(
        f"{n:09d}"
        for n in range(10_000_000, 10_100_000)
        if sum(
            w * int(d) for w, d in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), f"{n:09d}", strict=True)
        )
        % 11
        == 0
    )
    assert tax_code_check_digit(first_nine) is None
    for digit in range(10):
        with pytest.raises(ValidationError):
            validate_tax_code(first_nine + str(digit))
