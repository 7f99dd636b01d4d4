from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "uppsikt.api"
    label = "api"
    verbose_name = "API"
