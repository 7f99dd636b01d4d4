"""Writes to the register: each a keyword-only, atomic, audited service."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import user_or_none
from uppsikt.core.uploads import MB, check_upload
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.organisation.permissions import ensure_can, has_permission

from . import impact, secrecy, selectors
from .models import (
    AssessmentQuestion,
    AssessmentTemplate,
    Case,
    DecisionProposal,
    DelegatedDecision,
    ImpactAssessment,
    ProposalVersion,
    Record,
    RecordFile,
    RegisterSeries,
)

# ---------------------------------------------------------------------------------------------
# Case numbers (docs/definitions.md §5)

DEFAULT_NUMBER_FORMAT = "{prefix}{yy}{number:04d}"
RECORD_FILE_TYPES = {".pdf", ".docx", ".png", ".jpg", ".jpeg"}


# A series counts far beyond any register's need, and within the counter the database keeps.
MAX_RUNNING_NUMBER = 999_999_999


def number_format() -> str:
    return getattr(settings, "UPPSIKT_CASE_NUMBER_FORMAT", DEFAULT_NUMBER_FORMAT)


def record_max_bytes() -> int:
    return int(getattr(settings, "UPPSIKT_RECORD_FILE_MAX_MB", 20)) * MB


def format_case_number(*, prefix: str, year: int, number: int) -> str:
    """``RS``, 2024, 1521 → ``RS241521``; past 9999 the number simply grows a digit."""
    return number_format().format(prefix=prefix, yy=f"{year % 100:02d}", yyyy=year, number=number)


def _number_pattern(*, prefix: str, year: int) -> re.Pattern:
    """A regular expression for the numbers of one series, its running number as a group."""
    pattern = ""
    for literal, field, spec, _conv in string.Formatter().parse(number_format()):
        pattern += re.escape(literal)
        if field is None:
            continue
        if field == "prefix":
            pattern += re.escape(prefix)
        elif field == "yy":
            pattern += f"{year % 100:02d}"
        elif field == "yyyy":
            pattern += str(year)
        elif field == "number":
            width = int(spec.strip("0d") or 1) if spec else 1
            pattern += rf"(?P<number>[0-9]{{{width},}})"
    return re.compile(pattern)


def _series_for_update(*, organisation: Organisation, prefix: str, year: int) -> RegisterSeries:
    # Insert the series row if missing (a concurrent insert waits, then does nothing), then lock
    # it: registrations in one series take their numbers one after the other.
    RegisterSeries.objects.bulk_create(
        [RegisterSeries(organisation=organisation, prefix=prefix, year=year)],
        ignore_conflicts=True,
    )
    return RegisterSeries.objects.select_for_update().get(
        organisation=organisation, prefix=prefix, year=year
    )


def _ensure_register(actor, *, body: Body, unit: Unit | None) -> None:
    if has_permission(actor, "cases.register", body):
        return
    if unit is not None and has_permission(actor, "cases.register", unit):
        return
    raise NotPermitted(_("Du saknar behörighet att registrera i det här organets diarium."))


def _ensure_can_work_on(actor, case: Case) -> None:
    _ensure_register(actor, body=case.body, unit=case.unit)
    secrecy.ensure_can_see_case(actor, case)


def _check_secrecy(secret: bool, ground: str) -> str:
    ground = (ground or "").strip()
    if secret and not ground:
        raise DomainError(
            _("Ange sekretessgrunden (paragraf i offentlighets- och sekretesslagen, OSL).")
        )
    return ground if secret else ""


def _same_organisation(organisation: Organisation, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise DomainError(_("%(obj)s hör till en annan organisation.") % {"obj": obj})


@transaction.atomic
def case_register(
    *,
    actor,
    organisation: Organisation,
    body: Body,
    title: str,
    unit: Unit | None = None,
    officer: Person | None = None,
    description: str = "",
    registered_on: dt.date | None = None,
    kind: str = Case.Kind.ORDINARY,
    classification: str = "",
    secret: bool = False,
    secrecy_ground: str = "",
    submitted_by: str = "",
    addressed_to: str = "",
    number: str = "",
) -> Case:
    """Register a case and give it the next number in its body's series for the year.

    ``number`` (typed by hand, e.g. when a case moves in from an earlier register) must belong
    to the same series and come after every number already taken; the series continues from it.
    """
    _ensure_register(actor, body=body, unit=unit)
    _same_organisation(organisation, body, unit, officer)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Ärendet behöver en ärendemening."))
    if kind not in Case.Kind.values:
        raise DomainError(_("Okänd ärendetyp."))
    ground = _check_secrecy(secret, secrecy_ground)
    today = timezone.localdate()
    registered_on = registered_on or today
    if registered_on > today:
        raise DomainError(_("Registreringsdatum kan inte ligga i framtiden."))
    prefix = body.effective_register_prefix
    if not prefix:
        raise DomainError(
            _("%(body)s har inget diarieprefix och kan inte registrera ärenden.")
            % {"body": body.name}
        )
    year = registered_on.year
    series = _series_for_update(organisation=organisation, prefix=prefix, year=year)
    typed = (number or "").strip().upper()
    if typed:
        match = _number_pattern(prefix=prefix, year=year).fullmatch(typed)
        if match is None:
            raise DomainError(
                _(
                    "Diarienumret %(typed)s hör inte till serien %(prefix)s för %(year)s "
                    "(formatet är t.ex. %(example)s)."
                )
                % {
                    "typed": typed,
                    "prefix": prefix,
                    "year": year,
                    "example": format_case_number(prefix=prefix, year=year, number=1),
                }
            )
        digits = match.group("number")
        if (
            len(digits.lstrip("0")) > len(str(MAX_RUNNING_NUMBER))
            or int(digits) > MAX_RUNNING_NUMBER
        ):
            raise DomainError(
                _("Löpnumret i %(typed)s är för stort (högst %(max)s).")
                % {"typed": typed, "max": MAX_RUNNING_NUMBER}
            )
        sequence = int(digits)
        if sequence <= series.last_number or sequence == 0:
            raise DomainError(
                _(
                    "Diarienumret %(typed)s bryter serien: senast tagna nummer är %(last)s, och "
                    "ett nummer används aldrig två gånger."
                )
                % {
                    "typed": typed,
                    "last": format_case_number(prefix=prefix, year=year, number=series.last_number)
                    if series.last_number
                    else "–",
                }
            )
    else:
        sequence = series.last_number + 1
    case_number = format_case_number(prefix=prefix, year=year, number=sequence)
    if typed and case_number != typed:
        raise DomainError(
            _("Diarienumret skrivs %(number)s i den här serien.") % {"number": case_number}
        )
    if Case.objects.filter(organisation=organisation, number=case_number).exists():
        raise DomainError(_("Diarienumret %(n)s finns redan.") % {"n": case_number})
    series.last_number = sequence
    series.save(update_fields=["last_number"])
    case = Case.objects.create(
        organisation=organisation,
        body=body,
        number=case_number,
        prefix=prefix,
        year=year,
        sequence=sequence,
        kind=kind,
        title=title,
        description=(description or "").strip(),
        officer=officer,
        unit=unit,
        registered_on=registered_on,
        classification=(classification or "").strip(),
        secret=secret,
        secrecy_ground=ground,
        submitted_by=(submitted_by or "").strip(),
        addressed_to=(addressed_to or "").strip(),
        path_step=first_step(kind),
    )
    audit_record(
        actor=actor, action="case.register", obj=case, detail={"typed_number": bool(typed)}
    )
    return case


CASE_FIELDS = (
    "title",
    "description",
    "officer",
    "unit",
    "classification",
    "secret",
    "secrecy_ground",
    "submitted_by",
    "addressed_to",
)
# Who works on the case: its officer reads its secret material, so these need cases.reassign.
REASSIGN_FIELDS = ("officer", "unit")


def _stale(model_name: str) -> DomainError:
    messages = {
        "case": _(
            "Ärendet har ändrats av någon annan sedan du öppnade det. "
            "Ladda om sidan och gör om din ändring."
        ),
        "record": _(
            "Handlingen har ändrats av någon annan sedan du öppnade den. "
            "Ladda om sidan och gör om din ändring."
        ),
    }
    return DomainError(messages[model_name])


def _check_version(obj: Case | Record, version: int) -> None:
    """Refuse a save made from a form opened at an older version (a lost update)."""
    if obj.version != version:
        raise _stale(obj._meta.model_name)


def _changed(case: Case, name: str, value) -> bool:
    if name in ("officer", "unit"):
        return getattr(value, "pk", None) != getattr(case, f"{name}_id")
    if isinstance(value, str):
        value = value.strip()
    return value != getattr(case, name)


@transaction.atomic
def case_update(*, actor, case: Case, version: int, **changes) -> Case:
    """Change a case's title, description, classification and council fields; mark it secret.

    ``version`` is the one the form was opened at; a save from an older form is refused.
    Changing the officer or the responsible unit needs ``cases.reassign`` on the case's body
    (the officer reads the case's secret material). The secrecy of a case that is secret is
    lifted or changed only by a secrecy review (``case_secrecy_review``). Its number, body and
    registration date never change."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(_("Fälten kan inte ändras: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changes = {name: value for name, value in changes.items() if _changed(case, name, value)}
    reassigned = sorted(set(changes) & set(REASSIGN_FIELDS))
    if reassigned:
        ensure_can(actor, "cases.reassign", case.body)
    _check_version(case, version)
    if case.secret and ({"secret", "secrecy_ground"} & set(changes)):
        raise NotPermitted(
            _(
                "Sekretessen för ett ärende som omfattas av sekretess lyfts eller ändras bara "
                "genom en sekretessprövning."
            )
        )
    if case.status == Case.Status.VOIDED:
        raise InvalidTransition(_("Ett makulerat ärende kan inte ändras."))
    before = snapshot(case)
    for name, value in changes.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    if not case.title:
        raise DomainError(_("Ärendet behöver en ärendemening."))
    case.secrecy_ground = _check_secrecy(case.secret, case.secrecy_ground)
    _same_organisation(case.organisation, case.officer, case.unit)
    case.version += 1
    case.save(update_fields=[*changes, "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.reassign" if reassigned else "case.update",
        obj=case,
        before=before,
    )
    return case


@transaction.atomic
def case_secrecy_review(
    *, actor, case: Case, version: int, secret: bool, secrecy_ground: str = "", reason: str
) -> Case:
    """A secrecy review (sekretessprövning) of a secret case: lift its secrecy, or keep it with
    its ground changed or confirmed. Needs ``cases.declassify`` on the case's body and a
    reason, which is kept in the audit row."""
    case = Case.objects.select_related("body").select_for_update(of=("self",)).get(pk=case.pk)
    ensure_can(actor, "cases.declassify", case.body)
    secrecy.ensure_can_see_case(actor, case)
    _check_version(case, version)
    reason = _review_reason(reason)
    if not case.secret:
        raise InvalidTransition(
            _("Ärendet omfattas inte av sekretess; det sekretessmarkeras under Ändra ärendet.")
        )
    before = snapshot(case)
    case.secret = secret
    case.secrecy_ground = _check_secrecy(secret, secrecy_ground)
    case.version += 1
    case.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.secrecy_review",
        obj=case,
        before=before,
        detail={"reason": reason, "outcome": _review_outcome(before, case)},
    )
    return case


def _review_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Ange skälet till sekretessprövningen; det sparas i granskningsloggen.")
        )
    return reason


