"""The document of a kind (plan, followup, monthly, group) for a body and period id, and the
identifiers the pages and commands name documents by."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.documents.document import (
    Document,
)
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.models import Body, Organisation
from uppsikt.reports.data import body_from_code, period_from_id, period_id, subject
from uppsikt.reports.followup import followup_document
from uppsikt.reports.group import group_bodies, group_document
from uppsikt.reports.monthly import monthly_document
from uppsikt.reports.plan import plan_document

__all__ = [
    "body_from_code",
    "document_for",
    "followup_document",
    "group_bodies",
    "group_document",
    "monthly_document",
    "period_from_id",
    "period_id",
    "subject",
]


def document_for(
    *, kind: str, organisation: Organisation, body: Body | None, ident: str
) -> Document:
    """The document of ``kind`` (plan, followup, monthly, group) for a body and period id.

    Documents are public records in the organisation's language: they are built in Swedish
    whatever language the person asking uses, so the kept file is the same for everyone."""
    with translation.override("sv"):
        return _document_for(kind=kind, organisation=organisation, body=body, ident=ident)


def _document_for(
    *, kind: str, organisation: Organisation, body: Body | None, ident: str
) -> Document:
    if kind == "plan":
        if body is None:
            raise DomainError(_("Ange organ för verksamhetsplanen."))
        if not re.fullmatch(r"\d{4}", ident or ""):
            raise DomainError(_("En verksamhetsplan anges med år, t.ex. 2024."))
        return plan_document(body=body, year=int(ident))
    period = period_from_id(organisation=organisation, ident=ident)
    if kind == "group":
        return group_document(organisation=organisation, period=period)
    if body is None:
        raise DomainError(_("Ange organ."))
    if kind == "monthly":
        if period.kind != ReportingPeriod.Kind.MONTHLY:
            raise DomainError(_("En månadsrapport anges med månad, t.ex. 2024-02."))
        return monthly_document(body=body, period=period)
    if kind == "followup":
        if period.kind == ReportingPeriod.Kind.MONTHLY:
            raise DomainError(
                _("Ange 2024-UR1, 2024-UR2 eller 2024-AR för en uppföljningsrapport.")
            )
        return followup_document(body=body, period=period)
    raise DomainError(_("Okänt dokument: %(kind)s.") % {"kind": kind})
