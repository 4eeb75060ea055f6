"""Importing the national catalog's real exports (shared/data/tthc)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from motcua.catalog.models import (
    AdministrativeUnit,
    ChannelOption,
    Procedure,
    ProcedureChange,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.national_catalog import NationalCatalogError, parse_channels, read_file
from motcua.catalog.services import import_file
from motcua.catalog.tests.factories import ProcedureVersionFactory


def records_by_code(path: Path) -> dict:
    return {r.code: r for r in read_file(path)}


@pytest.mark.parametrize(
    ("file", "code", "expected"),
    [
        # "Trực tuyến1Miễn phí…": a bare number, read as working days and flagged.
        ("tthc_bo-tu-phap.jsonl", "1.001193", [("online", "1", "working_day", False, 0)] * 1),
        # "Trực tiếp7 Ngày làm việc70,000 Việt Nam Đồng(…)": unit and an amount in đồng.
        ("tthc_bo-cong-an.jsonl", "1.014064", [("counter", "7", "working_day", True, 70000)]),
        # "…2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)".
        ("tthc_bo-xay-dung.jsonl", "1.004002", [("online", "2", "working_day", True, 70000)]),
        # "Trực tuyến40 Ngày…Dịch vụ bưu chính30 Ngày": calendar days, different per channel.
        (
            "tthc_bo-tai-chinh_part1.jsonl",
            "1.008585",
            [("online", "40", "day", True, 0), ("post", "30", "day", True, 0)],
        ),
        # "Trực tuyến8 GiờMiễn phí": hours.
        ("tthc_bo-tai-chinh_part2.jsonl", "3.000141", [("online", "8", "hour", True, 0)]),
        # "…5 Ngày làm việc2,000,000 Việt Nam Đồng(Phí kiểm tra…)".
        (
            "tthc_bo-nong-nghiep-mt.jsonl",
            "1.011325",
            [("online", "5", "working_day", True, 2_000_000)],
        ),
    ],
)
def test_channel_patterns_of_the_real_exports_are_parsed(tthc_dir, file, code, expected):
    channels = records_by_code(tthc_dir / file)[code].channels
    got = [
        (c.channel, str(c.processing_time), c.time_unit, c.time_unit_stated, c.fee_vnd)
        for c in channels
    ]
    assert got[: len(expected)] == expected


def test_a_row_without_time_or_amount_is_reported_and_its_text_kept():
    rows, problems = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinVNĐ(Phí công bố)"
        "Nộp tại trụ sở."
    )
    assert [(r.channel, r.processing_time, r.fee_vnd, r.fee_text) for r in rows] == [
        ("counter", None, None, "Phí công bố")
    ]
    assert rows[0].description == "Nộp tại trụ sở."
    assert problems == [
        "Trực tiếp: không có thời hạn giải quyết",
        "Trực tiếp: mức phí không ghi số tiền",
    ]
    assert parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tả")[1] == [
        "không có cách thức thực hiện"
    ]


def test_documents_keep_template_names_copies_and_conditions(tthc_dir):
    documents = records_by_code(tthc_dir / "tthc_bo-cong-an.jsonl")["1.014064"].documents
    form = next(d for d in documents if d.template_name)
    assert form.template_name == "Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc"
    assert form.name.startswith("Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02")
    assert (form.copies, form.form, form.requirement) == (1, "original", "mandatory")
    assert any(d.filled_by_eform for d in documents)
    birth = records_by_code(tthc_dir / "tthc_bo-tu-phap.jsonl")["1.001193"]
    assert birth.cutoff_applies  # "nếu tiếp nhận hồ sơ sau 15 giờ…"
    assert {d.group for d in birth.documents} == {"submit", "present"}
    assert birth.result == "Giấy khai sinh"
    # What applies only in some cases is conditional, whether the case opens the name or sits
    # inside it; a document that may be replaced by a substitute is still mandatory.
    requirement = {d.name[:30]: d.requirement for d in birth.documents if d.group == "submit"}
    assert requirement["Trường hợp trẻ em bị bỏ rơi th"] == "conditional"
    assert requirement["Văn bản ủy quyền (được chứng t"] == "conditional"
    assert requirement["Giấy chứng sinh; trường hợp kh"] == "mandatory"
    assert "60/2014/QH13" in birth.legal_basis.splitlines()[-2]


@pytest.mark.django_db
def test_importing_the_justice_details_creates_procedures_versions_and_a_report(tthc_dir):
    report = import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")

    assert (len(report.created), report.updated, report.new_versions) == (271, [], [])
    assert Procedure.objects.count() == ProcedureVersion.objects.count() == 271
    birth = Procedure.objects.get(code="1.001193")
    version = birth.version_in_force()
    assert (birth.field.name, birth.levels, birth.service_level) == ("Hộ tịch", ["commune"], 4)
    assert version.cutoff_applies and version.online_mode == "end_to_end"
    assert [c.channel for c in version.channels.all()] == ["online", "post", "counter"]
    assert version.documents.filter(copies__gt=0).count() >= 5
    assert ChannelOption.objects.count() > 700 and RequiredDocument.objects.count() > 2000
    # Rows it could not fully parse are listed with the reason, and still imported.
    assert len(report.unparsed) == 32
    assert ("1.003160", "Trực tiếp: không có thời hạn giải quyết") in report.unparsed
    assert ProcedureVersion.objects.get(procedure__code="1.003160").raw_channels_text
    assert report.lines()[0].startswith("tthc_bo-tu-phap.jsonl: 271 thủ tục — tạo mới 271")
    assert ProcedureChange.objects.filter(kind="created").count() == 271


@pytest.mark.django_db
def test_a_bulk_import_leaves_the_planner_statistics_up_to_date(tthc_dir):
    """Queries right after a bulk load (the next page, a cascade delete) are planned on the
    imported rows, not on the statistics of the empty tables autovacuum has not refreshed yet."""
    from django.db import connection

    tables = ("catalog_procedure", "catalog_procedureversion", "catalog_channeloption")

    def planner_rows():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [list(tables)]
            )
            return dict(cursor.fetchall())

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))  # as a fresh database: nothing there
    assert all(rows <= 0 for rows in planner_rows().values())
    import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")
    assert planner_rows() == {
        "catalog_procedure": 271,
        "catalog_procedureversion": 271,
        "catalog_channeloption": ChannelOption.objects.count(),
    }


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tthc_dir):
    import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")
    counts = (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        ChannelOption.objects.count(),
    )
    again = import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")
    assert (len(again.unchanged), again.created, again.updated, again.new_versions) == (
        271,
        [],
        [],
        [],
    )
    assert counts == (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        ChannelOption.objects.count(),
    )


@pytest.mark.django_db
def test_a_legal_change_makes_a_new_version_and_dossiers_keep_the_old(tthc_dir, tmp_path):
    source = (tthc_dir / "tthc_bo-tu-phap.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in source[:20]]
    first = tmp_path / "tthc_before.jsonl"
    first.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    import_file(first, today=datetime.date(2026, 1, 5))

    changed = records[0]
    changed["cach_thuc_thuc_hien"] = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp3 Ngày làm việc1,250,000 Việt Nam Đồng"
    )
    changed["ten_thu_tuc"] += " (sửa đổi)"
    second = tmp_path / "tthc_after.jsonl"
    second.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    report = import_file(second, today=datetime.date(2026, 3, 2))

    code = changed["ma_thu_tuc"]
    assert report.new_versions == [code] and len(report.unchanged) == 19
    procedure = Procedure.objects.get(code=code)
    old, new = procedure.version_in_force(datetime.date(2026, 3, 1)), procedure.version_in_force()
    assert (old.number, old.valid_until, new.number, new.valid_from) == (
        1,
        datetime.date(2026, 3, 2),
        2,
        datetime.date(2026, 3, 2),
    )
    assert [(c.channel, c.fee_vnd, c.processing_time) for c in new.channels.all()] == [
        ("counter", 1_250_000, Decimal("3.00"))
    ]
    assert procedure.name.endswith("(sửa đổi)")
    assert procedure.changes.filter(kind="new_version").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "broken.jsonl",
            '{"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A"}\n{"ma_thu',
            "dòng 2: JSON hỏng",
        ),
        ("nocode.jsonl", '{"ten_thu_tuc": "A"}\n', "thiếu trường ma_thu_tuc"),
        ("badcode.jsonl", '{"ma_thu_tuc": "ABC", "ten_thu_tuc": "A"}\n', "mã thủ tục không hợp lệ"),
        ("list.csv", "Mã số,Tên\n", "chỉ nhận tệp .jsonl"),
        ("fake.xlsx", "not a workbook", "không đọc được tệp Excel"),
    ],
)
def test_a_bad_file_is_rejected_with_nothing_imported(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NationalCatalogError, match=message):
        import_file(path)
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_imports_the_good_ones_and_fails_the_command(
    tthc_dir, tmp_path, capsys
):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A"}\nnot json\n', "utf-8")
    with pytest.raises(CommandError, match="1 tệp không nhập được"):
        call_command("import_procedures", str(tthc_dir / "tthc_toa-an-nhan-dan.jsonl"), str(broken))
    output = capsys.readouterr()
    assert "tthc_toa-an-nhan-dan.jsonl: 3 thủ tục — tạo mới 3" in output.out
    assert "broken.jsonl, dòng 2: JSON hỏng" in output.err
    assert not Procedure.objects.filter(code="1.000001").exists()
    assert Procedure.objects.count() == 3


@pytest.mark.django_db
def test_a_list_creates_procedures_and_details_later_add_their_first_version(tthc_dir):
    listed = import_file(tthc_dir / "danh-sach-tthc-BoTuPhap.xlsx")
    assert len(listed.created) == 271 and not ProcedureVersion.objects.exists()
    assert Procedure.objects.get(code="1.001193").issuing_body == "Bộ Tư pháp"
    detailed = import_file(tthc_dir / "tthc_bo-tu-phap.jsonl")
    assert len(detailed.new_versions) == 271
    relisted = import_file(tthc_dir / "danh-sach-tthc-BoTuPhap.xlsx")
    assert len(relisted.unchanged) == 271  # a list never undoes the details


@pytest.mark.django_db
def test_units_load_in_both_models_with_their_dates(tthc_dir, capsys):
    call_command("import_units")
    assert AdministrativeUnit.objects.filter(scheme="2025", level=3).count() == 3321
    pre2025 = tthc_dir.parent / "dvhc" / "dvhcvn_pre2025_3level_20250301.json"
    call_command("import_units", "--pre2025", str(pre2025))
    old = AdministrativeUnit.objects.filter(scheme="pre2025")
    assert (old.filter(level=1).count(), old.filter(level=2).count(), old.count()) == (
        63,
        696,
        10806,
    )
    assert old.get(code="00001").parent.parent.name == "Thành phố Hà Nội"
    assert set(old.values_list("valid_until", flat=True)) == {datetime.date(2025, 7, 1)}
    call_command("import_units")
    assert "0 đơn vị tạo mới, 0 cập nhật, 3355 không đổi" in capsys.readouterr().out
    with pytest.raises(CommandError, match="không có tệp này"):
        call_command("import_units", "--pre2025", "/nonexistent.json")


@pytest.mark.django_db
def test_an_invalid_eform_schema_is_refused_on_save():
    version = ProcedureVersionFactory()
    version.eform_schema = {"type": "object", "properties": {"ho_ten": {"type": "chuỗi"}}}
    with pytest.raises(ValidationError, match="JSON Schema 2020-12"):
        version.save()
    version.eform_schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"ho_ten": {"type": "string", "title": "Họ và tên"}},
        "required": ["ho_ten"],
    }
    version.eform_ui = {"ho_ten": {"autofocus": True}}
    version.save()
    version.refresh_from_db()
    assert version.eform_schema["required"] == ["ho_ten"]
