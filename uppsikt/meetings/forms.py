"""Forms of the meetings pages: they parse input and carry initial values; the services
decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.forms import LinesField
from uppsikt.core.exceptions import BadInput
from uppsikt.core.parsing import parse_id, parse_ids, parse_int
from uppsikt.organisation.models import Organisation, Person

from .models import MinutesItem


class ItemTextForm(forms.Form):
    """The text of a minutes item (Skriv paragrafen), with the version it was opened with.

    The lists (decision points, Expedieras till) are shown one per line: their initial values
    are set here, from the item, never written as template code in the page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision_intro = forms.CharField(
        label=_("Inledning till beslutet"),
        help_text=_("Till exempel: Arbetsutskottet beslutar att"),
        required=False,
        max_length=200,
    )
    decision_points = LinesField(
        label=_("Beslut, en punkt per rad"),
        help_text=_("Varje punkt börjar med stor bokstav och blir en punkt i protokollet."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    procedure = forms.CharField(
        label=_("Beslutsordning"),
        help_text=_("Skrivs av knappen under propositionsordningen; du kan ändra texten här."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    matter = forms.CharField(
        label=_("Ärendet"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    dispatch_to = LinesField(
        label=_("Expedieras till, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item: MinutesItem, **kwargs):
        kwargs.setdefault("auto_id", "i-%s")
        kwargs.setdefault(
            "initial",
            {
                "version": item.version,
                "matter": item.matter,
                "decision_intro": item.decision_intro,
                "decision_points": list(item.decision_points),
                "procedure": item.procedure,
                "dispatch_to": list(item.dispatch_to),
            },
        )
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# One form per action on a meeting or a minutes item. Ids are parsed by ``core.parsing``: a value
# that is no id is refused with its message; people are looked up in the meeting's organisation.


def _lines(text: str) -> list[str]:
    return [line.strip(" •-\t") for line in (text or "").splitlines() if line.strip(" •-\t")]


class IdField(forms.Field):
    """A database id, or ``None`` when empty and not required."""

    default_error_messages = {"required": _("Ett val saknas.")}

    def to_python(self, value):
        try:
            return parse_id(value, required=False)
        except BadInput as exc:
            raise ValidationError(exc.message) from exc


class IdsField(forms.Field):
    """Several ids from a multiple choice (empty values skipped)."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_ids(value or [])
        except BadInput as exc:
            raise ValidationError(exc.message) from exc


class PersonField(IdField):
    """A person of the form's organisation; one who is not there is no choice."""

    default_error_messages = {"required": _("Välj en person.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.organisation = None

    def to_python(self, value):
        pk = super().to_python(value)
        if pk is None:
            return None
        return Person.objects.filter(organisation=self.organisation, pk=pk).first()


class PeopleField(IdsField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.organisation = None

    def to_python(self, value):
        ids = super().to_python(value)
        return list(Person.objects.filter(organisation=self.organisation, pk__in=ids))


class ActionForm(forms.Form):
    """A form of one action on a meeting or one of its items; people and ids are looked up in
    the meeting's organisation."""

    def __init__(self, data, *, organisation: Organisation):
        super().__init__(data)
        for field in self.fields.values():
            if isinstance(field, PersonField | PeopleField):
                field.organisation = organisation

    def error_message(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


def _text(**kwargs):
    return forms.CharField(required=False, **kwargs)


class EmptyForm(ActionForm):
    pass


class AgendaProposalForm(ActionForm):
    proposal = IdField(required=True)


class AgendaInformationForm(ActionForm):
    title = _text()


class AgendaWithdrawForm(ActionForm):
    agenda_item = IdField(required=True)


class AgendaMoveForm(ActionForm):
    """Move one item up or down; ``order`` is the agenda as the page showed it (ids, comma
    separated), for the service to check against the agenda now."""

    agenda_item = IdField(required=True)
    direction = _text()
    offset = _text()  # places to move, from drag and drop; overrides ``direction``
    order = _text()

    def clean(self):
        data = super().clean()
        try:
            offset = parse_int(data.get("offset") or "", minimum=-999, maximum=999, default=0)
        except BadInput as exc:
            raise ValidationError(exc.message) from exc
        if not offset:
            direction = data.get("direction")
            if direction not in ("up", "down"):
                raise ValidationError(_("Välj att flytta punkten upp eller ned."))
            offset = -1 if direction == "up" else 1
        data["direction"] = offset
        return data

    def clean_order(self) -> list[int]:
        try:
            return parse_ids([x for x in self.cleaned_data["order"].split(",") if x.strip()])
        except BadInput as exc:
            raise ValidationError(exc.message) from exc


class AttendanceForm(ActionForm):
    """Attendance as the table posts it: ``att-<person id>`` is ``present`` or ``absent`` for
    each person, ``serves-<deputy id>`` the absent member a deputy serves for (empty: in the
    body's order). The older list ``present`` of person ids is still read."""

    present = IdsField()
    officials = PeopleField()

    def clean(self):
        data = super().clean()
        present = set(data.get("present") or [])
        serving: dict[int, int] = {}
        try:
            for key, value in self.data.items():
                if key.startswith("att-"):
                    if value not in ("present", "absent"):
                        raise ValidationError(_("Ange närvarande eller frånvarande."))
                    if value == "present":
                        present.add(parse_id(key[4:]))
                elif key.startswith("serves-") and value:
                    serving[parse_id(key[7:])] = parse_id(value)
        except BadInput as exc:
            raise ValidationError(exc.message) from exc
        data["present"] = sorted(present)
        data["serving_for"] = serving
        return data


class ApproversForm(ActionForm):
    chair = PersonField()
    approvers = PeopleField()
    secretary = PersonField()


class PaperSignatureForm(ActionForm):
    """Who signed on paper; none given is for the service to refuse."""

    person = PersonField()


class PersonRequiredForm(ActionForm):
    person = PersonField(required=True)


class PersonTextForm(ActionForm):
    person = PersonField(required=True)
    text = _text()


class MotionForm(ActionForm):
    person = PersonField(required=True)
    kind = _text()
    text = _text()
    points = _text()

    def clean_points(self) -> list[str]:
        return _lines(self.cleaned_data["points"])


class DecideForm(ActionForm):
    won = IdField()
    additions = IdsField()


class VoteForm(ActionForm):
    """A vote; the roll-call votes come as ``cast-<person id>`` fields, one per serving
    member."""

    method = _text()
    yes_means = _text()
    no_means = _text()

    def clean(self):
        data = super().clean()
        try:
            data["casts"] = {
                parse_id(key[5:]): value
                for key, value in self.data.items()
                if key.startswith("cast-") and value
            }
        except BadInput as exc:
            raise ValidationError(exc.message) from exc
        return data


class MotionRefForm(ActionForm):
    motion = IdField(required=True)


class CorrectionForm(ActionForm):
    text = _text()
    reason = _text()


class DispatchForm(ActionForm):
    recipient = _text()
    email = _text()
    fmt = _text()

    def clean_fmt(self) -> str:
        return self.cleaned_data["fmt"] if "fmt" in self.data else "pdf"


class AssignmentForm(ActionForm):
    point = _text()
    body = IdField()
    unit = IdField()
    due_date = forms.DateField(required=False)

    def clean_point(self) -> int:
        try:
            return parse_int(self.cleaned_data["point"], minimum=0, maximum=32767, default=0)
        except BadInput as exc:
            raise ValidationError(exc.message) from exc


class AssignmentCloseForm(ActionForm):
    assignment = IdField(required=True)


class MeetingCreateForm(forms.Form):
    """A meeting to plan: the body (by its code, among those the user manages), day, time, place
    and where the minutes will be kept (the body's previous meeting's when left empty)."""

    body = forms.CharField(required=False)
    date = forms.DateField(required=False)
    start_time = forms.TimeField(required=False)
    place = forms.CharField(required=False, strip=False)
    minutes_kept_at = forms.CharField(required=False, max_length=200)

    def __init__(self, data, *, bodies):
        super().__init__(data)
        self.bodies = list(bodies)

    def clean_body(self):
        code = self.cleaned_data["body"]
        return next((b for b in self.bodies if b.code == code), None)


class PrivateNoteForm(forms.Form):
    """A person's own note on a paper; an empty note is removed."""

    text = forms.CharField(
        label=_("Min anteckning"),
        help_text=_("Syns bara för dig."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prefix: str, note=None, **kwargs):
        kwargs.setdefault("initial", {"text": note.text if note is not None else ""})
        super().__init__(*args, prefix=prefix, **kwargs)


class SignConfirmForm(ActionForm):
    """Approving (justering) the minutes: the signer confirms having read them."""

    read = forms.BooleanField(
        label=_("Jag har läst protokollet"),
        required=True,
        error_messages={"required": _("Kryssa i att du har läst protokollet innan du justerar.")},
    )


class ItemSignConfirmForm(ActionForm):
    """Approving one § at once: the signer confirms having read it."""

    read = forms.BooleanField(
        label=_("Jag har läst paragrafen"),
        required=True,
        error_messages={"required": _("Kryssa i att du har läst paragrafen innan du justerar.")},
    )
