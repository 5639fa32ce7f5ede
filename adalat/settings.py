"""Django settings, read from the environment.

The defaults run Adalat embedded: SQLite under ``ADALAT_DATA_DIR`` (``var/``), a
secret key generated once into that folder, one host. Production settings are listed
in docs/operations.md; ``ADALAT_ENV=production`` refuses to start without them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from adalat.jurisdictions.loader import load_pack

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("ADALAT_ENV", "embedded") == "production"
DATA_DIR = Path(os.environ.get("ADALAT_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when ADALAT_ENV=production.")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("ADALAT_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "adalat.core",
    "adalat.audit",
    "adalat.organizations",
    "adalat.accounts",
    "adalat.cases",
    "adalat.signing",
    "adalat.documents",
    "adalat.supervision",
    "adalat.restraint",
    "adalat.filing",
    "adalat.petitions",
    "adalat.api",
    "adalat.portal",
    "adalat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "adalat.core.middleware.PrivateAnswersMiddleware",
    "adalat.core.middleware.ErrorAnswersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "adalat.accounts.guards.SecondFactorMiddleware",
    "adalat.accounts.middleware.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "adalat.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "adalat.urls"
WSGI_APPLICATION = "adalat.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Django's permissions, and where the access policy decides them (the audit log in the admin).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "adalat.accounts.permissions.PolicyPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:my-work"
LOGOUT_REDIRECT_URL = "portal:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "adalat.core.context_processors.navigation",
                "adalat.core.pages.context",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# FULL: a commit waits for the disk, so that a power loss cannot take back a write already
# acknowledged (NORMAL survives a crash of the process only). docs/decisions/0026 has the cost.
SQLITE_SYNCHRONOUS = os.environ.get("ADALAT_SQLITE_SYNCHRONOUS", "FULL").strip().upper()
if SQLITE_SYNCHRONOUS not in ("NORMAL", "FULL", "EXTRA"):
    raise ImproperlyConfigured("ADALAT_SQLITE_SYNCHRONOUS must be FULL, EXTRA or NORMAL.")
_SQLITE_OPTIONS = {
    "init_command": (
        f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS}; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'adalat.sqlite3'}"),
        conn_max_age=int(os.environ.get("ADALAT_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = _SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks: the database backend, so enqueueing commits with the change ------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Passwords and sessions -----------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(os.environ.get("ADALAT_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# A form from a page that is out of date is Adalat's own page, which offers to reload it.
CSRF_FAILURE_VIEW = "adalat.core.error_pages.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

HTTPS = env_bool("ADALAT_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ADALAT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("ADALAT_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("ADALAT_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- Log-in throttle (decision 0020): failed log-ins per window of the pack's lockout_minutes ---
LOGIN_ADDRESS_FAILURES = int(os.environ.get("ADALAT_LOGIN_ADDRESS_FAILURES", "20"))
LOGIN_NAME_FAILURES = int(os.environ.get("ADALAT_LOGIN_NAME_FAILURES", "10"))
LOGIN_ALL_FAILURES = int(os.environ.get("ADALAT_LOGIN_ALL_FAILURES", "30"))

# --- Jurisdiction pack: the law as data -----------------------------------------------
JURISDICTION_PACK = os.environ.get("ADALAT_JURISDICTION", str(BASE_DIR / "adalat" / "jurisdictions" / "demo"))
PACK = load_pack(Path(JURISDICTION_PACK))

# --- Languages and time ---------------------------------------------------------------
_LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "hy": "Հայերեն",
    "vi": "Tiếng Việt",
    "uz": "Oʻzbekcha",
    "az": "Azərbaycanca",
    "kk": "Қазақша",
}
LANGUAGES = [(code, _LANGUAGE_NAMES.get(code, code)) for code in PACK.languages]
LANGUAGE_CODE = PACK.languages[0]
LOCALE_PATHS = [BASE_DIR / "adalat" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
DOCUMENT_STORAGE_DIR = Path(os.environ.get("ADALAT_DOCUMENT_DIR", DATA_DIR / "documents"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "documents": {
        "BACKEND": os.environ.get("ADALAT_DOCUMENT_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": DOCUMENT_STORAGE_DIR} if "ADALAT_DOCUMENT_STORAGE" not in os.environ else {},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DOCUMENT_MAX_BYTES = int(os.environ.get("ADALAT_DOCUMENT_MAX_BYTES", str(50 * 1024 * 1024)))
# Active content (JavaScript in PDFs, macros and embedded objects in office files) is refused unless allowed.
DOCUMENT_ALLOW_ACTIVE_CONTENT = env_bool("ADALAT_DOCUMENT_ALLOW_ACTIVE_CONTENT", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Audit ----------------------------------------------------------------------------
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("ADALAT_AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints"))
AUDIT_SIGNING_KEY_FILE = Path(os.environ.get("ADALAT_AUDIT_SIGNING_KEY_FILE", DATA_DIR / "keys" / "audit-ed25519.pem"))
AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("ADALAT_AUDIT_CHECKPOINT_MINUTES", "60"))
# A checkpoint is also signed each time the log grows by this many entries (0: by time only).
AUDIT_CHECKPOINT_ENTRIES = int(os.environ.get("ADALAT_AUDIT_CHECKPOINT_ENTRIES", "1000"))
# A second copy of every checkpoint: a folder on another disk or host, or an http(s) URL that
# accepts them (POST, or PUT of each file under a URL ending in "/"). Empty: no second copy.
AUDIT_CHECKPOINT_MIRROR = os.environ.get("ADALAT_AUDIT_CHECKPOINT_MIRROR", "").strip()
if AUDIT_CHECKPOINT_MINUTES < 1 or AUDIT_CHECKPOINT_ENTRIES < 0:
    raise ImproperlyConfigured(
        "ADALAT_AUDIT_CHECKPOINT_MINUTES must be 1 or more and ADALAT_AUDIT_CHECKPOINT_ENTRIES 0 or more."
    )
if "://" in AUDIT_CHECKPOINT_MIRROR and not AUDIT_CHECKPOINT_MIRROR.lower().startswith(("http://", "https://")):
    raise ImproperlyConfigured("ADALAT_AUDIT_CHECKPOINT_MIRROR must be a folder or an http(s) URL.")

# --- Signing ----------------------------------------------------------------------------
# The key that seals the private keys of the signing authority and of the signers (required in
# production; elsewhere derived from SECRET_KEY when unset), and the signing port's factory.
SIGNING_KEY = os.environ.get("ADALAT_SIGNING_KEY", "")
SIGNING_PORT = os.environ.get("ADALAT_SIGNING_PORT", "adalat.signing.store.in_process")
# The payment system that collects court fees (a factory's dotted path). The default stand-in marks
# every fee paid at once: set a real gateway's adapter wherever fees are really collected.
PAYMENTS_PORT = os.environ.get("ADALAT_PAYMENTS_PORT", "adalat.integrations.payments.standin.stand_in")

# --- API ------------------------------------------------------------------------------
API_TOKEN_DAYS = int(os.environ.get("ADALAT_API_TOKEN_DAYS", "30"))
NINJA_PAGINATION_PER_PAGE = 50

# --- Logging: to standard error, the operator's collector takes it from there ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("ADALAT_LOG_LEVEL", "INFO")},
    # pypdf reports every repair it makes to a damaged PDF: only what stops it is worth a line;
    # pyHanko narrates each step of every validation.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pypdf": {"level": "ERROR"},
        "pyhanko": {"level": "WARNING"},
        "pyhanko_certvalidator": {"level": "WARNING"},
    },
}
