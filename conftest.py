"""Shared test set-up. Prerequisites outside Python (Chromium, PostgreSQL, LibreOffice) make
their tests skip with a reason, unless UPPSIKT_REQUIRE_ALL=1, where a missing one fails."""

from __future__ import annotations

import os

import pytest


def require(condition: bool, reason: str) -> None:
    """Skip (or, with UPPSIKT_REQUIRE_ALL=1, fail) when a prerequisite is missing."""
    if condition:
        return
    if os.environ.get("UPPSIKT_REQUIRE_ALL") == "1":
        pytest.fail(f"missing prerequisite (UPPSIKT_REQUIRE_ALL=1): {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def require_prerequisite():
    return require
