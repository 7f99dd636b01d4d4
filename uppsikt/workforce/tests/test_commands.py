"""The commands as an operator runs them: generate, import, compute (JSON and table), purge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from uppsikt.organisation.tests import factories
from uppsikt.workforce.models import HrExtract, StaffFigureSet
from uppsikt.workforce.tests.test_import import ABSENCES, EMPLOYEES, EMPLOYMENTS


@pytest.fixture
def org(db):
    organisation = factories.organisation()
    root = factories.unit(organisation, "U")
    factories.unit(organisation, "U1", parent=root)
    factories.unit(organisation, "U2", parent=root)
    return organisation


def write(dirpath: Path, employments=EMPLOYMENTS) -> Path:
    dirpath.mkdir(exist_ok=True)
    (dirpath / "employees.csv").write_text(EMPLOYEES)
    (dirpath / "employments.csv").write_text(employments)
    (dirpath / "absences.csv").write_text(ABSENCES)
    return dirpath


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_then_compute_json_for_one_unit(org, tmp_path):
    run("import_hr", str(write(tmp_path / "x")), "--covers-until", "2025-03-31")
    result = json.loads(run("compute_workforce", "--unit", "U", "--period", "2025-02"))
    assert list(result) == [
        "unit",
        "window_start",
        "window_end",
        "provisional",
        "sickness",
        "turnover",
    ]
    assert result["window_start"] == "2024-03-01"
    assert result["window_end"] == "2025-02-28"
    assert result["provisional"] is False
    # three persons: every figure is suppressed
    assert result["sickness"]["total"] is None
    assert result["turnover"]["by_age_decade"]["70-"] is None


def test_compute_several_units_gives_a_list_and_table_format(org, tmp_path):
    run("import_hr", str(write(tmp_path / "x")))
    result = json.loads(
        run("compute_workforce", "--unit", "U1", "--unit", "U2", "--period", "2025-01")
    )
    assert [r["unit"] for r in result] == ["U1", "U2"]
    everything = json.loads(run("compute_workforce", "--unit", "all", "--period", "2025-01"))
    assert {r["unit"] for r in everything} == {"U", "U1", "U2"}
    table = run("compute_workforce", "--unit", "U", "--period", "2025-01", "--format", "table")
    assert "Sjukfrånvaro" in table and "–" in table


def test_compute_with_store_and_recompute(org, tmp_path):
    run("import_hr", str(write(tmp_path / "x")), "--covers-until", "2025-03-31")
    run("compute_workforce", "--unit", "U", "--period", "2024-12", "--store")
    assert StaffFigureSet.objects.count() == 1
    run("compute_workforce", "--recompute")
    assert StaffFigureSet.objects.count() == 3 * 24 + 0  # 2024-12 is inside the default series


def test_bad_input_is_an_error_and_nothing_is_written(org, tmp_path):
    bad = write(tmp_path / "bad", EMPLOYMENTS.replace("U1,2020", "ZZ,2020"))
    with pytest.raises(CommandError):
        run("import_hr", str(bad))
    assert HrExtract.objects.count() == 0
    with pytest.raises(CommandError):
        run("compute_workforce", "--unit", "NOPE", "--period", "2025-01")


def test_purge_needs_a_retention_time(org, tmp_path):
    run("import_hr", str(write(tmp_path / "x")))
    with pytest.raises(CommandError):
        run("purge_hr_extracts")
    assert "0 HR-uttag" in run("purge_hr_extracts", "--days", "30")


def test_the_cli_exits_with_status_1_and_names_file_and_line(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "UPPSIKT_DATA_DIR": str(tmp_path / "data"),
    }

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "uppsikt.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    assert cli("migrate").returncode == 0
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,parent_code,kind\nU,U,,förvaltning\nU1,U1,U,avdelning\nU2,U2,U,avdelning\n"
    )
    assert cli("import", "units", str(units)).returncode == 0
    bad = write(tmp_path / "bad", EMPLOYMENTS.replace("U1,2020", "ZZ,2020"))
    result = cli("import", "hr", str(bad))
    assert result.returncode == 1
    assert "employments.csv, rad 2, kolumn unit_code: okänd enhetskod." in result.stderr
    gen = cli(
        "generate",
        "hr",
        "--employees",
        "300",
        "--years",
        "2",
        "--seed",
        "1",
        "--out",
        str(tmp_path / "gen"),
        "--end",
        "2025-06-30",
    )
    assert gen.returncode == 0, gen.stderr
    assert cli("import", "hr", str(tmp_path / "gen")).returncode == 0
    out = cli("compute", "workforce", "--unit", "U", "--period", "2025-04")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["sickness"]["total"] > 0
    assert figures["turnover"]["total"] == pytest.approx(
        figures["turnover"]["retirement"]
        + figures["turnover"]["internal"]
        + figures["turnover"]["external"]
    )