def _review_outcome(before: dict, obj: Case | Record) -> str:
    if not obj.secret:
        return "lifted"
    return "kept" if before.get("secrecy_ground") == obj.secrecy_ground else "ground_changed"


def _set_status(actor, case: Case, status: str, allowed_from: set[str], action: str, **extra):
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status not in allowed_from:
        raise InvalidTransition(
            _("Ett ärende med status %(s)s kan inte få den nya statusen.")
            % {"s": case.get_status_display()}
        )
    before = snapshot(case)
    case.status = status
    case.closed_on = timezone.localdate() if status != Case.Status.OPEN else None
    case.version += 1
    case.save(update_fields=["status", "closed_on", "version", "updated_at"])
    audit_record(actor=actor, action=action, obj=case, before=before, detail=extra or None)
    return case


@transaction.atomic
def case_close(*, actor, case: Case) -> Case:
    return _set_status(actor, case, Case.Status.CLOSED, {Case.Status.OPEN}, "case.close")


@transaction.atomic
def case_reopen(*, actor, case: Case) -> Case:
    return _set_status(actor, case, Case.Status.OPEN, {Case.Status.CLOSED}, "case.reopen")


@transaction.atomic
def case_void(*, actor, case: Case, reason: str) -> Case:
    """Void a registration made by mistake; the case keeps its number, which is never reused."""
    if not (reason or "").strip():
        raise DomainError(_("Ange varför registreringen makuleras."))
    return _set_status(
        actor, case, Case.Status.VOIDED, {Case.Status.OPEN}, "case.void", reason=reason.strip()
    )


