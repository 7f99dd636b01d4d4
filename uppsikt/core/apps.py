from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "uppsikt.core"
    label = "core"
    verbose_name = "Kärna"

    def ready(self):
        # every database connection's statements are watched from its first (kept pages)
        from . import kept_pages  # noqa: F401
