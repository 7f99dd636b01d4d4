"""Production settings: the base settings hardened for HTTPS behind a reverse proxy.

Use with ``DJANGO_SETTINGS_MODULE=uppsikt.config.production``; ``uppsikt check --deploy`` is clean.
"""

from .settings import *  # noqa: F403
from .settings import env_bool

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("UPPSIKT_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = DATA_DIR / "static"  # noqa: F405

# The demo's Test-e-legitimation vouches for whoever is signed in: never in production.
if UPPSIKT_DEMO_EID:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "UPPSIKT_DEMO_EID slår på demons Test-e-legitimation och får inte användas i drift."
    )
