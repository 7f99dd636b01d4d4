from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "uppsikt.followup"
    label = "followup"
    verbose_name = "Uppföljning"

    def ready(self):
        from . import blockers

        # Assessments keep the plan items they assess (planning asks its removal blockers).
        blockers.register()