# ---------------------------------------------------------------------------------------------
# The paths of the council's case types (2b)

PATHS: dict[str, list[tuple[str, str]]] = {
    Case.Kind.COUNCIL_MOTION: [
        ("submitted", "Väckt i fullmäktige"),
        ("referred", "Remitterad till styrelsen för beredning"),
        ("prepared", "Beredd, förslag till fullmäktige"),
        ("decided", "Besvarad av fullmäktige"),
    ],
    Case.Kind.CITIZEN_PROPOSAL: [
        ("submitted", "Inlämnat"),
        ("referred", "Remitterat till styrelsen eller nämnd"),
        ("prepared", "Berett, förslag till fullmäktige"),
        ("decided", "Besvarat av fullmäktige"),
    ],
    Case.Kind.INTERPELLATION: [
        ("submitted", "Inlämnad"),
        ("allowed", "Får ställas, besvaras vid fullmäktiges sammanträde"),
        ("answered", "Besvarad i fullmäktige, debatterad"),
    ],
    Case.Kind.QUESTION: [
        ("submitted", "Inlämnad"),
        ("allowed", "Får ställas"),
        ("answered", "Besvarad i fullmäktige"),
    ],
}


def first_step(kind: str) -> str:
    steps = PATHS.get(kind)
    return steps[0][0] if steps else ""


