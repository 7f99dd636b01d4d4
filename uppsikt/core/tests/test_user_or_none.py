"""``user_or_none``: the one way to turn an actor into the account a "who did it" column keeps."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from uppsikt.core.models import User
from uppsikt.core.permissions import SYSTEM, user_or_none

PACKAGE = Path(__file__).resolve().parents[2]
IDIOM = re.compile(r"if getattr\(actor, \"pk\", None\) else None")
NOT_YET = ()


@pytest.mark.django_db
def test_a_signed_in_user_is_kept_as_the_user():
    user = User.objects.create_user(username="u1", password="x")
    assert user_or_none(user) is user


def test_the_system_actor_is_kept_as_no_user():
    assert user_or_none(SYSTEM) is None


def test_an_anonymous_visitor_is_kept_as_no_user():
    assert user_or_none(AnonymousUser()) is None


def test_no_module_writes_the_actor_to_user_idiom_out_by_hand():
    copies = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if not str(path.relative_to(PACKAGE)).startswith(NOT_YET)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if IDIOM.search(line) and path != PACKAGE / "core" / "permissions.py"
    ]
    assert copies == []
