from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "uppsikt.reports"
    label = "reports"
    verbose_name = "Rapporter"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind

        register_job_kind(
            "document.render",
            again_url="reports:documents",
            again_text=_("Skapa dokumentet igen"),
        )