@transaction.atomic
def case_advance(*, actor, case: Case) -> Case:
    """Move a motion, citizens' proposal, interpellation or question one step along its path."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    steps = [code for code, _label in PATHS.get(case.kind, [])]
    if not steps:
        raise InvalidTransition(_("Ärendetypen har ingen väg till fullmäktige."))
    index = steps.index(case.path_step) if case.path_step in steps else -1
    if index + 1 >= len(steps):
        raise InvalidTransition(_("Ärendet har redan nått sista steget."))
    before = snapshot(case)
    case.path_step = steps[index + 1]
    case.version += 1
    case.save(update_fields=["path_step", "version", "updated_at"])
    audit_record(actor=actor, action="case.advance", obj=case, before=before)
    return case


# ---------------------------------------------------------------------------------------------
# Records


def _check_files(files: Sequence) -> None:
    for upload in files:
        check_upload(upload, allowed=RECORD_FILE_TYPES, max_bytes=record_max_bytes())


def _store_file(record: Record, upload) -> RecordFile:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    stored = RecordFile(
        record=record,
        name=upload.name.rsplit("/", 1)[-1][:200],
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    stored.file.save(stored.name, upload, save=False)
    stored.save()
    return stored


@transaction.atomic
def record_register(
    *,
    actor,
    case: Case,
    kind: str,
    date: dt.date,
    description: str,
    counterpart: str = "",
    secret: bool = False,
    secrecy_ground: str = "",
    files: Sequence = (),
    registered_on: dt.date | None = None,
) -> Record:
    """Register a record in a case: it gets the case's next record number (``RS241521-3``).

    Every file is checked (type by content, size) before anything is written.
    """
    _check_files(files)
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status != Case.Status.OPEN:
        raise InvalidTransition(_("Handlingar registreras bara i pågående ärenden."))
    if kind not in Record.Kind.values:
        raise DomainError(_("Okänd typ av handling."))
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Handlingen behöver en kort beskrivning."))
    if kind == Record.Kind.INCOMING and not (counterpart or "").strip():
        raise DomainError(_("Ange avsändaren av en inkommen handling."))
    if kind == Record.Kind.OUTGOING and not (counterpart or "").strip():
        raise DomainError(_("Ange mottagaren av en utgående handling."))
    ground = _check_secrecy(secret, secrecy_ground)
    today = timezone.localdate()
    if date > today:
        raise DomainError(_("Handlingens datum kan inte ligga i framtiden."))
    case.last_record_number += 1
    case.save(update_fields=["last_record_number", "updated_at"])
    record = Record.objects.create(
        case=case,
        sequence=case.last_record_number,
        kind=kind,
        date=date,
        registered_on=registered_on or today,
        counterpart=(counterpart or "").strip(),
        description=description,
        secret=secret,
        secrecy_ground=ground,
        registered_by=user_or_none(actor),
    )
    stored = [_store_file(record, upload) for upload in files]
    audit_record(
        actor=actor,
        action="record.register",
        obj=record,
        detail={"files": [f.name for f in stored]} if stored else None,
    )
    return record


@transaction.atomic
def record_attach(*, actor, record: Record, upload) -> RecordFile:
    _check_files([upload])
    record = Record.objects.select_related("case").select_for_update().get(pk=record.pk)
    _ensure_can_work_on(actor, record.case)
    secrecy.ensure_can_see_record(actor, record)
    stored = _store_file(record, upload)
    # the record is the audited object; the file by its name, size and checksum
    audit_record(
        actor=actor,
        action="record.attach",
        obj=record,
        detail={"file": stored.name, "size": stored.size, "sha256": stored.sha256},
    )
    return stored


@transaction.atomic
def record_set_secrecy(
    *, actor, record: Record, version: int, secret: bool, secrecy_ground: str = ""
) -> Record:
    """Mark a record secret with its OSL ground (those who register may do so). Lifting or
    changing the secrecy of a secret record is a secrecy review (``record_secrecy_review``)."""
    record = Record.objects.select_related("case").select_for_update(of=("self",)).get(pk=record.pk)
    _ensure_can_work_on(actor, record.case)
    secrecy.ensure_can_see_record(actor, record)
    _check_version(record, version)
    if record.secret:
        raise NotPermitted(
            _(
                "Handlingen omfattas redan av sekretess. Sekretessen lyfts eller ändras bara "
                "genom en sekretessprövning."
            )
        )
    if not secret:
        raise DomainError(_("Kryssa i att handlingen omfattas av sekretess och ange grunden."))
    before = snapshot(record)
    record.secret = True
    record.secrecy_ground = _check_secrecy(True, secrecy_ground)
    record.version += 1
    record.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(actor=actor, action="record.secrecy", obj=record, before=before)
    return record


@transaction.atomic
def record_secrecy_review(
    *, actor, record: Record, version: int, secret: bool, secrecy_ground: str = "", reason: str
) -> Record:
    """A secrecy review (sekretessprövning) of a secret record: lift its secrecy, or keep it
    with its ground changed or confirmed. Needs ``cases.declassify`` on the case's body and a
    reason, which is kept in the audit row."""
    record = (
        Record.objects.select_related("case", "case__body")
        .select_for_update(of=("self",))
        .get(pk=record.pk)
    )
    ensure_can(actor, "cases.declassify", record.case.body)
    secrecy.ensure_can_see_record(actor, record)
    _check_version(record, version)
    reason = _review_reason(reason)
    if not record.secret:
        raise InvalidTransition(
            _("Handlingen omfattas inte av sekretess; den sekretessmarkeras på handlingens sida.")
        )
    before = snapshot(record)
    record.secret = secret
    record.secrecy_ground = _check_secrecy(secret, secrecy_ground)
    record.version += 1
    record.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="record.secrecy_review",
        obj=record,
        before=before,
        detail={"reason": reason, "outcome": _review_outcome(before, record)},
    )
    return record


# ---------------------------------------------------------------------------------------------
# Impact assessment templates


@transaction.atomic
def assessment_templates_ensure(*, actor, organisation: Organisation) -> list[AssessmentTemplate]:
    """Give an organisation the default assessments (child rights, gender equality) once."""
    templates = []
    for position, (code, name, perspective, intro, questions) in enumerate(
        impact.DEFAULT_TEMPLATES
    ):
        template = AssessmentTemplate.objects.filter(organisation=organisation, code=code).first()
        if template is None:
            template = AssessmentTemplate.objects.create(
                organisation=organisation,
                code=code,
                name=name,
                perspective=perspective,
                intro=intro,
                position=position,
            )
            for q_position, (text, help_text) in enumerate(questions):
                AssessmentQuestion.objects.create(
                    template=template, text=text, help_text=help_text, position=q_position
                )
            audit_record(actor=actor, action="assessment_template.create", obj=template)
        templates.append(template)
    return templates


@transaction.atomic
def assessment_question_save(
    *,
    actor,
    template: AssessmentTemplate,
    text: str,
    help_text: str = "",
    position: int | None = None,
    is_active: bool = True,
    question: AssessmentQuestion | None = None,
) -> AssessmentQuestion:
    """Add a question to an organisation's assessment, or change one."""
    ensure_can(actor, "cases.configure")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Frågan behöver en text."))
    if question is not None and question.template_id != template.pk:
        raise DomainError(_("Frågan hör till en annan konsekvensanalys."))
    before = snapshot(question)
    if question is None:
        question = AssessmentQuestion(template=template)
        if position is None:
            position = template.questions.count()
    question.text = text
    question.help_text = (help_text or "").strip()
    question.is_active = is_active
    if position is not None:
        question.position = position
    question.save()
    audit_record(
        actor=actor,
        action="assessment_question.update" if before else "assessment_question.create",
        obj=question,
        before=before,
    )
    return question


