from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "uppsikt.archive"
    label = "archive"
    verbose_name = "Arkiv"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind

        from .services import JOB_KIND, export_job_cleanup

        register_job_kind(
            JOB_KIND,
            cleanup=export_job_cleanup,
            again_url="archive:exports",
            again_text=_("Till arkivpaketen"),
        )
