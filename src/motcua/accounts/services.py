"""Every change to citizens' and businesses' accounts: sign-up, one-time verification codes,
the profile, failed sign-ins and the lockout, and accounts linked to a national identity provider.

Views, the login form and the single sign-on flow call these functions; nothing else writes the
accounts' tables. Codes are stored only as salted HMACs; a code is checked in a transaction with
its row locked, so two guesses at the same moment are both counted. Sending a code (email, SMS)
happens after the transaction that created it: a slow provider never holds a lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import validate_citizen_id
from motcua.accounts.models import ExternalIdentity, LoginThrottle, User, VerificationCode
from motcua.core.portal import portal_identity
from motcua.notifications.base import Address, DeliveryError, OutgoingMessage
from motcua.notifications.phone import national

logger = logging.getLogger(__name__)


class AccountError(Exception):
    """The change could not be made; ``message`` is for the person, in Vietnamese."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def config() -> dict:
    return settings.MOTCUA_ACCOUNTS


# --- identifiers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    channel: str  # VerificationCode.Channel
    value: str  # the email lowercased, or the phone in its national form 0xxxxxxxxx


def parse_contact(value: str) -> Contact:
    """An email address or a Vietnamese mobile number, as typed in the sign-up form."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise AccountError(
                _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)."), "bad_email"
            ) from None
        return Contact(VerificationCode.Channel.EMAIL, value.lower())
    phone = national(value)
    if phone is None:
        raise AccountError(
            _("Nhập địa chỉ thư điện tử hoặc số điện thoại di động Việt Nam (ví dụ: 0912345678)."),
            "bad_contact",
        )
    return Contact(VerificationCode.Channel.SMS, phone)


def find_user(identifier: str) -> User | None:
    """The account signed in with ``identifier``: a username, an email address or a phone.

    A username matches exactly (case-insensitively); an email or a phone matches a verified one
    first, otherwise the only account that has it (two unverified accounts with the same email
    sign in with neither).
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username__iexact=identifier).first()
    if user is not None:
        return user
    if "@" in identifier:
        verified = Q(email_verified_at__isnull=False)
        candidates = User.objects.filter(email__iexact=identifier)
    else:
        phone = national(identifier)
        if phone is None:
            return None
        verified = Q(phone_verified_at__isnull=False)
        candidates = User.objects.filter(phone__in={phone, "+84" + phone[1:]})
    user = candidates.filter(verified).first()
    if user is not None:
        return user
    matches = list(candidates[:2])
    return matches[0] if len(matches) == 1 else None


# --- sign-up --------------------------------------------------------------------------------


def _taken(contact: Contact) -> Q:
    if contact.channel == VerificationCode.Channel.EMAIL:
        return Q(email__iexact=contact.value, email_verified_at__isnull=False)
    return Q(phone=contact.value, phone_verified_at__isnull=False)


@transaction.atomic
def start_signup(*, kind: str, full_name: str, contact: str, password: str) -> User:
    """Create an inactive account for ``contact`` (email or phone); it becomes active when the
    code sent there is entered (``verify_code``).

    A sign-up never finished (inactive, nothing verified) with the same email or phone is taken
    over: whoever proves they hold the address owns the account. A verified one is refused.
    """
    parsed = parse_contact(contact)
    if kind not in {User.Kind.CITIZEN, User.Kind.BUSINESS}:
        raise AccountError(_("Loại tài khoản không hợp lệ."), "bad_kind")
    if User.objects.filter(_taken(parsed)).exists():
        raise AccountError(
            _(
                "Địa chỉ thư điện tử hoặc số điện thoại này đã có tài khoản. "
                "Vui lòng đăng nhập, hoặc dùng địa chỉ khác."
            ),
            "taken",
        )
    user = (
        User.objects.select_for_update()
        .filter(username=parsed.value, is_active=False, last_login__isnull=True)
        .filter(email_verified_at__isnull=True, phone_verified_at__isnull=True)
        .first()
    )
    if user is None:
        if User.objects.filter(username__iexact=parsed.value).exists():
            raise AccountError(
                _("Tên đăng nhập này đã được dùng. Vui lòng đăng nhập."), "username_taken"
            )
        user = User(username=parsed.value)
    user.kind = kind
    user.full_name = full_name.strip()
    user.is_active = False
    if parsed.channel == VerificationCode.Channel.EMAIL:
        user.email = parsed.value
    else:
        user.phone = parsed.value
    user.set_password(password)
    user.save()
    return user


