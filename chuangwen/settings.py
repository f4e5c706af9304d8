"""Chuangwen settings: everything comes from the environment, with safe defaults for the
embedded mode (SQLite on local disk) and none for production secrets."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHUANGWEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# Production must set its own key; the embedded/demo mode gets a fixed, clearly marked one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("CHUANGWEN_PRODUCTION"):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when CHUANGWEN_PRODUCTION=1")
    SECRET_KEY = "insecure-embedded-mode-key-do-not-use-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "treebeard",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "chuangwen.core",
    "chuangwen.org",
    "chuangwen.standards",
    "chuangwen.campaigns",
    "chuangwen.evidence",
    "chuangwen.inspections",
    "chuangwen.surveys",
    "chuangwen.feedback",
    "chuangwen.api",
    "chuangwen.dashboard",
    "chuangwen.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside the locale (its messages are translated), outside everything that may answer an error.
    "chuangwen.api.middleware.APIErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "chuangwen.core.middleware.CurrentUnitMiddleware",
    "chuangwen.audit.middleware.AuditMiddleware",
]

# The public survey form (/s/, reached by QR code; no session, no login, its own signed form
# token instead of CSRF) is served with a lean middleware stack: chuangwen/core/handlers.py.
LEAN_PATH_PREFIXES = ["/s/"]
LEAN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chuangwen.core.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Valid submissions of the survey form are stored and answered before the lean stack, without
# Django's request cycle (chuangwen/surveys/fastlane.py).
LEAN_FAST_LANES = ["chuangwen.surveys.fastlane.handle"]

ROOT_URLCONF = "chuangwen.urls"
WSGI_APPLICATION = "chuangwen.wsgi.application"

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
                "chuangwen.core.context_processors.navigation",
            ],
        },
    }
]

# SQLite (WAL) on local disk by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'chuangwen.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Prepared statements only where the code asks for them (the public survey's store,
    # surveys.services). Django opens PostgreSQL connections with prepare_threshold=None (for
    # poolers in transaction mode), and then psycopg ignores even an explicit prepare=True; a
    # threshold no query reaches lets those requests through. Django's own queries go through
    # client-side binding cursors, which never prepare.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Failed logins before an account is locked, and for how long (minutes).
LOGIN_MAX_FAILURES = int(os.environ.get("CHUANGWEN_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("CHUANGWEN_LOGIN_LOCK_MINUTES", "15"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# Our own wording wins over Django's (e.g. "Log out" is 退出登录, not admin's 注销).
LOCALE_PATHS = [BASE_DIR / "chuangwen" / "core" / "locale"]
TIME_ZONE = os.environ.get("TZ_NAME", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("CHUANGWEN_MEDIA_ROOT", VAR_DIR / "media"))

# Upload limits: requests bodies are streamed to disk past 2 MB; files beyond the
# per-feature limit are refused with a message, never read whole into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_MAX_BYTES = int(os.environ.get("CHUANGWEN_ROSTER_MAX_BYTES", str(10 * 1024 * 1024)))

# Background work (exports, imports, reminders): Django's tasks API through the django-tasks
# backport. The embedded default stores jobs in the database and `manage.py db_worker` runs them;
# tests run them immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHUANGWEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("CHUANGWEN_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Reverse proxies in front of the app servers (nginx, a load balancer) whose X-Forwarded-For
# entries are trusted; 0 = clients connect directly (chuangwen/core/net.py).
CHUANGWEN_TRUSTED_PROXIES = int(os.environ.get("CHUANGWEN_TRUSTED_PROXIES", "0"))
# Who saw and took what (chuangwen/audit); off only for the benchmark's comparison.
AUDIT_LOG_ENABLED = env_bool("CHUANGWEN_AUDIT_LOG", True)

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