# ---------------------------------------------------------------------------------------------
# Decision proposals


def _content(proposal: DecisionProposal) -> dict:
    assessments = {
        a.template.code: {
            "affected": a.affected,
            "not_affected_reason": a.not_affected_reason,
            "answers": a.answers,
            "conclusion": a.conclusion,
        }
        for a in proposal.assessments.select_related("template")
    }
    return {
        "title": proposal.title,
        "date": proposal.date.isoformat(),
        "body": proposal.body_id,
        "decision_intro": proposal.decision_intro,
        "decision_points": proposal.decision_points,
        "summary": proposal.summary,
        "background": proposal.background,
        "considerations": proposal.considerations,
        "impact_text": proposal.impact_text,
        "economic_consequences": proposal.economic_consequences,
        "basis": sorted(proposal.basis.values_list("pk", flat=True)),
        "dispatch_to": proposal.dispatch_to,
        "signatories": proposal.signatories,
        "attachments": proposal.attachments,
        "assessments": assessments,
    }


def _keep_version(proposal: DecisionProposal, actor) -> ProposalVersion:
    return ProposalVersion.objects.create(
        proposal=proposal,
        number=proposal.version,
        status=proposal.status,
        content=_content(proposal),
        created_by=user_or_none(actor),
    )


def _lock_proposal(actor, proposal: DecisionProposal) -> DecisionProposal:
    proposal = (
        DecisionProposal.objects.select_related("case", "case__body", "case__unit", "body")
        .select_for_update(of=("self",))
        .get(pk=proposal.pk)
    )
    _ensure_can_work_on(actor, proposal.case)
    return proposal


