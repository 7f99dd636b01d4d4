from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "uppsikt.oparl"
    label = "oparl"
    verbose_name = "OParl"
