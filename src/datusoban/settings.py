"""Django settings: the one settings module. Operator settings come from ``config.SETTINGS``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from datusoban import config, request_log, scratch

DEFAULT_SECRET_KEY = "datusoban-development-only-not-secret"

MODE = config.get("DATUSOBAN_MODE")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DATUSOBAN_MODE must be 'development' or 'production', not {MODE!r}"
    )
PRODUCTION = MODE == "production"

SECRET_KEY = config.get("DATUSOBAN_SECRET_KEY") or DEFAULT_SECRET_KEY
DEBUG = config.get("DATUSOBAN_DEBUG") == "1"
if PRODUCTION:
    # A production instance with a known key or debug pages leaks personal data.
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Production mode needs DATUSOBAN_SECRET_KEY (at least 32 characters, not the default)."
        )
    if DEBUG:
        raise ImproperlyConfigured("Production mode refuses DATUSOBAN_DEBUG=1.")
# SPDCI conformance-test mode (dci/uji.py): test identifiers find synthetic people.
DCI_UJI = config.get("DATUSOBAN_DCI_UJI") == "1"
if PRODUCTION and DCI_UJI:
    raise ImproperlyConfigured("Production mode refuses DATUSOBAN_DCI_UJI=1.")

ALLOWED_HOSTS = [h.strip() for h in config.get("DATUSOBAN_ALLOWED_HOSTS").split(",") if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

HOME = config.home()

try:
    TRUSTED_PROXIES = config.trusted_proxies()
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "datusoban.reference",
    "datusoban.registri",
    "datusoban.accounts",
    "datusoban.impor",
    "datusoban.penautan",
    "datusoban.synth",
    "datusoban.program",
    "datusoban.layanan",
    "datusoban.sasaran",
    "datusoban.kasus",
    "datusoban.p2k2",
    "datusoban.sanggahan",
    "datusoban.crvs",
    "datusoban.usulan",
    "datusoban.bencana",
    "datusoban.laporan",
    "datusoban.subjek",
    "datusoban.pengguna",
    "datusoban.tugas",
    "datusoban.pekerjaan",
    "datusoban.dci",
    "datusoban.cekstatus",
    "datusoban.usulpublik",
    "datusoban.lapangan",
    "datusoban.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "datusoban.accounts.middleware.SessionTimeouts",
    # After the timeouts (a session they end needs no new password): a password an
    # administrator set is changed before anything else is reached.
    "datusoban.accounts.middleware.PasswordChangeRequired",
    # A refusal a page lets through: its message on the page, or 403/404 (web/refusals.py).
    "datusoban.web.refusals.RefusalMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "datusoban.urls"
WSGI_APPLICATION = "datusoban.wsgi.application"

# The API's documentation (/api/v1/docs) is Swagger UI from django-ninja's own wheel, its
# template and static files served by this server, never from a CDN: the content security
# policy allows nothing else, and an office may have no internet. Found without importing
# ninja, and ninja is not an installed app: its import (pydantic with it) would then be
# paid by every command, 0.1 s of each.
_NINJA = Path(importlib.util.find_spec("ninja").submodule_search_locations[0])

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # django-ninja's page for the API's documentation (api/main.py, LocalSwagger).
        "DIRS": [_NINJA / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = config.get("DATUSOBAN_DATABASE_URL")
    if url:
        # Connections are kept for the life of the process, checked at the start of
        # each request: a new PostgreSQL connection (a new server process with cold
        # caches) made the first requests after it several times slower, and with a
        # time limit each web worker paid that every minute.
        db = dj_database_url.parse(url, conn_max_age=None, conn_health_checks=True)
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                "DATUSOBAN_DATABASE_URL must point to PostgreSQL; leave it empty for SQLite."
            )
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "datusoban.sqlite3",
        "OPTIONS": {
            # WAL lets the web app read while an import writes; IMMEDIATE makes a
            # write transaction take the lock at BEGIN instead of failing mid-way.
            # 16 KiB pages (taken only by a new database) make bulk loads faster.
            "init_command": "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;",
            "transaction_mode": "IMMEDIATE",
        },
        # Tests use a real file too, so that WAL and locking behave as in use.
        "TEST": {"NAME": str(HOME / "test-datusoban.sqlite3")},
    }


DATABASES = {"default": _database()}


def _database_owner() -> dict | None:
    """The connection settings of the role that owns the audit trail and runs
    migrations (``datusoban migrate`` switches to them), or None: one role for all."""
    url = config.get("DATUSOBAN_DATABASE_OWNER_URL")
    if not url:
        return None
    app = DATABASES["default"]
    owner = dj_database_url.parse(url)
    if app["ENGINE"] != "django.db.backends.postgresql" or owner["ENGINE"] != app["ENGINE"]:
        raise ImproperlyConfigured(
            "DATUSOBAN_DATABASE_OWNER_URL needs DATUSOBAN_DATABASE_URL, both PostgreSQL."
        )
    if owner["NAME"] != app["NAME"]:
        raise ImproperlyConfigured(
            "DATUSOBAN_DATABASE_OWNER_URL must name the database of DATUSOBAN_DATABASE_URL."
        )
    if not owner["USER"] or not app["USER"] or owner["USER"] == app["USER"]:
        raise ImproperlyConfigured(
            "DATUSOBAN_DATABASE_OWNER_URL and DATUSOBAN_DATABASE_URL must each name a user, "
            "two different ones."
        )
    defaults = {"USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "OPTIONS": {}}
    return {key: owner.get(key) or empty for key, empty in defaults.items()}


DATABASE_OWNER = _database_owner()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Makassar"  # WITA: Kalimantan Selatan
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# One date style on every page, "5 Maret 2017" and "5 Mar 2017": formats/id/formats.py
# (locale formats outrank DATE_FORMAT and the like set here). formatting.py uses the same.
FORMAT_MODULE_PATH = ["datusoban.formats"]

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
# Browser libraries installed by npm (package.json, `npm ci`) and served from here,
# never from a CDN: offices may have no internet. Present in a source checkout.
_NPM = Path(__file__).resolve().parents[2] / "node_modules"
STATICFILES_DIRS = [
    (f"vendor/{package}", _NPM / package / "dist")
    for package in ("htmx.org",)
    if (_NPM / package / "dist").is_dir()
] + [("ninja", _NINJA / "static" / "ninja")]

# Background jobs (web imports): Django's tasks API with the database backend, so
# no broker is needed; `datusoban worker` (and `datusoban serve`) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGIN_URL = "web:masuk"
# Where a login lands: what waits for the user's action (tugas/).
LOGIN_REDIRECT_URL = "web:tugas"
LOGOUT_REDIRECT_URL = "web:masuk"
try:
    UPLOAD_MAX_BYTES = int(config.get("DATUSOBAN_UPLOAD_MAX_MB")) << 20
except ValueError:
    raise ImproperlyConfigured("DATUSOBAN_UPLOAD_MAX_MB must be a whole number of MiB.") from None
# Uploads over 2.5 MB are spooled to disk while the request runs: under
# $DATUSOBAN_HOME/tmp rather than /tmp, so that the file of a server that dies
# mid-request is found and removed by the next `serve` or `worker` (scratch.py).
FILE_UPLOAD_TEMP_DIR = str(scratch.spool_folder())

# Authentication hardening. Passwords: argon2 (PBKDF2 still verifies older hashes
# and upgrades them at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "datusoban.accounts.backends.AccountBackend",
]
# Lockout: 5 failed logins for one user name from one address lock that pair
# for 30 minutes (guessing one account, or one office's shared address
# locking out everybody, are both avoided).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, not the proxy's (DATUSOBAN_TRUSTED_PROXIES): the same
# function the audit trail uses.
AXES_CLIENT_IP_CALLABLE = "datusoban.accounts.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "web/terkunci.html"
AXES_RESET_ON_SUCCESS = True
# Attempts from a locked address are refused and not recorded: the 30 minutes run
# from the failure that locked it, and a locked address hammering on cannot keep
# moving the time of the user name's latest failure (which the slowing below
# counts its interval from).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Across all addresses, a user name that collected this many failures within the
# cool-off (each address counting at most AXES_FAILURE_LIMIT) is slowed, never
# locked: one attempt per interval, doubling from one second up to the maximum
# (accounts/login_throttle.py). Guessing from many addresses gets a few dozen
# tries an hour; the user waits at most a minute.
LOGIN_SLOW_AFTER = 10
LOGIN_SLOW_MAX_SECONDS = 60
# The public status check (/cek-status/, cekstatus/throttle.py): queries a minute from one
# client address, and from everyone together; beyond, 429 and a message.
try:
    CEK_STATUS_PER_ALAMAT = int(config.get("DATUSOBAN_CEK_STATUS_PER_ALAMAT"))
    CEK_STATUS_GLOBAL = int(config.get("DATUSOBAN_CEK_STATUS_GLOBAL"))
except ValueError:
    raise ImproperlyConfigured(
        "DATUSOBAN_CEK_STATUS_PER_ALAMAT and DATUSOBAN_CEK_STATUS_GLOBAL must be whole numbers."
    ) from None
# The public proposals and objections (usulpublik): submissions an hour from one client
# address, and from everyone together (the same throttle as cek status, its own counts).
try:
    USUL_PUBLIK_PER_ALAMAT = int(config.get("DATUSOBAN_USUL_PUBLIK_PER_ALAMAT"))
    USUL_PUBLIK_GLOBAL = int(config.get("DATUSOBAN_USUL_PUBLIK_GLOBAL"))
except ValueError:
    raise ImproperlyConfigured(
        "DATUSOBAN_USUL_PUBLIK_PER_ALAMAT and DATUSOBAN_USUL_PUBLIK_GLOBAL must be whole numbers."
    ) from None
# The field app (/lapangan/): days a device keeps downloaded work without reaching the
# server, and most households one download holds (a kecamatan's, for a TKSK).
try:
    LAPANGAN_HARI_LURING = int(config.get("DATUSOBAN_LAPANGAN_HARI_LURING"))
    LAPANGAN_BATAS_KELUARGA = int(config.get("DATUSOBAN_LAPANGAN_BATAS_KELUARGA"))
except ValueError:
    raise ImproperlyConfigured(
        "DATUSOBAN_LAPANGAN_HARI_LURING and DATUSOBAN_LAPANGAN_BATAS_KELUARGA must be whole "
        "numbers."
    ) from None
# Idle timeout: a session lives 30 minutes past its last request, renewed at most
# once a minute. Absolute timeout: 8 hours after login, whatever the activity
# (accounts/middleware.py).
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused CSRF token gets the site's own page (web/errors.py), not Django's English one.
CSRF_FAILURE_VIEW = "datusoban.web.errors.csrf_failure"
# Content-Security-Policy: everything from this server, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Requests refused (4xx, one line) or failed (5xx, with the traceback) logged to stderr.
LOGGING = request_log.LOGGING
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    # Behind the TLS proxy (README: production), which must set this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Hashed, compressed static files with far-future caching, served by WhiteNoise
    # straight from the WSGI server (after collectstatic); `datusoban serve` has
    # Django's own static view instead.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Source maps (5.5 of the 11 MB collected, from the API's documentation pages) are
    # fetched only by a developer's browser tools: compressing them was half of
    # collectstatic's time, for no page a user opens.
    from whitenoise.compress import Compressor

    WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
