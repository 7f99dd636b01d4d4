from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "uppsikt.cases"
    label = "cases"
    verbose_name = "Diarium och ärenden"
