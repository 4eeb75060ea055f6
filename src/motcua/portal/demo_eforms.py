"""Real e-forms for the demo's most used procedures, installed by the demo loader.

Birth registration (1.001193): the fields of the tờ khai đăng ký khai sinh (form of Circular
04/2024/TT-BTP): the declarant and their relationship to the child, the child, the father and
the mother. The form is set on the version in force in place: it is presentation, not the
procedure's legal content, so the catalog import's fingerprint does not cover it.
"""

from __future__ import annotations

from motcua.catalog.models import Procedure

CCCD = {"type": "string", "pattern": "^[0-9]{12}$"}
CCCD_MESSAGE = "Số định danh cá nhân gồm đúng 12 chữ số."

BIRTH_REGISTRATION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "declarant_name": {
            "type": "string",
            "title": "Họ, chữ đệm, tên người yêu cầu",
            "maxLength": 100,
        },
        "declarant_id_number": {**CCCD, "title": "Số định danh cá nhân người yêu cầu"},
        "declarant_phone": {
            "type": "string",
            "title": "Số điện thoại",
            "pattern": "^(\\+84|0)[0-9]{9,10}$",
        },
        "relationship": {
            "type": "string",
            "title": "Quan hệ với người được khai sinh",
            "enum": ["father", "mother", "grandparent", "relative", "other"],
        },
        "child_name": {"type": "string", "title": "Họ, chữ đệm, tên của trẻ", "maxLength": 100},
        "child_sex": {"type": "string", "title": "Giới tính", "enum": ["male", "female"]},
        "child_birth_date": {"type": "string", "title": "Ngày, tháng, năm sinh", "format": "date"},
        "child_birth_place": {"type": "string", "title": "Nơi sinh", "maxLength": 300},
        "child_ethnicity": {"type": "string", "title": "Dân tộc", "maxLength": 50},
        "child_nationality": {"type": "string", "title": "Quốc tịch", "maxLength": 50},
        "father_name": {"type": "string", "title": "Họ, chữ đệm, tên người cha", "maxLength": 100},
        "father_id_number": {**CCCD, "title": "Số định danh cá nhân người cha"},
        "mother_name": {"type": "string", "title": "Họ, chữ đệm, tên người mẹ", "maxLength": 100},
        "mother_id_number": {**CCCD, "title": "Số định danh cá nhân người mẹ"},
        "birth_copies": {
            "type": "integer",
            "title": "Số bản sao Giấy khai sinh đề nghị cấp",
            "minimum": 0,
            "maximum": 10,
        },
    },
    "required": [
        "declarant_name",
        "declarant_id_number",
        "relationship",
        "child_name",
        "child_sex",
        "child_birth_date",
        "child_birth_place",
        "child_ethnicity",
        "child_nationality",
        "mother_name",
    ],
}

_DECLARANT = "Người yêu cầu"
_CHILD = "Người được khai sinh"
_PARENTS = "Cha, mẹ"

BIRTH_REGISTRATION_UI = {
    "declarant_name": {"section": _DECLARANT, "order": 1, "autocomplete": "name"},
    "declarant_id_number": {
        "section": _DECLARANT,
        "order": 2,
        "inputmode": "numeric",
        "help": "12 chữ số, in trên thẻ căn cước.",
        "pattern_message": CCCD_MESSAGE,
    },
    "declarant_phone": {
        "section": _DECLARANT,
        "order": 3,
        "inputmode": "tel",
        "autocomplete": "tel",
        "prefill": "phone",
        "pattern_message": "Số điện thoại không hợp lệ (ví dụ: 0912345678).",
    },
    "relationship": {
        "section": _DECLARANT,
        "order": 4,
        "widget": "radio",
        "choices": {
            "father": "Cha",
            "mother": "Mẹ",
            "grandparent": "Ông, bà",
            "relative": "Người thân thích khác",
            "other": "Cá nhân, tổ chức đang nuôi dưỡng trẻ",
        },
    },
    "child_name": {"section": _CHILD, "order": 10},
    "child_sex": {
        "section": _CHILD,
        "order": 11,
        "widget": "radio",
        "choices": {"male": "Nam", "female": "Nữ"},
    },
    "child_birth_date": {"section": _CHILD, "order": 12},
    "child_birth_place": {
        "section": _CHILD,
        "order": 13,
        "help": "Tên cơ sở y tế nơi trẻ sinh ra, hoặc xã/phường, tỉnh/thành phố.",
    },
    "child_ethnicity": {"section": _CHILD, "order": 14, "help": "Ví dụ: Kinh."},
    "child_nationality": {"section": _CHILD, "order": 15, "help": "Ví dụ: Việt Nam."},
    "father_name": {
        "section": _PARENTS,
        "order": 20,
        "help": "Bỏ trống nếu chưa xác định được cha.",
    },
    "father_id_number": {
        "section": _PARENTS,
        "order": 21,
        "inputmode": "numeric",
        "pattern_message": CCCD_MESSAGE,
    },
    "mother_name": {"section": _PARENTS, "order": 22},
    "mother_id_number": {
        "section": _PARENTS,
        "order": 23,
        "inputmode": "numeric",
        "pattern_message": CCCD_MESSAGE,
    },
    "birth_copies": {"section": _PARENTS, "order": 30, "inputmode": "numeric"},
}

DEMO_EFORMS = {"1.001193": (BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI)}


def install_demo_eforms() -> int:
    """Give the demo procedures' versions in force their e-forms; returns how many changed."""
    changed = 0
    for code, (schema, ui) in DEMO_EFORMS.items():
        procedure = Procedure.objects.filter(code=code).first()
        version = procedure.version_in_force() if procedure else None
        if version is None:
            continue
        if version.eform_schema != schema or version.eform_ui != ui:
            version.eform_schema = schema
            version.eform_ui = ui
            version.save(update_fields=["eform_schema", "eform_ui"])
            changed += 1
    return changed
