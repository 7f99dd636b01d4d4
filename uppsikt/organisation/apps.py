from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "uppsikt.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        # the deploy check that the demo's Test-e-legitimation is off
        from . import testeid  # noqa: F401
