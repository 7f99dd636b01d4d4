from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "uppsikt.followup"
    label = "followup"
    verbose_name = "Uppföljning"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind

        from . import blockers

        # Assessments keep the plan items they assess (planning asks its removal blockers).
        blockers.register()

        register_job_kind(
            "document.render",
            again_url="followup:documents",
            again_text=_("Skapa dokumentet igen"),
        )
