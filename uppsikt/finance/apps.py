from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "uppsikt.finance"
    label = "finance"
    verbose_name = "Ekonomi"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind

        from .tasks import sie_staging_remove

        register_job_kind(
            "sie_import",
            cleanup=sie_staging_remove,
            again_url="finance:imports",
            again_text=_("Läs in SIE-filen igen (den uppladdade filen har tagits bort)"),
        )
