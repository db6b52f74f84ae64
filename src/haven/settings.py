"""Haven settings, read from the environment and failing closed.

Production needs HAVEN_SECRET_KEY, HAVEN_FIELD_KEYS and HAVEN_AUDIT_KEY (or their
``*_FILE`` variants). ``HAVEN_DEMO=1`` (set by ``make run`` and the test suite)
creates local secrets under ``var/`` instead, for the embedded demo only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("HAVEN_VAR_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO = _flag("HAVEN_DEMO")
DEBUG = _flag("HAVEN_DEBUG")


def _demo_secrets() -> dict[str, str]:
    """Local secrets for the embedded demo, created once and kept under var/."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "demo-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    values = {
        "HAVEN_SECRET_KEY": secrets.token_urlsafe(50),
        "HAVEN_FIELD_KEYS": Fernet.generate_key().decode(),
        "HAVEN_AUDIT_KEY": secrets.token_urlsafe(32),
    }
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


_DEMO_SECRETS = _demo_secrets() if DEMO else {}


def _secret(name: str) -> str:
    """A secret from NAME or NAME_FILE; in the demo, from var/; otherwise required."""
    value = os.environ.get(name)
    if not value and os.environ.get(f"{name}_FILE"):
        try:
            value = Path(os.environ[f"{name}_FILE"]).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE cannot be read ({exc.strerror}: {os.environ[f'{name}_FILE']})."
            ) from exc
    if not value:
        value = _DEMO_SECRETS.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it (or {name}_FILE) in the environment; "
            "see docs/operations.md. For the local demo, run haven in the checkout where "
            "`make run` ran (or set HAVEN_DEMO=1)."
        )
    return value


SECRET_KEY = _secret("HAVEN_SECRET_KEY")
# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).
FIELD_KEYS = [k.strip() for k in _secret("HAVEN_FIELD_KEYS").split(",") if k.strip()]
# Keys the audit chain's HMAC; kept outside the database on purpose.
AUDIT_KEY = _secret("HAVEN_AUDIT_KEY")

