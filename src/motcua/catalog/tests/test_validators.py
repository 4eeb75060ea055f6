import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.validators import validate_agency_identifier


# Decision 20/2020/QĐ-TTg Art 4 and QCVN 102:2016: ≤ 35 characters of 0-9, A-Z and '.', the
# level-1 group a letter A-Y followed by two digits (Quảng Ninh: H49, Decision 3739/QĐ-UBND 2016).
@pytest.mark.parametrize(
    "identifier",
    ["H49", "000.00.00.H49", "000.00.12.H19", "000.01.07.H49", "G12", "A00", "Y99"],
)
def test_valid_agency_identifiers_are_accepted(identifier):
    validate_agency_identifier(identifier)


@pytest.mark.parametrize(
    ("identifier", "code"),
    [
        ("000.00.00.Z49", "invalid"),  # Z is outside A-Y
        ("000.00.00.h49", "invalid"),  # lowercase
        ("000.00.00.H4", "invalid"),  # one digit
        ("000.00.00.H490", "invalid"),  # three digits
        ("000-00-00.H49", "invalid"),  # wrong separator
        ("000..00.H49", "invalid"),  # empty group
        ("", "invalid"),
        ("0" * 32 + ".H49", "too_long"),  # 36 characters
    ],
)
def test_invalid_agency_identifiers_are_refused_with_a_reason(identifier, code):
    with pytest.raises(ValidationError) as error:
        validate_agency_identifier(identifier)
    assert error.value.code == code
