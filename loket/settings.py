"""Settings for Loket.

Everything has an embedded default so that ``make demo`` runs on a fresh machine with
SQLite under ``var/``; production sets ``DATABASE_URL`` and ``LOKET_SECRET_KEY`` in the
environment. Debugging is off unless ``LOKET_DEBUG=1`` (``make demo`` sets it).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from loket.settings_database import default_database

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOKET_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("LOKET_SECRET_KEY", "insecure-demo-key-change-me-in-production-0123456789")
# Production is the default: `make demo` sets LOKET_DEBUG=1 (a public 500 must never show the debug page).
DEBUG = os.environ.get("LOKET_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("LOKET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "loket.core",
    "loket.clients",
    "loket.contact",
    "loket.cases",
    "loket.rules",
    "loket.decisions",
    "loket.appointments",
    "loket.integrity",
    "loket.whistle",
    "loket.portal",
    "loket.desk",
    "loket.api",
    "rosetta",
]

MIDDLEWARE = [
    "loket.core.middleware.ReporterPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "loket.core.request_log.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.portal.language.AreaLocaleMiddleware",  # Django's LocaleMiddleware, per area of the site
    "loket.core.request_size.RequestSizeMiddleware",  # after Locale: the refusal is in the user's language
    "loket.core.middleware.CommonMiddleware",  # APPEND_SLASH keeps a POST (308)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "loket.core.access_context.AccessContextMiddleware",  # origin and purpose of audit entries
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "loket.whistle.keyring.KeyringCookieMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

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
                "loket.core.context_processors.site",
                "loket.portal.language.offered",
                "loket.desk.context_processors.desk_menu",
                "loket.portal.context_processors.portal",
            ],
        },
    },
]

# The same widget markup as Django's templates, written in Python: see loket/core/form_renderer.py.
FORM_RENDERER = "loket.core.form_renderer.FastWidgetRenderer"

DATABASES = {"default": default_database(VAR_DIR)}  # loket/settings_database.py
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "desk:home"

# Repeated failed sign-ins lock the account out (django-axes), by username so that staff
# behind one proxy address do not lock each other out.
AXES_FAILURE_LIMIT = int(os.environ.get("LOKET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# The front door (/) and every page's footer: the service's name and how to reach it
# (README, "The front door and the page shell"). Opening hours: (first weekday, last
# weekday, opens, closes), Monday is 0.
LOKET_SERVICE_NAME = os.environ.get("LOKET_SERVICE_NAME", "Loket")
LOKET_CONTACT_PHONE = os.environ.get("LOKET_CONTACT_PHONE", "088 123 45 67")
LOKET_CONTACT_ADDRESS = os.environ.get("LOKET_CONTACT_ADDRESS", "Postbus 1234\n1000 AB Amsterdam").replace("\\n", "\n")
LOKET_OPENING_HOURS = [(0, 4, "09:00", "17:00")]
# Lockout is by username on purpose (see above); axes warns about that choice.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Loket"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False

# Client pages speak ten languages, staff pages Dutch and English (loket/core/languages.py
# has who translated each; loket/portal/language.py picks the language per area of the site).
from loket.core import languages as _languages  # noqa: E402  (pure data)

_languages.extend_django_lang_info()  # Tigrinya and Somali, which Django's LANG_INFO lacks
LANGUAGES = [(code, _(lang.name)) for code, lang in _languages.CLIENT_LANGUAGES.items()]
# Date and number formats for the languages Django has none for (loket/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["loket.formats"]
# The language of the commands' messages, and of the staff site until a user picks one.
LANGUAGE_CODE = os.environ.get("LOKET_LANGUAGE", "nl")
if LANGUAGE_CODE not in _languages.STAFF_LANGUAGES:
    raise ImproperlyConfigured(
        f"LOKET_LANGUAGE is {LANGUAGE_CODE!r}; use one of {', '.join(_languages.STAFF_LANGUAGES)}."
    )
# Translators' corrections (loket/core/translations.py) come first, over the apps' catalogues.
TRANSLATIONS_DIR = Path(os.environ.get("LOKET_TRANSLATIONS_DIR", VAR_DIR / "translations"))
TRANSLATIONS_CHECK_SECONDS = int(os.environ.get("LOKET_TRANSLATIONS_CHECK_SECONDS", "5"))
LOCALE_PATHS = [TRANSLATIONS_DIR, BASE_DIR / "loket" / "locale"]
# django-rosetta at /desk/translations/: only the translators' catalogues, only the translator role.
ROSETTA_ACCESS_CONTROL_FUNCTION = "loket.core.roles.can_translate"
ROSETTA_EXCLUDED_APPLICATIONS = [app for app in INSTALLED_APPS if app.startswith("loket.")]
ROSETTA_EXCLUDED_PATHS = [str(BASE_DIR / "loket" / "locale")]  # in the code: changed by a release only
ROSETTA_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "en"]
ROSETTA_MESSAGES_SOURCE_LANGUAGE_CODE = "en"
ROSETTA_STORAGE_CLASS = "rosetta.storage.SessionRosettaStorage"  # any worker may serve the next page
ROSETTA_LOGIN_URL = "/account/sign-in/"
ROSETTA_SHOW_AT_ADMIN_PANEL = False
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "loket" / "static",
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Self-hosted fonts for Arabic and Persian, and for Tigrinya's Ge'ez script (core/_fonts.html).
    ("vendor/noto-sans-arabic", NODE_MODULES / "@fontsource" / "noto-sans-arabic"),
    ("vendor/noto-sans-ethiopic", NODE_MODULES / "@fontsource" / "noto-sans-ethiopic"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# scripts/prod collects the files and sets 0: whitenoise then serves the compressed copies.
WHITENOISE_USE_FINDERS = os.environ.get("LOKET_STATIC_FINDERS", "1") == "1"
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("LOKET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "loket@example.org"

DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# The API's JSON bodies (loket.core.safejson): no JSON message Loket takes comes near 1 MB;
# files come as multipart.
API_JSON_MAX_BYTES = int(os.environ.get("LOKET_API_JSON_MAX_BYTES", 1024 * 1024))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("LOKET_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # API tokens for systems first (so a missing credential is a 401), the session for people.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "loket.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "loket.api.exceptions.exception_handler",
    # JSON with its nesting bounded (a deep body is a 400, not a RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "loket.core.safejson.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # JSON only, as the schema says: no browsable HTML for a browser (/api/v1/docs/ is for people).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Loket API",
    "DESCRIPTION": "The REST API of Loket, the case system of an immigration service.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page serves its own copies of Swagger UI and Redoc: no CDN is ever asked.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every error an operation can answer is in the schema, in the API's one error shape.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "loket.api.schema.add_error_responses"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # JSON lines without personal data (loket.core.request_log): one line per request with its
    # route, never its path or query; Django's own lines lose the path; tracebacks lose the
    # exception's message, which may quote a value.
    "filters": {"no_path": {"()": "loket.core.request_log.WithholdPathFilter"}},
    "formatters": {"json": {"()": "loket.core.request_log.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["no_path"]}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "loket": {"handlers": ["console"], "level": os.environ.get("LOKET_LOG_LEVEL", "INFO"), "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The audit log's keys and checkpoints (README: "The audit log's key and checkpoints"). The
# keys come from LOKET_AUDIT_KEY / LOKET_AUDIT_SIGNING_KEY or from files in AUDIT_KEY_DIR;
# without them a demo pair is generated there. Checkpoints go to an append-only file in
# AUDIT_CHECKPOINT_DIR (another volume in production) and by mail to the integrity officers.
AUDIT_KEY_DIR = Path(os.environ.get("LOKET_AUDIT_KEY_DIR", VAR_DIR / "audit-keys"))
AUDIT_DEMO_KEYS = os.environ.get("LOKET_AUDIT_DEMO_KEYS", "1") == "1"
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("LOKET_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
AUDIT_CHECKPOINT_MAIL = [a for a in os.environ.get("LOKET_AUDIT_CHECKPOINT_MAIL", "").split(",") if a]
# Entries of these actors keep their time only to this many seconds (the reporting channel
# promises no time beyond the minute window of its rate limit).
AUDIT_COARSE_ACTORS = {"reporter": 60}

# The reporting channel (whistle).
WHISTLE_MAX_ATTACHMENT_BYTES = int(os.environ.get("LOKET_WHISTLE_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))
WHISTLE_MAX_ATTACHMENTS = 10
# The largest request body any page or endpoint takes (loket.core.request_size): a report with
# its most and largest attachments, and room for the fields.
MAX_REQUEST_BYTES = int(
    os.environ.get("LOKET_MAX_REQUEST_BYTES", WHISTLE_MAX_ATTACHMENTS * WHISTLE_MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024)
)
# Wrong receipts per window: per client (counted in memory only, under a keyed hash of
# the address that changes every window; see loket/whistle/throttle.py), and for everyone
# together, a ceiling far above one client's rate that stops only clients that already
# failed in the window, so a right receipt gets in while others guess.
WHISTLE_RECEIPT_FAILURES_PER_CLIENT = int(os.environ.get("LOKET_WHISTLE_RECEIPT_FAILURES_PER_CLIENT", "10"))
WHISTLE_RECEIPT_FAILURES_PER_WINDOW = int(os.environ.get("LOKET_WHISTLE_RECEIPT_FAILURES", "600"))
WHISTLE_RECEIPT_WINDOW_SECONDS = 60
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses); the
# reporter's address is used only to pick a rate-limit bucket and is never kept.
REPORTER_TRUSTED_PROXIES = [a.strip() for a in os.environ.get("LOKET_TRUSTED_PROXIES", "").split(",") if a.strip()]
# Key of the keyed hash that lets the register of measures find protected employees; kept
# out of the database (defaults to one derived from SECRET_KEY). Changing it loses every
# protection's match: keep it with the secret key.
WHISTLE_PROTECTION_KEY = os.environ.get("LOKET_WHISTLE_PROTECTION_KEY", "")
WHISTLE_REMIND_DAYS_BEFORE = 2

# Production (scripts/prod; README "Production"). Behind a reverse proxy that ends TLS and
# sets X-Forwarded-Proto, the site is HTTPS only; `loket check --deploy` is then clean.
# LOKET_HTTPS=0 is for a load test on a closed machine only.
if os.environ.get("LOKET_HTTPS", "0" if DEBUG else "1") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("LOKET_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("LOKET_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("LOKET_HSTS_PRELOAD", "1") == "1"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LOKET_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: every page's code and style come from /static/.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# `check --deploy` must be clean: drf-spectacular warned (W001) that two "kind" and two
# "outcome" choice sets collided and got made-up names (KindA36Enum, OutcomeCbbEnum).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "CaseKindEnum": "loket.cases.choices.CaseKind",
    "MessageKindEnum": "loket.whistle.models.Message.Kind",
    "DecisionOutcomeEnum": "loket.decisions.choices.Outcome",
    "RuleOutcomeEnum": ["block", "warn"],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}

# Client sign-in (README "Clients sign in"): DigiD through django-digid-eherkenning. "mock" is
# the library's DigiD mock (anyone may type any BSN: the demo and the tests, never production);
# "saml" is real DigiD, configured in the admin (DigidConfiguration). The mock is the default
# only with debugging on.
INSTALLED_APPS += ["digid_eherkenning", "simple_certmanager", "solo", "privates"]
PORTAL_DIGID = os.environ.get("LOKET_DIGID", "mock" if DEBUG else "saml")
if PORTAL_DIGID not in ("mock", "saml", "off"):
    raise ImproperlyConfigured(f"LOKET_DIGID is {PORTAL_DIGID!r}; use mock, saml or off.")
DIGID_MOCK_APP_TITLE = "Loket"
DIGID_MOCK_IDP_VALIDATE_CALLBACK_URLS = True
DIGID_SESSION_AGE = 15 * 60
PRIVATE_MEDIA_ROOT = VAR_DIR / "private-media"  # the SAML certificates (simple_certmanager)
PRIVATE_MEDIA_URL = "/private-media/"
# A signed-in client's session ends after this many idle seconds; the page warns this many
# seconds before.
PORTAL_IDLE_SECONDS = int(os.environ.get("LOKET_PORTAL_IDLE_SECONDS", 15 * 60))
PORTAL_IDLE_WARNING_SECONDS = 120
# Where a client lands after signing in (a URL name; a fallback page when it does not exist).
PORTAL_SIGNED_IN_URL = "portal:my_loket"
# Key of the keyed hash under which BSNs and one-time codes are stored (the database alone
# gives no list of BSNs). Defaults to one derived from SECRET_KEY: keep it with the secret key.
CLIENT_BSN_KEY = os.environ.get("LOKET_BSN_KEY", "")
PORTAL_CODE_DAYS = 30
# Wrong one-time codes per hour: per V-number and per address.
PORTAL_CODE_FAILURES_PER_V_NUMBER = 5
PORTAL_CODE_FAILURES_PER_ADDRESS = 20

# How contacts are linked to clients: "fellegi-sunter" (weights learned from the register,
# loket/clients/linkage.py) or "rules" (the hand-set score it replaced, kept for comparison).
CLIENT_MATCHER = os.environ.get("LOKET_CLIENT_MATCHER", "fellegi-sunter")
