"""Editing the catalog in the admin: uploads, and a history per procedure."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("quantri-test", "qt@example.vn", "mat-khau-thu-nghiem")
    client.force_login(user)
    return client


def test_an_upload_imports_a_file_and_reports_it(admin_client, tthc_dir):
    upload = SimpleUploadedFile(
        "tthc_toa-an-nhan-dan.jsonl", (tthc_dir / "tthc_toa-an-nhan-dan.jsonl").read_bytes()
    )
    response = admin_client.post(
        reverse("admin:catalog_procedure_import"), {"files": upload}, follow=True
    )
    assert "tạo mới 3" in response.content.decode()
    assert Procedure.objects.count() == 3


def test_a_broken_upload_imports_nothing_and_says_why(admin_client):
    upload = SimpleUploadedFile("x.jsonl", b'{"ma_thu_tuc": "1.000001"')
    response = admin_client.post(
        reverse("admin:catalog_procedure_import"), {"files": upload}, follow=True
    )
    assert "JSON hỏng" in response.content.decode() and not Procedure.objects.exists()


def test_an_admin_edit_is_logged_and_shown_on_the_procedure(admin_client, tthc_dir):
    from motcua.catalog.services import import_file

    import_file(tthc_dir / "tthc_toa-an-nhan-dan.jsonl")
    procedure = Procedure.objects.first()
    url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "lịch sử thay đổi" in page.content.decode().lower()
    procedure.name = "Tên mới của thủ tục"
    procedure.save()
    from motcua.catalog.services import record_admin_change

    record_admin_change(procedure, actor=None, summary="Sửa: name")
    assert ProcedureChange.objects.filter(procedure=procedure, source="admin").exists()
    assert "Sửa: name" in admin_client.get(url).content.decode()
