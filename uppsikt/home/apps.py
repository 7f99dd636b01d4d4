from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "uppsikt.home"
    label = "home"
    verbose_name = "Översikt"
