"""Every URL, as every role: who gets 200, 403, 404, 405 or a redirect to the login page.

A URL without a row here fails the test, so each new capability states its access rules.
Statuses are for GET, the way a person (or a curious one) would open the address directly.
No page opened may show template code (a tag or variable that was not rendered), forms
included.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from uppsikt.archive.models import (
    ArchiveExport,
    DisposalRun,
    RetentionRule,
    RetentionSchedule,
)
from uppsikt.cases.models import DecisionProposal
from uppsikt.control.models import (
    Action,
    ControlPlan,
    ControlPoint,
    ControlResult,
    Risk,
    RiskCategory,
    RiskScaleStep,
)
from uppsikt.core.jobs import job_create
from uppsikt.demo.loader import load_demo
from uppsikt.dialogues.models import Dialogue, DialogueNotes, NotesQuestion
from uppsikt.finance.models import CapitalProject, LedgerImport
from uppsikt.followup.models import Assessment, ReportingPeriod
from uppsikt.meetings.models import (
    AgendaItem,
    DecisionAssignment,
    Meeting,
    MinutesItem,
    Notice,
)
from uppsikt.organisation.models import Person, RoleGrant
from uppsikt.planning.models import Activity, Goal, Indicator, Plan, PlanAssignment, Target

pytestmark = pytest.mark.django_db

ANON, NOROLE = "anonymous", "no role"
ROLE_USERS = {
    "administrator": "admin",
    "controller": "controller",
    "reporter": "rapportor",
    "approver": "godkannare",
    "secretary": "sekreterare",
    "case_officer": "handlaggare",
    "member": "ledamot",
    "reader": "lasare",
}
EVERY_ROLE = list(ROLE_USERS)
LOGIN = "login"  # a redirect to the login page


def rule(anonymous, no_role, **by_role):
    """Expected statuses: for the anonymous visitor, a signed-in account without roles, and each
    role (``others`` = every role not named)."""
    others = by_role.pop("others", None)
    table = {ANON: anonymous, NOROLE: no_role}
    for role in EVERY_ROLE:
        table[role] = by_role.get(role, others)
    assert None not in table.values()
    return table


SIGNED_IN = rule(LOGIN, 200, others=200)
PUBLIC = rule(200, 200, others=200)
ORGANISATION_PAGE = rule(LOGIN, 403, others=200)
ADMIN_ONLY = rule(LOGIN, 403, administrator=200, others=403)
# the demo's administrator, controller and reader hold their roles organisation-wide
ORGANISATION_WIDE = rule(LOGIN, 403, administrator=200, controller=200, reader=200, others=403)
REGISTRARS = rule(LOGIN, 403, administrator=200, secretary=200, case_officer=200, others=403)
RS_DOCUMENTS = rule(LOGIN, 403, reporter=403, approver=403, others=200)
DIALOGUE_MANAGERS = rule(
    LOGIN, 403, administrator=200, controller=200, secretary=200, case_officer=200, others=403
)
DIALOGUE_READERS = rule(LOGIN, 403, reporter=403, case_officer=403, others=200)
API_TOKEN_ONLY = rule(401, 401, others=401)
API_POST = rule(405, 405, others=405)
NOTES_READERS = rule(LOGIN, 403, reporter=403, approver=403, case_officer=403, others=200)

# name → (path arguments, expected statuses)
MATRIX = {
    # the home page of a signed-in person; the public front door for the anonymous visitor
    "home": ({}, rule(200, 200, others=200)),
    "organisation:overview": ({}, ORGANISATION_PAGE),
    # everyone's own notifications; marking them and the e-mail choice are POSTs
    "notifications:list": ({}, SIGNED_IN),
    "notifications:read": ({"pk": 1}, rule(LOGIN, 405, others=405)),
    "notifications:unread": ({"pk": 1}, rule(LOGIN, 405, others=405)),
    "notifications:read_all": ({}, rule(LOGIN, 405, others=405)),
    "notifications:setting": ({}, rule(LOGIN, 405, others=405)),
    "login": ({}, rule(200, 302, others=302)),
    "logout": ({}, rule(LOGIN, 405, others=405)),  # logging out is a POST
    "set_language": ({}, rule(302, 302, others=302)),  # GET changes nothing, goes back
    "health": ({}, rule(200, 200, others=200)),
    "oidc_authentication_init": ({}, rule(404, 404, others=404)),
    "oidc_authentication_callback": ({}, rule(404, 404, others=404)),
    # answers 404 while e-ID approval is not configured (sign-on, issuer, level)
    "oidc_step_up_callback": ({}, rule(LOGIN, 404, others=404)),
    "my_account": ({}, SIGNED_IN),
    "password_change": ({}, SIGNED_IN),
    "organisation:bodies": ({}, ORGANISATION_PAGE),
    "organisation:body": ({"code": "RS"}, ORGANISATION_PAGE),
    "organisation:units": ({}, ORGANISATION_PAGE),
    "organisation:unit": ({"code": "RK-EKO"}, ORGANISATION_PAGE),
    "organisation:person": ({"pk": "person"}, ORGANISATION_PAGE),
    "reports:search": ({}, ORGANISATION_PAGE),
    "organisation:admin_people": ({}, ADMIN_ONLY),
    "organisation:admin_person_create": ({}, ADMIN_ONLY),
    "organisation:admin_person": ({"pk": "person"}, ADMIN_ONLY),
    "organisation:admin_role_revoke": ({"pk": "role_grant"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_person_update": ({"pk": "person"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_person_account": ({"pk": "person"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_person_activate": ({"pk": "person"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_person_deactivate": ({"pk": "person"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_person_role_grant": ({"pk": "person"}, rule(LOGIN, 405, others=405)),
    "organisation:admin_audit": ({}, ADMIN_ONLY),
    "organisation:admin_integrations": ({}, ADMIN_ONLY),
    # Staff indicators: controller, approver, reporter, reader, administrator, member, each on
    # the units in their scope (RSE-MAT: the reporter's unit, under the approver's RSE; the
    # member's role is on RS, which Regionkontoret serves).
    "workforce:index": ({}, rule(LOGIN, 403, secretary=403, case_officer=403, others=200)),
    "workforce:unit": (
        {"code": "RSE-MAT"},
        rule(LOGIN, 403, secretary=403, case_officer=403, member=403, others=200),
    ),
    "workforce:import": ({}, rule(LOGIN, 403, administrator=200, controller=200, others=403)),
    "workforce:recompute": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "job": ({"pk": "job"}, rule(LOGIN, 403, administrator=200, others=403)),  # its starter only
    "finance:ledger": ({}, ORGANISATION_PAGE),
    "finance:accounts": ({}, rule(LOGIN, 403, others=404)),  # needs ?rad=
    "finance:transactions": ({}, rule(LOGIN, 403, others=404)),  # needs ?konto=
    "finance:ytd_download": ({}, ORGANISATION_PAGE),
    "finance:trial_balance": ({"fmt": "csv"}, ORGANISATION_PAGE),
    # the list of SIE files is organisation-wide: roles on a unit or body do not see it
    "finance:imports": ({}, ORGANISATION_WIDE),
    "finance:report_lines": ({}, ORGANISATION_PAGE),
    "finance:capital": ({}, ORGANISATION_PAGE),
    # ITD's project: for those who forecast for ITD (the organisation-wide administrator and
    # controller; without ?manad= the page is not found), refused to everyone else
    "finance:capital_parts": (
        {"project_id": "capital_project"},
        rule(LOGIN, 403, administrator=404, controller=404, others=403),
    ),
    "finance:forecast": ({}, ORGANISATION_PAGE),
    # without ?enhet= a unit-scoped role gets its own unit's template; organisation-wide roles
    # must choose a unit
    "finance:template": (
        {"kind": "prognos"},
        rule(LOGIN, 403, administrator=404, controller=404, reader=404, others=200),
    ),
    "finance:template_upload": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "finance:import_upload": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "finance:import": ({"pk": "ledger_import"}, ORGANISATION_WIDE),
    "planning:plans": ({}, ORGANISATION_PAGE),
    "planning:plan": ({"pk": "plan"}, ORGANISATION_PAGE),
    "planning:copy_forward": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    # Maintaining plans: controller and administrator.
    "planning:plan_create": ({}, rule(LOGIN, 403, administrator=200, controller=200, others=403)),
    "planning:plan_status": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "planning:goal_add": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "planning:assignment_add": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "planning:activity_add": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "planning:indicator_add": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "planning:focus_area_add": ({"pk": "plan"}, rule(LOGIN, 405, others=405)),  # a POST
    # an item's page on a plan: controllers and administrators change and remove it
    "planning:focus_area_edit": (
        {"pk": "council_plan", "item": "focus_area"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "planning:goal_edit": (
        {"pk": "council_plan", "item": "council_goal"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "planning:assignment_edit": (
        {"pk": "plan", "item": "plan_assignment"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "planning:activity_edit": (
        {"pk": "plan", "item": "plan_activity"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "planning:indicator_edit": (
        {"pk": "plan", "item": "plan_indicator"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "planning:focus_area_delete": (
        {"pk": "council_plan", "item": "focus_area"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:goal_delete": (
        {"pk": "council_plan", "item": "council_goal"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:assignment_delete": (
        {"pk": "plan", "item": "plan_assignment"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:activity_delete": (
        {"pk": "plan", "item": "plan_activity"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:indicator_delete": (
        {"pk": "plan", "item": "plan_indicator"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:unit_target_set": (
        {"pk": "plan", "item": "plan_indicator"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "kolada:comparison_save": (
        {"pk": "plan", "item": "plan_indicator"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "kolada:comparison_fetch": (
        {"pk": "plan", "item": "plan_indicator"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "planning:target_delete": (
        {"pk": "plan", "target": "plan_target"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "followup:index": ({}, ORGANISATION_PAGE),
    # The follow-up calendar: controllers and administrators.
    "followup:period_add": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:calendar_create": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:period_edit": (
        {"pk": "period"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "followup:thread": ({"kind": "goal", "pk": "council_goal"}, ORGANISATION_PAGE),
    # Progress and deviations across units: controller and administrator.
    "followup:progress": (
        {"pk": "period"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    # A unit's assessments (RSE-MAT in UR2 2024): its reporter, the approver on RSE above it,
    # and those who follow up every unit.
    "followup:unit": (
        {"pk": "period", "code": "RSE-MAT"},
        rule(
            LOGIN,
            403,
            administrator=200,
            controller=200,
            reporter=200,
            approver=200,
            others=403,
        ),
    ),
    "followup:unit_workbook": (
        {"pk": "period", "code": "RSE-MAT"},
        rule(LOGIN, 403, administrator=200, controller=200, reporter=200, approver=200, others=403),
    ),
    "followup:unit_workbook_upload": (
        {"pk": "period", "code": "RSE-MAT"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "followup:period_open": ({"pk": "period"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:period_close": ({"pk": "period"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:reminders": ({"pk": "period"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:save": ({"pk": "assessment"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:submit": ({"pk": "assessment"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:approve": ({"pk": "assessment"}, rule(LOGIN, 405, others=405)),  # a POST
    "followup:return": ({"pk": "assessment"}, rule(LOGIN, 405, others=405)),  # a POST
    # Internal control: every role reads the plans and the actions list; controllers and
    # administrators (organisation-wide in the demo) draw plans up and keep the categories and
    # scales. The demo's plan (Driftnämnden Regionservice 2025) is adopted, so its risk and
    # control point forms send back to the plan. A result and an action of Måltidsservice:
    # its reporter, the approver on Regionservice above it, and those who draw up the body's
    # plan; not the secretary and the member on RS, the case officer on RK or the reader.
    "control:index": ({}, ORGANISATION_PAGE),
    "control:plan_create": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "control:actions": ({}, ORGANISATION_PAGE),
    "control:settings": ({}, rule(LOGIN, 403, administrator=200, controller=200, others=403)),
    "control:defaults_create": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "control:category_add": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "control:category_rename": ({"pk": "risk_category"}, rule(LOGIN, 405, others=405)),
    "control:category_delete": ({"pk": "risk_category"}, rule(LOGIN, 405, others=405)),
    "control:step_add": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "control:step_update": ({"pk": "risk_scale_step"}, rule(LOGIN, 405, others=405)),
    "control:step_remove": ({"pk": "risk_scale_step"}, rule(LOGIN, 405, others=405)),
    "control:plan": ({"pk": "control_plan"}, ORGANISATION_PAGE),
    "control:plan_workbook": ({"pk": "control_plan"}, ORGANISATION_PAGE),
    "control:plan_propose": ({"pk": "control_plan"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:plan_evaluation": (
        {"pk": "control_plan"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "control:risk_create": (
        {"pk": "control_plan"},
        rule(LOGIN, 403, administrator=302, controller=302, others=403),
    ),
    "control:risk_edit": (
        {"pk": "control_plan", "risk": "risk"},
        rule(LOGIN, 403, administrator=302, controller=302, others=403),
    ),
    "control:risk_delete": (
        {"pk": "control_plan", "risk": "risk"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "control:point_create": (
        {"pk": "control_plan", "risk": "risk"},
        rule(LOGIN, 403, administrator=302, controller=302, others=403),
    ),
    "control:point_edit": (
        {"pk": "control_plan", "point": "control_point"},
        rule(LOGIN, 403, administrator=302, controller=302, others=403),
    ),
    "control:point_delete": (
        {"pk": "control_plan", "point": "control_point"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "control:result": (
        {"pk": "control_result"},
        rule(LOGIN, 403, administrator=200, controller=200, reporter=200, approver=200, others=403),
    ),
    "control:result_save": ({"pk": "control_result"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:result_submit": ({"pk": "control_result"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:result_approve": ({"pk": "control_result"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:result_return": ({"pk": "control_result"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:action_create": ({"pk": "control_result"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:action": (
        {"pk": "control_action"},
        rule(LOGIN, 403, administrator=200, controller=200, reporter=200, approver=200, others=403),
    ),
    "control:action_update": ({"pk": "control_action"}, rule(LOGIN, 405, others=405)),  # a POST
    "control:action_raise": ({"pk": "control_action"}, rule(LOGIN, 405, others=405)),  # a POST
    # Documents: every role opens the list; a body's documents obey the scope of the screens
    # they are made from (RS: the organisation-wide roles, the secretary and the member on RS,
    # and the case officer on Regionkontoret, which serves RS; not the reporter and approver
    # under Regionservice); controllers and administrators write their texts; administrators
    # replace the template.
    "reports:documents": ({}, ORGANISATION_PAGE),
    "reports:document_page": (
        {"code": "RS", "ident": "2024-UR1"},
        rule(LOGIN, 403, others=302),  # to the period's report
    ),
    "reports:document": (
        {"kind": "followup", "code": "RS", "ident": "2024-UR1"},
        RS_DOCUMENTS,
    ),
    "reports:document_file": (
        {"kind": "followup", "code": "RS", "ident": "2024-UR1", "fmt": "docx"},
        RS_DOCUMENTS,
    ),
    "reports:document_render_start": (
        {"kind": "group", "code": "region", "ident": "2024-UR1", "fmt": "pdf"},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "reports:document_texts": (
        {"kind": "followup", "code": "RS", "ident": "2024-UR1"},
        rule(LOGIN, 403, administrator=200, controller=200, others=403),
    ),
    "reports:document_template": ({}, ADMIN_ONLY),
    # the organisation's logo: uploaded and reset by POST (organisation.logo), shown to all
    "reports:logo_upload": ({}, rule(LOGIN, 405, others=405)),
    "reports:logo_reset": ({}, rule(LOGIN, 405, others=405)),
    "organisation:logo": ({}, PUBLIC),
    "reports:document_template_file": ({}, ADMIN_ONLY),
    "reports:document_template_reset": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "reports:slides_template": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "reports:slides_template_reset": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "reports:slides_template_file": ({}, ADMIN_ONLY),
    # The register: every role reads what is not secret; secretaries, case officers and
    # administrators register and write proposals (the services check the body or unit).
    "cases:index": ({}, ORGANISATION_PAGE),
    "cases:export": ({}, ORGANISATION_PAGE),
    "cases:delegated": ({}, ORGANISATION_PAGE),
    "cases:case_create": ({}, REGISTRARS),
    "cases:questions": ({}, ADMIN_ONLY),  # the impact assessments' questions
    "cases:case": ({"number": "RS241521"}, ORGANISATION_PAGE),
    "cases:case_close": ({"number": "RS241521"}, rule(LOGIN, 405, others=405)),  # a POST
    "cases:case_reopen": ({"number": "RS241521"}, rule(LOGIN, 405, others=405)),  # a POST
    "cases:case_void": ({"number": "RS241521"}, rule(LOGIN, 405, others=405)),  # a POST
    "cases:case_advance": ({"number": "RS241521"}, rule(LOGIN, 405, others=405)),  # a POST
    "cases:record_create": ({"number": "RS241521"}, REGISTRARS),
    "cases:case_edit": ({"number": "RS241521"}, REGISTRARS),
    "cases:record_attach": (
        {"number": "RS241521", "sequence": 3},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    "cases:record_secrecy": (
        {"number": "RS241521", "sequence": 4},
        rule(LOGIN, 405, others=405),  # a POST
    ),
    # A secrecy review (lifting or changing secrecy) needs cases.declassify on the case's body:
    # the secretary of RS and the administrator. Not the case officer, not the case's officer.
    "cases:case_secrecy_review": (
        {"number": "RS241521"},
        rule(LOGIN, 403, administrator=200, secretary=200, others=403),
    ),
    "cases:record_secrecy_review": (
        {"number": "RS241521", "sequence": 4},
        rule(LOGIN, 403, administrator=200, secretary=200, others=403),
    ),
    # RS241521-4 is secret: everyone sees that it exists
    "cases:record": ({"number": "RS241521", "sequence": 4}, ORGANISATION_PAGE),
    # … but only the case's officer (the demo controller's person), the secretary of RS and the
    # administrator get past the gate to its files (no such file: 404 behind the gate, 403 in
    # front of it)
    "cases:record_file": (
        {"number": "RS241521", "sequence": 4, "pk": 999999},
        rule(LOGIN, 403, administrator=404, secretary=404, controller=404, others=403),
    ),
    "cases:proposal_create": ({"number": "RS241521"}, REGISTRARS),
    "cases:proposal": ({"pk": "proposal"}, ORGANISATION_PAGE),
    # the sample proposal is final: editing it sends back to the proposal
    "cases:proposal_edit": (
        {"pk": "proposal"},
        rule(LOGIN, 403, administrator=302, secretary=302, case_officer=302, others=403),
    ),
    "cases:impact_assessment": ({"pk": "proposal", "code": "child_rights"}, REGISTRARS),
    "cases:proposal_status": ({"pk": "proposal"}, rule(LOGIN, 405, others=405)),  # a POST
    "cases:proposal_file": ({"pk": "proposal", "fmt": "docx"}, ORGANISATION_PAGE),
    # Meetings and minutes: every role reads (secrecy applies per item); writes are POSTs.
    "meetings:index": ({}, ORGANISATION_PAGE),
    "meetings:meeting": ({"pk": "meeting"}, ORGANISATION_PAGE),
    "meetings:meeting_agenda_proposal": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_agenda_information": (
        {"pk": "meeting"},
        rule(LOGIN, 405, others=405),
    ),  # a POST
    "meetings:meeting_agenda_delegated": (
        {"pk": "meeting"},
        rule(LOGIN, 405, others=405),
    ),  # a POST
    "meetings:meeting_agenda_withdraw": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_agenda_move": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_summons_send": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_attendance": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_hold": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_approvers": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    # GET: the confirmation page (what approving means); POST with "I have read it": signs
    "meetings:meeting_sign": ({"pk": "meeting"}, ORGANISATION_PAGE),
    # the member's room: the coming meetings with their papers; notes are POSTs
    "meetings:member_room": ({}, ORGANISATION_PAGE),
    "meetings:member_meeting": ({"pk": "meeting"}, ORGANISATION_PAGE),
    "meetings:member_item_note": ({"pk": 1}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:member_record_note": ({"pk": 1}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_sign_paper": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:meeting_sign_eid": ({"pk": "meeting"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:summons_pdf": ({"pk": "meeting"}, ORGANISATION_PAGE),
    "meetings:minutes_pdf": ({"pk": "meeting_248"}, ORGANISATION_PAGE),
    "meetings:item": ({"pk": "minutes_item"}, ORGANISATION_PAGE),
    "meetings:item_update": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_motion": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_motion_withdraw": (
        {"pk": "minutes_item"},
        rule(LOGIN, 405, others=405),
    ),  # a POST
    "meetings:item_decide": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_vote": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_dissent": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_note": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_recusal": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    # GET: the confirmation page for one §; POST with "I have read it": signs
    "meetings:item_sign": ({"pk": "minutes_item"}, ORGANISATION_PAGE),
    "meetings:item_sign_paper": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_sign_eid": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_correct": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_dispatch": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_assignment": ({"pk": "minutes_item"}, rule(LOGIN, 405, others=405)),  # a POST
    "meetings:item_assignment_close": (
        {"pk": "minutes_item"},
        rule(LOGIN, 405, others=405),
    ),  # a POST
    "meetings:extract": ({"pk": "minutes_item", "fmt": "docx"}, ORGANISATION_PAGE),
    "meetings:assignments": ({}, ORGANISATION_PAGE),
    "meetings:assignment": ({"pk": "decision_assignment"}, ORGANISATION_PAGE),
    # Committee dialogues: read with a role on the committee (or every unit serving it:
    # Regionservice's approver), on the body holding the dialogue (the board's secretary and
    # member, through the working committee) or organisation-wide; prepared by controllers,
    # secretaries, case officers and administrators on the body holding it; the committee's
    # slides are also written by its administration. The notes of 2017 are the board's with
    # the regional development committee, which no unit serves.
    # Archive packages: the administrator (archive.export on the body) only.
    "archive:exports": ({}, ADMIN_ONLY),
    "archive:case": ({"number": "archived_case"}, ADMIN_ONLY),
    "archive:case_export": ({"number": "archived_case"}, rule(LOGIN, 405, others=405)),
    "archive:body": ({"code": "RS"}, ADMIN_ONLY),
    "archive:body_export": ({"code": "RS"}, rule(LOGIN, 405, others=405)),
    "archive:download": ({"pk": "archive_export"}, ADMIN_ONLY),
    "archive:disposal": ({}, ADMIN_ONLY),
    "archive:disposal_propose": ({}, rule(LOGIN, 405, others=405)),
    "archive:disposal_run": ({"pk": "disposal_run"}, ADMIN_ONLY),
    "archive:disposal_approve": ({"pk": "disposal_run"}, rule(LOGIN, 405, others=405)),
    "archive:schedule": ({"pk": "retention_schedule"}, ADMIN_ONLY),
    "archive:rule_add": ({"pk": "retention_schedule"}, rule(LOGIN, 405, others=405)),
    "archive:rule_change": ({"pk": "retention_rule"}, rule(LOGIN, 405, others=405)),
    "archive:rule_remove": ({"pk": "retention_rule"}, rule(LOGIN, 405, others=405)),
    # the demo's Test-e-legitimation answers only while `uppsikt demo` has turned it on
    "testeid_discovery": ({}, rule(404, 404, others=404)),
    "testeid_jwks": ({}, rule(404, 404, others=404)),
    "testeid_authorize": ({}, rule(LOGIN, 404, others=404)),  # a page: signed in first
    "testeid_token": ({}, rule(404, 404, others=404)),
    "testeid_userinfo": ({}, rule(404, 404, others=404)),
    "dialogues:index": ({}, rule(LOGIN, 403, others=200)),
    "dialogues:create": ({}, DIALOGUE_MANAGERS),
    "dialogues:dialogue": ({"pk": "dialogue"}, DIALOGUE_READERS),
    "dialogues:edit": (
        {"pk": "dialogue"},
        rule(LOGIN, 403, administrator=200, controller=200, secretary=200, others=403),
    ),
    "dialogues:text": (
        {"pk": "dialogue", "key": "reflections"},
        rule(
            LOGIN, 403, administrator=200, controller=200, secretary=200, approver=200, others=403
        ),
    ),
    "dialogues:proposal": ({"pk": "dialogue"}, rule(LOGIN, 405, others=405)),  # a POST
    "dialogues:agenda": ({"pk": "dialogue"}, rule(LOGIN, 405, others=405)),  # a POST
    "dialogues:notes_create": ({}, DIALOGUE_MANAGERS),
    "dialogues:notes": ({"pk": "notes"}, NOTES_READERS),
    "dialogues:notes_attendee_add": ({"pk": "notes"}, rule(LOGIN, 405, others=405)),  # a POST
    "dialogues:notes_attendee_remove": ({"pk": "notes"}, rule(LOGIN, 405, others=405)),
    "dialogues:notes_question_add": ({"pk": "notes"}, rule(LOGIN, 405, others=405)),  # a POST
    "dialogues:notes_send": ({"pk": "notes"}, rule(LOGIN, 405, others=405)),  # a POST
    "dialogues:notes_answer": (
        {"pk": "notes", "question": "notes_question"},
        rule(LOGIN, 403, administrator=200, controller=200, secretary=200, others=403),
    ),
    "dialogues:notes_file": ({"pk": "notes", "fmt": "docx"}, NOTES_READERS),
    "dialogues:questions": ({}, rule(LOGIN, 403, others=200)),
    "dialogues:question_active": ({}, rule(LOGIN, 405, others=405)),  # a POST
    "reports:oversight": ({}, rule(LOGIN, 403, others=200)),  # lists what is in scope
    "reports:dialogue_brief": ({"pk": "dialogue"}, DIALOGUE_READERS),
    "reports:dialogue_brief_file": ({"pk": "dialogue", "fmt": "pptx"}, DIALOGUE_READERS),
    "reports:dialogue_brief_generate": ({"pk": "dialogue"}, rule(LOGIN, 405, others=405)),
    # The notice board is public: no login.
    "noticeboard:board": ({}, rule(200, 200, others=200)),
    "noticeboard:archive": ({}, rule(200, 200, others=200)),
    "noticeboard:feed": ({}, rule(200, 200, others=200)),
    "noticeboard:notice": ({"pk": "notice"}, rule(200, 200, others=200)),
    "noticeboard:minutes": ({"pk": "notice"}, rule(200, 200, others=200)),
    # Open data is public too: OParl 1.1 (docs/oparl.md) and the tables to download.
    "oparl:system": ({}, PUBLIC),
    "oparl:bodies": ({}, PUBLIC),
    "oparl:body": ({"slug": "organisation_slug"}, PUBLIC),
    "oparl:body_list": ({"slug": "organisation_slug", "kind": "meetings"}, PUBLIC),
    "oparl:term": ({"year": 2022}, PUBLIC),
    "oparl:organization": ({"pk": "oparl_body"}, PUBLIC),
    "oparl:party": ({"pk": "oparl_party"}, PUBLIC),
    "oparl:person": ({"pk": "oparl_person"}, PUBLIC),
    "oparl:membership": ({"pk": "oparl_membership"}, PUBLIC),
    "oparl:meeting": ({"pk": "oparl_meeting"}, PUBLIC),
    "oparl:agendaitem": ({"pk": "oparl_agendaitem"}, PUBLIC),
    "oparl:consultation": ({"pk": "oparl_agendaitem"}, PUBLIC),
    "oparl:paper": ({"pk": "oparl_case"}, PUBLIC),
    "oparl:proposal": ({"pk": "oparl_proposal"}, PUBLIC),
    "oparl:file": ({"pk": "oparl_file"}, PUBLIC),
    "oparl:location": ({"pk": "oparl_meeting"}, PUBLIC),
    "oparl:downloads": ({}, PUBLIC),
    "oparl:cases_download": ({"fmt": "csv"}, PUBLIC),
    "oparl:indicators_download": ({"fmt": "json"}, PUBLIC),
    # The REST API (docs/api.md): its schema and docs are open; everything else answers only a
    # token (uppsikt/api/tests/test_endpoint_permissions.py walks it as every role's token), so
    # a session gets 401 in the API's error shape. Literal ids: a session never reaches them.
    "api:openapi-json": ({}, rule(200, 200, others=200)),
    "api:openapi-view": ({}, rule(200, 200, others=200)),
    "api:api-root": ({}, rule(404, 404, others=404)),
    "api:organisation": ({}, API_TOKEN_ONLY),
    "api:bodies": ({}, API_TOKEN_ONLY),
    "api:body": ({"code": "RS"}, API_TOKEN_ONLY),
    "api:units": ({}, API_TOKEN_ONLY),
    "api:unit": ({"code": "RK-EKO"}, API_TOKEN_ONLY),
    "api:people": ({}, API_TOKEN_ONLY),
    "api:plans": ({}, API_TOKEN_ONLY),
    "api:plan": ({"plan_id": 1}, API_TOKEN_ONLY),
    "api:indicators": ({}, API_TOKEN_ONLY),
    "api:indicator": ({"indicator_id": 1}, API_TOKEN_ONLY),
    "api:measurements": ({}, API_TOKEN_ONLY),
    "api:measurement_create": ({}, API_TOKEN_ONLY),  # the same address as the list
    "api:measurements_batch": ({}, API_POST),
    "api:periods": ({}, API_TOKEN_ONLY),
    "api:assessments": ({}, API_TOKEN_ONLY),
    "api:assessment": ({"assessment_id": 1}, API_TOKEN_ONLY),
    "api:assessment_save": ({"assessment_id": 1}, API_TOKEN_ONLY),  # PUT beside the GET
    "api:assessment_submit": ({"assessment_id": 1}, API_POST),
    "api:assessment_approve": ({"assessment_id": 1}, API_POST),
    "api:assessment_return": ({"assessment_id": 1}, API_POST),
    "api:year_to_date": ({}, API_TOKEN_ONLY),
    "api:forecast": ({}, API_TOKEN_ONLY),
    "api:forecasts": ({}, API_TOKEN_ONLY),
    "api:staff_figures": ({}, API_TOKEN_ONLY),
    "api:meetings": ({}, API_TOKEN_ONLY),
    "api:meeting": ({"meeting_id": 1}, API_TOKEN_ONLY),
    "api:minutes_items": ({}, API_TOKEN_ONLY),
    "api:minutes_item": ({"item_id": 1}, API_TOKEN_ONLY),
    "api:minutes_item_extract": ({"item_id": 1}, API_TOKEN_ONLY),
    "api:meeting_minutes": ({"meeting_id": 1}, API_TOKEN_ONLY),
    "api:notice_minutes": ({"notice_id": 1}, API_TOKEN_ONLY),
    "api:record_file": ({"record_id": 1, "file_id": 1}, API_TOKEN_ONLY),
    "api:decision_assignments": ({}, API_TOKEN_ONLY),
    "api:notices": ({}, API_TOKEN_ONLY),
    "api:cases": ({}, API_TOKEN_ONLY),
    "api:case": ({"case_id": 1}, API_TOKEN_ONLY),
    "api:records": ({}, API_TOKEN_ONLY),
    "api:documents": ({}, API_TOKEN_ONLY),
    "api:document_file": ({"document_id": 1}, API_TOKEN_ONLY),
    # The API's tokens: administrators (api.grant, organisation-wide).
    "api_admin:tokens": ({}, ADMIN_ONLY),
    "api_admin:token_create": ({}, ADMIN_ONLY),
    "api_admin:token_revoke": ({"pk": 1}, rule(LOGIN, 405, others=405)),
}


def oparl_samples() -> dict:
    """Objects of the demo that the open data publishes (docs/oparl.md)."""
    from uppsikt.organisation.models import Membership, Organisation, Party

    item = (
        AgendaItem.objects.filter(meeting__status="approved", case__secret=False, withdrawn=False)
        .exclude(minutes_item__secret=True)
        .order_by("pk")
        .first()
    )
    membership = Membership.objects.order_by("pk").first()
    return {
        "organisation_slug": Organisation.objects.get().slug,
        "oparl_body": membership.body_id,
        "oparl_party": Party.objects.order_by("pk").first().pk,
        "oparl_person": membership.person_id,
        "oparl_membership": membership.pk,
        "oparl_meeting": item.meeting_id,
        "oparl_agendaitem": item.pk,
        "oparl_case": item.case_id,
        "oparl_proposal": DecisionProposal.objects.filter(status="final", case__secret=False)
        .order_by("pk")
        .first()
        .pk,
        "oparl_file": Notice.objects.filter(kind="approval", item=None).order_by("pk").first().pk,
    }


# What is left of a template tag, variable or comment that did not render. Looked for in the
# HTML as sent, outside <script> and <style> (vendored code, JSON) and <pre> (data shown as
# stored, such as the audit trail's values before and after, where "{}}" is a nested dict).
TEMPLATE_CODE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
VERBATIM = re.compile(r"<(script|style|pre)\b.*?</\1>", re.S | re.I)


def template_code(response) -> list[str]:
    """The bits of unrendered template code in a 200 HTML response, with their context."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    html = VERBATIM.sub("", response.content.decode())
    return [html[max(m.start() - 40, 0) : m.end() + 40] for m in TEMPLATE_CODE.finditer(html)]


