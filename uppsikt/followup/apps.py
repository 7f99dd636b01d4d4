from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "uppsikt.followup"
    label = "followup"
    verbose_name = "Uppföljning"
