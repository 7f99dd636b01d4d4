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


def read_units_csv(data: bytes, *, filename: str) -> UnitsFile:
    """Parse and check the file's own content (references to the database are checked later)."""
    result = UnitsFile(name=Path(filename).name)

    def error(line: int, message: str) -> None:
        result.errors.append(f"{result.name}, {_('rad')} {line}: {message}")

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        error(line, _("filen är inte kodad i UTF-8."))
        return result
    if not text.strip():
        error(1, _("filen är tom."))
        return result
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        for column in missing:
            error(1, _("kolumnen ”%(column)s” saknas.") % {"column": column})
        return result
    result.has_body_column = "body_code" in header
    result.has_cost_centre_column = "cost_centres" in header

    first_line: dict[str, int] = {}
    cost_centre_line: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if None in raw:
                error(line, _("raden har fler fält än rubrikraden."))
                continue
            values = {k: (v or "").strip() for k, v in raw.items()}
            if not any(values.values()):
                continue
            code, name = values["code"], values["name"]
            kind_text = values["kind"].lower()
            ok = True
            if any(CONTROL.search(v) for v in values.values()):
                error(line, _("raden innehåller ett otillåtet styrtecken."))
                continue
            for value, limit, what in (
                (code, _max_length(Unit, "code"), _("koden")),
                (name, _max_length(Unit, "name"), _("namnet")),
                (values["parent_code"], _max_length(Unit, "code"), _("den överordnade koden")),
            ):
                if len(value) > limit:
                    error(
                        line,
                        _("%(what)s är längre än %(limit)d tecken.")
                        % {"what": what, "limit": limit},
                    )
                    ok = False
            if not code:
                error(line, _("koden saknas."))
                ok = False
            elif code in first_line:
                error(
                    line,
                    _("koden %(code)s finns redan på rad %(first)d.")
                    % {"code": code, "first": first_line[code]},
                )
                ok = False
            if not name:
                error(line, _("namnet saknas."))
                ok = False
            kind = KIND_ALIASES.get(kind_text)
            if kind is None:
                error(
                    line,
                    _("okänd typ ”%(kind)s”; tillåtna är förvaltning, avdelning, enhet.")
                    % {"kind": values["kind"]},
                )
                ok = False
            if code and values["parent_code"] == code:
                error(
                    line, _("enheten %(code)s kan inte vara sin egen överordnade.") % {"code": code}
                )
                ok = False
            centres = tuple(
                c.strip()
                for c in values.get("cost_centres", "").replace(",", ";").split(";")
                if c.strip()
            )
            for cc in centres:
                if len(cc) > _max_length(CostCentre, "code"):
                    error(
                        line,
                        _("%(what)s är längre än %(limit)d tecken.")
                        % {"what": _("kostnadsstället"), "limit": _max_length(CostCentre, "code")},
                    )
                    ok = False
                elif cc in cost_centre_line:
                    error(
                        line,
                        _("kostnadsstället %(cc)s finns redan på rad %(first)d.")
                        % {"cc": cc, "first": cost_centre_line[cc]},
                    )
                    ok = False
                else:
                    cost_centre_line[cc] = line
            if code and code not in first_line:
                first_line[code] = line
            if ok:
                result.rows.append(
                    UnitRow(
                        line=line,
                        code=code,
                        name=name,
                        parent_code=values["parent_code"],
                        kind=kind,
                        body_code=values.get("body_code", ""),
                        cost_centres=centres,
                    )
                )
    except csv.Error as exc:
        error(reader.line_num, _("felaktig CSV: %(error)s") % {"error": exc})
    return result