def pending_contact(user: User) -> Contact:
    """Where the sign-up code of ``user`` goes: the address they signed up with."""
    if user.email and user.username == user.email.lower():
        return Contact(VerificationCode.Channel.EMAIL, user.email.lower())
    return Contact(VerificationCode.Channel.SMS, user.phone)


# --- one-time codes -------------------------------------------------------------------------


def _hash_code(salt: str, code: str) -> str:
    return salted_hmac(
        "motcua.accounts.verification", f"{salt}:{code}", algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    record: VerificationCode
    code: str  # in clear, only in memory: to be sent, never stored


def issue_code(user: User, purpose: str, contact: Contact) -> IssuedCode:
    """Make a new 6-digit code for ``user`` (revoking their earlier ones of this purpose).

    Refused when too many codes were sent to this account in the last hour.
    """
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one issuer at a time
        recent = VerificationCode.objects.filter(
            user=user, purpose=purpose, created_at__gte=now - dt.timedelta(hours=1)
        ).count()
        if recent >= config()["CODE_SENDS_PER_HOUR"]:
            raise AccountError(
                _("Bạn đã yêu cầu gửi mã quá nhiều lần. Vui lòng thử lại sau một giờ."),
                "too_many_codes",
            )
        VerificationCode.objects.filter(
            user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        salt = secrets.token_hex(16)
        record = VerificationCode.objects.create(
            user=user,
            purpose=purpose,
            channel=contact.channel,
            destination=contact.value,
            salt=salt,
            code_hash=_hash_code(salt, code),
            expires_at=now + dt.timedelta(seconds=config()["CODE_TTL_SECONDS"]),
        )
    return IssuedCode(record, code)


def code_message(issued: IssuedCode) -> tuple[str, str]:
    """(subject, text) of the message carrying the code, worded for its purpose. The SMS text is
    plain ASCII so one message holds it (brandname gateways also want it registered as a
    template)."""
    minutes = config()["CODE_TTL_SECONDS"] // 60
    portal = portal_identity().title
    purpose = issued.record.purpose
    values = {"code": issued.code, "minutes": minutes, "portal": portal}
    if issued.record.channel == VerificationCode.Channel.SMS:
        what = {
            VerificationCode.Purpose.RESET: "dat lai mat khau tai khoan",
            VerificationCode.Purpose.CONTACT: "xac minh so dien thoai moi cua tai khoan",
        }.get(purpose, "xac minh tai khoan")
        return "", (
            f"Ma {what} Cong Dich vu cong cua ban la {issued.code}. "
            f"Ma co hieu luc {minutes} phut. Khong cung cap ma nay cho bat ky ai."
        )
    if purpose == VerificationCode.Purpose.RESET:
        subject = _("Mã đặt lại mật khẩu %(portal)s") % values
        body = (
            _(
                "Xin chào,\n\nMã đặt lại mật khẩu tài khoản của bạn là: %(code)s\n\n"
                "Mã có hiệu lực trong %(minutes)s phút và chỉ dùng được một lần. Không cung cấp "
                "mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.\n\nNếu bạn không yêu cầu "
                "đặt lại mật khẩu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.\n\n"
                "%(portal)s"
            )
            % values
        )
        return subject, body
    if purpose == VerificationCode.Purpose.CONTACT:
        subject = _("Mã xác minh địa chỉ thư điện tử mới %(portal)s") % values
        body = (
            _(
                "Xin chào,\n\nMã xác minh địa chỉ thư điện tử mới của tài khoản của bạn là: "
                "%(code)s\n\nMã có hiệu lực trong %(minutes)s phút và chỉ dùng được một lần. "
                "Không cung cấp mã này cho bất kỳ ai.\n\nNếu bạn không yêu cầu đổi địa chỉ, hãy "
                "bỏ qua thư này.\n\n%(portal)s"
            )
            % values
        )
        return subject, body
    subject = _("Mã xác minh tài khoản %(portal)s") % {"portal": portal}
    body = _(
        "Xin chào,\n\nMã xác minh tài khoản của bạn là: %(code)s\n\n"
        "Mã có hiệu lực trong %(minutes)s phút và chỉ dùng được một lần. Không cung cấp mã này "
        "cho bất kỳ ai, kể cả người tự xưng là cán bộ.\n\nNếu bạn không đăng ký tài khoản, hãy "
        "bỏ qua thư này.\n\n%(portal)s"
    ) % {"code": issued.code, "minutes": minutes, "portal": portal}
    return subject, body


def deliver_code(issued: IssuedCode, name: str = "") -> None:
    """Send the code by email (Django's email backend: the sandbox mailbox outside prod) or by
    SMS (the SMS channel's gateway: the sandbox outside prod). Raises AccountError when the
    provider refuses or cannot be reached; the person may ask for a new code."""
    record = issued.record
    subject, body = code_message(issued)
    key = f"motcua-otp-{record.pk}-{record.salt[:8]}"
    if record.channel == VerificationCode.Channel.EMAIL:
        backend = settings.MOTCUA_NOTIFICATIONS["EMAIL_BACKEND"] or None
        email = EmailMessage(
            subject=subject,
            body=body,
            to=[record.destination],
            headers={"X-Motcua-Idempotency-Key": key},
            connection=get_connection(backend, fail_silently=False),
        )
        try:
            email.send(fail_silently=False)
        except Exception as error:  # SMTP, socket, backend: all mean "not sent"
            logger.warning("verification email to %s not sent: %s", record.destination, error)
            raise AccountError(
                _("Chưa gửi được thư chứa mã xác minh. Vui lòng bấm “Gửi lại mã” sau ít phút."),
                "not_sent",
            ) from None
        return
    from motcua.notifications.registry import channels

    try:
        channels["sms"].send(
            OutgoingMessage(
                address=Address(name=name, phone=record.destination),
                idempotency_key=key,
                body=body,
            )
        )
    except DeliveryError as error:
        logger.warning("verification SMS to %s not sent: %s", record.destination, error)
        raise AccountError(
            _("Chưa gửi được tin nhắn chứa mã xác minh. Vui lòng bấm “Gửi lại mã” sau ít phút."),
            "not_sent",
        ) from None


def send_code(user: User, purpose: str, contact: Contact) -> VerificationCode:
    issued = issue_code(user, purpose, contact)
    deliver_code(issued, name=user.full_name)
    return issued.record


def verify_code(user: User, purpose: str, code: str, *, on_success=None) -> VerificationCode:
    """Check ``code`` against the account's current code; on success mark it used and apply
    what it proves, in the same transaction: ``on_success(record, now)`` when given, otherwise
    the purpose's own effect (sign-up: the address is verified and the account active; a new
    contact: it replaces the old one).

    Raises AccountError: no code, expired, used up by too many attempts, or wrong (with the
    number of attempts left). Every wrong attempt is counted, even when it raises.
    """
    code = "".join((code or "").split())
    now = timezone.now()
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, revoked_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        problem = _check(record, code, now)
        if problem is None:
            record.used_at = now
            record.save(update_fields=["used_at", "attempts"])
            try:
                with transaction.atomic():
                    (on_success or _EFFECTS[record.purpose])(record, now)
            except IntegrityError:
                problem = AccountError(
                    _("Địa chỉ này vừa được xác minh cho một tài khoản khác."), "taken"
                )
        elif record is not None and problem.code == "wrong":
            record.save(update_fields=["attempts"])
    if problem is not None:
        raise problem
    return record


def _check(record: VerificationCode | None, code: str, now) -> AccountError | None:
    if record is None or record.used_at is not None:
        return AccountError(
            _("Không có mã xác minh nào đang chờ. Vui lòng bấm “Gửi lại mã”."), "no_code"
        )
    if record.expires_at <= now:
        return AccountError(_("Mã xác minh đã hết hạn. Vui lòng bấm “Gửi lại mã”."), "expired")
    limit = config()["CODE_MAX_ATTEMPTS"]
    if record.attempts >= limit:
        return AccountError(
            _("Bạn đã nhập sai quá %(limit)s lần. Vui lòng bấm “Gửi lại mã” để nhận mã mới.")
            % {"limit": limit},
            "too_many_attempts",
        )
    record.attempts += 1
    expected = record.code_hash.encode()
    if not (
        code.isdigit() and hmac.compare_digest(_hash_code(record.salt, code).encode(), expected)
    ):
        left = limit - record.attempts
        if left <= 0:
            return AccountError(
                _("Mã xác minh không đúng. Bạn đã hết lượt nhập; vui lòng bấm “Gửi lại mã”."),
                "wrong",
            )
        return AccountError(
            _("Mã xác minh không đúng. Bạn còn %(left)s lần nhập.") % {"left": left}, "wrong"
        )
    return None


def _apply_signup(record: VerificationCode, now) -> None:
    user = User.objects.select_for_update().get(pk=record.user_id)
    if record.channel == VerificationCode.Channel.EMAIL:
        user.email, user.email_verified_at = record.destination, now
    else:
        user.phone, user.phone_verified_at = record.destination, now
    user.is_active = True
    user.save(
        update_fields=["email", "email_verified_at", "phone", "phone_verified_at", "is_active"]
    )


def _apply_contact(record: VerificationCode, now) -> None:
    """The new address, proved, replaces the old one. A username that was the old address
    follows it, so the old address signs in nowhere; a sign-up never finished that holds the
    new address as its username is dropped (whoever proves the address owns it)."""
    user = User.objects.select_for_update().get(pk=record.user_id)
    email = record.channel == VerificationCode.Channel.EMAIL
    old = (user.email or "").lower() if email else user.phone
    if email:
        user.email, user.email_verified_at = record.destination, now
    else:
        user.phone, user.phone_verified_at = record.destination, now
    fields = ["email", "email_verified_at"] if email else ["phone", "phone_verified_at"]
    if old and user.username.lower() == old:
        abandoned = _abandoned_signups().filter(username__iexact=record.destination)
        abandoned.exclude(pk=user.pk).delete()
        others = User.objects.filter(username__iexact=record.destination).exclude(pk=user.pk)
        if not others.exists():
            user.username = record.destination
            fields.append("username")
    user.save(update_fields=fields)


def _no_effect(record: VerificationCode, now) -> None:
    """A password reset code proves nothing by itself: ``reset_password`` passes its own."""
    raise ValueError("a password reset code is checked by reset_password")


_EFFECTS = {
    VerificationCode.Purpose.SIGNUP: _apply_signup,
    VerificationCode.Purpose.CONTACT: _apply_contact,
    VerificationCode.Purpose.RESET: _no_effect,
}


def _abandoned_signups():
    return User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        email_verified_at__isnull=True,
        phone_verified_at__isnull=True,
    )


def mask_contact(value: str, dot: str = "•") -> str:
    """An address shown without giving it away: ``an••••@example.vn``, ``091••••678``."""
    if "@" in value:
        name, _at, domain = value.partition("@")
        return f"{name[:2]}{dot * max(len(name) - 2, 1)}@{domain}"
    return f"{value[:3]}{dot * 4}{value[-3:]}"


# --- a forgotten password -------------------------------------------------------------------
#
# Anyone may ask for a reset code for an email address or a phone number; the answer is the
# same whether an account has it or not, and so is the page that asks for the code. Only an
# active citizen or business account whose *verified* address it is gets a code. Staff accounts
# never do: they hold processing and signing rights, so a stolen mailbox must not open them;
# an administrator resets a staff password (admin, or ``motcua manage changepassword``).

RESET_FAILED = "reset_failed"


def may_reset_password(user: User) -> bool:
    """Whether this account may reset its own password with a code (not staff)."""
    return (
        user.is_active
        and user.kind in {User.Kind.CITIZEN, User.Kind.BUSINESS}
        and not user.is_staff
        and not user.is_superuser
    )


def reset_target(contact: Contact) -> User | None:
    """The account a reset code for ``contact`` goes to, or None (unknown, unverified, staff)."""
    if contact.channel == VerificationCode.Channel.EMAIL:
        match = Q(email__iexact=contact.value, email_verified_at__isnull=False)
    else:
        match = Q(phone=contact.value, phone_verified_at__isnull=False)
    user = User.objects.filter(match).first()
    return user if user is not None and may_reset_password(user) else None


def request_password_reset(contact: Contact) -> None:
    """Send a reset code to ``contact`` when an account may be reset through it; otherwise do
    nothing. Never raises for a reason that would tell whether the account exists (too many
    codes, a provider that failed): those are logged."""
    user = reset_target(contact)
    if user is None:
        logger.info("password reset asked for an address with no account that may reset")
        return
    try:
        send_code(user, VerificationCode.Purpose.RESET, contact)
    except AccountError as error:
        logger.warning("password reset code for user %s not sent: %s", user.pk, error.code)


def reset_password(contact: Contact, code: str, new_password: str) -> User:
    """Set ``new_password`` on the account of ``contact`` if ``code`` is its current reset code.

    Every failure (no such account, no code, wrong, expired, used up) raises the same
    AccountError, so the answer tells nothing about the account. The password and the used
    code are saved together; every session of the account ends (Django checks a session
    against the password hash), its lockout is cleared, and it is told by a notification.
    """
    same_answer = AccountError(
        _(
            "Mã xác minh không đúng, đã hết hạn hoặc đã dùng hết lượt nhập. Vui lòng kiểm tra "
            "lại, hoặc yêu cầu gửi mã mới."
        ),
        RESET_FAILED,
    )
    user = reset_target(contact)
    if user is None:
        raise same_answer
    changed = {}

    def set_password(record, now):
        locked = User.objects.select_for_update().get(pk=record.user_id)
        locked.set_password(new_password)
        locked.save(update_fields=["password"])
        changed["user"] = locked

    try:
        verify_code(user, VerificationCode.Purpose.RESET, code, on_success=set_password)
    except AccountError:
        raise same_answer from None
    user = changed["user"]
    clear_login_failures(f"user:{user.pk}")
    _tell_password_changed(user, _("đặt lại bằng mã xác minh"))
    return user


# --- changes made when signed in ------------------------------------------------------------


@transaction.atomic
def change_password(user: User, new_password: str) -> User:
    """Set a new password (the form has checked the old one and the validators). Every other
    session ends; the caller keeps the current one (``update_session_auth_hash``)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(new_password)
    locked.save(update_fields=["password"])
    _tell_password_changed(locked, _("đổi trên trang tài khoản"))
    return locked


def _tell_password_changed(user: User, how: str) -> None:
    from motcua.notifications.services import notify

    portal = portal_identity()
    notify(
        "password_changed",
        recipient=user,
        context={
            "changed_at": timezone.now(),
            "how": how,
            "portal_name": portal.title,
            "hotline": portal.hotline,
        },
        subject_ref=user,
    )


def start_contact_change(user: User, new_contact: str) -> VerificationCode:
    """Send a code to a new email address or phone number of ``user``; it replaces the old one
    only when the code is entered (``confirm_contact_change``).

    Refused: an address already verified for this account, or for another (without saying
    which account has it).
    """
    parsed = parse_contact(new_contact)
    current = (user.email or "").lower() if parsed.channel == "email" else user.phone
    verified = user.email_verified_at if parsed.channel == "email" else user.phone_verified_at
    if verified and current == parsed.value:
        raise AccountError(_("Đây đã là địa chỉ của tài khoản của bạn."), "same")
    if User.objects.filter(_taken(parsed)).exclude(pk=user.pk).exists():
        raise AccountError(
            _(
                "Địa chỉ thư điện tử hoặc số điện thoại này đã được dùng cho một tài khoản khác. "
                "Vui lòng dùng địa chỉ khác."
            ),
            "taken",
        )
    return send_code(user, VerificationCode.Purpose.CONTACT, parsed)


def pending_contact_change(user: User) -> VerificationCode | None:
    """The code waiting to prove a new address of ``user``, if any."""
    return (
        VerificationCode.objects.filter(
            user=user,
            purpose=VerificationCode.Purpose.CONTACT,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


def confirm_contact_change(user: User, code: str) -> User:
    """The code sent to the new address was entered: it replaces the old one, and the old one
    (if any) is told, so a hijacked session cannot quietly take the account over."""
    before = User.objects.get(pk=user.pk)
    record = verify_code(user, VerificationCode.Purpose.CONTACT, code)
    after = User.objects.get(pk=user.pk)
    from motcua.notifications.services import Recipient, notify

    email = record.channel == VerificationCode.Channel.EMAIL
    old = before.email if email else before.phone
    old_verified = before.email_verified_at if email else before.phone_verified_at
    if old and old_verified and old.lower() != record.destination:
        recipient = Recipient(
            name=after.get_full_name(),
            email=old if email else "",
            phone="" if email else old,
        )  # to the old address whatever the channel preferences: it is a security notice
    else:
        recipient = after
    portal = portal_identity()
    notify(
        "contact_changed",
        recipient=recipient,
        context={
            "changed_at": timezone.now(),
            "contact_kind": _("thư điện tử") if email else _("số điện thoại"),
            "new_contact": mask_contact(record.destination, dot="*"),
            "portal_name": portal.title,
            "hotline": portal.hotline,
        },
        subject_ref=after,
    )
    return after


# --- profile --------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "full_name",
    "id_number",
    "organization_name",
    "tax_code",
    "address",
    "address_unit",
)


@transaction.atomic
def update_profile(user: User, **values) -> User:
    """Save the profile fields the person edited (validated by the profile form)."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    locked = User.objects.select_for_update().get(pk=user.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))
    return locked


# --- failed sign-ins and the lockout --------------------------------------------------------


def throttle_key(identifier: str) -> str:
    """One counter per account whichever identifier is typed (username, email, phone); an
    unknown identifier gets its own (hashed) counter so probing names costs the same."""
    user = find_user(identifier)
    if user is not None:
        return f"user:{user.pk}"
    digest = hashlib.sha256((identifier or "").strip().lower().encode()).hexdigest()[:40]
    return f"id:{digest}"


def locked_until(key: str) -> dt.datetime | None:
    row = LoginThrottle.objects.filter(key=key, locked_until__gt=timezone.now()).first()
    return row.locked_until if row else None


def record_login_failure(key: str) -> dt.datetime | None:
    """Count one failed sign-in; returns the end of the lockout when this one caused it.

    Failures older than the lockout period are forgotten; a lockout that has ended starts a
    new count.
    """
    now = timezone.now()
    window = dt.timedelta(seconds=config()["LOGIN_LOCKOUT_SECONDS"])
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"first_failure_at": now}
        )
        expired_lock = row.locked_until is not None and row.locked_until <= now
        if expired_lock or row.first_failure_at < now - window:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= config()["LOGIN_MAX_FAILURES"] and row.locked_until is None:
            row.locked_until = now + window
        row.save()
        return row.locked_until


