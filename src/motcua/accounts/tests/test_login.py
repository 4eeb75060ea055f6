"""Sign-in with a username, an email address or a phone number; the lockout after repeated
failures; the per-address rate limit."""

import pytest
from django.urls import reverse

from motcua.accounts import services
from motcua.accounts.models import User

PASSWORD = "Mat-khau-rat-kho-2026"


@pytest.fixture
def citizen(db):
    user = User.objects.create_user(
        username="congdan",
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        email="an@example.vn",
        phone="0912345678",
    )
    User.objects.filter(pk=user.pk).update(
        email_verified_at="2026-11-01T00:00Z", phone_verified_at="2026-11-01T00:00Z"
    )
    return user


def login(client, identifier, password=PASSWORD):
    return client.post(reverse("login"), {"username": identifier, "password": password})


@pytest.mark.parametrize("identifier", ["congdan", "CongDan", "AN@example.vn", "+84912345678"])
def test_a_citizen_signs_in_with_username_email_or_phone(client, citizen, identifier):
    response = login(client, identifier)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_the_account_locks_after_repeated_failures_whichever_identifier_is_typed(
    client, citizen, settings
):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "LOGIN_MAX_FAILURES": 3}
    for identifier in ("congdan", "an@example.vn", "0912345678"):
        response = login(client, identifier, "sai-mat-khau")
        assert response.status_code == 200
    html = response.content.decode()
    assert "Tài khoản tạm thời bị khóa vì đăng nhập sai nhiều lần" in html

    # Even the right password is refused while locked.
    response = login(client, "congdan")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in response.content.decode()


def test_a_successful_sign_in_clears_the_failure_count(client, citizen, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "LOGIN_MAX_FAILURES": 3}
    login(client, "congdan", "sai")
    login(client, "congdan", "sai")
    assert login(client, "congdan").status_code == 302
    client.logout()
    login(client, "congdan", "sai")
    login(client, "congdan", "sai")
    assert login(client, "congdan").status_code == 302


def test_the_lockout_ends_after_its_period(client, citizen, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "LOGIN_MAX_FAILURES": 2}
    login(client, "congdan", "sai")
    login(client, "congdan", "sai")
    key = services.throttle_key("congdan")
    assert services.locked_until(key) is not None
    from motcua.accounts.models import LoginThrottle

    LoginThrottle.objects.filter(key=key).update(locked_until="2000-01-01T00:00Z")
    assert login(client, "congdan").status_code == 302


def test_one_address_may_try_only_so_often(client, citizen, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "LOGIN_RATE_LIMIT": 2}
    login(client, "khong-ton-tai-1", "x")
    login(client, "khong-ton-tai-2", "x")
    response = login(client, "congdan")
    assert "_auth_user_id" not in client.session
    assert "quá nhiều lần từ thiết bị này" in response.content.decode()


def test_an_unfinished_sign_up_is_sent_to_the_code_page(client, db):
    services.start_signup(
        kind="citizen", full_name="Trần Bình", contact="binh@example.vn", password=PASSWORD
    )
    response = login(client, "binh@example.vn")
    assert response["Location"] == reverse("accounts:verify")


def test_the_login_page_offers_vneid_and_sign_up(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập bằng VNeID" in html
    assert reverse("accounts:signup") in html


def test_the_admin_sign_in_has_the_same_lockout(client, db, settings):
    User.objects.create_user(username="quantri", password=PASSWORD, is_staff=True, kind="staff")
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "LOGIN_MAX_FAILURES": 2}
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "quantri", "password": "sai"})
    response = client.post(reverse("admin:login"), {"username": "quantri", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in response.content.decode()


def test_a_citizen_cannot_sign_in_to_the_admin(client, citizen):
    response = client.post(reverse("admin:login"), {"username": "congdan", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
