"""The demo's real e-forms: each is a valid JSON Schema 2020-12 that accepts a realistic
declaration and refuses a bad one in Vietnamese, is split into topics, and is attached by the
demo loader to the procedure of the national catalog it belongs to."""

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from motcua.catalog.demo import DEMO_FILES
from motcua.catalog.models import Procedure
from motcua.catalog.services import import_file
from motcua.portal.demo_eforms import DEMO_EFORMS, install_demo_eforms
from motcua.portal.eforms import as_form_data, build_eform, eform_fields
from tests.support import shared_data

# code: (words of the procedure's national name, a realistic declaration, a bad one and the
# Vietnamese messages it must get)
CASES = {
    "1.000894": (
        "Thủ tục đăng ký kết hôn",
        {
            "declarant_name": "Trần Thị Mai",
            "declarant_phone": "0912345678",
            "declarant_party": "bride",
            "bride_name": "Trần Thị Mai",
            "bride_birth_date": "1998-04-12",
            "bride_ethnicity": "Kinh",
            "bride_nationality": "Việt Nam",
            "bride_residence": "Số 12 đường Trần Hưng Đạo, Phường Hạ Long, tỉnh Quảng Ninh",
            "bride_id_number": "022198001234",
            "bride_marriage_time": "first",
            "groom_name": "Nguyễn Văn Hùng",
            "groom_birth_date": "1995-09-30",
            "groom_ethnicity": "Tày",
            "groom_nationality": "Việt Nam",
            "groom_residence": "Thôn Đông, Xã Tiên Yên, tỉnh Quảng Ninh",
            "groom_id_number": "022095004321",
            "groom_marriage_time": "second",
            "marriage_extract_copies": 2,
        },
        {"bride_id_number": "02219800123", "groom_marriage_time": "sometimes"},
        {
            "bride_id_number": "Số định danh cá nhân gồm đúng 12 chữ số.",
            "groom_marriage_time": "Vui lòng chọn một giá trị trong danh sách.",
        },
    ),
    "2.000815": (
        "Chứng thực bản sao từ bản chính",
        {
            "declarant_name": "Lê Văn Bình",
            "declarant_id_number": "022090007788",
            "declarant_phone": "0987654321",
            "document_kind": "diploma",
            "document_name": "Bằng tốt nghiệp đại học ngành Kế toán",
            "document_number": "QN-2015-00123",
            "issuer_kind": "vietnam",
            "issuer_name": "Trường Đại học Hạ Long",
            "issue_date": "2015-07-20",
            "page_count": 1,
            "copies": 3,
        },
        {"copies": 0, "declarant_phone": "12345"},
        {
            "copies": "Số bản sao cần chứng thực phải từ 1 trở lên.",
            "declarant_phone": "Số điện thoại không hợp lệ (ví dụ: 0912345678).",
        },
    ),
    "1.001612": (
        "Đăng ký thành lập hộ kinh doanh",
        {
            "business_name": "Hộ kinh doanh Hải Yến",
            "business_address": "Số 5 phố Cao Thắng, Phường Hạ Long, tỉnh Quảng Ninh",
            "business_phone": "0203385555",
            "business_email": "haiyen@example.vn",
            "business_lines": "Bán lẻ lương thực, thực phẩm (4722)",
            "capital": 150_000_000,
            "employees": 3,
            "start_date": "2026-12-01",
            "tax_method": "lump_sum",
            "declarant_name": "Phạm Thị Hải Yến",
            "owner_sex": "female",
            "owner_birth_date": "1988-02-03",
            "owner_ethnicity": "Kinh",
            "owner_nationality": "Việt Nam",
            "declarant_id_number": "022188009911",
            "owner_tax_code": "5701234567",
            "declarant_address": "Số 5 phố Cao Thắng, Phường Hạ Long, tỉnh Quảng Ninh",
            "declarant_phone": "0912000111",
        },
        {"owner_tax_code": "57012", "business_email": "haiyen-at-example"},
        {
            "owner_tax_code": "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0100233488-001.",
            "business_email": "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).",
        },
    ),
    "1.013225": (
        "nhà ở riêng lẻ",
        {
            "declarant_name": "Vũ Đức Thắng",
            "declarant_id_number": "022085003344",
            "declarant_address": "Tổ 3, Khu 5, Phường Hạ Long, tỉnh Quảng Ninh",
            "declarant_phone": "0904556677",
            "plot_number": "125",
            "map_sheet": "18",
            "plot_area": "96,5",
            "site_address": "Tổ 3, Khu 5, Phường Hạ Long, tỉnh Quảng Ninh",
            "land_certificate_number": "CS 123456",
            "designer_name": "Công ty TNHH Tư vấn thiết kế Hạ Long",
            "designer_certificate": "QNI-00012345",
            "building_grade": "grade_3",
            "ground_floor_area": "80",
            "total_floor_area": "245.5",
            "height": "13.2",
            "floors": 3,
            "basements": 0,
            "has_mezzanine_or_roof": True,
            "completion_months": 8,
        },
        {"plot_area": "chín mươi", "floors": 0},
        {
            "plot_area": "Nhập một số, có thể có phần thập phân (ví dụ: 85,5).",
            "floors": "Số tầng phải từ 1 trở lên.",
        },
    ),
}