def clear_login_failures(key: str) -> None:
    LoginThrottle.objects.filter(key=key).delete()


# --- accounts of a national identity provider -----------------------------------------------


@dataclass(frozen=True)
class ExternalProfile:
    """What an identity provider told us about the person, mapped to our fields."""

    provider: str
    subject: str
    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    phone_verified: bool = False
    email: str = ""
    email_verified: bool = False
    claims: dict | None = None


@transaction.atomic
def sign_in_external(profile: ExternalProfile, current_user: User | None = None) -> User:
    """The account for this identity: the one already linked, the signed-in one (linking it
    now), or a new citizen account. Name and CCCD from the provider replace ours; email and
    phone are taken when no other account has verified them.

    An existing account is never linked because it merely declares the same CCCD or email: that
    would hand someone else's dossiers to whoever typed the number first.
    """
    if not profile.subject:
        raise AccountError(_("Nhà cung cấp định danh không trả về mã định danh."), "no_subject")
    now = timezone.now()
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=profile.provider, subject=profile.subject)
        .first()
    )
    if link is not None:
        user = link.user
        if current_user is not None and current_user.pk != user.pk:
            raise AccountError(
                _("Tài khoản định danh này đã liên kết với một tài khoản khác của Cổng."),
                "linked_elsewhere",
            )
    elif current_user is not None and current_user.is_authenticated:
        user = current_user
        link = ExternalIdentity(user=user, provider=profile.provider, subject=profile.subject)
    else:
        user = User(
            username=f"{profile.provider}-{profile.subject}"[:150],
            kind=User.Kind.CITIZEN,
            is_active=True,
        )
        user.set_unusable_password()
        link = ExternalIdentity(user=user, provider=profile.provider, subject=profile.subject)
    if not user.is_active:
        raise AccountError(
            _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên."), "inactive"
        )
    if profile.full_name:
        user.full_name = profile.full_name
    if profile.id_number:
        try:
            user.id_number = validate_citizen_id(profile.id_number)
        except ValidationError:
            logger.warning("identity provider %s sent an invalid CCCD", profile.provider)
    _take_contact(user, profile, now)
    user.save()
    link.user = user
    link.claims = profile.claims or {}
    link.last_login_at = now
    link.save()
    return user


def _take_contact(user: User, profile: ExternalProfile, now) -> None:
    others = User.objects.exclude(pk=user.pk)
    if profile.email and not user.email_verified_at:
        email = profile.email.lower()
        if not others.filter(email__iexact=email, email_verified_at__isnull=False).exists():
            user.email = email
            user.email_verified_at = now if profile.email_verified else None
    phone = national(profile.phone) if profile.phone else None
    phone_free = phone and not others.filter(phone=phone, phone_verified_at__isnull=False).exists()
    if phone_free and not user.phone_verified_at:
        user.phone = phone
        user.phone_verified_at = now if profile.phone_verified else None
