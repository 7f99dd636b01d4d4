from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "uppsikt.demo"
    label = "demo"
    verbose_name = "Demoregion"
