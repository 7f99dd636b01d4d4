"""Forms of the meetings pages: they parse input and carry initial values; the services
decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.forms import LinesField

from .models import MinutesItem


class ItemTextForm(forms.Form):
    """The text of a minutes item (Skriv paragrafen), with the version it was opened with.

    The lists (decision points, Expedieras till) are shown one per line: their initial values
    are set here, from the item, never written as template code in the page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    matter = forms.CharField(
        label=_("Ärendet"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision_intro = forms.CharField(
        label=_("Inledning till beslutet"), required=False, max_length=200
    )
    decision_points = LinesField(
        label=_("Beslut, en punkt per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    procedure = forms.CharField(
        label=_("Beslutsordning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
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
