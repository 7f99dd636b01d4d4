"""Form fields for request input that the database cannot always keep.

Django's ``ModelMultipleChoiceField`` hands every submitted value to the database; an id with
more digits than a 64-bit integer holds raises ``OverflowError`` on SQLite (a 500) instead of a
form error. :class:`IdMultipleChoiceField` checks each value first, the way
``core.parsing.parse_id`` does; every multiple choice of model rows uses it (a test keeps it so).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .parsing import DIGITS, MAX_ID


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` whose values must be ids the database can keep."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not (DIGITS.fullmatch(text) and 0 < int(text) <= MAX_ID):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:40]},
                )
        return super()._check_values(value)
