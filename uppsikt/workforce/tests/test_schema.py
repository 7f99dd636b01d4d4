"""The HR files' columns are defined once (``workforce.schema``): the importer asks for them and
the generator and the demo write them."""

from __future__ import annotations

import csv
import datetime as dt

from uppsikt.workforce import schema
from uppsikt.workforce.generator import generate


def _header(path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(next(csv.reader(f)))


def test_the_generator_writes_each_file_with_the_schemas_columns(tmp_path):
    generate(
        seed=1, employees=3, years=1, end=dt.date(2025, 8, 31), unit_codes=["U1"], out=tmp_path
    )
    assert {name: _header(tmp_path / f"{name}.csv") for name in schema.FILES} == schema.COLUMNS


def test_the_demo_writes_each_file_with_the_schemas_columns(tmp_path):
    from uppsikt.workforce.demo.extract import Writer

    Writer().write(tmp_path)
    assert {name: _header(tmp_path / f"{name}.csv") for name in schema.FILES} == schema.COLUMNS


def test_the_importer_reads_the_schemas_columns():
    from uppsikt.workforce import import_tables as importers

    assert importers.COLUMNS is schema.COLUMNS and importers.OPTIONAL is schema.OPTIONAL