def _check_proposal_version(proposal: DecisionProposal, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != proposal.version:
        raise DomainError(
            _(
                "Någon annan har sparat beslutsförslaget under tiden. Ladda om sidan och försök igen."
            )
        )


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(str(line).split()) for line in lines if str(line).strip()]


def _signatories(people: Iterable[Person]) -> list[dict]:
    # names and titles as they are when the proposal is written: a document keeps them
    return [{"person": p.pk, "name": p.full_name, "title": p.title} for p in people]


@transaction.atomic
def proposal_create(
    *,
    actor,
    case: Case,
    title: str,
    body: Body | None = None,
    date: dt.date | None = None,
    decision_intro: str = "",
) -> DecisionProposal:
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status != Case.Status.OPEN:
        raise InvalidTransition(_("Beslutsförslag skrivs bara i pågående ärenden."))
    body = body or case.body
    _same_organisation(case.organisation, body)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Beslutsförslaget behöver en rubrik."))
    assessment_templates_ensure(actor=actor, organisation=case.organisation)
    proposal = DecisionProposal.objects.create(
        case=case,
        body=body,
        title=title,
        date=date or timezone.localdate(),
        decision_intro=(decision_intro or "").strip() or f"{body.name} beslutar att",
        signatories=_signatories([case.officer] if case.officer else []),
    )
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="proposal.create", obj=proposal)
    return proposal


