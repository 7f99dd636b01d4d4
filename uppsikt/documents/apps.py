from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "uppsikt.documents"
    label = "documents"
    verbose_name = _("Dokument")
    default_auto_field = "django.db.models.BigAutoField"