# Retention periods (haven retention): HAVEN_RETAIN_<KIND>_DAYS, one per kind of record
# each module's privacy hooks declare (docs/privacy.md); unset, the module's default.
for _name, _value in os.environ.items():
    if _name.startswith("HAVEN_RETAIN_") and _name.endswith("_DAYS"):
        try:
            globals()[_name] = int(_value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{_name} must be a whole number of days") from exc

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("HAVEN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HAVEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # First, so that its createsuperuser and changepassword (through the audited
    # services) replace django.contrib.auth's.
    "haven.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "haven.audit",
    "haven.people",
    "haven.interviews",
    "haven.alerts",
    "haven.tracing",
    "haven.safety",
    "haven.oversight",
    "haven.referrals",
    "haven.maintenance",
    "haven.privacy",
    "haven.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "haven.accounts.sessions.SessionTimeoutMiddleware",
    "haven.accounts.sessions.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # turns a lockout found during sign-in into the lockout answer
    "axes.middleware.AxesMiddleware",
    # last, so that it sees a view's exception first: a lock conflict is a 503
    "haven.busy.BusyMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{VAR_DIR / 'haven.sqlite3'}",
            conn_max_age=int(os.environ.get("HAVEN_DB_CONN_MAX_AGE", "60")),
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL or HAVEN_DB_CONN_MAX_AGE is not valid: {exc}"
    ) from exc
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if not DATABASES["default"]["NAME"].startswith(":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2id with Django's parameters (m=100 MiB, t=2, p=8), above ASVS/OWASP's floor
# (m=19 MiB, t=2, p=1); tests/accounts/test_passwords.py holds them to it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "haven.accounts.backends.LockoutBackend",  # axes: refuses before the password is checked
    "haven.accounts.backends.Backend",
]
# Lockout (django-axes): 5 failures for one username from one address lock that pair for
# the cool-off; an attacker elsewhere cannot lock the user out from their own address.
AXES_FAILURE_LIMIT = int(os.environ.get("HAVEN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("HAVEN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "haven.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# A locked pair stays locked for the cool-off from its last counted failure, no longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # the audit log records sign-ins
AXES_CLIENT_IP_CALLABLE = "haven.accounts.lockout.client_ip"
# How many reverse proxies (the TLS proxy) stand in front: their X-Forwarded-For is used.
PROXY_HOPS = int(os.environ.get("HAVEN_PROXY_HOPS", "0"))
# Sessions: idle and absolute timeouts (minutes); API tokens expire after TOKEN_HOURS.
SESSION_IDLE_MINUTES = int(os.environ.get("HAVEN_SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("HAVEN_SESSION_ABSOLUTE_HOURS", "12"))
TOKEN_HOURS = int(os.environ.get("HAVEN_TOKEN_HOURS", "12"))
INVITATION_HOURS = int(os.environ.get("HAVEN_INVITATION_HOURS", "72"))
# Step-up: the second factor is asked again when its last proof is older than this.
STEP_UP_MINUTES = int(os.environ.get("HAVEN_STEP_UP_MINUTES", "5"))
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:people"
# Two-factor sign-in is required everywhere except the local demo.
REQUIRE_2FA = _flag("HAVEN_REQUIRE_2FA", default=not DEMO)
OTP_TOTP_ISSUER = "Haven"

# Dates in one format in every language (haven/formats/): 2025-06-01.
FORMAT_MODULE_PATH = ["haven.formats"]
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sq", _("Albanian")), ("fa", _("Persian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("HAVEN_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if DEMO:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Security headers. A Content Security Policy with no inline script or style (django-csp);
# HSTS, TLS redirect and secure cookies everywhere but the local demo and DEBUG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
_TLS = not DEBUG and not DEMO
SECURE_HSTS_SECONDS = int(os.environ.get("HAVEN_HSTS_SECONDS", "31536000")) if _TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _TLS
SECURE_HSTS_PRELOAD = _TLS
SECURE_SSL_REDIRECT = _flag("HAVEN_SSL_REDIRECT", default=_TLS)
# Behind a TLS proxy (docs/deploy.md) that sets X-Forwarded-Proto.
if PROXY_HOPS > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_COOKIE_SECURE = not DEBUG and not DEMO
CSRF_COOKIE_SECURE = not DEBUG and not DEMO
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "haven.accounts.authentication.TokenAuthentication",
        "haven.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "haven.api_common.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "haven.api_common.exception_handler",
    # One size limit (DATA_UPLOAD_MAX_MEMORY_SIZE) and one nesting limit for every body.
    "DEFAULT_PARSER_CLASSES": [
        "haven.api_common.JSONParser",
        "haven.api_common.FormParser",
        "haven.api_common.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "haven.api_schema.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haven API",
    "DESCRIPTION": "Protection case management. Fields of a data class the caller's role "
    "lacks are absent from responses.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name get these names, not a hash (Kind8e5Enum).
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "haven.people.models.Document.Kind",
        "DocumentStatusEnum": "haven.people.models.Document.Status",
        "DocumentHolderEnum": "haven.people.models.Document.Holder",
        "PersonStatusEnum": "haven.people.models.Person.Status",
        "AgencyKindEnum": "haven.accounts.models.Agency.Kind",
        "AuditActionEnum": "haven.audit.models.AuditEntry.Action",
        "DataClassEnum": "haven.accounts.roles.DataClass",
        "SiteKindEnum": "haven.oversight.models.SiteKind",
        "ActionStatusEnum": "haven.oversight.models.ActionStatus",
        "RoleEnum": "haven.accounts.roles.Role",
        "SiteLinkRoleEnum": "haven.oversight.models.SiteLink.Role",
        "ReceivingBodyKindEnum": "haven.referrals.models.BodyKind",
        "VisaStatusEnum": "haven.tracing.models.Visa.Status",
        "RiskLevelEnum": "haven.people.models.RiskLevel",
        "ThreatKindEnum": "haven.safety.models.threats.Threat.Kind",
        "ThreatStatusEnum": "haven.safety.models.threats.Threat.Status",
        "IncidentKindEnum": "haven.safety.models.incidents.Incident.Kind",
        "MeasureKindEnum": "haven.safety.models.measures.ProtectiveMeasure.Kind",
        "WelfareCheckMethodEnum": "haven.safety.models.checks.WelfareCheck.Method",
        "WelfareCheckStateEnum": "haven.safety.models.checks.WelfareCheck.State",
    },
}
# The largest request body, for the web forms and the API alike (haven.api_common).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refusal (403) is logged as one line, not with the traceback of PermissionDenied.
    "filters": {"refusals_without_traceback": {"()": "haven.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["refusals_without_traceback"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("HAVEN_LOG_LEVEL", "WARNING")},
}

# E-mail (alert notifications). The demo prints messages on the console; elsewhere SMTP
# from the environment. BASE_URL is where links in messages point.
BASE_URL = os.environ.get("HAVEN_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get(
    "HAVEN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("HAVEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HAVEN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HAVEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HAVEN_EMAIL_PASSWORD", "") or (
    Path(os.environ["HAVEN_EMAIL_PASSWORD_FILE"]).read_text().strip()
    if os.environ.get("HAVEN_EMAIL_PASSWORD_FILE")
    else ""
)
EMAIL_USE_TLS = _flag("HAVEN_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("HAVEN_EMAIL_FROM", "haven@localhost")


def _check_days(raw: str) -> dict[str, int]:
    """``critical=2,high=7,medium=30``: days between welfare checks by risk level."""
    days: dict[str, int] = {}
    for part in raw.split(","):
        level, _sep, value = part.partition("=")
        level = level.strip()
        if level not in ("critical", "high", "medium", "low") or not value.strip().isdigit():
            raise ImproperlyConfigured(
                f"HAVEN_WELFARE_CHECK_DAYS must read like critical=2,high=7,medium=30: {raw!r}"
            )
        days[level] = int(value)
        if days[level] < 1:
            raise ImproperlyConfigured("HAVEN_WELFARE_CHECK_DAYS: each interval is 1 day or more")
    return days


# Safety: how often a person is checked on, by risk level (levels not named: no schedule).
WELFARE_CHECK_DAYS = _check_days(
    os.environ.get("HAVEN_WELFARE_CHECK_DAYS", "critical=2,high=7,medium=30")
)
