"""Sign-up with an email address or a phone number, proved by a one-time code: hashed, expiring,
single-use, attempts limited, the latest only."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import services
from motcua.accounts.models import User, VerificationCode
from motcua.notifications.tests.conftest import outbox  # noqa: F401 - fixture
from motcua.sandbox.messaging.models import Message

SIGNUP = VerificationCode.Purpose.SIGNUP
PASSWORD = "Mat-khau-rat-kho-2026"


def sign_up(client, contact="an.nguyen@example.vn", kind="citizen"):
    return client.post(
        reverse("accounts:signup"),
        {
            "kind": kind,
            "full_name": "Nguyễn Văn An",
            "contact": contact,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def code_in(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def issue(user):
    return services.issue_code(user, SIGNUP, services.pending_contact(user))


@pytest.fixture
def pending(db):
    return services.start_signup(
        kind="citizen", full_name="Nguyễn Văn An", contact="an@example.vn", password=PASSWORD
    )


def test_signing_up_by_email_sends_a_code_to_the_sandbox_mailbox_and_the_code_activates(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    user = User.objects.get(username="an.nguyen@example.vn")
    assert not user.is_active and user.email_verified_at is None
    mail = Message.objects.get(channel="email", recipient="an.nguyen@example.vn")
    code = code_in(mail)

    page = client.get(reverse("accounts:verify"))
    assert "an•••••••@example.vn" in page.content.decode()
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in


def test_signing_up_by_phone_sends_the_code_by_sms_through_the_gateway(outbox, client):  # noqa: F811
    sign_up(client, contact="+84 912 345 678")
    sms = Message.objects.get(channel="sms")
    assert sms.recipient == "0912345678"
    assert sms.sender == "MOTCUA"
    assert "Ma xac minh" in sms.body
    client.post(reverse("accounts:verify"), {"code": code_in(sms)})
    user = User.objects.get(username="0912345678")
    assert user.is_active and user.phone == "0912345678" and user.phone_verified_at


def test_the_code_is_stored_only_as_a_salted_hash(pending):
    issued = issue(pending)
    record = VerificationCode.objects.get(pk=issued.record.pk)
    assert issued.code not in (record.code_hash, record.salt)
    assert len(record.code_hash) == 64


def test_a_code_works_once(pending):
    issued = issue(pending)
    services.verify_code(pending, SIGNUP, issued.code)
    with pytest.raises(services.AccountError) as error:
        services.verify_code(pending, SIGNUP, issued.code)
    assert error.value.code == "no_code"


def test_an_expired_code_is_refused(pending, settings):
    issued = issue(pending)
    VerificationCode.objects.filter(pk=issued.record.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(services.AccountError) as error:
        services.verify_code(pending, SIGNUP, issued.code)
    assert error.value.code == "expired"
    pending.refresh_from_db()
    assert not pending.is_active


def test_wrong_attempts_are_counted_and_then_even_the_right_code_is_refused(pending, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "CODE_MAX_ATTEMPTS": 3}
    issued = issue(pending)
    wrong = f"{(int(issued.code) + 1) % 1_000_000:06d}"
    for left in (2, 1):
        with pytest.raises(services.AccountError) as error:
            services.verify_code(pending, SIGNUP, wrong)
        assert f"còn {left} lần" in error.value.message
    with pytest.raises(services.AccountError):
        services.verify_code(pending, SIGNUP, wrong)
    with pytest.raises(services.AccountError) as error:
        services.verify_code(pending, SIGNUP, issued.code)
    assert error.value.code == "too_many_attempts"
    assert VerificationCode.objects.get(pk=issued.record.pk).attempts == 3


def test_a_new_code_revokes_the_earlier_one(pending):
    first = issue(pending)
    second = issue(pending)
    if first.code != second.code:
        with pytest.raises(services.AccountError):
            services.verify_code(pending, SIGNUP, first.code)
    services.verify_code(pending, SIGNUP, second.code)
    assert VerificationCode.objects.get(pk=first.record.pk).revoked_at is not None


def test_codes_sent_to_one_account_are_limited_per_hour(pending, settings):
    settings.MOTCUA_ACCOUNTS = {**settings.MOTCUA_ACCOUNTS, "CODE_SENDS_PER_HOUR": 2}
    issue(pending)
    issue(pending)
    with pytest.raises(services.AccountError) as error:
        issue(pending)
    assert error.value.code == "too_many_codes"


def test_a_verified_email_cannot_sign_up_again_but_an_unfinished_sign_up_is_taken_over(client, db):
    first = services.start_signup(
        kind="citizen", full_name="Người thứ nhất", contact="x@example.vn", password=PASSWORD
    )
    again = services.start_signup(
        kind="business", full_name="Người thứ hai", contact="X@example.vn", password=PASSWORD
    )
    assert again.pk == first.pk and again.full_name == "Người thứ hai"
    services.verify_code(again, SIGNUP, issue(again).code)

    response = sign_up(client, contact="x@example.vn")
    assert response.status_code == 200
    assert "đã có tài khoản" in response.content.decode()


def test_the_sign_up_form_explains_its_errors_in_vietnamese(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "citizen",
            "full_name": "",
            "contact": "12345",
            "password1": "1",
            "password2": "2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "số điện thoại di động Việt Nam" in html
    assert "Hai lần nhập mật khẩu không khớp nhau." in html
