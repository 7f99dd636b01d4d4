"""Every demo login lands on a home that lists real work."""

import pytest
from django.urls import reverse

from uppsikt.demo.loader import load_demo

pytestmark = pytest.mark.django_db

LOGINS = [
    "admin",
    "controller",
    "rapportor",
    "godkannare",
    "sekreterare",
    "handlaggare",
    "ledamot",
    "lasare",
]


def test_dump(client, django_user_model):
    load_demo()
    import re

    for username in LOGINS:
        client.force_login(django_user_model.objects.get(username=username))
        html = client.get(reverse("home")).content.decode()
        main = html.split('<main id="main"', 1)[1]
        text = re.sub(r"<[^>]+>", " ", main)
        text = re.sub(r"\s+", " ", text)
        print("=====", username, text[:1500])
    assert False
