"""Meetings of political bodies: the summons (kallelse) and agenda, attendance, the minutes with their
numbered items (§), floor motions, votes, dissents, approval (justering), corrections, the
notice board, extracts and their dispatch, and the assignments that decisions give
(docs/glossary.md, docs/definitions.md §5).

One module per part (``meeting``, ``minutes``, ``approval``, ``assignments``); every model is
imported here, so ``from uppsikt.meetings.models import Meeting`` works, and the app label and
the migrations do not depend on the module a model is in.
"""

from .approval import Approval, Correction, Dispatch, Notice
from .assignments import AssignmentReport, DecisionAssignment
from .meeting import APPROVED, AgendaItem, Attendance, Meeting, SummonsRecipient
from .minutes import (
    Dissent,
    FloorMotion,
    MinutesItem,
    MinutesNote,
    MinutesSeries,
    Recusal,
    Vote,
    VoteCast,
)
from .notes import PrivateNote

__all__ = [
    "APPROVED",
    "AgendaItem",
    "Approval",
    "AssignmentReport",
    "Attendance",
    "Correction",
    "DecisionAssignment",
    "Dispatch",
    "Dissent",
    "FloorMotion",
    "Meeting",
    "MinutesItem",
    "MinutesNote",
    "MinutesSeries",
    "Notice",
    "PrivateNote",
    "Recusal",
    "SummonsRecipient",
    "Vote",
    "VoteCast",
]
