"""The ledger: imports of SIE files, the chart of accounts and its report lines, period
balances and budgets. The vouchers' rows of an import — millions in a region's year — are kept
beside the database in a columnar file (Parquet) per import, read for drill-down.

Amounts are stored as whole öre (``cents``) in 64-bit integers, so that sums in the database are
exact on SQLite and PostgreSQL alike; selectors hand them out as ``Decimal`` kronor. Signs are
SIE's (debit positive, credit negative); reports turn them (revenue positive, costs negative).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation


class LedgerImport(TimeStampedModel):
    """One SIE file read into the ledger. A later file for the same company and fiscal year
    supersedes it; the superseded import and its rows are kept as history."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Gällande")
        SUPERSEDED = "superseded", _("Ersatt")

    class Source(models.TextChoices):
        VOUCHERS = "vouchers", _("Verifikationer")
        PERIOD_BALANCES = "period_balances", _("Periodsaldon")
        NONE = "none", _("Inga rörelser")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="ledger_imports"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CURRENT
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    file_name = models.CharField(_("fil"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(_("storlek"), default=0)
    encoding = models.CharField(_("teckenkodning"), max_length=20)
    sie_type = models.PositiveSmallIntegerField(_("SIE-typ"))
    program = models.CharField(_("program"), max_length=200, blank=True)
    company = models.CharField(_("företag"), max_length=200, blank=True)
    orgnr = models.CharField(_("organisationsnummer"), max_length=20, blank=True)
    fiscal_year_start = models.DateField(_("räkenskapsår från"))
    fiscal_year_end = models.DateField(_("räkenskapsår till"))
    previous_year_start = models.DateField(null=True, blank=True)
    previous_year_end = models.DateField(null=True, blank=True)
    source = models.CharField(_("rörelser från"), max_length=20, choices=Source.choices)
    period_mode = models.CharField(
        _("tolkning av {}-raden"),
        max_length=12,
        default="total",
        help_text=_("total: {}-raden är kontots summa; remainder: den är resten utan objekt."),
    )
    line_count = models.BigIntegerField(default=0)
    voucher_count = models.BigIntegerField(default=0)
    transaction_count = models.BigIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    transactions_file = models.CharField(
        _("transaktionsfil"),
        max_length=300,
        blank=True,
        help_text=_("Verifikationernas rader i kolumnformat (Parquet) under UPPSIKT_LEDGER_DIR."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("SIE-import")
        verbose_name_plural = _("SIE-importer")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "fiscal_year_start"])]

    def __str__(self) -> str:
        return (
            f"{self.file_name} ({self.fiscal_year_start:%Y-%m-%d}–{self.fiscal_year_end:%Y-%m-%d})"
        )


class Account(TimeStampedModel):
    """An account of the chart, named by the latest import that declared it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="accounts"
    )
    number = models.CharField(_("konto"), max_length=20)
    name = models.CharField(_("benämning"), max_length=200, blank=True)
    kind = models.CharField(_("kontotyp"), max_length=1, blank=True)  # T S K I (SIE #KTYP)
    sru = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("konto")
        verbose_name_plural = _("konton")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


# The names of the default report lines (services.report_lines), translated when shown; a
# name that an organisation chose itself is shown as written.
STANDARD_LINE_NAMES = frozenset(
    {
        gettext_noop("Verksamhetens intäkter"),
        gettext_noop("Personalkostnader"),
        gettext_noop("Övriga driftskostnader"),
        gettext_noop("Finansiella poster"),
        gettext_noop("Regionbidrag"),
        gettext_noop("Kommunbidrag"),
    }
)


class ReportLine(TimeStampedModel):
    """A line of the income statement, made of account ranges; editable per organisation."""

    class Kind(models.TextChoices):
        OPERATING = "operating", _("Verksamhet")
        FINANCIAL = "financial", _("Finansiella poster")
        INTERNAL_FUNDING = "internal_funding", _("Regionbidrag/kommunbidrag")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="report_lines"
    )
    code = models.CharField(_("kod"), max_length=30)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OPERATING)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("rapportrad")
        verbose_name_plural = _("rapportrader")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="report_line_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language when it is a default line's name."""
        return gettext(self.name) if self.name in STANDARD_LINE_NAMES else self.name


class ReportLineRange(models.Model):
    line = models.ForeignKey(ReportLine, on_delete=models.CASCADE, related_name="ranges")
    first = models.CharField(_("från konto"), max_length=20)
    last = models.CharField(_("till konto"), max_length=20)

    class Meta:
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"


class LedgerBalance(models.Model):
    """A month's movement (actual) or budget per account, cost centre and project.

    For each (import, kind, year, period, account) the rows of view ``main`` add up to the
    account's total; view ``project`` holds project rows that a file lists on their own.
    """

    ledger_import = models.ForeignKey(
        LedgerImport, on_delete=models.CASCADE, related_name="balances"
    )
    kind = models.CharField(max_length=8)  # actual, budget
    year = models.SmallIntegerField()  # SIE year number: 0 this fiscal year, -1 the one before
    period = models.IntegerField()  # YYYYMM
    account = models.CharField(max_length=20)
    cost_centre = models.CharField(max_length=40, blank=True)
    project = models.CharField(max_length=40, blank=True)
    view = models.CharField(max_length=8, default="main")
    cents = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["ledger_import", "kind", "view", "period"]),
            models.Index(fields=["ledger_import", "cost_centre"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} {self.account} {self.cost_centre or '–'}: {self.cents}"


class OpeningBalance(models.Model):
    """#IB, #UB, #RES (per account) and #OIB, #OUB (per object) of an import."""

    ledger_import = models.ForeignKey(
        LedgerImport, on_delete=models.CASCADE, related_name="opening_balances"
    )
    kind = models.CharField(max_length=4)
    year = models.SmallIntegerField()
    account = models.CharField(max_length=20)
    cost_centre = models.CharField(max_length=40, blank=True)
    project = models.CharField(max_length=40, blank=True)
    object_list = models.CharField(max_length=200, blank=True)
    cents = models.BigIntegerField()
    line = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["ledger_import", "kind", "year"])]

    def __str__(self) -> str:
        return f"#{self.kind} {self.year} {self.account}: {self.cents}"


