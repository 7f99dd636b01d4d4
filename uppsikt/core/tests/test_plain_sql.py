"""The reads every signed-in page makes in plain SQL (uppsikt/core/plain_sql.py): the session,
the account and the header's unread count, each the same as the ORM's read, on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from uppsikt.core.session_store import SessionStore
from uppsikt.notifications.models import Kind, Notification
from uppsikt.notifications.selectors import unread_count
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db


def _notify(org, user, *, read: bool) -> None:
    Notification.objects.create(
        organisation=org,
        recipient=user,
        kind=Kind.choices[0][0],
        title="Återsänd bedömning",
        url="/",
        object_type="followup.assessment",
        object_id="1",
        read_at=timezone.now() if read else None,
    )


def test_the_unread_count_is_the_accounts_own_unread_in_the_organisation():
    # given: Anna has three unread and one read notification in Halland, one unread in another
    # organisation; Bertil has two unread in Halland
    halland, other = factories.organisation(), factories.organisation(name="Annan", slug="annan")
    anna, bertil = factories.user("anna"), factories.user("bertil")
    for _ in range(3):
        _notify(halland, anna, read=False)
    _notify(halland, anna, read=True)
    _notify(other, anna, read=False)
    _notify(halland, bertil, read=False)
    _notify(halland, bertil, read=False)
    # then: each count is only the account's unread ones in the organisation asked about
    assert unread_count(user=anna, organisation=halland) == 3
    assert unread_count(user=anna, organisation=other) == 1
    assert unread_count(user=bertil, organisation=halland) == 2
    assert unread_count(user=bertil, organisation=other) == 0


def test_a_session_is_read_until_it_expires_and_not_a_second_after(client):
    user = factories.user("sessionen")
    client.force_login(user)
    key = client.session.session_key
    assert SessionStore(key).load()["_auth_user_id"] == str(user.pk)
    # a second before its expiry it is read; at it and after, it is not, and the key is
    # forgotten (a new session is made rather than the old one revived)
    now = timezone.now()
    Session.objects.filter(session_key=key).update(expire_date=now + dt.timedelta(seconds=1))
    assert SessionStore(key).load() != {}
    Session.objects.filter(session_key=key).update(expire_date=now - dt.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None
    # and the page asks the person to sign in again
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_an_unknown_or_odd_session_key_is_no_session(client):
    client.force_login(factories.user("kvar"))
    key = client.session.session_key
    for odd in ("x" * 32, "'; DELETE FROM django_session; --" + "a" * 8, "ö" * 40):
        assert SessionStore(odd).load() == {}
    # the odd keys were values, not SQL: the real session is still there and still read
    assert Session.objects.filter(session_key=key).count() == 1
    assert SessionStore(key).load() != {}


def test_the_account_read_in_plain_sql_is_the_orms_to_every_field():
    from uppsikt.core.models import User

    # given: an account with every kind of field set (text, flags, moments, no last login)
    user = factories.user("fälten")
    User.objects.filter(pk=user.pk).update(
        first_name="Åsa",
        last_name="Öberg",
        email="asa@example.org",
        is_staff=True,
        is_superuser=False,
        last_login=None,
        date_joined=dt.datetime(2024, 2, 29, 23, 30, 5, 123456, tzinfo=dt.UTC),
    )
    # when: read as every signed-in request reads it, and as the ORM reads it
    plain = User.objects.get(pk=user.pk)
    orm = User.objects.filter(pk=user.pk).get()
    # then: the same values, of the same types, and an instance that saves as usual
    for field in User._meta.concrete_fields:
        a, b = getattr(plain, field.attname), getattr(orm, field.attname)
        assert a == b and type(a) is type(b), field.name
    assert plain.date_joined == dt.datetime(2024, 2, 29, 23, 30, 5, 123456, tzinfo=dt.UTC)
    assert plain.is_staff is True and plain.last_login is None
    assert not plain._state.adding and plain._state.db == "default"
    plain.first_name = "Åsa-Lena"
    plain.save(update_fields=["first_name"])
    assert User.objects.filter(pk=user.pk).get().first_name == "Åsa-Lena"


def test_an_account_that_is_not_there_or_a_key_that_is_no_key_is_not_found():
    from uppsikt.core.models import User

    for key in (987654321, "987654321", "abc", ""):
        with pytest.raises(User.DoesNotExist):
            User.objects.get(pk=key)


def test_a_row_by_its_columns_is_the_organisations_own_and_the_orms_to_every_field():
    from django.http import Http404

    from uppsikt.core import plain_sql
    from uppsikt.organisation.models import Unit

    # given: two organisations, each with a unit coded EKO
    one, two = factories.organisation(), factories.organisation()
    mine, theirs = factories.unit(one, "EKO"), factories.unit(two, "EKO")
    # then: the code finds each organisation's own, with every field as the ORM reads it
    found = plain_sql.get_where(Unit, organisation=one.pk, code="EKO")
    orm = Unit.objects.get(organisation=one, code="EKO")
    assert found.pk == mine.pk != theirs.pk
    for field in Unit._meta.concrete_fields:
        a, b = getattr(found, field.attname), getattr(orm, field.attname)
        assert a == b and type(a) is type(b), field.name
    assert plain_sql.get_where(Unit, organisation=two.pk, code="EKO").pk == theirs.pk
    # another organisation's key, a code not there, a key that is no number: nothing, a 404
    assert plain_sql.get_where(Unit, pk=theirs.pk, organisation=one.pk) is None
    assert plain_sql.get_where(Unit, organisation=one.pk, code="SAKNAS") is None
    assert plain_sql.get_where(Unit, pk="abc") is None
    with pytest.raises(Http404):
        plain_sql.get_or_404(Unit, organisation=one.pk, code="SAKNAS")
    # two rows where one is asked for is an error, never the first of them
    with pytest.raises(Unit.MultipleObjectsReturned):
        plain_sql.get_where(Unit, code="EKO")
