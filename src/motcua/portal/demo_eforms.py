"""Real e-forms for the demo's most used procedures, installed by the demo loader.

Each form is the procedure's declaration as a JSON Schema (2020-12) with UI hints (sections,
Vietnamese labels and hints, profile pre-fill, CCCD and tax-code patterns):

- birth registration (1.001193): the tờ khai đăng ký khai sinh (form of Circular
  04/2024/TT-BTP): the declarant and their relationship to the child, the child, the parents;
- marriage registration (1.000894): the tờ khai đăng ký kết hôn (same circular): the bride and
  the groom (name, birth date, ethnicity, nationality, residence, CCCD, which marriage);
- certified copies from the original (2.000815): the requester, the kind of document, its
  issuer, its number of pages and the number of copies wanted;
- business household registration (1.001612): the giấy đề nghị đăng ký hộ kinh doanh
  (appendix III-1 of Circular 01/2021/TT-BKHĐT under Decree 01/2021/NĐ-CP): the household
  business's name, seat, lines of business, capital and workers, and its owner;
- construction permit for an individual house (1.013225): the đơn đề nghị cấp giấy phép xây
  dựng (form 01, appendix II of Decree 175/2024/NĐ-CP) for a nhà ở riêng lẻ: the owner, the
  plot, the designer, the floors and areas asked for and the expected duration.

A form is set on the version in force in place: it is presentation, not the procedure's legal
content, so the catalog import's fingerprint does not cover it. Only the types the portal's
e-form renderer knows are used (strings with ``format: date``, ``enum``, ``pattern``,
``maxLength``; integers with bounds); decimals such as areas are strings with a pattern.
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

SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema"
PHONE = {"type": "string", "pattern": "^(\\+84|0)[0-9]{9,10}$"}
PHONE_MESSAGE = "Số điện thoại không hợp lệ (ví dụ: 0912345678)."
TAX_CODE = {"type": "string", "pattern": "^[0-9]{10}(-[0-9]{3})?$"}
TAX_CODE_MESSAGE = "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0100233488-001."
# A decimal number of square metres or metres, with a dot or a comma: 85, 85.5, 85,25.
DECIMAL = {"type": "string", "pattern": "^[0-9]{1,6}([.,][0-9]{1,2})?$"}
DECIMAL_MESSAGE = "Nhập một số, có thể có phần thập phân (ví dụ: 85,5)."


def _text(title: str, max_length: int = 200) -> dict:
    return {"type": "string", "title": title, "maxLength": max_length}


def _cccd_hint(section: str, order: int, **extra) -> dict:
    return {
        "section": section,
        "order": order,
        "inputmode": "numeric",
        "help": "12 chữ số, in trên thẻ căn cước.",
        "pattern_message": CCCD_MESSAGE,
        **extra,
    }


def _phone_hint(section: str, order: int, **extra) -> dict:
    return {
        "section": section,
        "order": order,
        "inputmode": "tel",
        "autocomplete": "tel",
        "pattern_message": PHONE_MESSAGE,
        **extra,
    }


# --- marriage registration: tờ khai đăng ký kết hôn ------------------------------------------

_MARRIAGE_TIMES = {
    "first": "Lần đầu",
    "second": "Lần thứ hai",
    "third_or_more": "Lần thứ ba trở lên",
}


def _spouse_properties(prefix: str, who: str) -> dict:
    return {
        f"{prefix}_name": _text(f"Họ, chữ đệm, tên {who}", 100),
        f"{prefix}_birth_date": {
            "type": "string",
            "title": f"Ngày, tháng, năm sinh {who}",
            "format": "date",
        },
        f"{prefix}_ethnicity": _text(f"Dân tộc {who}", 50),
        f"{prefix}_nationality": _text(f"Quốc tịch {who}", 50),
        f"{prefix}_residence": _text(f"Nơi cư trú {who}", 300),
        f"{prefix}_id_number": {**CCCD, "title": f"Số định danh cá nhân {who}"},
        f"{prefix}_marriage_time": {
            "type": "string",
            "title": f"Kết hôn lần thứ mấy ({who})",
            "enum": list(_MARRIAGE_TIMES),
        },
    }


def _spouse_ui(prefix: str, section: str, start: int) -> dict:
    return {
        f"{prefix}_name": {"section": section, "order": start},
        f"{prefix}_birth_date": {"section": section, "order": start + 1},
        f"{prefix}_ethnicity": {"section": section, "order": start + 2, "help": "Ví dụ: Kinh."},
        f"{prefix}_nationality": {
            "section": section,
            "order": start + 3,
            "help": "Ví dụ: Việt Nam.",
        },
        f"{prefix}_residence": {
            "section": section,
            "order": start + 4,
            "widget": "textarea",
            "help": "Nơi thường trú hoặc tạm trú: số nhà, đường, xã/phường, tỉnh/thành phố.",
        },
        f"{prefix}_id_number": _cccd_hint(section, start + 5),
        f"{prefix}_marriage_time": {
            "section": section,
            "order": start + 6,
            "widget": "radio",
            "choices": _MARRIAGE_TIMES,
        },
    }


MARRIAGE_REGISTRATION_SCHEMA = {
    "$schema": SCHEMA_2020_12,
    "type": "object",
    "properties": {
        "declarant_name": _text("Họ, chữ đệm, tên người nộp hồ sơ", 100),
        "declarant_phone": {**PHONE, "title": "Số điện thoại liên hệ"},
        "declarant_party": {
            "type": "string",
            "title": "Người nộp hồ sơ là",
            "enum": ["bride", "groom"],
        },
        **_spouse_properties("bride", "bên nữ"),
        **_spouse_properties("groom", "bên nam"),
        "marriage_extract_copies": {
            "type": "integer",
            "title": "Số bản sao Trích lục kết hôn đề nghị cấp",
            "minimum": 0,
            "maximum": 10,
        },
    },
    "required": [
        "declarant_name",
        "declarant_phone",
        "declarant_party",
        *(
            f"{prefix}_{name}"
            for prefix in ("bride", "groom")
            for name in (
                "name",
                "birth_date",
                "ethnicity",
                "nationality",
                "residence",
                "id_number",
                "marriage_time",
            )
        ),
    ],
}

_SUBMITTER = "Người nộp hồ sơ"
_BRIDE = "Bên nữ"
_GROOM = "Bên nam"
_EXTRACT = "Bản sao trích lục"

MARRIAGE_REGISTRATION_UI = {
    "declarant_name": {"section": _SUBMITTER, "order": 1, "autocomplete": "name"},
    "declarant_phone": _phone_hint(_SUBMITTER, 2, prefill="phone"),
    "declarant_party": {
        "section": _SUBMITTER,
        "order": 3,
        "widget": "radio",
        "choices": {"bride": "Bên nữ", "groom": "Bên nam"},
        "help": "Hai bên cùng có mặt khi nhận Giấy chứng nhận kết hôn.",
    },
    **_spouse_ui("bride", _BRIDE, 10),
    **_spouse_ui("groom", _GROOM, 20),
    "marriage_extract_copies": {
        "section": _EXTRACT,
        "order": 30,
        "inputmode": "numeric",
        "help": "Bỏ trống nếu không cần bản sao.",
    },
}


# --- certified copies from the original: chứng thực bản sao từ bản chính ---------------------

_DOCUMENT_KINDS = {
    "id_card": "Thẻ căn cước, căn cước công dân, hộ chiếu",
    "civil_status": "Giấy tờ hộ tịch (giấy khai sinh, giấy chứng nhận kết hôn…)",
    "diploma": "Văn bằng, chứng chỉ, học bạ",
    "land_certificate": "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở",
    "vehicle_registration": "Giấy đăng ký xe",
    "business_document": "Giấy chứng nhận đăng ký doanh nghiệp, hộ kinh doanh",
    "other": "Giấy tờ, văn bản khác",
}
_ISSUERS = {
    "vietnam": "Cơ quan, tổ chức có thẩm quyền của Việt Nam",
    "foreign": "Cơ quan, tổ chức có thẩm quyền của nước ngoài (đã hợp pháp hóa lãnh sự)",
    "joint": "Cơ quan, tổ chức của Việt Nam liên kết với nước ngoài",
}

CERTIFIED_COPY_SCHEMA = {
    "$schema": SCHEMA_2020_12,
    "type": "object",
    "properties": {
        "declarant_name": _text("Họ, chữ đệm, tên người yêu cầu chứng thực", 100),
        "declarant_id_number": {**CCCD, "title": "Số định danh cá nhân người yêu cầu"},
        "declarant_phone": {**PHONE, "title": "Số điện thoại"},
        "document_kind": {
            "type": "string",
            "title": "Loại giấy tờ cần chứng thực",
            "enum": list(_DOCUMENT_KINDS),
        },
        "document_name": _text("Tên giấy tờ, văn bản", 300),
        "document_number": _text("Số, ký hiệu của giấy tờ", 50),
        "issuer_kind": {
            "type": "string",
            "title": "Giấy tờ do cơ quan nào cấp",
            "enum": list(_ISSUERS),
        },
        "issuer_name": _text("Tên cơ quan, tổ chức cấp", 300),
        "issue_date": {"type": "string", "title": "Ngày cấp", "format": "date"},
        "page_count": {
            "type": "integer",
            "title": "Số trang của bản chính",
            "minimum": 1,
            "maximum": 500,
        },
        "copies": {
            "type": "integer",
            "title": "Số bản sao cần chứng thực",
            "minimum": 1,
            "maximum": 50,
        },
    },
    "required": [
        "declarant_name",
        "declarant_id_number",
        "document_kind",
        "document_name",
        "issuer_kind",
        "page_count",
        "copies",
    ],
}

_REQUESTER = "Người yêu cầu chứng thực"
_DOCUMENT = "Giấy tờ cần chứng thực"

CERTIFIED_COPY_UI = {
    "declarant_name": {"section": _REQUESTER, "order": 1, "autocomplete": "name"},
    "declarant_id_number": _cccd_hint(_REQUESTER, 2),
    "declarant_phone": _phone_hint(_REQUESTER, 3),
    "document_kind": {"section": _DOCUMENT, "order": 10, "choices": _DOCUMENT_KINDS},
    "document_name": {
        "section": _DOCUMENT,
        "order": 11,
        "help": "Ví dụ: Bằng tốt nghiệp đại học ngành Kế toán.",
    },
    "document_number": {"section": _DOCUMENT, "order": 12},
    "issuer_kind": {
        "section": _DOCUMENT,
        "order": 13,
        "widget": "radio",
        "choices": _ISSUERS,
        "help": "Giấy tờ do nước ngoài cấp phải được hợp pháp hóa lãnh sự, trừ trường hợp"
        " được miễn.",
    },
    "issuer_name": {"section": _DOCUMENT, "order": 14},
    "issue_date": {"section": _DOCUMENT, "order": 15},
    "page_count": {
        "section": _DOCUMENT,
        "order": 16,
        "inputmode": "numeric",
        "help": "Lệ phí tính theo trang: 2.000 đồng trang thứ nhất và thứ hai, 1.000 đồng"
        " từ trang thứ ba (tối đa 200.000 đồng một bản).",
    },
    "copies": {"section": _DOCUMENT, "order": 17, "inputmode": "numeric"},
}


# --- business household registration: giấy đề nghị đăng ký hộ kinh doanh --------------------

_TAX_METHODS = {
    "lump_sum": "Khoán",
    "declaration": "Kê khai",
}

HOUSEHOLD_BUSINESS_SCHEMA = {
    "$schema": SCHEMA_2020_12,
    "type": "object",
    "properties": {
        "business_name": _text("Tên hộ kinh doanh", 200),
        "business_address": _text("Địa chỉ trụ sở hộ kinh doanh", 300),
        "business_phone": {**PHONE, "title": "Điện thoại của hộ kinh doanh"},
        "business_email": {
            "type": "string",
            "title": "Thư điện tử của hộ kinh doanh",
            "maxLength": 254,
            "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
        },
        "business_lines": _text("Ngành, nghề kinh doanh", 1000),
        "capital": {
            "type": "integer",
            "title": "Vốn kinh doanh (đồng)",
            "minimum": 1,
            "maximum": 1_000_000_000_000,
        },
        "employees": {
            "type": "integer",
            "title": "Số lượng lao động",
            "minimum": 0,
            "maximum": 10_000,
        },
        "start_date": {"type": "string", "title": "Ngày bắt đầu hoạt động", "format": "date"},
        "tax_method": {
            "type": "string",
            "title": "Phương pháp tính thuế",
            "enum": list(_TAX_METHODS),
        },
        "declarant_name": _text("Họ, chữ đệm, tên chủ hộ kinh doanh", 100),
        "owner_sex": {"type": "string", "title": "Giới tính", "enum": ["male", "female"]},
        "owner_birth_date": {"type": "string", "title": "Ngày, tháng, năm sinh", "format": "date"},
        "owner_ethnicity": _text("Dân tộc", 50),
        "owner_nationality": _text("Quốc tịch", 50),
        "declarant_id_number": {**CCCD, "title": "Số định danh cá nhân chủ hộ"},
        "owner_tax_code": {**TAX_CODE, "title": "Mã số thuế cá nhân của chủ hộ (nếu có)"},
        "declarant_address": _text("Địa chỉ liên lạc của chủ hộ", 300),
        "declarant_phone": {**PHONE, "title": "Điện thoại của chủ hộ"},
    },
    "required": [
        "business_name",
        "business_address",
        "business_lines",
        "capital",
        "start_date",
        "declarant_name",
        "owner_sex",
        "owner_birth_date",
        "owner_ethnicity",
        "owner_nationality",
        "declarant_id_number",
        "declarant_address",
        "declarant_phone",
    ],
}

_HOUSEHOLD = "Hộ kinh doanh"
_ACTIVITY = "Ngành nghề, vốn và thuế"
_OWNER = "Chủ hộ kinh doanh"

HOUSEHOLD_BUSINESS_UI = {
    "business_name": {
        "section": _HOUSEHOLD,
        "order": 1,
        "help": "Gồm cụm từ “Hộ kinh doanh” và tên riêng, ví dụ: Hộ kinh doanh Hải Yến.",
    },
    "business_address": {
        "section": _HOUSEHOLD,
        "order": 2,
        "widget": "textarea",
        "help": "Số nhà, đường, thôn, tổ dân phố; xã, phường; tỉnh, thành phố.",
    },
    "business_phone": _phone_hint(_HOUSEHOLD, 3),
    "business_email": {
        "section": _HOUSEHOLD,
        "order": 4,
        "inputmode": "email",
        "pattern_message": "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).",
    },
    "business_lines": {
        "section": _ACTIVITY,
        "order": 10,
        "widget": "textarea",
        "help": "Ghi tên ngành theo Hệ thống ngành kinh tế Việt Nam, ví dụ: Bán lẻ lương"
        " thực, thực phẩm (4722).",
    },
    "capital": {"section": _ACTIVITY, "order": 11, "inputmode": "numeric"},
    "employees": {"section": _ACTIVITY, "order": 12, "inputmode": "numeric"},
    "start_date": {"section": _ACTIVITY, "order": 13},
    "tax_method": {
        "section": _ACTIVITY,
        "order": 14,
        "widget": "radio",
        "choices": _TAX_METHODS,
    },
    "declarant_name": {"section": _OWNER, "order": 20, "autocomplete": "name"},
    "owner_sex": {
        "section": _OWNER,
        "order": 21,
        "widget": "radio",
        "choices": {"male": "Nam", "female": "Nữ"},
    },
    "owner_birth_date": {"section": _OWNER, "order": 22},
    "owner_ethnicity": {"section": _OWNER, "order": 23, "help": "Ví dụ: Kinh."},
    "owner_nationality": {"section": _OWNER, "order": 24, "help": "Ví dụ: Việt Nam."},
    "declarant_id_number": _cccd_hint(_OWNER, 25),
    "owner_tax_code": {
        "section": _OWNER,
        "order": 26,
        "inputmode": "numeric",
        "pattern_message": TAX_CODE_MESSAGE,
        "help": "Bỏ trống nếu mã số thuế cá nhân là số định danh cá nhân.",
    },
    "declarant_address": {"section": _OWNER, "order": 27, "widget": "textarea"},
    "declarant_phone": _phone_hint(_OWNER, 28),
}


# --- construction permit for an individual house: đơn đề nghị cấp giấy phép xây dựng ---------

CONSTRUCTION_PERMIT_SCHEMA = {
    "$schema": SCHEMA_2020_12,
    "type": "object",
    "properties": {
        "declarant_name": _text("Tên chủ đầu tư (chủ hộ)", 200),
        "declarant_id_number": {**CCCD, "title": "Số định danh cá nhân chủ đầu tư"},
        "declarant_address": _text("Địa chỉ liên hệ", 300),
        "declarant_phone": {**PHONE, "title": "Số điện thoại"},
        "plot_number": _text("Lô đất số (thửa đất số)", 50),
        "map_sheet": _text("Tờ bản đồ số", 50),
        "plot_area": {**DECIMAL, "title": "Diện tích lô đất (m²)"},
        "site_address": _text("Địa điểm xây dựng", 300),
        "land_certificate_number": _text("Số Giấy chứng nhận quyền sử dụng đất", 50),
        "designer_name": _text("Tổ chức, cá nhân thiết kế", 200),
        "designer_certificate": _text("Mã số chứng chỉ hành nghề của người chủ trì thiết kế", 50),
        "building_grade": {
            "type": "string",
            "title": "Cấp công trình",
            "enum": ["grade_3", "grade_4"],
        },
        "ground_floor_area": {**DECIMAL, "title": "Diện tích xây dựng tầng 1 (m²)"},
        "total_floor_area": {**DECIMAL, "title": "Tổng diện tích sàn (m²)"},
        "height": {**DECIMAL, "title": "Chiều cao công trình (m)"},
        "floors": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 20},
        "basements": {"type": "integer", "title": "Số tầng hầm", "minimum": 0, "maximum": 5},
        "has_mezzanine_or_roof": {"type": "boolean", "title": "Có tầng lửng hoặc tum"},
        "completion_months": {
            "type": "integer",
            "title": "Dự kiến thời gian hoàn thành (tháng)",
            "minimum": 1,
            "maximum": 120,
        },
    },
    "required": [
        "declarant_name",
        "declarant_id_number",
        "declarant_address",
        "declarant_phone",
        "plot_number",
        "plot_area",
        "site_address",
        "land_certificate_number",
        "building_grade",
        "ground_floor_area",
        "total_floor_area",
        "height",
        "floors",
        "completion_months",
    ],
}

_INVESTOR = "Chủ đầu tư"
_SITE = "Địa điểm xây dựng"
_DESIGN = "Đơn vị thiết kế"
_BUILDING = "Nội dung đề nghị cấp phép"
_AREA_HINT = "Số mét vuông, có thể có phần thập phân (ví dụ: 85,5)."

CONSTRUCTION_PERMIT_UI = {
    "declarant_name": {"section": _INVESTOR, "order": 1, "autocomplete": "name"},
    "declarant_id_number": _cccd_hint(_INVESTOR, 2),
    "declarant_address": {
        "section": _INVESTOR,
        "order": 3,
        "widget": "textarea",
        "help": "Số nhà, đường, xã/phường, tỉnh/thành phố.",
    },
    "declarant_phone": _phone_hint(_INVESTOR, 4),
    "plot_number": {"section": _SITE, "order": 10},
    "map_sheet": {"section": _SITE, "order": 11},
    "plot_area": {
        "section": _SITE,
        "order": 12,
        "inputmode": "decimal",
        "help": _AREA_HINT,
        "pattern_message": DECIMAL_MESSAGE,
    },
    "site_address": {
        "section": _SITE,
        "order": 13,
        "widget": "textarea",
        "help": "Số nhà, đường/phố, thôn, tổ dân phố; xã, phường.",
    },
    "land_certificate_number": {
        "section": _SITE,
        "order": 14,
        "help": "Số phát hành (số sê-ri) in trên Giấy chứng nhận.",
    },
    "designer_name": {
        "section": _DESIGN,
        "order": 20,
        "help": "Nhà ở riêng lẻ dưới 7 tầng, tổng diện tích sàn dưới 250 m² thì hộ gia đình"
        " được tự thiết kế: ghi “Tự thiết kế”.",
    },
    "designer_certificate": {"section": _DESIGN, "order": 21},
    "building_grade": {
        "section": _BUILDING,
        "order": 30,
        "widget": "radio",
        "choices": {"grade_3": "Cấp III", "grade_4": "Cấp IV"},
    },
    "ground_floor_area": {
        "section": _BUILDING,
        "order": 31,
        "inputmode": "decimal",
        "help": _AREA_HINT,
        "pattern_message": DECIMAL_MESSAGE,
    },
    "total_floor_area": {
        "section": _BUILDING,
        "order": 32,
        "inputmode": "decimal",
        "help": "Kể cả tầng hầm, tầng lửng, tum.",
        "pattern_message": DECIMAL_MESSAGE,
    },
    "height": {
        "section": _BUILDING,
        "order": 33,
        "inputmode": "decimal",
        "help": "Tính từ cốt xây dựng đến điểm cao nhất, bằng mét.",
        "pattern_message": DECIMAL_MESSAGE,
    },
    "floors": {"section": _BUILDING, "order": 34, "inputmode": "numeric"},
    "basements": {"section": _BUILDING, "order": 35, "inputmode": "numeric"},
    "has_mezzanine_or_roof": {"section": _BUILDING, "order": 36},
    "completion_months": {"section": _BUILDING, "order": 37, "inputmode": "numeric"},
}


DEMO_EFORMS = {
    "1.001193": (BIRTH_REGISTRATION_SCHEMA, BIRTH_REGISTRATION_UI),
    "1.000894": (MARRIAGE_REGISTRATION_SCHEMA, MARRIAGE_REGISTRATION_UI),
    "2.000815": (CERTIFIED_COPY_SCHEMA, CERTIFIED_COPY_UI),
    "1.001612": (HOUSEHOLD_BUSINESS_SCHEMA, HOUSEHOLD_BUSINESS_UI),
    "1.013225": (CONSTRUCTION_PERMIT_SCHEMA, CONSTRUCTION_PERMIT_UI),
}


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
