"""What of the register anyone may read, without logging in: the open data (docs/oparl.md).

A case is public when the secrecy gate lets a reader who is not logged in see it
(``secrecy.case_open_q`` with no actor): a case with secrecy never is, whatever else it holds.
A decision proposal is public when it is final and its case is public: a draft or a proposal
under review never is. Records and their files are not published here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.organisation.models import Organisation

from .. import secrecy
from ..models import Case, DecisionProposal


def public_cases(*, organisation: Organisation) -> QuerySet[Case]:
    """The organisation's cases that anyone may read (voided ones included: the caller decides
    how to show them)."""
    return (
        Case.objects.filter(organisation=organisation)
        .filter(secrecy.case_open_q(None, organisation))
        .select_related("body")
    )


def public_case_ids(*, organisation: Organisation) -> set[int]:
    return set(public_cases(organisation=organisation).values_list("pk", flat=True))


def public_proposals(*, organisation: Organisation) -> QuerySet[DecisionProposal]:
    """Final decision proposals of public cases."""
    return DecisionProposal.objects.filter(
        case__in=public_cases(organisation=organisation),
        status=DecisionProposal.Status.FINAL,
    ).select_related("case", "body")
