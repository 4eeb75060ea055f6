"""``motcua render-slip``: samples a person can open, and a clear refusal for a missing form."""

import subprocess

import pytest
from django.core.management import CommandError, call_command


def test_render_slip_all_writes_one_pdf_per_form_of_the_set(tmp_path):
    call_command("render_slip", "all", str(tmp_path), "--sample", "--form-set", "2025")
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "mau-01-receipt.pdf",
        "mau-02-supplement-request.pdf",
        "mau-03-refusal.pdf",
        "mau-04-apology.pdf",
        "mau-05-stop-processing.pdf",
        "mau-06-control.pdf",
        "mau-07-tracking-book.pdf",
    ]
    for path in tmp_path.iterdir():
        assert path.read_bytes().startswith(b"%PDF-")


def test_render_slip_writes_the_form_asked_for(tmp_path):
    output = tmp_path / "giay-tiep-nhan.pdf"
    call_command("render_slip", "receipt", str(output), "--sample", "--form-set", "2018")
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split())  # the title wraps beside the QR code
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text


def test_a_form_missing_from_the_set_is_a_user_error(tmp_path):
    with pytest.raises(CommandError, match="01/2018/TT-VPCP has no form") as error:
        output = str(tmp_path / "x.pdf")
        call_command("render_slip", "stop-processing", output, "--sample", "--form-set", "2018")
    assert error.value.returncode == 2
