from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "uppsikt.planning"
    label = "planning"
    verbose_name = "Planering"
