"""Shared by the documents: the document shell and the amount columns of a table."""

from __future__ import annotations

from uppsikt.documents.document import (
    Column,
    Document,
)
from uppsikt.reports.data import BodyData, _organisation_name


def _amount_columns(first: str, width: int, headers: list[str]) -> list[Column]:
    """A column of row headers, then right-aligned amount columns of equal width."""
    return [Column(first, width=width), *(Column(h, "right", 2) for h in headers)]


def _document(data: BodyData, *, title: str, subtitle: str) -> Document:
    org = data.body.organisation
    return Document(
        title=title,
        subtitle=subtitle,
        organisation=_organisation_name(org),
        header=data.body.name,
        cover_lines=[data.body.name, f"{data.period.months_label.capitalize()} {data.period.year}"],
        date=data.period_end,
        keywords=[data.body.name, title, str(data.period.year)],
    )
