from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "uppsikt.finance"
    label = "finance"
    verbose_name = "Ekonomi"
