"""Writes of the meetings app: the only way to change a meeting, its summons, its minutes or
its notices on the notice board.

One module per stage of a meeting; callers use this package
(``from uppsikt.meetings import services; services.meeting_hold(...)``):

- ``meeting``: planning a meeting, chair and approvers, attendance, holding it;
- ``agenda``: the agenda and the summons (kallelse);
- ``minutes``: the § series and the items while they are written (texts, floor motions,
  decisions, votes, dissents, notes, recusals);
- ``approval``: approval of the minutes or of one item, corrections, the notice board;
- ``dispatch``: extracts of approved items and their dispatch;
- ``seal``: sealing approved minutes and their extracts as PDF/A with the organisation's seal
  (a background job);
- ``assignments``: assignments given by decisions;
- ``notes``: a person's private notes on the papers of a meeting.

The rules without the database (quorum, deputies serving, whether a point gives an assignment)
are in ``meetings.procedure``, the reads in ``meetings.selectors``; the few re-exported here
keep older callers working.
"""

from ..procedure import ASSIGNMENT_PATTERN, deputies_serving, gives_assignment
from ..selectors import can_report, delegated_decisions_to_list, quorum
from .agenda import (
    agenda_add,
    agenda_add_delegated_decisions,
    agenda_move,
    agenda_withdraw,
    summons_send,
)
from .approval import correction_add, item_approve_immediately, minutes_approve, notice_repost
from .assignments import assignment_close, assignment_create, assignment_report
from .dispatch import dispatch_record
from .meeting import attendance_record, meeting_create, meeting_hold, meeting_set_approvers
from .minutes import (
    ITEM_FIELDS,
    dissent_add,
    item_decide,
    item_update,
    motion_add,
    motion_withdraw,
    note_add,
    recusal_add,
    series_continue,
    vote_record,
)
from .notes import private_note_save
from .seal import (
    extract_pdf_seal,
    notice_extracts_seal,
    notice_pdf_seal,
    notice_pdf_seal_enqueue,
)

__all__ = [
    "ASSIGNMENT_PATTERN",
    "ITEM_FIELDS",
    "agenda_add",
    "agenda_add_delegated_decisions",
    "agenda_move",
    "agenda_withdraw",
    "assignment_close",
    "assignment_create",
    "assignment_report",
    "attendance_record",
    "can_report",
    "correction_add",
    "delegated_decisions_to_list",
    "deputies_serving",
    "dispatch_record",
    "dissent_add",
    "gives_assignment",
    "item_approve_immediately",
    "item_decide",
    "notice_pdf_seal",
    "extract_pdf_seal",
    "notice_extracts_seal",
    "notice_pdf_seal_enqueue",
    "item_update",
    "meeting_create",
    "meeting_hold",
    "meeting_set_approvers",
    "minutes_approve",
    "motion_add",
    "motion_withdraw",
    "note_add",
    "notice_repost",
    "private_note_save",
    "quorum",
    "recusal_add",
    "series_continue",
    "summons_send",
    "vote_record",
]
