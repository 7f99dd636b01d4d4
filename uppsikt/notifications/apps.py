from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "uppsikt.notifications"
    label = "notifications"
    verbose_name = "Aviseringar"

    def ready(self):
        from uppsikt.core import kept_pages

        from .models import Notification

        # every page shows its reader's unread count: a notification written for one person
        # makes anew the kept pages of that person only (core.kept_pages, parts)
        kept_pages.parted(Notification._meta.db_table)
