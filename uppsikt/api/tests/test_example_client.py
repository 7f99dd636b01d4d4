"""The example client shipped in docs/examples/api_client.py, run as a script against a live
server with a token: it reads a unit's indicator series and submits that unit's UR
assessments through the workflow (save, then submit, audited as the owner's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from uppsikt.core.models import AuditEvent
from uppsikt.followup.models import Assessment
from uppsikt.planning.models import Indicator

from .conftest import ApiRegion, make_token

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "api_client.py"


@pytest.fixture
def live_region(transactional_db):
    cache.clear()
    region = ApiRegion()
    Indicator.objects.filter(pk=region.indicator.pk).update(kolada_id="N60030")
    return region


def run(live_server, secret: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "UPPSIKT_API_TOKEN": secret}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--base", live_server.url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_script_reads_the_series_and_submits_the_units_assessments(live_server, live_region):
    region = live_region
    _t, secret = make_token(
        region, region.reporter, ["planning.view", "followup.report"], units=[region.mat]
    )
    log_before = Assessment.objects.filter(unit=region.log).values_list("pk", "state", "version")
    log_before = sorted(log_before)
    result = run(
        live_server,
        secret,
        *("--unit", "RSE-MAT", "--indicator", "N60030", "--year", "2024"),
        *("--period-kind", "UR1", "--status", "on_track", "--comment", "Enligt plan."),
    )
    assert result.returncode == 0, result.stderr
    # the series: RSE-MAT's two measurements of 2024, in order (conftest: 5,5 and 6,25)
    lines = result.stdout.splitlines()
    assert lines[0] == "Indikator N60030, RSE-MAT, 2024:"
    assert lines[1].startswith("  2024-01-01–2024-04-30: 5.5")
    assert lines[2].startswith("  2024-01-01–2024-08-31: 6.25")
    assessment = Assessment.objects.get(pk=region.assessment.pk)
    assert assessment.state == Assessment.State.SUBMITTED
    assert assessment.status.code == "on_track" and "Enligt plan." in assessment.comment
    assert f"Inlämnad: {assessment.pk} Minska matsvinnet (on_track)" in result.stdout
    # through the workflow's services, as the token's owner: saved, then submitted
    actions = list(
        AuditEvent.objects.filter(object_id=str(assessment.pk), action__startswith="assessment.")
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("assessment.save", region.reporter.pk),
        ("assessment.submit", region.reporter.pk),
    ]
    # another unit's assessments are not the token's to touch
    log_after = Assessment.objects.filter(unit=region.log).values_list("pk", "state", "version")
    assert sorted(log_after) == log_before
    # run again: nothing left to do
    again = run(
        live_server,
        secret,
        *("--unit", "RSE-MAT", "--year", "2024", "--status", "on_track"),
    )
    assert again.returncode == 0 and "Inlämnad" not in again.stdout


def test_the_script_says_why_when_the_token_is_wrong(live_server, live_region):
    result = run(live_server, "upk_fel", "--unit", "RSE-MAT", "--year", "2024")
    assert result.returncode == 2
    assert "401 unauthenticated" in result.stderr


def test_a_token_of_another_unit_submits_nothing_there(live_server, live_region):
    region = live_region
    _t, secret = make_token(region, region.reporter, ["followup.report"], units=[region.mat])
    assessment = region.log_assessment()  # RSE-LOG's, in UR2 2024
    result = run(
        live_server,
        secret,
        *("--unit", "RSE-LOG", "--year", "2024", "--period-kind", "UR2", "--status", "on_track"),
    )
    assert "Inlämnad" not in result.stdout
    assert Assessment.objects.get(pk=assessment.pk).state == Assessment.State.DRAFT