def all_url_names(patterns=None, namespace="") -> set[str]:
    names: set[str] = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= all_url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
    return names


def test_every_url_has_an_access_rule():
    missing = sorted(all_url_names() - set(MATRIX))
    assert not missing, f"URLs without an access rule in MATRIX: {missing}"


def test_every_url_as_every_role(client, django_user_model):
    load_demo()
    samples = {
        "person": Person.objects.get(user__username="lasare").pk,
        "role_grant": RoleGrant.objects.order_by("pk").first().pk,
        "ledger_import": LedgerImport.objects.order_by("pk").first().pk,
        "plan": Plan.objects.get(title="Verksamhetsplan 2024 Regionstyrelsen").pk,
        "council_goal": Goal.objects.get(title="Bidra till en hållbar resursanvändning").pk,
        "council_plan": Goal.objects.get(title="Bidra till en hållbar resursanvändning").plan_id,
        "focus_area": Goal.objects.get(
            title="Bidra till en hållbar resursanvändning"
        ).focus_area_id,
        "plan_assignment": PlanAssignment.objects.filter(plan__body__code="RS").first().pk,
        "plan_activity": Activity.objects.filter(plan__body__code="RS").first().pk,
        "plan_indicator": Indicator.objects.get(name="Personalomsättning").pk,
        "plan_target": Target.objects.filter(body__code="RS", year=2024).first().pk,
        "period": ReportingPeriod.objects.get(year=2024, kind="ur2").pk,
        "proposal": DecisionProposal.objects.get(
            case__number="RS241521", title__endswith="hösten 2025"
        ).pk,
        "meeting": Meeting.objects.get(body__code="RS", status="planned").pk,
        "meeting_248": MinutesItem.objects.get(number=248).meeting_id,
        "minutes_item": MinutesItem.objects.get(number=248).pk,
        "decision_assignment": DecisionAssignment.objects.get(given_by__number=83).pk,
        "notice": Notice.objects.get(meeting__items__number=248).pk,
        "assessment": Assessment.objects.filter(unit__code="RSE-MAT").first().pk,
        "control_plan": ControlPlan.objects.get(body__code="DNRS", year=2025).pk,
        "risk": Risk.objects.get(plan__body__code="DNRS", process="Informationssäkerhet").pk,
        "control_point": ControlPoint.objects.get(
            responsible_unit__code="RSE-MAT", risk__plan__year=2025
        ).pk,
        # returned to Måltidsservice in the Årsrapport 2025
        "control_result": ControlResult.objects.get(
            control_point__responsible_unit__code="RSE-MAT", period__kind="annual"
        ).pk,
        "control_action": Action.objects.get(
            result__control_point__responsible_unit__code="RSE-MAT"
        ).pk,
        "capital_project": CapitalProject.objects.get(code="INV-IT").pk,
        "risk_category": RiskCategory.objects.get(code="legal").pk,
        "risk_scale_step": RiskScaleStep.objects.get(dimension="probability", value=1).pk,
        "archive_export": ArchiveExport.objects.get(status="done").pk,
        "archived_case": ArchiveExport.objects.get(status="done").case.number,
        "disposal_run": DisposalRun.objects.get(status="proposed").pk,
        "retention_schedule": RetentionSchedule.objects.order_by("pk").first().pk,
        "retention_rule": RetentionRule.objects.order_by("pk").first().pk,
        "dialogue": Dialogue.objects.get(committee__code="DNRS", year=2025, number=2).pk,
        "notes": DialogueNotes.objects.get(date="2017-06-19").pk,
        "notes_question": NotesQuestion.objects.filter(notes__date="2017-06-19").first().pk,
        "job": job_create(
            kind="test", title="Prov", started_by=django_user_model.objects.get(username="admin")
        ).pk,
        **oparl_samples(),
    }
    django_user_model.objects.create_user("utanroll", password="ingen-roll-alls-1")
    accounts = {ANON: None, NOROLE: "utanroll", **ROLE_USERS}
    failures = []
    for name, (kwargs, expected) in sorted(MATRIX.items()):
        args = {k: samples.get(v, v) for k, v in kwargs.items()}
        url = reverse(name, kwargs=args or None)
        for who, username in accounts.items():
            client.logout()
            if username:
                client.force_login(django_user_model.objects.get(username=username))
            response = client.get(url)
            want = expected[who]
            got = response.status_code
            if want == LOGIN:
                ok = got == 302 and response["Location"].startswith(reverse("login"))
            else:
                ok = got == want
            if not ok:
                failures.append(f"{name} as {who}: expected {want}, got {got}")
            failures += [
                f"{name} as {who} shows template code: {t!r}" for t in template_code(response)
            ]
    assert not failures, "\n".join(failures)


