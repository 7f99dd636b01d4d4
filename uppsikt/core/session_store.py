"""Sessions in the database, as Django keeps them, read with one plain SQL statement (every
signed-in request reads its session: uppsikt/core/plain_sql.py)."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections
from django.utils import timezone

from . import plain_sql


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """The session of this key unless it has expired (its data alone is read: one SQL
        statement, uppsikt/core/plain_sql.py), else None and the key is forgotten."""
        try:
            alias = plain_sql.read_alias(self.model)
            table, key, data, expires = plain_sql.columns(
                self.model, alias, "session_key", "session_data", "expire_date"
            )
            now = connections[alias].ops.adapt_datetimefield_value(timezone.now())
            found = plain_sql.first_value(
                alias,
                f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s",  # noqa: S608 - quoted names from the model, values as parameters
                [self.session_key, now],
            )
            if found is None:
                raise self.model.DoesNotExist
            return self.model(session_key=self.session_key, session_data=found)
        except (self.model.DoesNotExist, SuspiciousOperation) as exc:
            if isinstance(exc, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{exc.__class__.__name__}")
                logger.warning(str(exc))
            self._session_key = None
