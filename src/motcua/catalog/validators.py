"""Validators for identifiers defined by law."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Decision 20/2020/QĐ-TTg Art 4: at most 35 characters of 0-9, A-Z and '.', groups separated by
# dots, the first group M X1 X2 with M a letter A-Y and X1 X2 digits (e.g. 'H49',
# '000.00.12.H49'). The level-1 group is written last in practice (QCVN 102:2016), so the rule is
# checked on the last group.
_GROUP = r"[0-9A-Z]+"
_AGENCY_IDENTIFIER = re.compile(rf"^(?:{_GROUP}\.)*[A-Y][0-9]{{2}}$")


def validate_agency_identifier(value: str) -> None:
    """Reject an agency identifier that breaks Decision 20/2020/QĐ-TTg Art 4."""
    if len(value) > 35:
        raise ValidationError(
            _("Mã định danh không quá 35 ký tự (Quyết định 20/2020/QĐ-TTg)."), code="too_long"
        )
    if not _AGENCY_IDENTIFIER.match(value):
        raise ValidationError(
            _(
                "Mã định danh chỉ gồm chữ số, chữ in hoa và dấu chấm, nhóm cấp 1 là một chữ cái "
                "A-Y và hai chữ số, ví dụ 000.00.12.H49."
            ),
            code="invalid",
        )
