from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoladaConfig(AppConfig):
    name = "uppsikt.kolada"
    label = "kolada"
    verbose_name = "Kolada"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind
        from uppsikt.planning.indicator_panels import register_indicator_panel

        from .panel import comparison_panel

        register_indicator_panel(comparison_panel)
        register_job_kind(
            "kolada_import",
            again_url="planning:plans",
            again_text=_("Hämta jämförelsen från Kolada igen från indikatorns sida"),
        )
