"""Request input the forms never send is refused with 400 or a message, never a server error:
ids and numbers parsed safely, NUL characters refused, values the database cannot keep."""

from __future__ import annotations

import pytest
from django.db import DataError, connection
from django.test import RequestFactory
from django.urls import reverse

from uppsikt.core.exceptions import BadInput, DomainError
from uppsikt.core.middleware import DomainErrorMiddleware
from uppsikt.core.parsing import parse_id, parse_ids, parse_int


def test_an_id_of_ascii_digits_is_read():
    assert parse_id("42") == 42
    assert parse_id(" 7 ") == 7
    assert parse_id(str(2**63 - 1)) == 2**63 - 1


@pytest.mark.parametrize(
    "value", ["abc", "²", "٣", "-1", "0", "1.5", "1e3", "9" * 25, "9" * 5000, str(2**63)]
)
def test_anything_but_an_id_is_bad_input(value):
    with pytest.raises(BadInput):
        parse_id(value)


def test_bad_input_is_a_domain_error_and_a_bad_request():
    from django.core.exceptions import BadRequest

    assert issubclass(BadInput, DomainError) and issubclass(BadInput, BadRequest)


def test_an_empty_id_is_none_unless_required():
    assert parse_id("", required=False) is None
    assert parse_id(None, required=False) is None
    with pytest.raises(BadInput):
        parse_id("")


def test_a_list_of_ids_skips_empty_values_and_refuses_bad_ones():
    assert parse_ids(["3", "", "5"]) == [3, 5]
    with pytest.raises(BadInput):
        parse_ids(["3", "9" * 25])


def test_an_integer_is_read_within_its_bounds():
    assert parse_int("12", minimum=0, maximum=12) == 12
    assert parse_int("-3", minimum=-5, maximum=5) == -3
    assert parse_int("", minimum=0, maximum=9, default=4) == 4
    for value in ("13", "-1", "9" * 5000, "x"):
        with pytest.raises(BadInput):
            parse_int(value, minimum=0, maximum=12)


def _meeting_post(c, **changes):
    data = {"body": c.body.code, "date": "2025-10-14", "start_time": "09:00", "place": "Halmstad"}
    return {**data, **changes}


@pytest.fixture
def secretary(client):
    from uppsikt.meetings.tests import factories as meeting_factories

    c = meeting_factories.committee()
    client.force_login(c.secretary)
    return c


@pytest.mark.django_db
def test_a_nul_character_in_a_form_field_answers_400(client, secretary):
    from uppsikt.meetings.models import Meeting

    response = client.post(reverse("meetings:index"), _meeting_post(secretary, place="Halm\x00"))
    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_nul_character_in_a_query_answers_400(client, secretary):
    assert client.get(reverse("meetings:index"), {"lage": "a\x00"}).status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_field_name_answers_400(client, secretary):
    data = {**_meeting_post(secretary), "pl\x00ace": "x"}
    assert client.post(reverse("meetings:index"), data).status_code == 400


@pytest.mark.django_db
def test_a_value_the_database_cannot_keep_answers_400():
    request = RequestFactory().post("/")
    middleware = DomainErrorMiddleware(lambda r: None)
    response = middleware.process_exception(request, DataError("value too long"))
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_hundred_thousand_character_place_answers_400_on_postgresql(client, secretary):
    # SQLite keeps any length; PostgreSQL refuses more than Meeting.place's 200 characters
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL enforces max_length")
    from uppsikt.meetings.models import Meeting

    response = client.post(reverse("meetings:index"), _meeting_post(secretary, place="x" * 100_000))
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_no_view_converts_input_with_int_decimal_or_float():
    """Views parse numbers from requests with ``core.parsing`` or a form field; a bare ``int()``
    answers 500 to ``²``, to 5 000 digits or to an id beyond the database's range."""
    import ast
    from pathlib import Path

    import uppsikt

    offenders = []
    for path in Path(uppsikt.__file__).parent.rglob("*views*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"int", "Decimal", "float"}
                and node.args
                and not isinstance(node.args[0], ast.Constant)
            ):
                offenders.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert offenders == []


def test_every_multiple_choice_of_rows_checks_its_ids_before_the_database():
    """``core.fields.IdMultipleChoiceField``, not Django's ``ModelMultipleChoiceField``: that one
    hands an id of 25 digits to the database, which answers 500 on SQLite."""
    import ast
    from pathlib import Path

    import uppsikt

    offenders = []
    for path in Path(uppsikt.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or path.name == "fields.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "ModelMultipleChoiceField":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_every_visible_integer_field_of_a_form_has_an_upper_bound():
    """A number typed in a form is saved to a column of bounded size; without ``max_value`` 25
    digits reach the database and answer 500. (Hidden version fields are only compared.)"""
    import ast
    from pathlib import Path

    import uppsikt

    offenders = []
    for path in Path(uppsikt.__file__).parent.rglob("forms.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "IntegerField"
            ):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            hidden = "widget" in keywords and "HiddenInput" in ast.unparse(keywords["widget"])
            if not hidden and "max_value" not in keywords:
                offenders.append(f"{path.parent.name}/{path.name}:{node.lineno}")
    assert offenders == []
