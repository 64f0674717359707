"""Settings for CSA Portal, driven by environment variables.

With nothing set, the portal runs embedded: SQLite in the project folder, Celery tasks
executed in-process, mail printed to the console, DEBUG on. ``DEBUG=0`` switches to the
production configuration, which refuses to start without a real ``SECRET_KEY``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG", True)

# The embedded key only ever exists with DEBUG on; production must bring its own.
_DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105  # nosec B105 # refused with DEBUG off
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "csp",
    "axes",
    "csa_portal",
    "roles",
    "applicants",
    "assessments",
    # Above the domain apps: pages that gather them (the staff dashboard, demo data).
    "dashboard",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Next: they set headers on every answer below them, axes' lockout page included.
    "csa_portal.middleware.PrivatePagesMiddleware",
    "csa_portal.permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads the client's address (rate limits, django-axes).
    "csa_portal.middleware.ClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the ones whose headers the 413 page should carry; before any view reads the body
    # (nothing above reads it: CSRF reads the form only in its view hook, after this).
    "csa_portal.middleware.RequestBodyLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csa_portal.urls"
WSGI_APPLICATION = "csa_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csa_portal.context_processors.portal",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no connection worth reusing, and WAL lets the dev server read while a task
    # writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Candidates sign in by magic link; their session ends after this much inactivity.
CANDIDATE_IDLE_MINUTES = int(os.environ.get("CANDIDATE_IDLE_MINUTES", "30"))
# How long a sign-in link works, from the moment its mail is sent: the link a candidate asks
# for and the one in the confirmation mail alike. The mails and the portal's pages quote it.
SIGN_IN_LINK_MINUTES = int(os.environ.get("SIGN_IN_LINK_MINUTES", "60"))
# Retention: a candidate whose applications all closed longer ago than this is anonymised by a
# beat job unless they asked to stay in the talent pool; the reports keep their aggregates.
CANDIDATE_RETENTION_MONTHS = int(os.environ.get("CANDIDATE_RETENTION_MONTHS", "12"))
# Where candidates write about their data (the privacy notice and the mails name it).
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "privacy@example.com")
# The reports show a group's ratio only from this many people; fewer say "too few to judge".
REPORTS_MIN_GROUP_SIZE = int(os.environ.get("REPORTS_MIN_GROUP_SIZE", "10"))
# Resumes are private: stored under MEDIA_ROOT, streamed to authorised staff only.
RESUME_MAX_BYTES = 5 * 1024 * 1024
# One recorded answer to one turn of the practice call (Opus at 32 kbit/s is 240 KB a minute).
ASSESSMENT_AUDIO_MAX_BYTES = 6 * 1024 * 1024
# The largest request body accepted at all, refused by its Content-Length before a byte is
# read: a 5 MB resume with the form around it, and later a mock-call answer's recording.
# nginx (docker/nginx.conf) refuses bigger bodies before they reach the app; keep them equal.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(12 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- cache (rate limits, the public board) -------------------------------------------------

# Rate-limit counters must be shared by every web process: use Redis in production, its own
# Redis (or database) apart from the broker's, because the cache may evict and the broker
# must not (docs/operations.md). The cache only saves work, so it degrades instead of failing:
# short timeouts, and while Redis does not answer every read is a miss and rate limits let
# requests through (csa_portal/cache.py).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CACHES = {
    "default": (
        {
            "BACKEND": "csa_portal.cache.DegradingRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Requests allowed per window (seconds) on the public endpoints that send mail or store files.
RATE_LIMITS = {
    "apply-ip": (int(os.environ.get("RATE_APPLY_PER_IP", "20")), 3600),
    "apply-email": (int(os.environ.get("RATE_APPLY_PER_EMAIL", "5")), 3600),
    "magic-link-ip": (int(os.environ.get("RATE_LINK_PER_IP", "20")), 3600),
    "magic-link-email": (int(os.environ.get("RATE_LINK_PER_EMAIL", "5")), 3600),
}

# --- auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sign-in lockout: per user name and address, and per user name from unfamiliar
# addresses (csa_portal/lockout.py says how the two counts combine).
STAFF_LOCKOUT_PER_ADDRESS = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
STAFF_LOCKOUT_PER_ACCOUNT = int(os.environ.get("AXES_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "csa_portal.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# A lockout ends a cool-off after the last failure that counted; failures while locked do not
# count, so hammering a name cannot keep its owner out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "roles:board"

# --- i18n -----------------------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- files ----------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Resumes and recordings are private: never below STATIC_ROOT, never served by a public URL.
# Staff views stream them after a permission check, so MEDIA_URL is deliberately unset.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if STATIC_ROOT.resolve() in MEDIA_ROOT.resolve().parents or MEDIA_ROOT.resolve() == STATIC_ROOT:
    raise ImproperlyConfigured("MEDIA_ROOT must not lie inside STATIC_ROOT.")

# --- mail -----------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent_mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CSA Portal <hiring@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in mail (magic links, role pages) start with this.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- forms and front end --------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PORTAL_NAME = os.environ.get("PORTAL_NAME", "CSA Portal")
HIRING_ORGANIZATION = os.environ.get("HIRING_ORGANIZATION", "Northwind Support Co.")

# No inline script or style anywhere: every script and stylesheet is a file under /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    # Embedded default: no broker, every task runs in the process that queues it.
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Every task is killed after this long unless it sets a shorter limit of its own.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Acknowledge on receipt by default; only tasks marked idempotent opt into late acks.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest countdown or retry delay any task may use. Redis re-delivers an unacknowledged
# message after the visibility timeout, so it must be longer than any delay we schedule.
CELERY_MAX_TASK_DELAY_SECONDS = 6 * 3600
# Nothing waits for the broker inside a publish: a web request hands work over once and gives
# up within a second (csa_portal/handoff.py); the sweeps are the retry. ``max_retries`` 0
# stops kombu's reconnect loop around a publish (2 s sleeps); the socket timeouts bound a
# Redis that accepts connections but does not answer. A worker's own consumer still
# reconnects on its own schedule (broker_connection_retry).
BROKER_TIMEOUT_SECONDS = float(os.environ.get("BROKER_TIMEOUT_SECONDS", "1"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_MAX_TASK_DELAY_SECONDS + 3600,
    "max_retries": 0,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": max(BROKER_TIMEOUT_SECONDS, 2.0),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox: how often beat sweeps it for due mail, and how long a worker's claim on a row
# lasts. A claim must outlast the send task's hard time limit (60 s), or a slow send that is
# still alive could be taken over and the mail sent twice (checked: portal.E001).
OUTBOX_SWEEP_SECONDS = float(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "120"))
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {
        "task": "csa_portal.tasks.record_heartbeat",
        "schedule": 60.0,
        "kwargs": {"source": "beat"},
    },
    "close-expired-roles": {
        "task": "roles.tasks.close_expired_roles",
        "schedule": crontab(minute=5),
    },
    "sweep-outbox": {
        "task": "csa_portal.tasks.sweep_outbox",
        "schedule": OUTBOX_SWEEP_SECONDS,
    },
    "extract-pending-resume-texts": {
        "task": "applicants.tasks.extract_pending_resume_texts",
        "schedule": 300.0,
    },
    "assessment-deadlines": {
        "task": "assessments.tasks.sweep_deadlines",
        "schedule": 60.0,
    },
    # Candidates past CANDIDATE_RETENTION_MONTHS, outside the talent pool, lose their personal
    # data (applicants/services/retention.py); at night, when nobody is reviewing them.
    "anonymise-expired-candidates": {
        "task": "applicants.tasks.anonymise_expired_candidates",
        "schedule": crontab(minute=40, hour=2),
    },
    "refresh-report-tallies": {
        "task": "reports.tasks.refresh_tallies",
        "schedule": 600.0,
    },
    "purge-old-heartbeats": {
        "task": "csa_portal.tasks.purge_stale_heartbeats",
        "schedule": crontab(minute=17, hour=3),
    },
}

# /healthz shows its details (database vendor, heartbeat ages, debug flag) to signed-in staff
# and to a monitor that sends this token in the X-Health-Token header; others see states only.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")

# Paths whose next segment is a secret (a sign-in token, an assessment invitation): redacted
# in every log line (gunicorn's too, see gunicorn.conf.py), and the page's Referrer-Policy
# keeps it from leaving in a Referer.
SECRET_PATH_PREFIXES = ["/candidate/login/", "/candidate/assessment/"]
# Pages with personal data: sent Cache-Control no-store, whatever the view does.
PRIVATE_PATH_PREFIXES = ["/staff/", "/admin/", "/candidate/"]
# Behind a reverse proxy that overwrites this header with the client's address (nginx in
# docker-compose: X-Real-IP), rate limits and lockouts count that address. Leave it empty
# when clients can reach the app without the proxy: they could put anything in it.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# Browser features no page may use; a view opens one with a decorator (allow_microphone).
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
        "xr-spatial-tracking",
    ],
    (),
)  # fmt: skip

# --- logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "csa_portal.logging.RedactSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # One line per successful task is noise in the embedded run; failures still log.
        "celery.app.trace": {"level": os.environ.get("TASK_LOG_LEVEL", "WARNING")},
        # The in-memory transport of the embedded run has no host name, and says so.
        "kombu.connection": {"level": "ERROR"},
    },
}