PROPOSAL_TEXT_FIELDS = (
    "title",
    "decision_intro",
    "summary",
    "background",
    "considerations",
    "economic_consequences",
)


@transaction.atomic
def proposal_update(
    *,
    actor,
    proposal: DecisionProposal,
    expected_version: int | None = None,
    date: dt.date | None = None,
    decision_points: Sequence[str] | None = None,
    basis: Iterable[Record] | None = None,
    dispatch_to: Sequence[str] | None = None,
    signatories: Iterable[Person] | None = None,
    attachments: Sequence[str] | None = None,
    **texts: str,
) -> DecisionProposal:
    """Save a draft (or a proposal under review); every save is kept as a new version."""
    proposal = _lock_proposal(actor, proposal)
    if proposal.locked:
        raise InvalidTransition(_("Beslutsförslaget är slutligt och kan inte ändras."))
    _check_proposal_version(proposal, expected_version)
    unknown = set(texts) - set(PROPOSAL_TEXT_FIELDS)
    if unknown:
        raise DomainError(_("Fälten kan inte ändras: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = snapshot(proposal)
    for name, value in texts.items():
        setattr(proposal, name, (value or "").strip())
    if not proposal.title:
        raise DomainError(_("Beslutsförslaget behöver en rubrik."))
    if date is not None:
        proposal.date = date
    if decision_points is not None:
        proposal.decision_points = _clean_lines(decision_points)
    if dispatch_to is not None:
        proposal.dispatch_to = _clean_lines(dispatch_to)
    if attachments is not None:
        proposal.attachments = _clean_lines(attachments)
    if signatories is not None:
        people = list(signatories)
        _same_organisation(proposal.case.organisation, *people)
        proposal.signatories = _signatories(people)
    if basis is not None:
        records = list(basis)
        if any(r.case_id != proposal.case_id for r in records):
            raise DomainError(_("Beslutsunderlaget ska vara handlingar i samma ärende."))
        # the body's members read the basis of a proposal sent to their meeting: only someone
        # who may read a record lets them (one already there stays when another saves)
        present = set(proposal.basis.values_list("pk", flat=True))
        for record in records:
            if record.pk not in present:
                secrecy.ensure_can_see_record(actor, record)
        proposal.basis.set(records)
    proposal.version += 1
    proposal.save()
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="proposal.update", obj=proposal, before=before)
    return proposal


def _write_impact_text(proposal: DecisionProposal) -> None:
    proposal.impact_text = "\n\n".join(
        impact.impact_paragraphs(
            author=selectors.author_of(proposal.case),
            assessments=selectors.assessments_answered(proposal),
        )
    )


@transaction.atomic
def assessment_save(
    *,
    actor,
    proposal: DecisionProposal,
    template: AssessmentTemplate,
    affected: bool | None,
    not_affected_reason: str = "",
    answers: dict | None = None,
    conclusion: str = "",
    expected_version: int | None = None,
) -> ImpactAssessment:
    """Answer one guided assessment; the Konsekvensbeskrivning is written anew from the
    answers. ``expected_version`` is the proposal's version the form was opened at."""
    proposal = _lock_proposal(actor, proposal)
    if proposal.locked:
        raise InvalidTransition(_("Beslutsförslaget är slutligt och kan inte ändras."))
    _check_proposal_version(proposal, expected_version)
    if template.organisation_id != proposal.case.organisation_id:
        raise DomainError(_("Konsekvensanalysen hör till en annan organisation."))
    if affected is None:
        raise DomainError(
            _("Ange om ärendet påverkar det som %(name)s gäller.") % {"name": template.name}
        )
    reason = (not_affected_reason or "").strip()
    if affected is False and not reason:
        raise DomainError(
            _("Skriv varför ärendet inte medför några konsekvenser utifrån %(p)s.")
            % {"p": template.perspective}
        )
    question_ids = {str(q.pk) for q in template.questions.all()}
    clean = {
        str(k): str(v).strip()
        for k, v in (answers or {}).items()
        if str(k) in question_ids and str(v).strip()
    }
    assessment, _created = ImpactAssessment.objects.get_or_create(
        proposal=proposal, template=template
    )
    before = snapshot(assessment)
    assessment.affected = affected
    assessment.not_affected_reason = reason if affected is False else ""
    assessment.answers = clean if affected else {}
    assessment.conclusion = (conclusion or "").strip() if affected else ""
    assessment.save()
    _write_impact_text(proposal)
    proposal.version += 1
    proposal.save(update_fields=["impact_text", "version", "updated_at"])
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="assessment.save", obj=assessment, before=before)
    return assessment


