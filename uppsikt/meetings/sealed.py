"""The model-level refusal to change approved minutes.

Every table that holds a fact of approved minutes (the items, their motions, votes and each
member's vote, dissents, notes and recusals, the meeting's attendance, the signatures, the
notice on the notice board, corrections) uses ``SealedModel``: ``save()`` and ``delete()`` of a
row, and ``update()``, ``delete()`` and ``bulk_update()`` of a queryset, raise ``RecordSealed``
when they would touch a sealed row, and adding a row under a sealed parent is refused too.

Each model says which rows are sealed with ``sealing_rules()``: pairs of a condition on the row
as stored and the fields that may still be written then (``checksum``: re-sealing with a new key
changes nothing the approval vouches for). The database repeats the same rules with triggers
(``meetings`` migrations), so that writing around the models is refused as well; and what
slips past both is found by ``uppsikt minutes verify`` (``integrity``).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uppsikt.core.exceptions import DomainError

_amending: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "uppsikt_minutes_amending", default=frozenset()
)


class RecordSealed(DomainError):
    """A write that would change approved minutes."""

    def __init__(self, model: type[models.Model] | None = None):
        super().__init__(
            _("Protokollet är justerat och kan inte ändras (%(what)s); gör en rättelse i stället.")
            % {"what": model._meta.verbose_name if model is not None else _("justerat protokoll")}
        )


@contextlib.contextmanager
def amending(*models_: type[models.Model]) -> Iterator[None]:
    """Let a service write the fields a model allows to be amended after approval
    (``amendable_fields``), e.g. the posting day of a notice moved within the law's two days;
    the service seals the row again in the same transaction."""
    token = _amending.set(_amending.get() | frozenset(models_))
    try:
        yield
    finally:
        _amending.reset(token)


class SealedQuerySet(models.QuerySet):
    def _refuse_if_sealed(self, fields: Iterable[str] | None) -> None:
        self.model.refuse_sealed_write(self, fields)

    def update(self, **kwargs):
        self._refuse_if_sealed(kwargs)
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse_if_sealed(None)
        return super().delete()

    delete.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        self.model.refuse_sealed_write(
            self.model._base_manager.filter(pk__in=[o.pk for o in objs]), fields
        )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True


class SealedManager(models.Manager.from_queryset(SealedQuerySet)):
    pass


class SealedModel(models.Model):
    """A row of approved minutes: see the module's description."""

    amendable_fields: frozenset[str] = frozenset()

    objects = SealedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            if self.sealed_parent():
                raise RecordSealed(type(self))
        else:
            fields = kwargs.get("update_fields")
            if fields is None:
                fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            self.refuse_sealed_write(type(self)._base_manager.filter(pk=self.pk), fields)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_sealed_write(type(self)._base_manager.filter(pk=self.pk), None)
        return super().delete(*args, **kwargs)

    @classmethod
    def sealing_rules(cls) -> list[tuple[Q, frozenset[str]]]:
        """(rows sealed, fields still writable in them)."""
        raise NotImplementedError

    def sealed_parent(self) -> bool:
        """Whether a new row here would be added to approved minutes."""
        return False

    @classmethod
    def refuse_sealed_write(cls, rows: models.QuerySet, fields: Iterable[str] | None) -> None:
        """Raise when writing ``fields`` (None: deleting) would touch a sealed row."""
        wanted = None if fields is None else set(fields)
        amendable = cls.amendable_fields if cls in _amending.get() else frozenset()
        base = cls._base_manager.filter(pk__in=rows.values("pk"))
        for condition, writable in cls.sealing_rules():
            if wanted is not None and wanted <= (writable | amendable):
                continue
            if base.filter(condition).exists():
                raise RecordSealed(cls)


def refuse_sealed_m2m(sender, instance, action, reverse, **kwargs) -> None:
    """``m2m_changed`` of a sealed model's many-to-many field (the approvers of a meeting, which
    has no reverse accessor): adding, removing or clearing is a write to the owning row."""
    if action not in ("pre_add", "pre_remove", "pre_clear") or reverse:
        return
    owner = type(instance)
    if not isinstance(instance, SealedModel):
        return
    rows = owner._base_manager.filter(pk=instance.pk)
    for condition, _writable in owner.sealing_rules():
        if rows.filter(condition).exists():
            raise RecordSealed(owner)
