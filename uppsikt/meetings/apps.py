from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "uppsikt.meetings"
    label = "meetings"
    verbose_name = "Sammanträden och protokoll"

    def ready(self) -> None:
        # Members of the deciding body may read secret material sent to their meeting.
        from uppsikt.cases import secrecy

        from .access import MEETING_ACCESS

        secrecy.register_meeting_access(MEETING_ACCESS)
