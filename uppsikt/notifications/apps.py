from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "uppsikt.notifications"
    label = "notifications"
    verbose_name = "Aviseringar"
