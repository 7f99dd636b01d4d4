"""Writes to the register: each a keyword-only, atomic, audited service.

One module per subject; callers use this package
(``from uppsikt.cases import services; services.case_register(...)``):

- ``case``: registering a case (its number from ``case_numbers``), changing and reassigning
  it, closing, reopening and voiding it, moving a council case type along its path;
- ``records``: registering records with their checked files, attaching a file, marking a
  record secret;
- ``secrecy_review``: the secrecy review of a secret case or record (``cases.declassify``);
- ``proposals``: decision proposals, every save kept as a version (``proposal_versions``);
- ``impact_assessments``: the organisation's impact assessment templates and questions, and the
  impact assessment of a proposal;
- ``delegated``: decisions taken under delegation and their reporting to the body.

The reads the services need (who writes a proposal, what it lacks) are in ``cases.selectors``;
the paths of the council's case types in ``cases.paths``.
"""

from .case import (
    CASE_FIELDS,
    REASSIGN_FIELDS,
    case_advance,
    case_close,
    case_register,
    case_reopen,
    case_update,
    case_void,
)
from .case_numbers import DEFAULT_NUMBER_FORMAT, format_case_number, number_format
from .delegated import delegated_decision_register, delegated_decisions_mark_reported
from .impact_assessments import (
    impact_assessment_question_save,
    impact_assessment_save,
    impact_assessment_templates_ensure,
)
from .proposals import (
    PROPOSAL_TEXT_FIELDS,
    PROPOSAL_TRANSITIONS,
    proposal_create,
    proposal_transition,
    proposal_update,
)
from .records import (
    DISPOSED,
    RECORD_FILE_TYPES,
    record_attach,
    record_dispose,
    record_max_bytes,
    record_register,
    record_set_secrecy,
)
from .secrecy_review import case_secrecy_review, record_secrecy_review

__all__ = [
    "CASE_FIELDS",
    "DEFAULT_NUMBER_FORMAT",
    "PROPOSAL_TEXT_FIELDS",
    "PROPOSAL_TRANSITIONS",
    "REASSIGN_FIELDS",
    "RECORD_FILE_TYPES",
    "case_advance",
    "case_close",
    "case_register",
    "case_reopen",
    "case_secrecy_review",
    "case_update",
    "case_void",
    "delegated_decision_register",
    "delegated_decisions_mark_reported",
    "format_case_number",
    "impact_assessment_question_save",
    "impact_assessment_save",
    "impact_assessment_templates_ensure",
    "number_format",
    "proposal_create",
    "proposal_transition",
    "proposal_update",
    "record_attach",
    "record_max_bytes",
    "DISPOSED",
    "record_dispose",
    "record_register",
    "record_secrecy_review",
    "record_set_secrecy",
]