def test_no_meeting_page_shows_template_code_in_any_state_of_the_minutes(client, django_user_model):
    """Every meeting of the demo, whatever its state (planned, summons sent, held with minutes
    awaiting approval, one item approved at once, approved), with each of its items — the §
    editor filled in where the item can still be written — and each notice on the board, as
    every role and anonymously."""
    load_demo()
    from uppsikt.documents import pdf as pdf_writer

    states = set(Meeting.objects.values_list("status", flat=True))
    assert states >= {"planned", "held", "approved"} | (
        {"summoned"} if pdf_writer.available() else set()
    )
    assert MinutesItem.objects.filter(approved_immediately=True, meeting__status="held").exists()
    open_items = list(MinutesItem.objects.filter(approved_at=None))
    assert any(i.decision_points and i.dispatch_to for i in open_items)
    urls = [reverse("meetings:index"), reverse("meetings:assignments")]
    for meeting in Meeting.objects.order_by("pk"):
        urls.append(reverse("meetings:meeting", args=[meeting.pk]))
        urls += [reverse("meetings:item", args=[i.pk]) for i in meeting.items.order_by("pk")]
    public = [reverse("noticeboard:board"), reverse("noticeboard:archive")]
    public += [reverse("noticeboard:notice", args=[n.pk]) for n in Notice.objects.order_by("pk")]
    failures = []
    editors = 0
    for who, username in {ANON: None, **ROLE_USERS}.items():
        client.logout()
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        for url in urls + public if username else public:
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{url} as {who}: {response.status_code}")
            editors += 'name="decision_points"' in response.content.decode()
            failures += [
                f"{url} as {who} shows template code: {t!r}" for t in template_code(response)
            ]
    assert not failures, "\n".join(failures)
    # the § editor was opened, filled in, for each item not yet approved (by the secretary and
    # the administrator at least)
    assert editors >= 2 * MinutesItem.objects.filter(approved_at=None).count() > 0
