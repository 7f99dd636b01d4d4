"""Settings, driven by environment variables (see docs/configuration.md).

Defaults give a working local installation: an SQLite file under ``UPPSIKT_DATA_DIR``.
``DATABASE_URL`` switches to PostgreSQL. Production hardening lives in ``production.py``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_mapping(name: str) -> dict[str, str]:
    """``key=value,key2=value2`` as a dict (keys in lower case); ``ValueError`` on a part
    without ``=``, so that a mistyped setting stops the start instead of being ignored."""
    mapping: dict[str, str] = {}
    for part in env_list(name, ""):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{name}: {part!r} is not host=short-name")
        mapping[key.strip().lower()] = value.strip()
    return mapping


DATA_DIR = Path(os.environ.get("UPPSIKT_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """The key from the environment, or one kept in the data directory for local use."""
    key = os.environ.get("UPPSIKT_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key
    except OSError:
        # A read-only location (e.g. a test run in a sandbox): a key for this process only.
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
# The key of the checksums of approved minutes (meetings.integrity), kept out of the database:
# from the environment (comma-separated, the first seals, the others still verify), or else
# DATA_DIR/minutes.key, created with mode 0600 at first use.
UPPSIKT_MINUTES_KEY = os.environ.get("UPPSIKT_MINUTES_KEY", "")
# The organisation's seal on approved minutes (documents.seal, docs/sealing.md): a PKCS#12 file
# and its passphrase, or a PKCS#11 token; an RFC 3161 time-stamping service for PAdES B-LTA;
# the trust roots (PEM or DER files, comma-separated) a seal is validated against.
UPPSIKT_SEAL_PKCS12 = os.environ.get("UPPSIKT_SEAL_PKCS12", "")
UPPSIKT_SEAL_PASSPHRASE = os.environ.get("UPPSIKT_SEAL_PASSPHRASE", "")
UPPSIKT_SEAL_PKCS11_MODULE = os.environ.get("UPPSIKT_SEAL_PKCS11_MODULE", "")
UPPSIKT_SEAL_PKCS11_TOKEN = os.environ.get("UPPSIKT_SEAL_PKCS11_TOKEN", "")
UPPSIKT_SEAL_PKCS11_KEY = os.environ.get("UPPSIKT_SEAL_PKCS11_KEY", "")
UPPSIKT_SEAL_PKCS11_PIN = os.environ.get("UPPSIKT_SEAL_PKCS11_PIN", "")
# 1: the token signs a digest made by Uppsikt (CKM_ECDSA, CKM_RSA_PKCS), for tokens without
# the combined hash-and-sign mechanisms (SoftHSM2's ECDSA, some HSMs).
UPPSIKT_SEAL_PKCS11_RAW = env_bool("UPPSIKT_SEAL_PKCS11_RAW", False)
UPPSIKT_SEAL_TSA_URL = os.environ.get("UPPSIKT_SEAL_TSA_URL", "")
UPPSIKT_SEAL_TRUST_ROOTS = env_list("UPPSIKT_SEAL_TRUST_ROOTS", "")
# Whether `uppsikt demo` makes a seal certificate of its own, and where it keeps it (used only
# when no seal is configured above).
UPPSIKT_SEAL_DEMO = env_bool("UPPSIKT_SEAL_DEMO", True)
UPPSIKT_SEAL_DEMO_DIR = os.environ.get("UPPSIKT_SEAL_DEMO_DIR", "") or str(DATA_DIR / "demo-seal")
DEBUG = env_bool("UPPSIKT_DEBUG", False)
ALLOWED_HOSTS = env_list("UPPSIKT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("UPPSIKT_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its templates and static files: the API docs from this site, no CDN
    "uppsikt.core",
    "uppsikt.documents",
    "uppsikt.organisation",
    "uppsikt.notifications",
    "uppsikt.workforce",
    "uppsikt.finance",
    "uppsikt.planning",
    "uppsikt.followup",
    "uppsikt.control",
    "uppsikt.kolada",
    "uppsikt.reports",
    "uppsikt.cases",
    "uppsikt.meetings",
    "uppsikt.dialogues",
    "uppsikt.archive",
    "uppsikt.oparl",
    "uppsikt.api",
    "uppsikt.home",
    "uppsikt.demo",
    # Last, so that the apps' own templates of the form widgets come first (FORM_RENDERER).
    "django.forms",
]

# The form widgets render through TEMPLATES, so uppsikt/core/templates/django/forms/ can speak
# Swedish where Django's own templates do not ("– välj –" for the empty choice).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "uppsikt.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # below WhiteNoise: static files keep their long caching, everything else is no-store
    "uppsikt.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "uppsikt.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "uppsikt.core.middleware.RequestInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.organisation from the host name (UPPSIKT_ORGANISATIONS), docs/adr/0009
    "uppsikt.organisation.tenancy.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "uppsikt.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "uppsikt.config.urls"
WSGI_APPLICATION = "uppsikt.config.wsgi.application"

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
                "uppsikt.core.context_processors.uppsikt",
                "uppsikt.organisation.context_processors.navigation",
                "uppsikt.organisation.context_processors.brand",
                "uppsikt.workforce.context_processors.navigation",
                "uppsikt.followup.context_processors.navigation",
                "uppsikt.control.context_processors.navigation",
                "uppsikt.cases.context_processors.navigation",
                "uppsikt.dialogues.context_processors.navigation",
                "uppsikt.notifications.context_processors.counter",
            ],
            "builtins": ["uppsikt.core.templatetags.sv"],
        },
    },
    {
        # Fragments rendered many times per request (see uppsikt/core/jinja.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "uppsikt.core.jinja.environment", "autoescape": True},
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    # One connection per web thread, kept for 60 s and checked before reuse (a database
    # restarted meanwhile costs no failed request): at most processes × threads connections.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "uppsikt.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the web server and a worker share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# A read replica of the PostgreSQL primary for the reporting pages (docs/deployment.md): their
# reads go to it, every write to the primary (uppsikt.core.db_router).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
UPPSIKT_REPLICA_READS = env_bool("UPPSIKT_REPLICA_READS", True)

# PostgreSQL plans a query sent a second time on a connection once and reuses the plan
# (parameters bound by the server, prepared statements): about half the database's CPU per
# page (docs/deployment.md). UPPSIKT_DB_PREPARED=0 turns it off, for a connection pooler that
# cannot carry prepared statements.
UPPSIKT_DB_PREPARED = env_bool("UPPSIKT_DB_PREPARED", True)
for _database in DATABASES.values():
    if UPPSIKT_DB_PREPARED and _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DATABASE_ROUTERS = ["uppsikt.core.db_router.ReplicaRouter"]
# The SQL of the queries every page makes is kept per process and only their WHERE clause is
# compiled on each request (uppsikt/core/kept_sql.py, docs/deployment.md). UPPSIKT_KEPT_SQL=0
# compiles every query as usual (to measure the difference); UPPSIKT_KEPT_SQL_CHECK=1, as in the
# test suite, compiles each kept query as usual too and fails when the two differ.
UPPSIKT_KEPT_SQL = env_bool("UPPSIKT_KEPT_SQL", True)
UPPSIKT_KEPT_SQL_CHECK = env_bool("UPPSIKT_KEPT_SQL_CHECK", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

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
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Throttles password logins: AXES_FAILURE_LIMIT failures lock the name and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Three counts, each with its limit within the cool-off time (uppsikt/core/login_throttle.py):
# a user name from one address, a user name from any address, an address for any user name.
AXES_FAILURE_LIMIT = int(os.environ.get("UPPSIKT_LOGIN_FAILURE_LIMIT", 5))
UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT", 20))
UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT", 50))
AXES_COOLOFF_TIME = float(os.environ.get("UPPSIKT_LOGIN_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "uppsikt.core.login_throttle.LoginThrottle"
# The client's address: REMOTE_ADDR, or X-Forwarded-For only when REMOTE_ADDR is one of these
# reverse proxies (addresses or networks, comma-separated); never a header from anyone else.
UPPSIKT_TRUSTED_PROXIES = env_list("UPPSIKT_TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "uppsikt.core.login_throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked.html"
AXES_VERBOSE = False

# Single sign-on with OpenID Connect: on when a client id is set (docs/oidc.md).
OIDC_RP_CLIENT_ID = os.environ.get("UPPSIKT_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("UPPSIKT_OIDC_CLIENT_SECRET", "")
UPPSIKT_OIDC_ISSUER = os.environ.get("UPPSIKT_OIDC_ISSUER", "")
UPPSIKT_OIDC_LABEL = os.environ.get("UPPSIKT_OIDC_LABEL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("UPPSIKT_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("UPPSIKT_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("UPPSIKT_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("UPPSIKT_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("UPPSIKT_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = env_bool("UPPSIKT_OIDC_CREATE_USERS", False)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_TIMEOUT = 15
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?sso=fel"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("uppsikt.organisation.oidc.Backend")
# Approval (justering) with e-ID: a fresh sign-on at the provider at one of these assurance
# levels (acr values, space-separated); offered when sign-on is on and a level is set.
UPPSIKT_APPROVAL_ACR = os.environ.get("UPPSIKT_APPROVAL_ACR", "")
# 1: minutes are approved only with e-ID (or registered from paper); the button is refused.
UPPSIKT_APPROVAL_REQUIRE_EID = env_bool("UPPSIKT_APPROVAL_REQUIRE_EID", False)
# How old the sign-on may be when the approval is made, in seconds.
UPPSIKT_APPROVAL_EID_MAX_AGE = int(os.environ.get("UPPSIKT_APPROVAL_EID_MAX_AGE", 300))
# The demo's own OpenID provider, Test-e-legitimation (organisation/testeid.py): `uppsikt demo`
# turns it on and points sign-on at it; never on in production (`check --deploy` fails).
UPPSIKT_DEMO_EID = env_bool("UPPSIKT_DEMO_EID", False)
UPPSIKT_DEMO_EID_DIR = os.environ.get("UPPSIKT_DEMO_EID_DIR", "") or str(DATA_DIR / "demo-eid")

# Background jobs (imports, recomputation, rendering): django-tasks with its database backend;
# `uppsikt serve` and `uppsikt demo` run a worker beside the web server, production runs
# `uppsikt worker`. UPPSIKT_TASKS_IMMEDIATE=1 runs jobs in the request (tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("UPPSIKT_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions as Django keeps them in the database, read with kept SQL (uppsikt/core/session_store.py).
SESSION_ENGINE = "uppsikt.core.session_store"
SESSION_COOKIE_AGE = int(os.environ.get("UPPSIKT_SESSION_SECONDS", 8 * 3600))

# Kolada (docs/kolada.md): the base of its API v3, the seconds to wait for an answer, and how
# many times a failed call is tried again (with back-off).
UPPSIKT_KOLADA_URL = os.environ.get("UPPSIKT_KOLADA_URL", "https://api.kolada.se/v3")
UPPSIKT_KOLADA_TIMEOUT = float(os.environ.get("UPPSIKT_KOLADA_TIMEOUT", 20))
UPPSIKT_KOLADA_RETRIES = int(os.environ.get("UPPSIKT_KOLADA_RETRIES", 3))
# Answer from the recorded fixtures instead of the network (tests; an installation offline).
UPPSIKT_KOLADA_RECORDED = env_bool("UPPSIKT_KOLADA_RECORDED", False)

# The REST API (docs/api.md): calls per token in a fixed window of seconds, counted in the
# cache (one process: the local memory cache; several: a shared cache).
UPPSIKT_API_RATE_LIMIT = int(os.environ.get("UPPSIKT_API_RATE_LIMIT", 600))
UPPSIKT_API_RATE_WINDOW = int(os.environ.get("UPPSIKT_API_RATE_WINDOW", 60))

# Kept pages (docs/deployment.md, Kept pages): the busiest pages, kept per person in each web
# process and handed out again while no table they were made from has had a write; at most this
# many seconds old (0: none kept), this many pages and this many bytes per process.
UPPSIKT_KEPT_PAGE_SECONDS = int(os.environ.get("UPPSIKT_KEPT_PAGE_SECONDS", 600))
UPPSIKT_KEPT_PAGES = int(os.environ.get("UPPSIKT_KEPT_PAGES", 2000))
UPPSIKT_KEPT_PAGE_BYTES = int(os.environ.get("UPPSIKT_KEPT_PAGE_BYTES", 64 * 1024 * 1024))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Uppsikt's own page: Django's has an inline style, which the Content-Security-Policy blocks
CSRF_FAILURE_VIEW = "uppsikt.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Numbers and dates are formatted by uppsikt.core.formatting, never by locale guessing.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = None  # production.py sets it for collectstatic
# The files Uppsikt keeps (docs/adr/0012, docs/deployment.md) lie in two named storages:
# "default" (uploads, records' files, rendered documents, archive packages) and "ledger" (the
# voucher rows' Parquet files, docs/adr/0008). On local disk under UPPSIKT_DATA_DIR by default;
# in an S3-compatible object store when UPPSIKT_S3_BUCKET is set (the optional extra
# ``uppsikt[s3]``: django-storages with boto3), so that several machines share them.
UPPSIKT_LEDGER_DIR = Path(os.environ.get("UPPSIKT_LEDGER_DIR", DATA_DIR / "ledger")).resolve()
UPPSIKT_S3_BUCKET = os.environ.get("UPPSIKT_S3_BUCKET", "").strip()


def s3_storage(location: str) -> dict:
    """A storage in the configured bucket under ``UPPSIKT_S3_PREFIX``/``location``. Keys left
    unset come from boto3's own sources (its environment variables, the machine's role)."""
    prefix = os.environ.get("UPPSIKT_S3_PREFIX", "").strip("/")
    options = {
        "bucket_name": os.environ.get("UPPSIKT_S3_BUCKET", "").strip(),
        "location": f"{prefix}/{location}" if prefix else location,
        "file_overwrite": False,  # as on disk: a name taken gets another, nothing is replaced
        "default_acl": None,  # private; objects are served only through Uppsikt's checks
        "querystring_auth": True,
    }
    for option, name in (
        ("endpoint_url", "UPPSIKT_S3_ENDPOINT_URL"),
        ("region_name", "UPPSIKT_S3_REGION"),
        ("access_key", "UPPSIKT_S3_ACCESS_KEY_ID"),
        ("secret_key", "UPPSIKT_S3_SECRET_ACCESS_KEY"),
        ("addressing_style", "UPPSIKT_S3_ADDRESSING_STYLE"),  # "path" for many local stores
    ):
        if os.environ.get(name):
            options[option] = os.environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if UPPSIKT_S3_BUCKET:
    STORAGES = {"default": s3_storage("files"), "ledger": s3_storage("ledger")}
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": DATA_DIR / "media"},
        },
        "ledger": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": UPPSIKT_LEDGER_DIR},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files straight from the apps: no collectstatic step for a local installation.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("UPPSIKT_LOG_LEVEL", "WARNING")},
}

UPPSIKT_ORGANISATION_NAME = os.environ.get("UPPSIKT_ORGANISATION_NAME", "")
# Host name → organisation short name, "uppsikt.a.se=region-a,uppsikt.b.se=kommun-b": needed
# only when the database holds several organisations (docs/configuration.md, Organisations).
UPPSIKT_ORGANISATIONS = env_mapping("UPPSIKT_ORGANISATIONS")
# Links in e-mail (reminders) start with this address, e.g. https://uppsikt.region.se
UPPSIKT_BASE_URL = os.environ.get("UPPSIKT_BASE_URL", "http://127.0.0.1:8000")

# E-mail: printed to the console unless an SMTP server is configured (docs/configuration.md).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("UPPSIKT_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("UPPSIKT_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("UPPSIKT_EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("UPPSIKT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("UPPSIKT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("UPPSIKT_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("UPPSIKT_EMAIL_FROM", "uppsikt@localhost")
# A running background job beats every UPPSIKT_JOB_HEARTBEAT seconds; one silent for
# UPPSIKT_JOB_TIMEOUT seconds is marked failed and its leftovers removed (core.jobs).
UPPSIKT_JOB_HEARTBEAT = float(os.environ.get("UPPSIKT_JOB_HEARTBEAT", 10))
UPPSIKT_JOB_TIMEOUT = float(os.environ.get("UPPSIKT_JOB_TIMEOUT", 120))
# The longest line of a SIE file read (bytes); a longer line stops the import with its line.
UPPSIKT_SIE_MAX_LINE_BYTES = int(os.environ.get("UPPSIKT_SIE_MAX_LINE_BYTES", 64 * 1024))

# RoleGrant's uniqueness (with NULL scopes) is enforced by the database on PostgreSQL and by
# the role_grant service everywhere; SQLite cannot express it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
