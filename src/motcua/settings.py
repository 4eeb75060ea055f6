"""All settings, read from environment variables. One module; profiles by ``MOTCUA_ENV``.

- ``dev`` (default): DEBUG on, embedded PostgreSQL when ``DATABASE_URL`` is unset, mail to files.
- ``test``: chosen automatically under pytest; like dev but fast password hashing, no DEBUG.
- ``prod``: ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` are required; secure cookies.

Nothing here may hold a secret: secrets come only from the environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


# pytest imports settings before any conftest runs, so the test profile is chosen here.
ENV = env_str("MOTCUA_ENV") or ("test" if "pytest" in sys.modules else "dev")
if ENV not in {"dev", "test", "prod"}:
    raise ImproperlyConfigured(f"MOTCUA_ENV must be dev, test or prod, not {ENV!r}")
IS_PROD = ENV == "prod"

# Tests keep their own data directory (and embedded server) so they never touch the demo's.
MOTCUA_HOME = Path(
    env_str("MOTCUA_HOME") or Path.cwd() / ("var/test" if ENV == "test" else "var")
).resolve()

# --- security -------------------------------------------------------------------------------

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if IS_PROD:
        raise ImproperlyConfigured("SECRET_KEY is required when MOTCUA_ENV=prod")
    # Dev and test: a random key kept in the data directory, never a key written in the code.
    key_file = MOTCUA_HOME / "secret-key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        MOTCUA_HOME.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

DEBUG = env_bool("MOTCUA_DEBUG", ENV == "dev")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if IS_PROD else ["localhost", "127.0.0.1", "[::1]"])
if IS_PROD and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when MOTCUA_ENV=prod")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", IS_PROD)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("MOTCUA_SESSION_SECONDS", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("MOTCUA_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("MOTCUA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("MOTCUA_HSTS_SECONDS", 0)

# --- applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "procrastinate.contrib.django",
    "motcua.core",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.worktime",
    "motcua.workflow",
    "motcua.paperwork",
    "motcua.dossiers",
    "motcua.signing",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.notifications",
    "motcua.payments",
    "motcua.reports",
    "motcua.api",
]
if not IS_PROD:  # simulators of outside systems; never installed in production
    INSTALLED_APPS.append("motcua.sandbox.messaging")
    INSTALLED_APPS.append("motcua.sandbox.vnpay")
    INSTALLED_APPS.append("motcua.sandbox.idp")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.middleware.FileCleanupMiddleware",  # no orphan file after a rollback
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
ASGI_APPLICATION = "motcua.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.portal",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    if IS_PROD:
        raise ImproperlyConfigured("DATABASE_URL is required when MOTCUA_ENV=prod")
    from motcua import embedded_db

    DATABASE_URL = embedded_db.acquire(env_str("MOTCUA_DB_NAME") or "motcua", home=MOTCUA_HOME)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("MOTCUA_DB_CONN_MAX_AGE", 60 if IS_PROD else 0),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL (postgresql://…); other databases are not supported"
    )
DATABASES["default"].setdefault("OPTIONS", {}).update(
    application_name="motcua",
    # Parameters travel apart from the statement (psycopg's server-side binding) instead of
    # being quoted into its text in Python, and a statement a connection has run 5 times is
    # prepared: PostgreSQL parses and plans it once per connection, not on every request.
    # Measured on the submission path: 78-83 -> 91-92 dossiers/s (docs/decisions/0014). Behind
    # a pooler in transaction mode without prepared-statement support (PgBouncer < 1.21), set
    # MOTCUA_DB_PREPARED_STATEMENTS=false.
    server_side_binding=True,
    prepare_threshold=5 if env_bool("MOTCUA_DB_PREPARED_STATEMENTS", True) else None,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign in with a username, an email address or a mobile number (accounts.backends).
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.IdentifierBackend"]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- language, time, formats ----------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "motcua_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- cache ----------------------------------------------------------------------------------

# Only rendered page fragments are cached (``{% cache %}`` in the catalog's templates), each under
# a key that names exactly what it shows (the catalog's generation, the language), so a change
# never needs an invalidation and a per-process memory cache is correct with any number of
# processes. Bounded: about 2,000 fragments of 5-60 KB per process; a third are dropped when full.
# The keys do not name the templates themselves, which change only with a deploy (new processes);
# with DEBUG on (a developer editing templates) nothing is kept, so an edit shows at once.
CACHES = {
    # Django's own default, per process: never for state processes must share (rate limits,
    # sessions and jobs live in PostgreSQL).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {
        "BACKEND": "django.core.cache.backends."
        + ("dummy.DummyCache" if DEBUG else "locmem.LocMemCache"),
        "LOCATION": "motcua-template-fragments",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("MOTCUA_STATIC_ROOT") or MOTCUA_HOME / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MOTCUA_MEDIA_ROOT") or MOTCUA_HOME / "media")
STORAGES = {
    # Django's, minus half-written files and files of rolled-back transactions (core.storage).
    "default": {"BACKEND": "motcua.core.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PROD
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside prod, whitenoise serves straight from the app folders: no collectstatic step.
WHITENOISE_USE_FINDERS = not IS_PROD
if not IS_PROD:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = ENV == "dev"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- email ----------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PROD
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = MOTCUA_HOME / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- jobs -----------------------------------------------------------------------------------

PROCRASTINATE_WORKER_DEFAULTS = {"install_signal_handlers": True}
# A worker is reported down when its last heartbeat is older than this.
MOTCUA_WORKER_STALE_SECONDS = env_int("MOTCUA_WORKER_STALE_SECONDS", 60)

# --- notifications --------------------------------------------------------------------------

# The portal's own address, for links in messages and the gateways' callback URLs.
MOTCUA_PUBLIC_URL = env_str(
    "MOTCUA_PUBLIC_URL", "" if IS_PROD else f"http://127.0.0.1:{env_int('PORT', 8000)}"
)
# Outside prod the channels talk to the sandbox served by this same web process.
_sandbox = "" if IS_PROD else MOTCUA_PUBLIC_URL.rstrip("/") + "/sandbox"
MOTCUA_NOTIFICATIONS = {
    "CHANNELS": env_list("MOTCUA_NOTIFY_CHANNELS", ["zalo", "sms", "email"]),
    # Seconds to wait before the 2nd, 3rd, … try after a temporary failure.
    "RETRY_DELAYS": [
        int(s) for s in env_list("MOTCUA_NOTIFY_RETRY_DELAYS", ["30", "120", "600", "1800", "3600"])
    ],
    "HTTP_TIMEOUT": env_int("MOTCUA_NOTIFY_HTTP_TIMEOUT", 15),
    # A delivery "sending" for longer was abandoned by a dead worker and is sent again.
    "SENDING_TIMEOUT": env_int("MOTCUA_NOTIFY_SENDING_TIMEOUT", 120),
    "REQUEUE_CRON": env_str("MOTCUA_NOTIFY_REQUEUE_CRON", "* * * * * */30"),
    "EMAIL_BACKEND": env_str(
        "MOTCUA_NOTIFY_EMAIL_BACKEND",
        "" if IS_PROD else "motcua.sandbox.messaging.mail.SandboxEmailBackend",
    ),
    "SMS": {
        "API_URL": env_str(
            "MOTCUA_SMS_API_URL",
            "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
            if IS_PROD
            else f"{_sandbox}/sms/MainService.svc/json/SendMultipleMessage_V4_post_json/",
        ),
        "API_KEY": env_str("MOTCUA_SMS_API_KEY", "" if IS_PROD else "sandbox-api-key"),
        "SECRET_KEY": env_str("MOTCUA_SMS_SECRET_KEY", "" if IS_PROD else "sandbox-secret-key"),
        "BRANDNAME": env_str("MOTCUA_SMS_BRANDNAME", "" if IS_PROD else "MOTCUA"),
        "SMS_TYPE": env_str("MOTCUA_SMS_TYPE", "2"),
        "CALLBACK_TOKEN": env_str("MOTCUA_SMS_CALLBACK_TOKEN", "" if IS_PROD else "sandbox"),
    },
    "ZALO": {
        "API_URL": env_str(
            "MOTCUA_ZALO_API_URL",
            "https://business.openapi.zalo.me/message/template"
            if IS_PROD
            else f"{_sandbox}/zalo/message/template",
        ),
        "ACCESS_TOKEN": env_str("MOTCUA_ZALO_ACCESS_TOKEN", "" if IS_PROD else "sandbox-token"),
        "APP_ID": env_str("MOTCUA_ZALO_APP_ID", "" if IS_PROD else "sandbox-app"),
        "OA_SECRET_KEY": env_str(
            "MOTCUA_ZALO_OA_SECRET_KEY", "" if IS_PROD else "sandbox-oa-secret"
        ),
    },
}

# --- payments -------------------------------------------------------------------------------

# VNPay 2.1.0: the deployment's terminal (an agency may have its own in the admin, its secret in
# MOTCUA_PAYMENTS_SECRET_<NAME>). Outside prod the sandbox gateway on this web process answers.
MOTCUA_PAYMENTS = {
    "VNPAY": {
        "TMN_CODE": env_str("MOTCUA_VNPAY_TMN_CODE", "" if IS_PROD else "MOTCUA01"),
        "HASH_SECRET": env_str(
            "MOTCUA_VNPAY_HASH_SECRET", "" if IS_PROD else "sandbox-vnpay-hash-secret"
        ),
        "URL": env_str(
            "MOTCUA_VNPAY_URL",
            "https://pay.vnpay.vn/vpcpay.html"
            if IS_PROD
            else f"{_sandbox}/vnpay/paymentv2/vpcpay.html",
        ),
        "API_URL": env_str(
            "MOTCUA_VNPAY_API_URL",
            "https://merchant.vnpay.vn/merchant_webapi/api/transaction"
            if IS_PROD
            else f"{_sandbox}/vnpay/merchant_webapi/api/transaction",
        ),
    },
    "DISABLED_GATEWAYS": env_list("MOTCUA_PAYMENTS_DISABLED_GATEWAYS", []),
    "DUE_WORKING_DAYS": env_int("MOTCUA_PAYMENTS_DUE_WORKING_DAYS", 3),
    "EXPIRE_MINUTES": env_int("MOTCUA_PAYMENTS_EXPIRE_MINUTES", 15),
    # Online payments still pending after this long are settled by a status query.
    "RECONCILE_AFTER_MINUTES": env_int("MOTCUA_PAYMENTS_RECONCILE_AFTER_MINUTES", 15),
    "RECONCILE_CRON": env_str("MOTCUA_PAYMENTS_RECONCILE_CRON", "*/5 * * * *"),
    "HTTP_TIMEOUT": env_int("MOTCUA_PAYMENTS_HTTP_TIMEOUT", 15),
    "SERVER_IP": env_str("MOTCUA_PAYMENTS_SERVER_IP", "127.0.0.1"),  # vnp_IpAddr of queries
    "PROOF_MAX_BYTES": env_int("MOTCUA_PAYMENTS_PROOF_MAX_BYTES", 5 * 1024 * 1024),
    "START_LIMIT": env_int("MOTCUA_PAYMENTS_START_LIMIT", 20),
    "START_WINDOW": env_int("MOTCUA_PAYMENTS_START_WINDOW_SECONDS", 600),
}

# --- citizen and business accounts ---------------------------------------------------------

MOTCUA_ACCOUNTS = {
    # One-time codes proving an email address or a phone number.
    "CODE_TTL_SECONDS": env_int("MOTCUA_VERIFY_CODE_SECONDS", 600),
    "CODE_MAX_ATTEMPTS": env_int("MOTCUA_VERIFY_CODE_ATTEMPTS", 5),
    "CODE_SENDS_PER_HOUR": env_int("MOTCUA_VERIFY_CODE_SENDS_PER_HOUR", 5),
    # Lockout: this many failed sign-ins of one account lock it for LOCKOUT_SECONDS.
    "LOGIN_MAX_FAILURES": env_int("MOTCUA_LOGIN_MAX_FAILURES", 5),
    "LOGIN_LOCKOUT_SECONDS": env_int("MOTCUA_LOGIN_LOCKOUT_SECONDS", 900),
    # Sign-in and sign-up attempts per client address per window.
    "LOGIN_RATE_LIMIT": env_int("MOTCUA_LOGIN_RATE_LIMIT", 30),
    "SIGNUP_RATE_LIMIT": env_int("MOTCUA_SIGNUP_RATE_LIMIT", 10),
    "RATE_WINDOW_SECONDS": env_int("MOTCUA_LOGIN_RATE_WINDOW_SECONDS", 600),
    # Password reset requests per client address, and per email or phone, per window; every
    # answer takes at least RESET_MIN_MILLISECONDS so its timing does not tell an account exists.
    "RESET_RATE_LIMIT": env_int("MOTCUA_RESET_RATE_LIMIT", 10),
    "RESET_PER_CONTACT_LIMIT": env_int("MOTCUA_RESET_PER_CONTACT_LIMIT", 3),
    "RESET_MIN_MILLISECONDS": env_int("MOTCUA_RESET_MIN_MILLISECONDS", 800),
}
# OpenID Connect identity providers (accounts.sso). A provider without an issuer and a client id
# is not offered. Outside prod VNeID is the sandbox identity provider on this web process.
MOTCUA_IDENTITY_PROVIDERS = {
    "vneid": {
        "ISSUER": env_str("MOTCUA_VNEID_ISSUER", "" if IS_PROD else f"{_sandbox}/idp"),
        "CLIENT_ID": env_str("MOTCUA_VNEID_CLIENT_ID", "" if IS_PROD else "motcua-sandbox"),
        "CLIENT_SECRET": env_str(
            "MOTCUA_VNEID_CLIENT_SECRET", "" if IS_PROD else "sandbox-vneid-secret"
        ),
        "SCOPE": env_str("MOTCUA_VNEID_SCOPE", "openid profile email phone"),
        "ID_NUMBER_CLAIM": env_str("MOTCUA_VNEID_ID_NUMBER_CLAIM", "citizen_id"),
        "HTTP_TIMEOUT": env_int("MOTCUA_VNEID_HTTP_TIMEOUT", 15),
    },
}

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "motcua.api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "API của Cổng dịch vụ công và Hệ thống một cửa điện tử (motcua).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- official slips -------------------------------------------------------------------------

# Which forms the slips follow: "2025" (Circular 03/2025/TT-VPCP) or "2018" (Circular 01/2018).
MOTCUA_FORM_SET = env_str("MOTCUA_FORM_SET", "2025")
if MOTCUA_FORM_SET not in {"2018", "2025"}:
    raise ImproperlyConfigured(f"MOTCUA_FORM_SET must be 2018 or 2025, not {MOTCUA_FORM_SET!r}")

# --- digital signatures (signing) -----------------------------------------------------------

# Roots a signature must chain to, and revocation lists: comma-separated files or folders.
# Production lists the national root and the licensed CAs it accepts; dev and test trust the
# demo CA that `motcua demo-ca` makes under MOTCUA_HOME/demo-ca.
MOTCUA_SIGNING_DEMO_CA_DIR = MOTCUA_HOME / "demo-ca"
MOTCUA_SIGNING_TRUSTED_ROOTS = env_list(
    "MOTCUA_SIGNING_TRUSTED_ROOTS",
    [] if IS_PROD else [str(MOTCUA_SIGNING_DEMO_CA_DIR / "root.pem")],
)
MOTCUA_SIGNING_CRLS = env_list(
    "MOTCUA_SIGNING_CRLS", [] if IS_PROD else [str(MOTCUA_SIGNING_DEMO_CA_DIR / "root.crl")]
)
MOTCUA_SIGNING_FETCH_REVOCATION = env_bool("MOTCUA_SIGNING_FETCH_REVOCATION", IS_PROD)
# RFC 3161 time-stamp authority: set it for PAdES B-T (and B-LT); empty signs B-B.
MOTCUA_SIGNING_TSA_URL = env_str("MOTCUA_SIGNING_TSA_URL")
# Embed certificates and revocation data (B-LT) when the signer's chain validates.
MOTCUA_SIGNING_LONG_TERM = env_bool("MOTCUA_SIGNING_LONG_TERM", True)
MOTCUA_SIGNING_SECRETS_FILE = Path(
    env_str("MOTCUA_SIGNING_SECRETS_FILE") or MOTCUA_HOME / "signing-secrets.json"
)
MOTCUA_SIGNING_DISABLED_PROVIDERS = env_list("MOTCUA_SIGNING_DISABLED_PROVIDERS", [])
MOTCUA_SIGNING_DEMO_CA_CRL_URL = env_str(
    "MOTCUA_SIGNING_DEMO_CA_CRL_URL", "http://127.0.0.1:8000/xac-thuc/demo-ca.crl"
)
# Public verification: upload size, and uploads per client address per window.
MOTCUA_SIGNING_VERIFY_MAX_BYTES = env_int("MOTCUA_SIGNING_VERIFY_MAX_BYTES", 20 * 1024 * 1024)
MOTCUA_SIGNING_VERIFY_LIMIT = env_int("MOTCUA_SIGNING_VERIFY_LIMIT", 20)
MOTCUA_SIGNING_VERIFY_WINDOW_SECONDS = env_int("MOTCUA_SIGNING_VERIFY_WINDOW_SECONDS", 600)

# --- the portal -----------------------------------------------------------------------------

# Defaults until a province administrator fills the portal profile in the admin.
MOTCUA_PORTAL_DEFAULTS = {
    "portal_name": env_str("MOTCUA_PORTAL_NAME", "Cổng Dịch vụ công"),
    "province_name": env_str("MOTCUA_PROVINCE_NAME", ""),
}

# --- load benchmarks (bench/load) -----------------------------------------------------------

# MOTCUA_BENCH=true is for a benchmark server only: it mounts /bench/constant (a view returning a
# constant on the full middleware stack, the ceiling our pages are compared with) and lets the
# per-address rate limits count without refusing, so a load test from one address is not
# throttled. With MOTCUA_ENV=prod it is refused unless MOTCUA_BENCH_IN_PROD=true says, on purpose,
# that this production-settings server is a benchmark server. Off by default.
MOTCUA_BENCH = env_bool("MOTCUA_BENCH", False)
if MOTCUA_BENCH and IS_PROD and not env_bool("MOTCUA_BENCH_IN_PROD", False):
    raise ImproperlyConfigured(
        "MOTCUA_BENCH lifts the rate limits: refused with MOTCUA_ENV=prod unless "
        "MOTCUA_BENCH_IN_PROD=true (a benchmark server, never a real deployment)"
    )
if MOTCUA_BENCH:
    print(
        "motcua: MOTCUA_BENCH is on: rate limits do not refuse and /bench/ is mounted "
        "(a benchmark server only)",
        file=sys.stderr,
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {
        "procrastinate": {"level": env_str("MOTCUA_JOBS_LOG_LEVEL", "WARNING")},
        "django.db.backends": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # font subsetting for PDFs logs every table
        "weasyprint": {"level": env_str("MOTCUA_PDF_LOG_LEVEL", "WARNING")},
    },
}
