from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate


def _install_triggers(sender, using, apps=None, **kwargs) -> None:
    """Create the triggers that refuse changes to approved minutes again after every migrate
    (a later migration may rebuild a table on SQLite, which drops its triggers)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import connections

    from . import triggers

    try:
        apps.get_model("meetings", "MinutesItem")._meta.get_field("approval_sequence")
    except (LookupError, FieldDoesNotExist, AttributeError):
        return  # migrated back to before the triggers
    triggers.install(connections[using])


class MeetingsConfig(AppConfig):
    name = "uppsikt.meetings"
    label = "meetings"
    verbose_name = "Sammanträden och protokoll"

    def ready(self) -> None:
        # Members of the deciding body may read secret material sent to their meeting.
        from uppsikt.cases import secrecy

        from .access import MEETING_ACCESS

        secrecy.register_meeting_access(MEETING_ACCESS)
        post_migrate.connect(_install_triggers, sender=self)
        # the approvers of a meeting are part of approved minutes (meetings.sealed)
        from .models import Meeting
        from .sealed import refuse_sealed_m2m

        m2m_changed.connect(refuse_sealed_m2m, sender=Meeting.approvers.through)
        # approval with e-ID: signed when the identity provider has vouched for the sign-on
        from uppsikt.organisation import stepup

        from .action_views import EID_PURPOSE, signed_with_eid

        stepup.register_purpose(EID_PURPOSE, signed_with_eid)
