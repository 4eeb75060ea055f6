"""Money handed over outside the portal, refunds, the receipt PDF, who may see what, and the
daily report in Excel."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from motcua.payments import selectors, services
from motcua.payments.models import GatewayAccount, Payment, PaymentRequest
from motcua.payments.receipts import render_receipt_pdf, store_receipt
from motcua.payments.tests.conftest import FEE

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _request(world):
    return services.request_payment(world.receive(applicant_user=world.citizen), world.reception)


def _bank(world):
    GatewayAccount.objects.create(
        agency=world.justice,
        gateway="transfer",
        bank_name="Vietinbank Quảng Ninh",
        account_number="1234567890",
        account_holder="Sở Tư pháp tỉnh Quảng Ninh",
    )


def test_a_transfer_proof_is_sniffed_and_confirmed_by_staff(fees, client):
    _bank(fees)
    request = _request(fees)
    client.force_login(fees.citizen)
    url = f"/payments/ho-so/{request.dossier.code}/"
    page = client.get(url).content.decode()
    assert "1234567890" in page and "200.000 đ" in page

    fake = SimpleUploadedFile("bien-lai.png", b"not an image", content_type="image/png")
    response = client.post(url + "chung-tu/", {"proof": fake}, follow=True)
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG." in response.content.decode()
    assert not request.payments.exists()

    proof = SimpleUploadedFile("bien-lai.png", PNG, content_type="application/octet-stream")
    client.post(url + "chung-tu/", {"proof": proof})
    payment = request.payments.get()
    assert (payment.status, payment.proof_content_type) == ("awaiting_staff", "image/png")

    client.force_login(fees.other_reception)  # another agency's officer
    assert client.post(f"/payments/giao-dich/{payment.reference}/xac-nhan/").status_code == 403
    client.force_login(fees.reception)
    assert client.get(f"/payments/giao-dich/{payment.reference}/chung-tu/").status_code == 200
    client.post(f"/payments/giao-dich/{payment.reference}/xac-nhan/", {"note": "Đã thấy tiền"})
    payment.refresh_from_db()
    assert (payment.status, payment.confirmed_via, payment.confirmed_by) == (
        "confirmed",
        "staff",
        fees.reception,
    )
    assert request.dossier.events.filter(action="payment_confirmed").count() == 1


def test_a_proof_larger_than_the_limit_is_refused(fees, client, settings):
    _bank(fees)
    settings.MOTCUA_PAYMENTS = {**settings.MOTCUA_PAYMENTS, "PROOF_MAX_BYTES": 50}
    request = _request(fees)
    client.force_login(fees.citizen)
    big = SimpleUploadedFile("a.png", PNG + b"\0" * 100)
    response = client.post(f"/payments/ho-so/{request.dossier.code}/chung-tu/", {"proof": big})
    assert response.status_code == 302 and not request.payments.exists()


def test_cash_at_the_counter_is_confirmed_at_once_and_postal_after_the_money_arrives(fees):
    request = _request(fees)
    cash = services.record_cash(request, actor=fees.reception, note="Quầy số 2")
    assert cash.status == Payment.Status.CONFIRMED
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PAID

    other = _request_for_new_dossier(fees)
    postal = services.record_postal_collection(other, actor=fees.reception, note="Bưu tá Trần B")
    assert postal.status == Payment.Status.AWAITING_STAFF
    assert not selectors.fees_settled(other.dossier)
    services.confirm_by_staff(postal, actor=fees.reception)
    assert selectors.fees_settled(other.dossier)


def _request_for_new_dossier(world):
    return services.request_payment(world.receive(applicant_user=world.citizen))


def test_a_refund_needs_a_reason_and_is_logged(fees):
    request = _request(fees)
    payment = services.record_cash(request, actor=fees.reception)
    try:
        services.refund(payment, actor=fees.reception, reason="  ")
    except services.PaymentError as error:
        assert error.code == "reason_required"
    services.refund(payment, actor=fees.reception, reason="Hồ sơ bị từ chối tiếp nhận")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    event = request.dossier.events.get(action="payment_refunded")
    assert event.note == "Hồ sơ bị từ chối tiếp nhận"


def test_only_the_owner_sees_the_payment_page(fees, client):
    request = _request(fees)
    url = f"/payments/ho-so/{request.dossier.code}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(fees.other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(fees.citizen)
    assert client.get(url).status_code == 200


def test_the_receipt_uses_only_the_bundled_font(fees, tmp_path):
    payment = services.record_cash(_request(fees), actor=fees.reception)
    pdf = render_receipt_pdf(payment)
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert shutil.which("pdffonts"), "poppler-utils (pdffonts) is required"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    lines = fonts.stdout.splitlines()[2:]
    assert lines, "the receipt has no font"
    for line in lines:  # only the bundled serif (Tinos, as "Motcua Serif"), embedded
        columns = line.split()
        assert re.fullmatch(r"[A-Z]{6}\+Motcua-Serif(-Bold|-Italic)?", columns[0]), line
        assert columns[-5] == "yes", line
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ" in text
    assert "200.000 đồng" in text and payment.receipt_number in text
    stored = store_receipt(payment.pk)
    assert stored.receipt and store_receipt(payment.pk).receipt.name == stored.receipt.name


def test_the_daily_report_is_for_the_agencys_staff_and_exports_to_excel(fees, client):
    payment = services.record_cash(_request(fees), actor=fees.reception)
    day = payment.confirmed_at.astimezone().date().isoformat()
    url = f"/payments/bao-cao/{fees.justice.pk}/"
    client.force_login(fees.citizen)
    assert client.get(url).status_code == 403
    client.force_login(fees.other_reception)
    assert client.get(url).status_code == 403
    client.force_login(fees.leader)
    assert "200.000 đ" in client.get(url, {"ngay": day}).content.decode()
    response = client.get(url + "excel/", {"ngay": day})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1] == payment.reference]
    assert rows and rows[0][5] == FEE and rows[0][2] == payment.request.dossier.code
    totals = [row for row in sheet.iter_rows(values_only=True) if row and row[3] == "Tổng thu"]
    assert totals[0][5] == FEE
