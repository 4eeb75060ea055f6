"""Every form renders to a real PDF: searchable Vietnamese text, only the bundled serif (embedded),
the right paper, and a QR code that scans to the lookup URL.

Checked with Debian's poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbar-tools
(zbarimg), the tools a person would use; ``make test`` installs them (Makefile, system-packages).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from weasyprint import HTML

from motcua.paperwork import samples
from motcua.paperwork.forms import FORMS, FormNotInSet, FormSet, Paper
from motcua.paperwork.rendering import BundledFontsOnly, render_slip

ALL_FORMS = [(form_set, kind) for form_set in FormSet for kind in FORMS[form_set]]
A5 = (419.5, 595.3)
A4_LANDSCAPE = (841.9, 595.3)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@cache
def rendered(form_set: FormSet, kind: str, tmp: Path) -> Path:
    path = tmp / f"{form_set.value}-{kind}.pdf"
    path.write_bytes(render_slip(samples.SAMPLES[kind](), form_set))
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("slips")
    return lambda form_set, kind: rendered(form_set, kind, tmp)


def text_of(path: Path, *options: str) -> str:
    return unicodedata.normalize("NFC", run("pdftotext", *options, str(path), "-"))


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces folded, for phrases that wrap."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("form_set", "kind"), ALL_FORMS)
def test_each_form_prints_its_title_and_number_as_searchable_text(pdfs, form_set, kind):
    spec = FORMS[form_set][kind]
    text = flat(text_of(pdfs(form_set, kind)))
    assert spec.title in text
    assert f"Mẫu số {spec.number}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.parametrize(("form_set", "kind"), [f for f in ALL_FORMS if f[1] != "tracking_book"])
def test_each_slip_prints_the_code_the_applicant_and_dates_in_dd_mm_yyyy(pdfs, form_set, kind):
    slip = samples.SAMPLES[kind]()
    text = flat(text_of(pdfs(form_set, kind)))
    assert slip.dossier_code in text
    assert slip.applicant.name in text  # e.g. "Nguyễn Thị Hương", diacritics intact
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", text)
    assert "Quảng Ninh, ngày" in text


def test_the_receipt_prints_every_field_of_form_01(pdfs):
    slip = samples.receipt()
    text = flat(text_of(pdfs(FormSet.CIRCULAR_03_2025, "receipt")))
    for expected in (
        "Bộ phận Một cửa tiếp nhận hồ sơ của: Nguyễn Thị Hương",
        slip.applicant.address,
        "0912 345 678",
        "huong.nguyen@example.vn",
        "Thẻ Căn cước",
        "Bản sao chứng thực",
        "Số lượng hồ sơ: 01 (bộ)",
        "10 ngày làm việc",
        "08 giờ 15 phút, ngày 12/01/2026",
        "16 giờ 00 phút, ngày 19/01/2026",
        "Phí, lệ phí: 200.000 đồng",
        "Quyển số: 01, Số thứ tự: 42",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Phạm Quốc Đạt",
    ):
        assert expected in text


def test_the_2018_set_names_the_desk_as_decree_61_did(pdfs):
    text = flat(text_of(pdfs(FormSet.CIRCULAR_01_2018, "receipt")))
    assert "Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ của" in text


def test_the_apology_is_numbered_pxl_and_gives_the_new_date(pdfs):
    text = flat(text_of(pdfs(FormSet.CIRCULAR_01_2018, "apology")))
    assert "Số: 05/PXL" in text
    assert "16 giờ 00 phút, ngày 26/01/2026" in text
    assert "GIÁM ĐỐC" in text and "Lê Minh Tuấn" in text


def test_the_control_slip_has_one_row_per_handoff_with_its_result(pdfs):
    text = flat(text_of(pdfs(FormSet.CIRCULAR_03_2025, "control")))
    assert text.count("1. Giao:") == 3
    assert "Trước hạn" in text and "Đúng hạn" in text
    assert "Mẫu số 06" in text


@pytest.mark.parametrize(("form_set", "kind"), ALL_FORMS)
def test_only_the_bundled_serif_is_used_and_it_is_embedded(pdfs, form_set, kind):
    lines = run("pdffonts", str(pdfs(form_set, kind))).splitlines()[2:]
    assert lines, "the PDF has no font"
    for line in lines:
        name, *_ = line.split()
        columns = line.split()
        # name, type…, encoding, emb, sub, uni, object, generation
        embedded, subset = columns[-5], columns[-4]
        assert re.fullmatch(r"[A-Z]{6}\+Motcua-Serif(-Bold|-Italic|-BoldItalic)?", name), line
        assert (embedded, subset) == ("yes", "yes"), line


@pytest.mark.parametrize(("form_set", "kind"), ALL_FORMS)
def test_slips_are_a5_and_the_tracking_book_a4_landscape(pdfs, form_set, kind):
    info = run("pdfinfo", "-f", "1", "-l", "99", str(pdfs(form_set, kind)))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes
    expected = A4_LANDSCAPE if FORMS[form_set][kind].paper == Paper.A4_LANDSCAPE else A5
    for width, height in sizes:
        assert float(width) == pytest.approx(expected[0], abs=0.5)
        assert float(height) == pytest.approx(expected[1], abs=0.5)


@pytest.mark.parametrize(
    "kind", ["receipt", "supplement_request", "refusal", "apology", "stop_processing", "control"]
)
def test_the_qr_code_scans_to_the_public_lookup_url(pdfs, kind, tmp_path):
    pdf = pdfs(FormSet.CIRCULAR_03_2025, kind)
    run("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    image = next(tmp_path.glob("page*.png"))
    decoded = run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image))
    assert decoded.strip() == samples.SAMPLES[kind]().lookup_url


def test_the_tracking_book_numbers_rows_continuously_across_pages(tmp_path):
    book = samples.tracking_book(entries=45, first_number=118)
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(render_slip(book, "2025"))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    assert pages >= 3
    numbers_per_page = []
    for page in range(1, pages + 1):
        text = text_of(pdf, "-layout", "-f", str(page), "-l", str(page))
        # A row starts with its number, then the first half of the dossier code.
        numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s+000\.00\.01\.H49-", text, re.M)]
        assert numbers, f"page {page} has no rows"
        assert "STT" in text and "Mã hồ sơ" in text, f"page {page} lost the column heads"
        numbers_per_page.append(numbers)
    every_number = [n for numbers in numbers_per_page for n in numbers]
    assert every_number == list(range(118, 118 + 45))


def test_the_stop_notice_exists_only_in_the_2025_set():
    with pytest.raises(FormNotInSet):
        render_slip(samples.stop_processing(), "2018")


def test_the_deployment_form_set_is_the_default(settings, pdfs):
    settings.MOTCUA_FORM_SET = "2018"
    text = flat(unicodedata.normalize("NFC", _text_of_bytes(render_slip(samples.apology()))))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text


def _text_of_bytes(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_renderer_refuses_any_file_but_the_bundled_fonts(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    html = HTML(string=f'<img src="{secret.as_uri()}">', url_fetcher=BundledFontsOnly())
    with pytest.raises(BaseException, match="Error fetching"):
        html.write_pdf()
