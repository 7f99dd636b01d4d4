from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "uppsikt.followup"
    label = "followup"
    verbose_name = "Uppföljning"

    def ready(self):
        from uppsikt.core import kept_pages

        from . import blockers
        from .models import Assessment

        # the to-do lists are kept per unit: a save names the units whose lists show it
        kept_pages.parted(Assessment._meta.db_table)

        # Assessments keep the plan items they assess (planning asks its removal blockers).
        blockers.register()
