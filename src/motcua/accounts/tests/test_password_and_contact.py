"""A forgotten password reset with a one-time code, a password changed when signed in, and a
new email or phone proved before it replaces the old one."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import services
from motcua.accounts.models import User, VerificationCode
from motcua.notifications.models import Notification
from motcua.notifications.tests.conftest import outbox  # noqa: F401 - fixture
from motcua.sandbox.messaging.models import Message

PASSWORD = "Mat-khau-rat-kho-2026"
NEW_PASSWORD = "Mat-khau-moi-cua-An-2027"
RESET = VerificationCode.Purpose.RESET


@pytest.fixture(autouse=True)
def quick_answers(settings):
    # The floor on the reset answer's time, made short; one test checks it holds.
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "RESET_MIN_MILLISECONDS": 150}


def make_user(username="congdan", email="an@example.vn", phone="0912345678", **extra):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        email=email,
        phone=phone,
        **extra,
    )
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        email_verified_at=now if email else None, phone_verified_at=now if phone else None
    )
    user.refresh_from_db()
    return user


@pytest.fixture
def citizen(db):
    return make_user()


def code_in(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def ask_reset(client, contact):
    return client.post(reverse("accounts:password-reset"), {"contact": contact})


def reset(client, code, password=NEW_PASSWORD):
    return client.post(
        reverse("accounts:password-reset-confirm"),
        {"code": code, "password1": password, "password2": password},
    )


def same_page(html: str, masked: str) -> str:
    """The page without what differs by design: the address typed and the CSRF token."""
    html = html.replace(masked, "ADDRESS")
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html)


def signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


# --- a forgotten password -------------------------------------------------------------------


def test_the_sign_in_page_links_to_the_forgotten_password_page(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("accounts:password-reset")}"' in html
    assert "Quên mật khẩu?" in html


def test_a_citizen_resets_a_forgotten_password_by_email_and_other_sessions_end(client, citizen):
    elsewhere = Client()
    elsewhere.force_login(citizen)
    assert signed_in(elsewhere)

    response = ask_reset(client, "AN@example.vn")
    assert response["Location"] == reverse("accounts:password-reset-confirm")
    mail = Message.objects.get(channel="email", recipient="an@example.vn")
    assert "đặt lại mật khẩu" in mail.body
    record = VerificationCode.objects.get(user=citizen, purpose=RESET)
    assert code_in(mail) not in (record.code_hash, record.salt)

    page = client.get(reverse("accounts:password-reset-confirm")).content.decode()
    assert "an•@example.vn" in page and "an@example.vn" not in page
    response = reset(client, code_in(mail))
    assert response["Location"] == reverse("login")

    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD) and not citizen.check_password(PASSWORD)
    assert not signed_in(elsewhere)  # the other session ended with the old password
    notice = Notification.objects.get(event="password_changed", user=citizen)
    assert "đặt lại bằng mã xác minh" in notice.text
    login = client.post(reverse("login"), {"username": "an@example.vn", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert VerificationCode.objects.get(pk=record.pk).used_at is not None  # used, once


def test_a_reset_code_goes_by_sms_to_a_verified_phone(outbox, client, citizen):  # noqa: F811
    ask_reset(client, "+84 912 345 678")
    sms = Message.objects.get(channel="sms", recipient="0912345678")
    assert "dat lai mat khau" in sms.body
    reset(client, code_in(sms))
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)


def test_the_answer_is_the_same_whether_an_account_exists_or_not(client, citizen):
    started = time.monotonic()
    known = ask_reset(client, "an@example.vn")
    known_page = client.get(known["Location"]).content.decode()
    known_seconds = time.monotonic() - started

    other = Client()
    started = time.monotonic()
    unknown = ask_reset(other, "nobody@example.vn")
    unknown_page = other.get(unknown["Location"]).content.decode()
    unknown_seconds = time.monotonic() - started

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert same_page(known_page, "an•@example.vn") == same_page(unknown_page, "no••••@example.vn")
    assert min(known_seconds, unknown_seconds) >= 0.15  # both wait out the floor
    assert not Message.objects.filter(recipient="nobody@example.vn").exists()

    wrong = reset(client, "000000").content.decode()
    wrong_unknown = reset(other, "000000").content.decode()
    message = "Mã xác minh không đúng, đã hết hạn hoặc đã dùng hết lượt nhập."
    assert message in wrong and message in wrong_unknown


def test_an_unverified_address_or_a_locked_account_gets_no_code(client, db):
    make_user(username="chua-xac-minh", email="", phone="0987654321")
    User.objects.filter(username="chua-xac-minh").update(email="unverified@example.vn")
    make_user(username="bi-khoa", email="locked@example.vn", phone="", is_active=False)
    for contact in ("unverified@example.vn", "locked@example.vn"):
        assert ask_reset(client, contact).status_code == 302
    assert not Message.objects.filter(channel="email").exists()
    assert not VerificationCode.objects.filter(purpose=RESET).exists()


def test_staff_accounts_are_reset_by_an_administrator_only(client, db):
    officer = make_user(
        username="canbo", email="canbo@example.vn", phone="", kind=User.Kind.STAFF, is_staff=True
    )
    response = ask_reset(client, "canbo@example.vn")
    assert response.status_code == 302  # the same answer: it does not tell a staff account exists
    assert not Message.objects.filter(recipient="canbo@example.vn").exists()
    assert "Tài khoản cán bộ, công chức: liên hệ quản trị viên" in (
        client.get(reverse("accounts:password-reset")).content.decode()
    )
    with pytest.raises(services.AccountError):
        services.reset_password(
            services.Contact("email", "canbo@example.vn"), "123456", NEW_PASSWORD
        )
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_wrong_code_is_counted_and_the_account_keeps_its_password(client, citizen, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "CODE_MAX_ATTEMPTS": 2}
    ask_reset(client, "an@example.vn")
    code = code_in(Message.objects.get(channel="email"))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    reset(client, wrong)
    reset(client, wrong)
    response = reset(client, code)  # attempts used up: even the right code fails now
    assert response.status_code == 200
    assert "đã dùng hết lượt nhập" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)
    assert not Notification.objects.filter(event="password_changed").exists()


def test_the_new_password_must_pass_the_validators(client, citizen):
    ask_reset(client, "an@example.vn")
    code = code_in(Message.objects.get(channel="email"))
    response = reset(client, code, password="12345678")
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in html
    assert VerificationCode.objects.get(purpose=RESET).attempts == 0  # the code is not spent
    assert reset(client, code)["Location"] == reverse("login")


def test_reset_requests_are_limited_per_address_and_per_client(client, citizen, settings):
    settings.MOTCUA_ACCOUNTS = {
        **settings.MOTCUA_ACCOUNTS,
        "RESET_PER_CONTACT_LIMIT": 2,
        "RESET_RATE_LIMIT": 3,
    }
    for _ in range(2):
        assert ask_reset(client, "an@example.vn").status_code == 302
    refused = ask_reset(Client(REMOTE_ADDR="10.0.0.9"), "an@example.vn")
    assert refused.status_code == 200
    assert "quá nhiều lần" in refused.content.decode()
    assert Message.objects.filter(recipient="an@example.vn").count() == 2

    assert ask_reset(client, "someone@example.vn").status_code == 302
    refused = ask_reset(client, "another@example.vn")  # 4th from this client
    assert "quá nhiều lần" in refused.content.decode()


# --- signed in: the password ----------------------------------------------------------------


def change(client, old, new=NEW_PASSWORD):
    return client.post(
        reverse("accounts:password-change"),
        {"old_password": old, "password1": new, "password2": new},
    )


def test_changing_the_password_needs_the_old_one_and_ends_other_sessions(client, citizen):
    client.force_login(citizen)
    elsewhere = Client()
    elsewhere.force_login(citizen)

    response = change(client, "not-my-password")
    assert "Mật khẩu hiện tại không đúng." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)

    response = change(client, PASSWORD)
    assert response["Location"] == reverse("accounts:profile")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert signed_in(client) and not signed_in(elsewhere)
    assert Notification.objects.filter(event="password_changed", user=citizen).exists()


def test_the_password_pages_need_a_signed_in_person(client, db):
    for name in ("accounts:password-change", "accounts:contact-change", "accounts:contact-verify"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- signed in: the email address or the phone ---------------------------------------------


def test_a_new_email_replaces_the_old_one_only_after_its_code_and_the_old_one_is_told(client, db):
    user = make_user(username="an@example.vn")  # signed up by email: the username is the email
    client.force_login(user)
    response = client.post(reverse("accounts:contact-change"), {"contact": "An.Moi@Example.vn"})
    assert response["Location"] == reverse("accounts:contact-verify")
    user.refresh_from_db()
    assert user.email == "an@example.vn"  # not yet
    mail = Message.objects.get(channel="email", recipient="an.moi@example.vn")
    assert "an••••@example.vn" in client.get(reverse("accounts:contact-verify")).content.decode()

    response = client.post(reverse("accounts:contact-verify"), {"code": code_in(mail)})
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.email == "an.moi@example.vn" and user.email_verified_at
    assert user.username == "an.moi@example.vn"  # the old address signs in nowhere now
    assert services.find_user("an@example.vn") is None
    notice = Notification.objects.get(event="contact_changed")
    assert notice.recipient_email == "an@example.vn" and notice.recipient_phone == ""
    assert "an****@example.vn" in notice.text


def test_a_new_phone_is_proved_by_sms(outbox, client, citizen):  # noqa: F811
    client.force_login(citizen)
    client.post(reverse("accounts:contact-change"), {"contact": "0987 654 321"})
    sms = Message.objects.get(channel="sms", recipient="0987654321")
    client.post(reverse("accounts:contact-verify"), {"code": code_in(sms)})
    citizen.refresh_from_db()
    assert citizen.phone == "0987654321" and citizen.username == "congdan"
    notice = Notification.objects.get(event="contact_changed")
    assert notice.recipient_phone == "0912345678"


def test_an_address_of_another_account_is_refused_without_saying_whose(client, citizen):
    make_user(username="nguoi-khac", email="khac@example.vn", phone="0977000111")
    client.force_login(citizen)
    for contact in ("KHAC@example.vn", "0977000111"):
        response = client.post(reverse("accounts:contact-change"), {"contact": contact})
        html = response.content.decode()
        assert response.status_code == 200
        assert "đã được dùng cho một tài khoản khác" in html
        assert "nguoi-khac" not in html
    response = client.post(reverse("accounts:contact-change"), {"contact": "12345"})
    assert "số điện thoại di động Việt Nam" in response.content.decode()
    assert not VerificationCode.objects.filter(purpose=VerificationCode.Purpose.CONTACT).exists()


def test_an_address_verified_elsewhere_meanwhile_is_not_taken(client, citizen):
    client.force_login(citizen)
    client.post(reverse("accounts:contact-change"), {"contact": "moi@example.vn"})
    code = code_in(Message.objects.get(recipient="moi@example.vn"))
    make_user(username="nhanh-tay", email="moi@example.vn", phone="")
    response = client.post(reverse("accounts:contact-verify"), {"code": code})
    assert "vừa được xác minh cho một tài khoản khác" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == "an@example.vn"


def test_the_profile_offers_the_password_and_contact_changes(client, citizen):
    client.force_login(citizen)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:password-change") in html
    assert reverse("accounts:contact-change") in html


def test_the_current_verified_address_is_not_a_change(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("accounts:contact-change"), {"contact": "AN@example.vn"})
    assert "Đây đã là địa chỉ của tài khoản của bạn." in response.content.decode()
    assert not VerificationCode.objects.filter(purpose=VerificationCode.Purpose.CONTACT).exists()


def test_an_account_opened_through_vneid_sets_a_password_without_an_old_one(client, db):
    user = User.objects.create_user(username="vneid-0001", full_name="Hoàng Văn Em")
    assert not user.has_usable_password()
    client.force_login(user)
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert "Mật khẩu hiện tại" not in page
    response = client.post(
        reverse("accounts:password-change"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
