from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .regions import REGION_IDS


class ComparisonForm(forms.Form):
    kpi = forms.CharField(
        label=_("Kolada-nyckeltal"),
        max_length=20,
        help_text=_("T.ex. N60030 (sjukfrånvaro, region)."),
    )
    own_id = forms.CharField(
        label=_("Vår region eller kommun i Kolada"),
        max_length=4,
        help_text=_("Kolada-id med fyra siffror, t.ex. 0013 för Region Halland."),
    )
    peer_ids = forms.CharField(
        label=_("Jämför med"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kolada-id åtskilda med komma eller mellanslag. Tomt: alla regioner (0001–0025), "
            "eller bara gruppens medlemmar när en grupp är vald."
        ),
    )
    peer_group = forms.CharField(
        label=_("Jämför med en grupp i Kolada"),
        required=False,
        max_length=12,
        help_text=_(
            "Valfritt: id för en av Koladas egna kommungrupper, t.ex. liknande regioner "
            "(börjar på G). Gruppens medlemmar hämtas från Kolada med värdena."
        ),
    )
    first_year = forms.IntegerField(label=_("Från år"), min_value=1990, max_value=2100)
    last_year = forms.IntegerField(label=_("Till år"), min_value=1990, max_value=2100)
    in_reports = forms.BooleanField(
        label=_("Visa jämförelsen i rapporterna"),
        required=False,
        help_text=_("I avsnittet Medarbetare, för sjukfrånvaro och personalomsättning."),
    )

    def clean_peer_ids(self) -> list[str]:
        text = self.cleaned_data.get("peer_ids") or ""
        return [p for p in re.split(r"[\s,;]+", text) if p]

    def clean(self):
        data = super().clean()
        # nothing chosen: every region; a group alone: its members
        if not data.get("peer_ids") and not (data.get("peer_group") or "").strip():
            data["peer_ids"] = list(REGION_IDS)
        return data
