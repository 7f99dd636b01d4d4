"""Reading ``units.csv``: every problem is collected with file and line; nothing is written here.

Columns: ``code``, ``name``, ``parent_code``, ``kind`` (``förvaltning``, ``avdelning``,
``enhet``), optionally ``body_code`` and ``cost_centres`` (codes separated by ``;``).
A unit tree has at most a few thousand rows, so the standard ``csv`` reader (which knows each
row's line number) is the right tool here; bulk ledger and HR data use columnar readers.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .models import CostCentre, Unit

# Control characters other than tab and line breaks never belong in a text field.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

REQUIRED_COLUMNS = ("code", "name", "parent_code", "kind")
OPTIONAL_COLUMNS = ("body_code", "cost_centres")

KIND_ALIASES = {
    "förvaltning": Unit.Kind.ADMINISTRATION,
    "forvaltning": Unit.Kind.ADMINISTRATION,
    "administration": Unit.Kind.ADMINISTRATION,
    "avdelning": Unit.Kind.DEPARTMENT,
    "department": Unit.Kind.DEPARTMENT,
    "enhet": Unit.Kind.SECTION,
    "section": Unit.Kind.SECTION,
}


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    parent_code: str
    kind: str
    body_code: str
    cost_centres: tuple[str, ...]


@dataclass
class UnitsFile:
    name: str
    rows: list[UnitRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    has_body_column: bool = False
    has_cost_centre_column: bool = False


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


@dataclass
class _Seen:
    """The line each unit code and cost centre was first seen on, for the duplicates."""

    codes: dict[str, int] = field(default_factory=dict)
    cost_centres: dict[str, int] = field(default_factory=dict)


def _too_long(what: str, limit: int) -> str:
    return _("%(what)s är längre än %(limit)d tecken.") % {"what": what, "limit": limit}


def _field_problems(values: dict[str, str], kind: str | None, seen: _Seen) -> list[str]:
    """What is wrong with a row's code, name, parent and kind."""
    code, name, parent = values["code"], values["name"], values["parent_code"]
    problems = [
        _too_long(what, limit)
        for value, limit, what in (
            (code, _max_length(Unit, "code"), _("koden")),
            (name, _max_length(Unit, "name"), _("namnet")),
            (parent, _max_length(Unit, "code"), _("den överordnade koden")),
        )
        if len(value) > limit
    ]
    if not code:
        problems.append(_("koden saknas."))
    elif code in seen.codes:
        problems.append(
            _("koden %(code)s finns redan på rad %(first)d.")
            % {"code": code, "first": seen.codes[code]}
        )
    if not name:
        problems.append(_("namnet saknas."))
    if kind is None:
        problems.append(
            _("okänd typ ”%(kind)s”; tillåtna är förvaltning, avdelning, enhet.")
            % {"kind": values["kind"]}
        )
    if code and parent == code:
        problems.append(_("enheten %(code)s kan inte vara sin egen överordnade.") % {"code": code})
    return problems


def _cost_centre_problems(centres: tuple[str, ...], line: int, seen: _Seen) -> list[str]:
    """What is wrong with a row's cost centres; the new ones are noted as seen on ``line``."""
    problems = []
    limit = _max_length(CostCentre, "code")
    for cc in centres:
        if len(cc) > limit:
            problems.append(_too_long(_("kostnadsstället"), limit))
        elif cc in seen.cost_centres:
            problems.append(
                _("kostnadsstället %(cc)s finns redan på rad %(first)d.")
                % {"cc": cc, "first": seen.cost_centres[cc]}
            )
        else:
            seen.cost_centres[cc] = line
    return problems


def _read_row(values: dict[str, str], line: int, seen: _Seen) -> tuple[UnitRow | None, list[str]]:
    """A row's unit, or None with what is wrong with it."""
    code = values["code"]
    kind = KIND_ALIASES.get(values["kind"].lower())
    centres = tuple(
        c.strip() for c in values.get("cost_centres", "").replace(",", ";").split(";") if c.strip()
    )
    problems = _field_problems(values, kind, seen) + _cost_centre_problems(centres, line, seen)
    if code and code not in seen.codes:
        seen.codes[code] = line
    if problems:
        return None, problems
    row = UnitRow(
        line=line,
        code=code,
        name=values["name"],
        parent_code=values["parent_code"],
        kind=kind,
        body_code=values.get("body_code", ""),
        cost_centres=centres,
    )
    return row, []


def _reader(data: bytes, result: UnitsFile, error) -> csv.DictReader | None:
    """A reader over the file's rows with lower-case column names, or None (with the errors)
    when the file cannot be read or lacks a column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        error(line, _("filen är inte kodad i UTF-8."))
        return None
    if not text.strip():
        error(1, _("filen är tom."))
        return None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    for column in missing:
        error(1, _("kolumnen ”%(column)s” saknas.") % {"column": column})
    if missing:
        return None
    result.has_body_column = "body_code" in header
    result.has_cost_centre_column = "cost_centres" in header
    return reader


def read_units_csv(data: bytes, *, filename: str) -> UnitsFile:
    """Parse and check the file's own content (references to the database are checked later)."""
    result = UnitsFile(name=Path(filename).name)

    def error(line: int, message: str) -> None:
        result.errors.append(f"{result.name}, {_('rad')} {line}: {message}")

    reader = _reader(data, result, error)
    if reader is None:
        return result
    seen = _Seen()
    try:
        for raw in reader:
            line = reader.line_num
            if None in raw:
                error(line, _("raden har fler fält än rubrikraden."))
                continue
            values = {k: (v or "").strip() for k, v in raw.items()}
            if not any(values.values()):
                continue
            if any(CONTROL.search(v) for v in values.values()):
                error(line, _("raden innehåller ett otillåtet styrtecken."))
                continue
            row, problems = _read_row(values, line, seen)
            for problem in problems:
                error(line, problem)
            if row is not None:
                result.rows.append(row)
    except csv.Error as exc:
        error(reader.line_num, _("felaktig CSV: %(error)s") % {"error": exc})
    return result
