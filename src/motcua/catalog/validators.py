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


# The national catalog codes procedures as a level digit, a dot and six digits (1.001193); a
# province publishing its own adds a suffix with its level-1 code (1.012753.H19).
_PROCEDURE_CODE = re.compile(r"^[0-9]\.[0-9]{6}(?:\.[0-9A-Z]+)*$")


def validate_procedure_code(value: str) -> None:
    """Reject a procedure code that is not a national code, optionally with a province suffix."""
    if not _PROCEDURE_CODE.match(value or ""):
        raise ValidationError(
            _("Mã thủ tục có dạng 1.001193, có thể thêm hậu tố của tỉnh như 1.012753.H19."),
            code="invalid",
        )


def validate_eform_schema(value) -> None:
    """The e-form must be a valid JSON Schema (draft 2020-12) describing an object."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    if value in (None, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("Biểu mẫu điện tử phải là một đối tượng JSON Schema."))
    try:
        Draft202012Validator.check_schema(value)
    except SchemaError as exc:
        raise ValidationError(
            _("Biểu mẫu điện tử không hợp lệ theo JSON Schema 2020-12: %(reason)s"),
            params={"reason": exc.message},
            code="invalid_schema",
        ) from None
    if value.get("type", "object") != "object":
        raise ValidationError(_("Biểu mẫu điện tử phải mô tả một đối tượng (type: object)."))


def validate_eform_ui(value) -> None:
    """UI hints are a JSON object (field name -> hints such as widget, help, order)."""
    if value in (None, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("Gợi ý hiển thị phải là một đối tượng JSON."))
