from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "uppsikt.workforce"
    label = "workforce"
    verbose_name = "Personal"

    def ready(self):
        from uppsikt.core.jobs import register_job_kind

        # The uploaded files are the job's leftovers (Job.leftovers): an abandoned import has
        # them removed, so it is started again by uploading the files again.
        register_job_kind(
            "hr_import",
            again_url="workforce:import",
            again_text=_("Läs in HR-uttaget igen (de uppladdade filerna har tagits bort)"),
        )
        register_job_kind(
            "staff_figures",
            again_url="workforce:index",
            again_text=_("Beräkna nyckeltalen igen"),
        )
