from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "uppsikt.core"
    label = "core"
    verbose_name = "Kärna"
