"""The reports' texts and kept files, and the document template, are keyed by their organisation
(``organisation.tenancy.document_scope``; docs/adr/0009): ``RS/2024-UR1`` becomes
``<organisation id>/RS/2024-UR1`` and the template's scope ``""`` the organisation's id.

Rows written while the database held one organisation are that organisation's. Where it already
holds several, whose a row is cannot be told: the rows are left as they are (no document finds
them) for the operator to re-key."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat

KINDS = ["plan", "followup", "monthly", "group"]


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisation", "Organisation")
    organisations = list(Organisation.objects.values_list("pk", flat=True)[:2])
    if len(organisations) != 1:
        return
    scope = str(organisations[0])
    for name in ("DocumentText", "RenderedDocument"):
        apps.get_model("documents", name).objects.filter(kind__in=KINDS).update(
            subject=Concat(Value(f"{scope}/"), F("subject"))
        )
    apps.get_model("documents", "DocumentTemplate").objects.filter(scope="").update(scope=scope)


def backwards(apps, schema_editor):
    Organisation = apps.get_model("organisation", "Organisation")
    organisations = list(Organisation.objects.values_list("pk", flat=True)[:2])
    if len(organisations) != 1:
        return
    scope = str(organisations[0])
    for name in ("DocumentText", "RenderedDocument"):
        model = apps.get_model("documents", name)
        for row in model.objects.filter(kind__in=KINDS, subject__startswith=f"{scope}/"):
            row.subject = row.subject.removeprefix(f"{scope}/")
            row.save(update_fields=["subject"])
    apps.get_model("documents", "DocumentTemplate").objects.filter(scope=scope).update(scope="")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("organisation", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
