from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "uppsikt.dialogues"
    label = "dialogues"
    verbose_name = _("Nämndsdialoger")
    default_auto_field = "django.db.models.BigAutoField"
