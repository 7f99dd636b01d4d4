"""The organisation: the tenant, its political bodies, its administrative units and its people."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """A region or a municipality: the tenant that owns everything else."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommun")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.REGION)
    org_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Body(TimeStampedModel):
    """A political body: council, board, committee or subcommittee (utskott)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Fullmäktige")
        BOARD = "board", _("Styrelse")
        COMMITTEE = "committee", _("Nämnd")
        SUBCOMMITTEE = "subcommittee", _("Utskott")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bodies")
    code = models.CharField(_("kod"), max_length=20)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    register_prefix = models.CharField(
        _("diarieprefix"),
        max_length=10,
        blank=True,
        help_text=_("T.ex. RS. Tomt: organet använder det överordnade organets diarium."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="body_code_unique"),
            models.UniqueConstraint(
                fields=["organisation", "register_prefix"],
                condition=~Q(register_prefix=""),
                name="body_register_prefix_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:body", args=[self.code])

    @property
    def effective_register_prefix(self) -> str:
        body: Body | None = self
        while body is not None:
            if body.register_prefix:
                return body.register_prefix
            body = body.parent
        return ""


class Unit(TimeStampedModel):
    """An administrative unit: förvaltning → avdelning → enhet, as a tree.

    ``path`` is the materialised path of primary keys (``/1/4/9/``) so that a subtree is one
    indexed prefix query; services keep it in step with ``parent``.
    """

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Förvaltning")
        DEPARTMENT = "department", _("Avdelning")
        SECTION = "section", _("Enhet")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("tjänar organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:unit", args=[self.code])

    def subtree(self) -> models.QuerySet[Unit]:
        """This unit and every unit beneath it."""
        return Unit.objects.filter(organisation_id=self.organisation_id, path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class CostCentre(TimeStampedModel):
    """A cost centre (kostnadsställe, SIE dimension 1) carried by a unit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cost_centres"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cost_centres")
    code = models.CharField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kostnadsställe")
        verbose_name_plural = _("kostnadsställen")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="cost_centre_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Party(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField(_("namn"), max_length=120)
    abbreviation = models.CharField(_("förkortning"), max_length=12)

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "abbreviation"], name="party_abbreviation_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.abbreviation


class Person(TimeStampedModel):
    """A person known to the organisation: a politician, an official or both."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("organisation:person", args=[self.pk])


class Membership(TimeStampedModel):
    """A person's seat in a body for a term: chair, vice chair, member or deputy."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        FIRST_VICE_CHAIR = "first_vice_chair", _("1:e vice ordförande")
        SECOND_VICE_CHAIR = "second_vice_chair", _("2:e vice ordförande")
        MEMBER = "member", _("Ledamot")
        DEPUTY = "deputy", _("Ersättare")

    VOTING_ROLES = (Role.CHAIR, Role.FIRST_VICE_CHAIR, Role.SECOND_VICE_CHAIR, Role.MEMBER)
    ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("parti"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    deputy_order = models.PositiveSmallIntegerField(_("ersättarordning"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppdrag i organ")
        verbose_name_plural = _("uppdrag i organ")
        ordering = ["body", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def is_current(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class Role(models.TextChoices):
    """What a person may do, scoped to a unit (covering its subtree), a body, or everything."""

    REPORTER = "reporter", _("Rapportör")
    APPROVER = "approver", _("Godkännare")
    CONTROLLER = "controller", _("Controller")
    SECRETARY = "secretary", _("Sekreterare")
    CASE_OFFICER = "case_officer", _("Handläggare")
    MEMBER = "member", _("Förtroendevald")
    READER = "reader", _("Läsare")
    ADMINISTRATOR = "administrator", _("Administratör")


class RoleGrant(TimeStampedModel):
    """A role held by a login account, on a unit (and its subtree), on a body, or organisation-wide
    (neither unit nor body)."""

    audit_former_labels = ("organisation.roleassignment",)  # core.models.renamed_object_types

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_grants",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_grants",
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(body__isnull=True),
                name="role_scope_unit_or_body",
            ),
            models.UniqueConstraint(
                fields=["organisation", "user", "role", "unit", "body"],
                name="role_grant_unique_in_organisation",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.body_id:
            return str(self.body)
        return str(_("hela organisationen"))
