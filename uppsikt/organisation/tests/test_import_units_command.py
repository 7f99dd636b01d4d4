"""``uppsikt import units`` as an operator runs it: a fresh database, bad files, exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args, db: Path, tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "UPPSIKT_DATA_DIR": str(tmp_path / "data"),
        "UPPSIKT_ORGANISATION_NAME": "Region Prov",
    }
    return subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def fresh_db(tmp_path):
    db = tmp_path / "fresh.sqlite3"
    result = run(["migrate"], db, tmp_path)
    assert result.returncode == 0, result.stderr
    return db


def units_in(db: Path) -> list[tuple[str, str | None]]:
    import sqlite3

    with sqlite3.connect(db) as con:
        return sorted(
            con.execute(
                "SELECT u.code, p.code FROM organisation_unit u "
                "LEFT JOIN organisation_unit p ON p.id = u.parent_id"
            ).fetchall()
        )


def test_import_on_an_empty_database_creates_the_organisation(fresh_db, tmp_path):
    csv = tmp_path / "units.csv"
    csv.write_text(
        "code,name,parent_code,kind\nRK,Regionkontoret,,förvaltning\nEKO,Ekonomi,RK,avdelning\n"
    )
    result = run(["import", "units", str(csv)], fresh_db, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 nya" in result.stdout
    assert "Region Prov" in result.stdout
    assert units_in(fresh_db) == [("EKO", "RK"), ("RK", None)]
    again = run(["import", "units", str(csv)], fresh_db, tmp_path)
    assert "0 nya, 0 ändrade, 2 oförändrade" in again.stdout


def test_bad_file_exits_1_names_file_and_line_and_writes_nothing(fresh_db, tmp_path):
    csv = tmp_path / "units.csv"
    csv.write_text(
        "code,name,parent_code,kind\nRK,Regionkontoret,,förvaltning\nEKO,Ekonomi,XX,avdelning\n"
    )
    result = run(["import", "units", str(csv)], fresh_db, tmp_path)
    assert result.returncode == 1
    assert "units.csv, rad 3: okänd överordnad kod XX." in result.stderr
    assert units_in(fresh_db) == []
    import sqlite3

    with sqlite3.connect(fresh_db) as con:
        assert con.execute("SELECT COUNT(*) FROM organisation_organisation").fetchone() == (0,)


def test_missing_file_is_a_clear_error(fresh_db, tmp_path):
    result = run(["import", "units", str(tmp_path / "nope.csv")], fresh_db, tmp_path)
    assert result.returncode == 1
    assert "filen finns inte" in result.stderr


def test_help_explains_the_commands(tmp_path):
    result = run(["--help"], tmp_path / "x.sqlite3", tmp_path)
    assert result.returncode == 0
    assert "demo [--port N] [--no-serve]" in result.stdout
    assert "import …" in result.stdout
    sub = run(["import", "units", "--help"], tmp_path / "x.sqlite3", tmp_path)
    assert "parent_code" in sub.stdout


def test_unknown_group_subcommand_exits_2(tmp_path):
    result = run(["import", "nothing"], tmp_path / "x.sqlite3", tmp_path)
    assert result.returncode != 0
