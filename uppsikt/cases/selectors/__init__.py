"""Reads of the register for screens, search, exports and documents.

Every read that shows a case's or a record's contents goes through the views built here, which
ask ``secrecy`` (the single gate) whether the reader may see what secrecy withholds. A withheld
field is ``None`` in a view; the page, the export and the document say that it is withheld.

One module per subject; callers use this package
(``from uppsikt.cases import selectors; selectors.case_detail(...)``):

- ``register``: cases and records (the register's list, a case, a record and its files);
- ``proposals``: decision proposals, and what a proposal says and lacks (read by the services);
- ``delegated``: decisions taken under delegation;
- ``search``: full-text search;
- ``export``: the register as rows (a diarieutdrag);
- ``public``: what anyone may read without logging in (the open data).

Selectors never import services.
"""

from .delegated import delegated_decisions, delegated_decisions_to_report
from .export import EXPORT_HEADER, export_rows
from .proposals import (
    ProposalView,
    author_of,
    impact_assessment_template_get,
    impact_assessment_templates,
    impact_assessments_answered,
    may_review,
    officer_work,
    proposal_detail,
    proposal_get,
    proposal_missing,
    proposal_versions,
    proposals_ready_for_meeting,
    proposals_to_review,
    reviewers_for,
)
from .public import public_case_ids, public_cases, public_proposals
from .register import (
    CaseView,
    RecordView,
    case_by_number,
    case_detail,
    case_get,
    case_list,
    case_summary,
    record_detail,
    record_file_for_download,
    record_get,
    register_filter_choices,
    registrable_bodies,
)
from .search import SearchHit, search

__all__ = [
    "may_review",
    "officer_work",
    "proposals_to_review",
    "reviewers_for",
    "EXPORT_HEADER",
    "CaseView",
    "ProposalView",
    "RecordView",
    "SearchHit",
    "author_of",
    "case_by_number",
    "case_detail",
    "case_get",
    "case_list",
    "case_summary",
    "delegated_decisions",
    "delegated_decisions_to_report",
    "export_rows",
    "impact_assessment_template_get",
    "impact_assessment_templates",
    "impact_assessments_answered",
    "proposal_detail",
    "proposal_get",
    "proposal_missing",
    "proposal_versions",
    "proposals_ready_for_meeting",
    "public_case_ids",
    "public_cases",
    "public_proposals",
    "record_detail",
    "record_file_for_download",
    "record_get",
    "register_filter_choices",
    "registrable_bodies",
    "search",
]
