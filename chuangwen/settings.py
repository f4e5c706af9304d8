"""Chuangwen settings: everything comes from the environment, with safe defaults for the
embedded mode (SQLite on local disk) and none for production secrets."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chuangwen.core.secret_key import embedded_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHUANGWEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; unset gives ``default``, an empty value gives []."""
    raw = os.environ.get(name)
    return default if raw is None else [item.strip() for item in raw.split(",") if item.strip()]


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit written "count/seconds" (e.g. "5/600"), as (count, seconds)."""
    count, _slash, seconds = os.environ.get(name, default).partition("/")
    try:
        return int(count), int(seconds)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must read count/seconds, e.g. {default}") from None


# --- Mode ----------------------------------------------------------------------------------
# CHUANGWEN_PRODUCTION=1: every secret and address must come from the environment, HTTPS and a
# shared cache are required; the settings below refuse to start, saying what to set.
CHUANGWEN_PRODUCTION = env_bool("CHUANGWEN_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG", False)

# --- Secret key ----------------------------------------------------------------------------
# Production must set its own key. The embedded/demo mode makes a random one at first start and
# keeps it in var/ (mode 600, never in the repository: chuangwen/core/secret_key.py).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if CHUANGWEN_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when CHUANGWEN_PRODUCTION=1")
    SECRET_KEY = embedded_secret_key(VAR_DIR)

# --- Addresses -----------------------------------------------------------------------------
# Where users reach the site (https://cw.example-hospital.cn): links in e-mails and posters are
# built on it (relative without it). Production requires it; it gives the default allowed host
# and trusted origin.
CHUANGWEN_BASE_URL = os.environ.get("CHUANGWEN_BASE_URL", "").strip().rstrip("/")
if CHUANGWEN_PRODUCTION and not CHUANGWEN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "CHUANGWEN_BASE_URL must be set when CHUANGWEN_PRODUCTION=1: the address users reach the site at, "
        "e.g. https://cw.example-hospital.cn (links in e-mails are built on it)"
    )
_base = urlsplit(CHUANGWEN_BASE_URL)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [_base.hostname] if CHUANGWEN_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", [f"{_base.scheme}://{_base.netloc}"] if CHUANGWEN_PRODUCTION else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
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
    "chuangwen.escalation",
    "chuangwen.audit",
    "chuangwen.scoring",
    "chuangwen.ethics",
    "chuangwen.honours",
    "chuangwen.activities",
    "chuangwen.volunteer",
    "chuangwen.party",
    "chuangwen.reports",
    "chuangwen.ranking",
    "chuangwen.screens",
    "chuangwen.robots",
    "chuangwen.ops",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: every answer carries the request id, is counted and logged (chuangwen/ops).
    "chuangwen.ops.request_id.RequestIdMiddleware",
    "chuangwen.ops.metrics.MetricsMiddleware",
    "chuangwen.ops.logs.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "chuangwen.core.content_policy.CSPMiddleware",
    # /healthz, /readyz, /metrics: answered here, before sessions and everything after.
    "chuangwen.ops.middleware.OpsEndpointsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese whatever the browser says; the language switch's cookie chooses English.
    "chuangwen.core.middleware.ChineseFirstLocaleMiddleware",
    # Inside the locale (its messages are translated), outside everything that may answer an error.
    "chuangwen.api.middleware.APIErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then confine a half-signed-in user to the second step.
    "django_otp.middleware.OTPMiddleware",
    "chuangwen.org.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "chuangwen.core.middleware.CurrentUnitMiddleware",
    "chuangwen.audit.middleware.AuditMiddleware",
    # Last, as axes asks: turns a locked-out login into the lock page.
    "axes.middleware.AxesMiddleware",
]

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

# manage.py backup / restore on PostgreSQL: the directory of pg_dump and pg_restore; empty: Debian's
# of the server's major version (/usr/lib/postgresql/<major>/bin), else the PATH's.
PG_BIN = os.environ.get("CHUANGWEN_PG_BIN", "")

# A read replica (PostgreSQL streaming replication) for dashboards and exports: they opt in with
# chuangwen.core.replica.replica_reads(); writes and everything else stay on default.
_replica = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if _replica:
    DATABASES["replica"] = dj_database_url.parse(_replica, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    # Tests read the replica as a mirror of default (the same test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["chuangwen.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Every authenticate() goes through axes first (site login, admin login, anything later).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Region names + years and the like (chuangwen/org/weak_passwords.txt).
    {"NAME": "chuangwen.org.passwords.ProjectWeakPasswordValidator"},
]
# Failed logins before a username + client address pair is locked, and for how long (minutes).
LOGIN_MAX_FAILURES = int(os.environ.get("CHUANGWEN_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("CHUANGWEN_LOGIN_LOCK_MINUTES", "15"))
# Login throttling (django-axes). The database handler: its counter is one row per username +
# address pair updated under SELECT ... FOR UPDATE with an F() increment, atomic on SQLite and
# PostgreSQL alike; the cache handler's incr is a read-then-write on Django's database cache.
AXES_ENABLED = True  # off only for the benchmark's comparison (bench/bench_login.py)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "chuangwen.org.auth.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "chuangwen.org.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Our audit log records every login; axes' own access log would be a second copy.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): required for system admins and region-scope (bureau) users,
# optional for others (chuangwen/org/two_factor.py). Not an environment switch: a security
# requirement. Tests switch it off except where they test it (tests/conftest.py).
TWO_FACTOR_ENFORCED = True
OTP_TOTP_ISSUER = os.environ.get("CHUANGWEN_OTP_ISSUER", "Chuangwen")

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

# --- Object storage ------------------------------------------------------------------------
# Evidence, photos and generated documents: local disk (MEDIA_ROOT) by default; an S3-compatible
# store (MinIO, a cloud's object storage; moto in tests) when CHUANGWEN_S3_BUCKET is set, shared by
# every app server and worker (django-storages). The bucket stays private: downloads are answered
# by the storage through signed URLs that live FILE_URL_SECONDS (chuangwen/core/delivery.py).
S3_BUCKET = os.environ.get("CHUANGWEN_S3_BUCKET", "").strip()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if S3_BUCKET:
    # The address both servers and browsers reach the store at (signed URLs are built on it).
    S3_ENDPOINT_URL = os.environ.get("CHUANGWEN_S3_ENDPOINT_URL", "").strip() or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "access_key": os.environ.get("CHUANGWEN_S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("CHUANGWEN_S3_SECRET_KEY", ""),
            "region_name": os.environ.get("CHUANGWEN_S3_REGION", "us-east-1"),
            # MinIO and most private stores want path-style addresses (host/bucket/key).
            "addressing_style": os.environ.get("CHUANGWEN_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "file_overwrite": False,  # a second upload under a taken name gets a new name
        },
    }
    if CHUANGWEN_PRODUCTION and not (S3_ENDPOINT_URL or os.environ.get("CHUANGWEN_S3_REGION")):
        raise ImproperlyConfigured("CHUANGWEN_S3_BUCKET needs CHUANGWEN_S3_ENDPOINT_URL (MinIO) or CHUANGWEN_S3_REGION")
# Who sends a file's bytes after the scope check: "app" (this process), "redirect" (a signed URL
# of the object storage) or "accel" (nginx's X-Accel-Redirect to FILE_ACCEL_PREFIX, an internal
# location over MEDIA_ROOT: deploy/nginx/chuangwen.conf).
FILE_DELIVERY = os.environ.get("CHUANGWEN_FILE_DELIVERY", "redirect" if S3_BUCKET else "app").strip()
if FILE_DELIVERY not in {"app", "redirect", "accel"}:
    raise ImproperlyConfigured("CHUANGWEN_FILE_DELIVERY must be app, redirect or accel")
if FILE_DELIVERY == "redirect" and not S3_BUCKET:
    raise ImproperlyConfigured("CHUANGWEN_FILE_DELIVERY=redirect needs object storage (CHUANGWEN_S3_BUCKET)")
FILE_URL_SECONDS = env_int("CHUANGWEN_FILE_URL_SECONDS", 60)
FILE_ACCEL_PREFIX = os.environ.get("CHUANGWEN_FILE_ACCEL_PREFIX", "/_protected/")
# Where uploads are staged while they arrive (local to each server), and how old a staged or
# stored-but-unrecorded file must be before `manage.py storage_cleanup` removes it.
FILE_UPLOAD_TEMP_DIR = os.environ.get("CHUANGWEN_UPLOAD_TEMP_DIR") or None
ORPHAN_FILE_HOURS = env_int("CHUANGWEN_ORPHAN_FILE_HOURS", 6)

# Upload limits: requests bodies are streamed to disk past 2 MB; files beyond the
# per-feature limit are refused with a message, never read whole into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_MAX_BYTES = int(os.environ.get("CHUANGWEN_ROSTER_MAX_BYTES", str(10 * 1024 * 1024)))
EVIDENCE_MAX_BYTES = env_int("CHUANGWEN_EVIDENCE_MAX_BYTES", 30 * 1024 * 1024)
INSPECTION_PHOTO_MAX_BYTES = env_int("CHUANGWEN_INSPECTION_PHOTO_MAX_BYTES", 20 * 1024 * 1024)
# Activities: the sign-in QR code changes every this many seconds (the previous code stays
# valid one step more, so a photo of it expires within two steps).
SIGNIN_STEP_SECONDS = env_int("CHUANGWEN_SIGNIN_STEP_SECONDS", 30)
# Big screens (数据大屏): a kiosk link's figures are computed at most once per this many seconds
# and shared by every screen showing the link (chuangwen/screens/data.py).
SCREENS_CACHE_SECONDS = env_int("CHUANGWEN_SCREENS_CACHE_SECONDS", 5)
# Pictures with more pixels are refused as too large before they are decoded (a decompression
# bomb, or a panorama nobody needs at full size); Pillow's own guard still applies above 89 MP.
UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("CHUANGWEN_UPLOAD_MAX_IMAGE_PIXELS", "60000000"))

# Imports (chuangwen/core/safe_files.py, chuangwen/core/spreadsheets.py): checked before parsing so
# that no upload can take the server down. Office zips: parts, unpacked bytes per part and in all,
# and the compression ratio of large parts; YAML: no anchors/aliases, bounded depth and node count;
# rows per import, enforced while reading.
IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("CHUANGWEN_IMPORT_MAX_ZIP_MEMBERS", "1000"))
IMPORT_MAX_MEMBER_BYTES = int(os.environ.get("CHUANGWEN_IMPORT_MAX_MEMBER_BYTES", str(32 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("CHUANGWEN_IMPORT_MAX_UNCOMPRESSED_BYTES", str(64 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("CHUANGWEN_IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_COLUMNS = int(os.environ.get("CHUANGWEN_IMPORT_MAX_COLUMNS", "64"))
IMPORT_YAML_MAX_DEPTH = int(os.environ.get("CHUANGWEN_IMPORT_YAML_MAX_DEPTH", "20"))
IMPORT_YAML_MAX_NODES = int(os.environ.get("CHUANGWEN_IMPORT_YAML_MAX_NODES", "100000"))
ROSTER_MAX_ROWS = int(os.environ.get("CHUANGWEN_ROSTER_MAX_ROWS", "20000"))
STANDARD_IMPORT_MAX_BYTES = int(os.environ.get("CHUANGWEN_STANDARD_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
STANDARD_IMPORT_MAX_ITEMS = int(os.environ.get("CHUANGWEN_STANDARD_IMPORT_MAX_ITEMS", "2000"))
RESPONSIBILITY_TABLE_MAX_BYTES = int(os.environ.get("CHUANGWEN_RESPONSIBILITY_TABLE_MAX_BYTES", str(10 * 1024 * 1024)))
RESPONSIBILITY_TABLE_MAX_ROWS = int(os.environ.get("CHUANGWEN_RESPONSIBILITY_TABLE_MAX_ROWS", "5000"))
# Exports (chuangwen/core/export_jobs.py): a list longer than this is written by a background job
# whose progress the user follows, instead of during the request.
EXPORT_SYNC_MAX_ROWS = env_int("CHUANGWEN_EXPORT_SYNC_MAX_ROWS", 2000)
# Days a finished background export's file is kept (``manage.py expire_exports``, daily).
EXPORT_KEEP_DAYS = env_int("CHUANGWEN_EXPORT_KEEP_DAYS", 7)
SURVEYS_PAPER_MAX_ROWS = int(os.environ.get("CHUANGWEN_SURVEYS_PAPER_MAX_ROWS", "200"))

# Background work (exports, imports, reminders): Django's tasks API through the django-tasks
# backport. The embedded default stores jobs in the database and `manage.py db_worker` runs them;
# tests run them immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHUANGWEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Content-Security-Policy (django-csp) on every response: scripts and styles only from our own
# static files, so injected markup can neither run code nor restyle the page. Templates carry no
# inline <script>, on*= handler, javascript: URL, <style> or style= (tests/core/test_csp.py walks
# them); data goes to scripts through data-* attributes and json_script. The admin site's pages
# may use inline styles, not scripts (chuangwen/core/content_policy.py says why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],  # QR codes, thumbnails, Bootstrap's SVG icons
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
if FILE_DELIVERY == "redirect":
    # Pictures shown in pages (thumbnails, photos) come from the object storage's signed URLs.
    _store = urlsplit(S3_ENDPOINT_URL or "https://*.amazonaws.com")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_store.scheme}://{_store.netloc}")

# --- Proxies and HTTPS ---------------------------------------------------------------------
# Reverse proxies in front of the app servers (nginx, a load balancer) whose X-Forwarded-For
# entries are trusted; 0 = clients connect directly (chuangwen/core/net.py). Rate limits and
# lockouts count the address this gives, never the proxy's nor one the client wrote.
CHUANGWEN_TRUSTED_PROXIES = env_int("CHUANGWEN_TRUSTED_PROXIES", 0)
# The header the trusted proxy sets to the scheme the client used ("X-Forwarded-Proto" by default
# behind a proxy; empty: none). Without it, behind a proxy, the SSL redirect would loop.
_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if CHUANGWEN_TRUSTED_PROXIES else "")
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _ssl_header.strip().upper().replace("-", "_"), "https") if _ssl_header else None
# Production defaults: HTTPS only, HSTS for a year (subdomains and preload included: what
# `check --deploy` asks for), cookies only over HTTPS. Each can be set from the environment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", CHUANGWEN_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 3600 if CHUANGWEN_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", CHUANGWEN_PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", CHUANGWEN_PRODUCTION)
# The load balancer's probes and the monitoring may talk plain HTTP to an app server directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("CHUANGWEN_SECURE_COOKIES", CHUANGWEN_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Shared cache --------------------------------------------------------------------------
# Rate limits, lockouts and locks hold only if every app-server process counts in the same
# place: Redis in production (REDIS_URL), the database cache in the embedded mode (its table is
# made by `manage.py createcachetable`; the test database gets it too).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chuangwen",
        }
    }
elif CHUANGWEN_PRODUCTION:
    raise ImproperlyConfigured(
        "CHUANGWEN_PRODUCTION=1 needs a cache shared by every app-server process: set REDIS_URL "
        "(e.g. redis://127.0.0.1:6379/0)"
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "chuangwen.core.cache.DatabaseCache",
            "LOCATION": "chuangwen_cache",
            # Rate-limit counters are entries: culling them at Django's default 300 would forget
            # clients on a busy morning.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# --- Public forms --------------------------------------------------------------------------
# Body caps (bytes; larger requests get 413 before they are read) and rate limits ("count/seconds"
# per client fingerprint and per client address: chuangwen/core/publicforms.py).
SURVEYS_MAX_BODY = env_int("CHUANGWEN_SURVEYS_MAX_BODY", 16 * 1024)
SURVEYS_RATE_LIMITS = {
    "client": env_rate("CHUANGWEN_SURVEYS_RATE_CLIENT", "5/600"),  # per phone and department
    "ip": env_rate("CHUANGWEN_SURVEYS_RATE_IP", "60/600"),  # per address, over every form
}
FEEDBACK_PUBLIC_MAX_BODY = env_int("CHUANGWEN_FEEDBACK_PUBLIC_MAX_BODY", 16 * 1024)
FEEDBACK_RATE_LIMITS = {
    "client": env_rate("CHUANGWEN_FEEDBACK_RATE_CLIENT", "3/600"),  # per phone and unit
    "ip": env_rate("CHUANGWEN_FEEDBACK_RATE_IP", "20/3600"),  # per address and unit
}
# The font of the QR posters (empty: Debian's Noto Sans CJK, fonts-noto-cjk).
SURVEYS_POSTER_FONT = os.environ.get("CHUANGWEN_SURVEYS_POSTER_FONT", "")

# --- Complaint deadlines (working days) ----------------------------------------------------
FEEDBACK_REPLY_WORKING_DAYS = env_int("CHUANGWEN_FEEDBACK_REPLY_WORKING_DAYS", 5)
# When an unanswered complaint goes to the office, then to the supervisors: escalation rules,
# data edited in the admin (chuangwen/escalation).

# --- Group robots (企业微信 / 钉钉 webhooks, chuangwen/robots) ---------------------------------
# Robots post only to the platforms' own HTTPS hosts; these host:port entries are accepted too,
# over plain HTTP as well (the local stand-in `manage.py robot_standin`, a private gateway).
ROBOTS_EXTRA_HOSTS = env_list("CHUANGWEN_ROBOTS_EXTRA_HOSTS", [] if CHUANGWEN_PRODUCTION else ["127.0.0.1:8799"])

# Who saw and took what (chuangwen/audit); off only for the benchmark's comparison.
AUDIT_LOG_ENABLED = env_bool("CHUANGWEN_AUDIT_LOG", True)
# "thread": a background thread per process writes the events of answered requests (the
# request's worker never waits for the log); "inline": the worker writes them as it closes the
# response (tests).
AUDIT_LOG_WRITER = os.environ.get("CHUANGWEN_AUDIT_WRITER", "thread")

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# --- Logs, metrics (chuangwen/ops, docs/observability.md) ----------------------------------
# "json": one JSON object per line (the log pipeline's); "plain": for a terminal (make demo).
# Every line names its request id; the db_worker logs the same way.
CHUANGWEN_LOG_FORMAT = os.environ.get("CHUANGWEN_LOG_FORMAT", "json" if CHUANGWEN_PRODUCTION else "plain")
if CHUANGWEN_LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("CHUANGWEN_LOG_FORMAT must be json or plain")
# One line per request (logger chuangwen.access): method, path without the query, status, time.
CHUANGWEN_ACCESS_LOG = env_bool("CHUANGWEN_ACCESS_LOG", CHUANGWEN_PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "chuangwen.ops.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "chuangwen.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": CHUANGWEN_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "chuangwen.access": {"level": "INFO" if CHUANGWEN_ACCESS_LOG else "WARNING"},
        "chuangwen.jobs": {"level": "INFO" if CHUANGWEN_ACCESS_LOG else "WARNING"},
    },
}
# /metrics answers a bearer token of this value, or these client addresses / networks
# (comma-separated, e.g. 127.0.0.1,10.0.5.0/24); anyone else gets 404.
CHUANGWEN_METRICS_TOKEN = os.environ.get("CHUANGWEN_METRICS_TOKEN", "")
CHUANGWEN_METRICS_ALLOWED_IPS = env_list("CHUANGWEN_METRICS_ALLOWED_IPS", ["127.0.0.1"])
# Several worker processes per server: prometheus_client's multiprocess mode keeps their values
# in files here (one directory per server, emptied at its start; prometheus_client reads it too).
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
