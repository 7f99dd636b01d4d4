from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "uppsikt.workforce"
    label = "workforce"
    verbose_name = "Personal"
