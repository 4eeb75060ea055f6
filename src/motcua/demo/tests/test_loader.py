import json

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole
from motcua.catalog.models import AdministrativeUnit, Agency
from motcua.core.models import PortalProfile
from motcua.demo.loader import load_demo


def test_demo_loads_the_real_province_with_its_communes(db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    result = load_demo()

    assert result.province_name == "Tỉnh Quảng Ninh"
    province = AdministrativeUnit.objects.get(code="22", scheme="2025")
    assert province.children.count() == 54
    assert province.children.filter(name="Đặc khu Vân Đồn").exists()
    assert Agency.objects.get(identifier="000.00.00.H49").name == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert PortalProfile.objects.get().province_name == "Tỉnh Quảng Ninh"
    reception = User.objects.get(username="tiepnhan")
    assert reception.has_role(StaffRole.RECEPTION_OFFICER)
    assert reception.agency.identifier == "000.00.07.H49"  # receives Sở Tư pháp's procedures


def test_demo_is_idempotent_and_keeps_passwords(db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    first = load_demo()
    counts = (AdministrativeUnit.objects.count(), Agency.objects.count(), User.objects.count())
    second = load_demo()

    assert counts == (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
    )
    assert first.accounts == second.accounts
    stored = json.loads((tmp_path / "demo-credentials.json").read_text(encoding="utf-8"))
    for account in stored["accounts"]:
        assert User.objects.get(username=account["username"]).check_password(account["password"])
    assert (tmp_path / "demo-credentials.json").stat().st_mode & 0o077 == 0  # owner only
    assert stored["api_token"] == first.api_token == second.api_token


def test_demo_api_token_submits_a_dossier(db, settings, tmp_path):
    from rest_framework.test import APIClient

    settings.MOTCUA_HOME = tmp_path
    result = load_demo()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {result.api_token}")
    response = api.post(
        "/api/v1/dossiers",
        {"procedure": "1.001193", "applicant": {"name": "Nguyễn Văn An"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["agency"]["name"] == "Ủy ban nhân dân Phường Hạ Long"
    assert response.json()["procedure"]["name"] == "Thủ tục đăng ký khai sinh"


def test_demo_resets_a_password_the_credentials_file_no_longer_matches(db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    load_demo()
    citizen = User.objects.get(username="congdan")
    citizen.set_password("changed-by-someone")
    citizen.save()
    result = load_demo()
    password = next(a["password"] for a in result.accounts if a["username"] == "congdan")
    citizen.refresh_from_db()
    assert citizen.check_password(password)