def posted(values: dict) -> dict:
    """The declaration as a browser posts it."""
    data = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = str(value)
    return as_form_data(data)


@pytest.mark.parametrize("code", CASES)
def test_each_form_is_a_valid_schema_that_accepts_a_realistic_declaration(code):
    schema, ui = DEMO_EFORMS[code]
    _name, good, _bad, _messages = CASES[code]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(ui) == set(schema["properties"])  # every field has its hints
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert list(validator.iter_errors(good)) == []

    form = build_eform(schema, ui, data=posted(good))
    assert form.is_valid(), form.errors
    assert form.document == good


@pytest.mark.parametrize("code", CASES)
def test_each_form_refuses_a_bad_declaration_in_vietnamese(code):
    schema, ui = DEMO_EFORMS[code]
    _name, good, bad, messages = CASES[code]
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert list(validator.iter_errors({**good, **bad}))

    form = build_eform(schema, ui, data=posted({**good, **bad}))
    assert not form.is_valid()
    for name, message in messages.items():
        assert form.errors[name] == [message]
    assert set(form.errors) == set(messages)

    missing = {k: v for k, v in good.items() if k not in schema["required"]}
    form = build_eform(schema, ui, data=posted(missing))
    assert not form.is_valid()
    first_required = schema["required"][0]
    label = ui[first_required].get("label") or schema["properties"][first_required]["title"]
    assert form.errors[first_required] == [f"Vui lòng nhập {label.lower()}."]


@pytest.mark.parametrize("code", CASES)
def test_each_form_is_split_into_topics_shown_in_order(code):
    schema, ui = DEMO_EFORMS[code]
    sections = [field.section for field in eform_fields(schema, ui)]
    assert all(sections)
    distinct = list(dict.fromkeys(sections))
    assert len(distinct) >= 2
    # each topic's fields come together, so one topic is one page
    assert [s for i, s in enumerate(sections) if i == 0 or sections[i - 1] != s] == distinct


def test_the_declarant_fields_are_pre_filled_from_the_profile():
    from motcua.accounts.models import User
    from motcua.portal.eforms import profile_initial

    citizen = User(
        full_name="Vũ Đức Thắng", phone="0904556677", id_number="022085003344", address="Tổ 3"
    )
    schema, ui = DEMO_EFORMS["1.013225"]
    assert profile_initial(schema, ui, citizen) == {
        "declarant_name": "Vũ Đức Thắng",
        "declarant_id_number": "022085003344",
        "declarant_address": "Tổ 3",
        "declarant_phone": "0904556677",
    }
    schema, ui = DEMO_EFORMS["1.000894"]
    assert profile_initial(schema, ui, citizen) == {
        "declarant_name": "Vũ Đức Thắng",
        "declarant_phone": "0904556677",
    }


def test_the_demo_loader_attaches_each_form_to_its_procedure_of_the_national_catalog(db, tmp_path):
    records, sources = [], {}
    for name in DEMO_FILES:
        with shared_data(f"tthc/{name}").open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record.get("ma_thu_tuc") in DEMO_EFORMS:
                    records.append(line)
                    sources[record["ma_thu_tuc"]] = name
    assert set(sources) == set(DEMO_EFORMS)  # every form's procedure is in the demo catalog
    sample = tmp_path / "tthc_sample.jsonl"
    sample.write_text("".join(records), encoding="utf-8")
    import_file(sample)

    assert install_demo_eforms() == len(DEMO_EFORMS)
    for code, (name, *_rest) in CASES.items():
        procedure = Procedure.objects.get(code=code)
        assert name.lower() in procedure.name.lower()
        version = procedure.version_in_force()
        assert (version.eform_schema, version.eform_ui) == DEMO_EFORMS[code]
    assert install_demo_eforms() == 0  # loading the demo again changes nothing
