"""On PostgreSQL a query sent again on a connection is prepared, so the database plans it once
(``UPPSIKT_DB_PREPARED``, docs/deployment.md, *The database's share*)."""

from __future__ import annotations

import pytest
from django.db import connection

from uppsikt.core.models import User

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_sent_twice_is_prepared_and_answers_with_its_own_parameters():
    User.objects.create(username="forsta")
    User.objects.create(username="andra")
    before = [s for s in _prepared() if "core_user" in s and '"username" =' in s]
    assert before == []
    # the same query with other parameters: planned once, answered right each time
    names = [User.objects.get(username=name).username for name in ("forsta", "andra", "forsta")]
    assert names == ["forsta", "andra", "forsta"]
    prepared = [s for s in _prepared() if "core_user" in s and '"username" =' in s]
    assert len(prepared) == 1
    assert "$1" in prepared[0]  # the parameter bound by the server, not written into the text
