"""Django settings: the one settings module. Operator settings come from ``config.SETTINGS``."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from datusoban import config

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

ALLOWED_HOSTS = [h.strip() for h in config.get("DATUSOBAN_ALLOWED_HOSTS").split(",") if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

HOME = config.home()

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
    "datusoban.reference",
    "datusoban.registry",
    "datusoban.ingest",
    "datusoban.linkage",
    "datusoban.synth",
    "datusoban.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "datusoban.urls"
WSGI_APPLICATION = "datusoban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
        db = dj_database_url.parse(url, conn_max_age=60)
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

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
# Browser libraries installed by npm (package.json, `npm ci`) and served from here,
# never from a CDN: offices may have no internet. Present in a source checkout.
_NPM = Path(__file__).resolve().parents[2] / "node_modules"
STATICFILES_DIRS = [
    (f"vendor/{package}", _NPM / package / "dist")
    for package in ("htmx.org",)
    if (_NPM / package / "dist").is_dir()
]

# Background jobs (web imports): Django's tasks API with the database backend, so
# no broker is needed; `datusoban worker` (and `datusoban serve`) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGIN_URL = "web:masuk"
LOGIN_REDIRECT_URL = "web:impor"
LOGOUT_REDIRECT_URL = "web:masuk"
try:
    UPLOAD_MAX_BYTES = int(config.get("DATUSOBAN_UPLOAD_MAX_MB")) << 20
except ValueError:
    raise ImproperlyConfigured("DATUSOBAN_UPLOAD_MAX_MB must be a whole number of MiB.") from None

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
