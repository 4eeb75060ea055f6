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
    """(subject, text) of the message carrying the code. The SMS text is plain ASCII so one
    message holds it (brandname gateways also want it registered as a template)."""
    minutes = config()["CODE_TTL_SECONDS"] // 60
    portal = portal_identity().title
    if issued.record.channel == VerificationCode.Channel.SMS:
        return "", (
            f"Ma xac minh tai khoan Cong Dich vu cong cua ban la {issued.code}. "
            f"Ma co hieu luc {minutes} phut. Khong cung cap ma nay cho bat ky ai."
        )
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


def verify_code(user: User, purpose: str, code: str) -> VerificationCode:
    """Check ``code`` against the account's current code; on success mark it used and apply
    what it proves (the sign-up: the address is verified and the account active).

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
                    _apply(record, now)
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


def _apply(record: VerificationCode, now) -> None:
    user = User.objects.select_for_update().get(pk=record.user_id)
    if record.channel == VerificationCode.Channel.EMAIL:
        user.email, user.email_verified_at = record.destination, now
    else:
        user.phone, user.phone_verified_at = record.destination, now
    user.is_active = True
    user.save(
        update_fields=["email", "email_verified_at", "phone", "phone_verified_at", "is_active"]
    )


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
