"""Sessions in the database, as Django keeps them, read with SQL kept per process (every
signed-in request reads its session: uppsikt/core/kept_sql.py)."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from .kept_sql import kept_get


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        try:
            return kept_get(
                self.model.objects.filter(
                    session_key=self.session_key, expire_date__gt=timezone.now()
                ),
                "session",
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as exc:
            if isinstance(exc, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{exc.__class__.__name__}")
                logger.warning(str(exc))
            self._session_key = None
