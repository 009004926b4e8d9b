"""Django settings for KubeGrade, every deployment knob read from the environment.

Defaults need no server: SQLite in ./var and Celery's SQLAlchemy transport on a SQLite
file as the broker. `DATABASE_URL` and `CELERY_BROKER_URL` switch to PostgreSQL and Redis.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kubegrade.env import env_bool, env_int, env_list, env_str
from kubegrade.security.required_secrets import DEV_SECRET_KEY, MissingSecret, production_secrets

BASE_DIR = Path(__file__).resolve().parents[2]  # the repository: assignments/, var/
PACKAGE_DIR = Path(__file__).resolve().parent  # platform/kubegrade
VAR_DIR = Path(env_str("KUBEGRADE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
if DEBUG:  # local development only: the public default key, and variants derived from it
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
    KUBEGRADE_VARIANT_SECRET = env_str("KUBEGRADE_VARIANT_SECRET", SECRET_KEY)
else:
    try:
        SECRET_KEY, KUBEGRADE_VARIANT_SECRET = production_secrets(
            secret_key=os.environ.get("DJANGO_SECRET_KEY"),
            variant_secret=os.environ.get("KUBEGRADE_VARIANT_SECRET"))
    except MissingSecret as exc:
        raise ImproperlyConfigured(str(exc)) from None
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Production is served over HTTPS by a TLS-terminating proxy (nginx in compose) that sets
# X-Forwarded-Proto: https-only cookies, HSTS, and a redirect for plain http. On by default
# with DEBUG off; KUBEGRADE_HTTPS=0 serves plain http (a local stack on 127.0.0.1).
KUBEGRADE_HTTPS = env_bool("KUBEGRADE_HTTPS", not DEBUG)
if KUBEGRADE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served by the app itself, never from a CDN
    "kubegrade.accounts",
    "kubegrade.courses",
    "kubegrade.submissions",
    "kubegrade.grading",
    "kubegrade.gradebook",
    "kubegrade.workspaces",
    "kubegrade.api",
    "lti_tool",  # django-lti: LMS registrations, deployments, contexts, JWKS keys
    "kubegrade.lti",
]

MIDDLEWARE = [
    "kubegrade.health.ProbeMiddleware",  # /healthz /readyz /metrics: before host checks and redirects
    "kubegrade.request_id.RequestIdMiddleware",
    "kubegrade.health.DatabaseUnavailableMiddleware",  # a database outage is a 503, never a 500
    "django.middleware.security.SecurityMiddleware",
    "kubegrade.security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kubegrade.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kubegrade.middleware.UserLanguageMiddleware",
    "kubegrade.viewer_time_zone.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kubegrade.lti.middleware.IframeCookiesMiddleware",
]

ROOT_URLCONF = "kubegrade.urls"
WSGI_APPLICATION = "kubegrade.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:list"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kubegrade.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker write concurrently: wait for the lock, take it up front, use WAL.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password sign-ins (accounts/login_throttle.py), counted before the slow hash: one address
# waits out the window after this many failures on one account; past SLOWDOWN_AFTER failures
# across addresses, addresses the account never signed in from get one try per SLOWDOWN_SECONDS;
# an address gets this many failures a minute (successes do not count: a classroom's NAT).
# Behind N proxies, the client is N entries from X-Forwarded-For's end.
KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT = env_int("KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT", 5)
KUBEGRADE_LOGIN_LOCKOUT_SECONDS = env_int("KUBEGRADE_LOGIN_LOCKOUT_SECONDS", 900)
KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER = env_int("KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER", 20)
KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_SECONDS = env_int("KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_SECONDS", 10)
KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS = env_int("KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS", 30)
KUBEGRADE_TRUSTED_PROXIES = env_int("KUBEGRADE_TRUSTED_PROXIES", 0)
# Password-reset emails (accounts/reset_throttle.py), per window: to one inbox, and from one address.
KUBEGRADE_PASSWORD_RESETS_PER_EMAIL = env_int("KUBEGRADE_PASSWORD_RESETS_PER_EMAIL", 3)
KUBEGRADE_PASSWORD_RESETS_PER_ADDRESS = env_int("KUBEGRADE_PASSWORD_RESETS_PER_ADDRESS", 20)
KUBEGRADE_PASSWORD_RESET_WINDOW_SECONDS = env_int("KUBEGRADE_PASSWORD_RESET_WINDOW_SECONDS", 3600)
# Email (accounts/invitations.py: invitations and password links): the console under DEBUG
# (`make run` prints each mail), SMTP when EMAIL_HOST is set; KUBEGRADE_EMAIL_BACKEND overrides.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str("KUBEGRADE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST or not DEBUG
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KubeGrade <kubegrade@localhost>")
# A set-password link (invitation or reset) works once, for this many days.
KUBEGRADE_PASSWORD_LINK_DAYS = env_int("KUBEGRADE_PASSWORD_LINK_DAYS", 7)
PASSWORD_RESET_TIMEOUT = KUBEGRADE_PASSWORD_LINK_DAYS * 86400
# API tokens (accounts/api_tokens.py): stored hashed, revoked by signing out, and expiring.
KUBEGRADE_API_TOKEN_HOURS = env_int("KUBEGRADE_API_TOKEN_HOURS", 24 * 7)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("KUBEGRADE_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
# The workspace page's front-end libraries, installed from the npm registry by `npm ci`
# (the Makefile's venv target, the image's node stage) and served under static/vendor/:
# never copied into the repository, never fetched from a CDN. Only the built files.
NODE_MODULES_DIR = Path(env_str("KUBEGRADE_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # the platform's own scripts and styles (static/workspace/)
    ("vendor/xterm", NODE_MODULES_DIR / "@xterm" / "xterm" / "lib"),
    ("vendor/xterm", NODE_MODULES_DIR / "@xterm" / "xterm" / "css"),
    ("vendor/xterm-addon-fit", NODE_MODULES_DIR / "@xterm" / "addon-fit" / "lib"),
    ("vendor/ace", NODE_MODULES_DIR / "ace-builds" / "src-min-noconflict"),
]

# Bodies past this are refused with 413 before they are read; assignments set tighter limits.
KUBEGRADE_MAX_REQUEST_BYTES = env_int("KUBEGRADE_MAX_REQUEST_BYTES", 1_048_576)
DATA_UPLOAD_MAX_MEMORY_SIZE = KUBEGRADE_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = KUBEGRADE_MAX_REQUEST_BYTES
KUBEGRADE_BANK_ROOT = Path(env_str("KUBEGRADE_BANK_ROOT", str(BASE_DIR / "assignments")))
KUBEGRADE_SUBMIT_RATE_PER_MINUTE = env_int("KUBEGRADE_SUBMIT_RATE_PER_MINUTE", 6)
# LTI: how often beat drains passback left pending and syncs LMS rosters (NRPS).
KUBEGRADE_LTI_SWEEP_EVERY_SECONDS = env_int("KUBEGRADE_LTI_SWEEP_EVERY_SECONDS", 300)
KUBEGRADE_LTI_ROSTER_EVERY_SECONDS = env_int("KUBEGRADE_LTI_ROSTER_EVERY_SECONDS", 3600)
# Passback retries: a 429/403-rate-limit/5xx/unreachable answer waits BACKOFF * 2**(try-1)
# seconds (or the LMS's Retry-After) and the score is marked failed after MAX_TRIES tries.
KUBEGRADE_LTI_BACKOFF_SECONDS = float(env_str("KUBEGRADE_LTI_BACKOFF_SECONDS", "2"))
KUBEGRADE_LTI_MAX_TRIES = env_int("KUBEGRADE_LTI_MAX_TRIES", 5)
# The result page's long poll (submissions/result_wait.py): how long one request waits for
# a grade, and how many may wait at once (each holds a sync gunicorn worker: keep it below
# the number of web workers).
KUBEGRADE_RESULT_WAIT_SECONDS = env_int("KUBEGRADE_RESULT_WAIT_SECONDS", 25)
KUBEGRADE_RESULT_WAITERS = env_int("KUBEGRADE_RESULT_WAITERS", 1)
# Recovery within about a minute: Celery kills a grade at the hard limit, so a submission
# still "running" a margin past it belongs to a dead worker and the stuck job (every
# KUBEGRADE_REQUEUE_EVERY_SECONDS) sends it again: worst case hard + margin + interval.
KUBEGRADE_GRADE_SOFT_TIME_LIMIT = env_int("KUBEGRADE_GRADE_SOFT_TIME_LIMIT", 30)
KUBEGRADE_GRADE_HARD_TIME_LIMIT = KUBEGRADE_GRADE_SOFT_TIME_LIMIT + 5
KUBEGRADE_STUCK_AFTER_SECONDS = env_int("KUBEGRADE_STUCK_AFTER_SECONDS", KUBEGRADE_GRADE_HARD_TIME_LIMIT + 10)
KUBEGRADE_REQUEUE_EVERY_SECONDS = env_int("KUBEGRADE_REQUEUE_EVERY_SECONDS", 10)
# Fairness: one grading per student at a time; a student's next submission waits this
# long (outside the worker slots, as a delayed retry) while their previous one runs.
KUBEGRADE_STUDENT_BUSY_RETRY_SECONDS = env_int("KUBEGRADE_STUDENT_BUSY_RETRY_SECONDS", 2)
# /metrics answers anyone who reaches it unless this is set (then: Authorization: Bearer <token>);
# the nginx config in deploy/ also keeps /metrics to internal addresses.
KUBEGRADE_METRICS_TOKEN = env_str("KUBEGRADE_METRICS_TOKEN", "")
# The lab workspace (kubegrade.workspaces): a terminal's limits, per student.
KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE = env_int("KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE", 60)
KUBEGRADE_WORKSPACE_MAX_LINE = env_int("KUBEGRADE_WORKSPACE_MAX_LINE", 4096)
# Bounds on every workspace write (issue 16): one command's kept output (a terminal's
# scrollback), the history one page returns, runs kept, and rates for the other writes.
KUBEGRADE_WORKSPACE_MAX_OUTPUT = env_int("KUBEGRADE_WORKSPACE_MAX_OUTPUT", 64 * 1024)
KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES = env_int("KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES", 512 * 1024)
KUBEGRADE_WORKSPACE_RUNS_KEPT = env_int("KUBEGRADE_WORKSPACE_RUNS_KEPT", 5)
KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE = env_int("KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE", 60)
KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE = env_int("KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE", 5)
KUBEGRADE_WORKSPACE_COMPLETIONS_PER_MINUTE = env_int("KUBEGRADE_WORKSPACE_COMPLETIONS_PER_MINUTE", 120)
# The workspace's cluster API for the student's own kubectl (workspaces.cluster_api): requests a
# minute per workspace (kubectl's first command reads ~40 discovery documents), and, when the
# site's certificate is from a private CA, that CA's PEM file for the kubeconfigs it hands out.
KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE = env_int("KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE", 600)
KUBEGRADE_WORKSPACE_API_CA_FILE = env_str("KUBEGRADE_WORKSPACE_API_CA_FILE", "")
# Workspace steps run in this many sandbox processes per web process (workspaces.sandbox),
# each capped at this many MiB of address space above its size at start; 0 runs them in
# the web process itself.
KUBEGRADE_WORKSPACE_SANDBOXES = env_int("KUBEGRADE_WORKSPACE_SANDBOXES", 2)
KUBEGRADE_WORKSPACE_SANDBOX_MB = env_int("KUBEGRADE_WORKSPACE_SANDBOX_MB", 1024)
KUBEGRADE_WORKSPACE_CACHE_ENTRIES = env_int("KUBEGRADE_WORKSPACE_CACHE_ENTRIES", 64)
KUBEGRADE_WORKSPACE_IDLE_SECONDS = env_int("KUBEGRADE_WORKSPACE_IDLE_SECONDS", 900)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # An unacknowledged message (worker killed) returns to the queue after this long.
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env_int("CELERY_VISIBILITY_TIMEOUT", 900)
    # Workers sweep for such messages every 10 s; kombu 5.7 otherwise scans on every 10th
    # sweep only, so a message could wait visibility_timeout + 100 s instead of + 10 s.
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = 10
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "kubegrade")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
# One message per pool process: a killed worker strands only what it was grading, and a
# free process never waits behind a busy one's prefetched backlog.
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
# A pool process whose resident set passed this (KiB) is replaced after its task;
# each one also caps its address space at its start-up size plus the headroom below.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("KUBEGRADE_WORKER_MAX_MEMORY_MB", 768) * 1024
KUBEGRADE_GRADING_ADDRESS_SPACE_MB = env_int("KUBEGRADE_GRADING_ADDRESS_SPACE_MB", 2048)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-submissions": {
        "task": "kubegrade.grading.requeue_stuck",
        "schedule": float(KUBEGRADE_REQUEUE_EVERY_SECONDS),
    },
    # LTI passback: drains platforms whose scores were left pending (kubegrade.lti.tasks).
    "lti-scores-sweep": {
        "task": "kubegrade.lti.scores_sweep",
        "schedule": float(KUBEGRADE_LTI_SWEEP_EVERY_SECONDS),
    },
    # LTI Names and Role Provisioning: every LMS course's roster read again.
    "lti-rosters-sync": {
        "task": "kubegrade.lti.rosters_sync",
        "schedule": float(KUBEGRADE_LTI_ROSTER_EVERY_SECONDS),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kubegrade.accounts.api_tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kubegrade.api.errors.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KubeGrade API",
    "DESCRIPTION": "Courses, submissions, grades and gradebooks for the KubeGrade autograder.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "kubegrade.log_redaction.RedactSecretsFilter"},
                "client_errors_on_one_line": {"()": "kubegrade.request_log.ClientErrorsOnOneLine"}},
    "formatters": {"plain": {"()": "kubegrade.log_format.UTCFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s rid=%(request_id)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("KUBEGRADE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"},
                "django.request": {"filters": ["client_errors_on_one_line"]}},
}