PROPOSAL_TRANSITIONS = {
    "review": (DecisionProposal.Status.REVIEW, {DecisionProposal.Status.DRAFT}),
    "draft": (DecisionProposal.Status.DRAFT, {DecisionProposal.Status.REVIEW}),
    "final": (
        DecisionProposal.Status.FINAL,
        {DecisionProposal.Status.DRAFT, DecisionProposal.Status.REVIEW},
    ),
}


@transaction.atomic
def proposal_transition(*, actor, proposal: DecisionProposal, to: str) -> DecisionProposal:
    """Send for review, return to draft, or finalise (locks the proposal for good)."""
    proposal = _lock_proposal(actor, proposal)
    if to not in PROPOSAL_TRANSITIONS:
        raise InvalidTransition(_("Okänd statusändring."))
    status, allowed_from = PROPOSAL_TRANSITIONS[to]
    if proposal.status not in allowed_from:
        raise InvalidTransition(
            _("Ett beslutsförslag med status %(s)s kan inte få den nya statusen.")
            % {"s": proposal.get_status_display()}
        )
    if status == DecisionProposal.Status.FINAL:
        missing = selectors.proposal_missing(proposal)
        if missing:
            raise DomainError(
                _("Beslutsförslaget kan inte göras slutligt. Det saknas: %(m)s.")
                % {"m": "; ".join(str(m) for m in missing)},
                errors=[str(m) for m in missing],
            )
        _write_impact_text(proposal)
        proposal.finalised_at = timezone.now()
    before = snapshot(proposal)
    proposal.status = status
    proposal.version += 1
    proposal.save(update_fields=["status", "impact_text", "finalised_at", "version", "updated_at"])
    _keep_version(proposal, actor)
    audit_record(actor=actor, action=f"proposal.{to}", obj=proposal, before=before)
    return proposal


# ---------------------------------------------------------------------------------------------
# Delegated decisions


@transaction.atomic
def delegated_decision_register(
    *,
    actor,
    organisation: Organisation,
    body: Body,
    decided_by: Person,
    decided_on: dt.date,
    delegation_point: str,
    decision: str,
    case: Case | None = None,
) -> DelegatedDecision:
    """Record a decision taken under delegation, to be reported to ``body``."""
    ensure_can(actor, "cases.register", body)
    _same_organisation(organisation, body, decided_by, case)
    if not (delegation_point or "").strip() or not (decision or "").strip():
        raise DomainError(_("Ange punkten i delegationsordningen och vad som beslutades."))
    if decided_on > timezone.localdate():
        raise DomainError(_("Beslutsdatum kan inte ligga i framtiden."))
    if case is not None:
        secrecy.ensure_can_see_case(actor, case)
    decision_row = DelegatedDecision.objects.create(
        organisation=organisation,
        body=body,
        case=case,
        decided_by=decided_by,
        decided_on=decided_on,
        delegation_point=delegation_point.strip(),
        decision=decision.strip(),
    )
    audit_record(actor=actor, action="delegated_decision.register", obj=decision_row)
    return decision_row


@transaction.atomic
def delegated_decisions_mark_reported(
    *, actor, decisions: Iterable[DelegatedDecision], reported_on: dt.date
) -> int:
    """Mark decisions as reported to their body (the meeting that received them)."""
    count = 0
    for row in decisions:
        row = DelegatedDecision.objects.select_for_update().get(pk=row.pk)
        ensure_can(actor, "cases.register", row.body)
        if row.reported_on is not None:
            continue
        before = snapshot(row)
        row.reported_on = reported_on
        row.save(update_fields=["reported_on", "updated_at"])
        audit_record(actor=actor, action="delegated_decision.report", obj=row, before=before)
        count += 1
    return count