class CapitalProject(TimeStampedModel):
    """An investment (investeringsprojekt); its ledger rows carry ``code`` in SIE dimension 6."""

    class Category(models.TextChoices):
        DECIDED = "decided", _("Redan beslutade investeringar")
        NEW = "new", _("Nya behov av investeringar")
        REINVESTMENT = "reinvestment", _("Reinvesteringar")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="capital_projects"
    )
    code = models.CharField(_("projektkod"), max_length=40)
    name = models.CharField(_("namn"), max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("investeringsprojekt")
        verbose_name_plural = _("investeringsprojekt")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="capital_project_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CapitalBudgetRevision(TimeStampedModel):
    """One decided version of the multi-year capital budget. Every revision is kept; a year's
    budget is that of the latest revision giving the year a figure."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="capital_revisions"
    )
    label = models.CharField(_("beslut"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    note = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("revidering av investeringsbudget")
        verbose_name_plural = _("revideringar av investeringsbudget")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.decided_on:%Y-%m-%d})"


class CapitalBudgetLine(models.Model):
    revision = models.ForeignKey(
        CapitalBudgetRevision, on_delete=models.CASCADE, related_name="lines"
    )
    project = models.ForeignKey(
        CapitalProject, on_delete=models.PROTECT, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    cents = models.BigIntegerField(_("belopp (öre)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "project", "year"], name="capital_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}: {self.cents}"


class CapitalForecast(TimeStampedModel):
    """A project's forecast for a year's spending, made at the end of a month."""

    project = models.ForeignKey(CapitalProject, on_delete=models.PROTECT, related_name="forecasts")
    year = models.PositiveSmallIntegerField(_("år"))
    as_of = models.PositiveIntegerField(_("per månad (ÅÅÅÅMM)"))
    cents = models.BigIntegerField(_("årsprognos (öre)"))
    comment = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("investeringsprognos")
        verbose_name_plural = _("investeringsprognoser")
        ordering = ["project", "year", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "as_of"], name="capital_forecast_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year} per {self.as_of}"


class CapitalForecastItem(models.Model):
    """One named part of a project's forecast variance (budget − forecast, positive an
    under-spend) with its explanation, as reference 003 lists them under a department:
    "Centrala datorer −2,0 mnkr. Högre volymer …"."""

    forecast = models.ForeignKey(CapitalForecast, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    cents = models.BigIntegerField(_("avvikelse (öre)"))
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("prognosavvikelse")
        verbose_name_plural = _("prognosavvikelser")
        ordering = ["forecast", "position"]

    def __str__(self) -> str:
        return self.name


class OperatingBudget(TimeStampedModel):
    """One decided version of a unit's operating budget for a year (per report line and month,
    report sign). Every revision is kept; the latest one is the unit's budget."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="operating_budgets"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="operating_budgets"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    label = models.CharField(_("beslut"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    source = models.CharField(_("källa"), max_length=20, default="manual")  # manual, ledger, xlsx
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("driftbudget")
        verbose_name_plural = _("driftbudgetar")
        ordering = ["unit", "year", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.label}"


class OperatingBudgetLine(models.Model):
    budget = models.ForeignKey(OperatingBudget, on_delete=models.CASCADE, related_name="lines")
    report_line = models.ForeignKey(ReportLine, on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("månad"))
    cents = models.BigIntegerField(_("belopp (öre, rapporttecken)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "report_line", "month"], name="operating_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_line} {self.month}: {self.cents}"


class Forecast(TimeStampedModel):
    """A unit's full-year forecast for a report line, made at the end of a month (report sign)."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="forecasts"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    as_of = models.PositiveIntegerField(_("per månad (ÅÅÅÅMM)"))
    report_line = models.ForeignKey(ReportLine, on_delete=models.PROTECT, related_name="+")
    cents = models.BigIntegerField(_("årsprognos (öre)"))
    comment = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("prognos")
        verbose_name_plural = _("prognoser")
        ordering = ["unit", "year", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "as_of", "report_line"], name="forecast_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} per {self.as_of}: {self.report_line}"


class BusinessLine(TimeStampedModel):
    """A business line (verksamhet) of a unit: a grouping of its cost centres, for tables such as
    reference 002's (Ordinarie, Förstärkt försörjningsberedskap, Förrådsvaror)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="business_lines"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="business_lines"
    )
    name = models.CharField(_("namn"), max_length=200)
    cost_centres = models.ManyToManyField("organisation.CostCentre", related_name="business_lines")
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("verksamhet")
        verbose_name_plural = _("verksamheter")
        ordering = ["unit", "position", "name"]

    def __str__(self) -> str:
        return self.name


class BusinessLineForecast(TimeStampedModel):
    """A business line's forecast of its full-year result (surplus +, deficit −) at a month's end."""

    business_line = models.ForeignKey(
        BusinessLine, on_delete=models.CASCADE, related_name="forecasts"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    as_of = models.PositiveIntegerField(_("per månad (ÅÅÅÅMM)"))
    cents = models.BigIntegerField(_("prognos för resultatet (öre)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["business_line", "year", "as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_line", "year", "as_of"], name="business_line_forecast_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_line} {self.year} per {self.as_of}"
