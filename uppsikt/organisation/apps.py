from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "uppsikt.organisation"
    label = "organisation"
    verbose_name = "Organisation"
