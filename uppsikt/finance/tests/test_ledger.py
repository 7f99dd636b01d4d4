"""The ledger in the database: imports of real and hand-written files, year to date, the
trial balance, drill-down. Expected values are worked out by hand from docs/definitions.md §2."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from uppsikt.core.exceptions import ImportFailed, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import ledger_store, selectors, services
from uppsikt.finance.models import Account, LedgerBalance, LedgerImport
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db

# Real SIE files from other programs (see data/sie/SOURCES.md: origin and MIT licence).
SIE_DIR = Path(__file__).resolve().parent / "data" / "sie"
REAL_FILES = sorted(p for p in SIE_DIR.glob("*") if p.suffix.lower() == ".se")
INCOMPLETE = {"XE_SIE_3_20151125094952.SE"}  # its #PSALDO rows are zero padding (SOURCES.md)


def import_bytes(org, data: bytes, name="prov.se", actor=SYSTEM):
    return services.sie_import_file(actor=actor, organisation=org, data=data, filename=name)


@pytest.fixture
def org():
    return factories.organisation()


def test_the_real_sie_files_are_all_there():
    assert len(REAL_FILES) == 10


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_trial_balance_of_each_real_file_agrees_with_its_own_closing_balances(org, path):
    result = import_bytes(org, path.read_bytes(), path.name)
    imp = result.ledger_import
    end = imp.fiscal_year_end
    rows = {
        r.account: r
        for r in selectors.trial_balance(organisation=org, year=end.year, month=end.month)
    }
    own = selectors.file_closing(ledger_import=imp)
    assert own["UB"] or own["RES"], "the file states closing balances or results"
    ub_bad = [
        a for a, v in own["UB"].items() if (rows[a].closing if a in rows else Decimal(0)) != v
    ]
    res_bad = [
        a for a, v in own["RES"].items() if (rows[a].movement if a in rows else Decimal(0)) != v
    ]
    check = selectors.import_check(ledger_import=imp)
    if path.name in INCOMPLETE:
        # the file's periods do not carry its year: Uppsikt says so instead of agreeing
        assert len(ub_bad) == 37 and len(res_bad) == 15
        assert len(check["ub_diff"]) == 37 and len(check["res_diff"]) == 15
        assert any("#UB" in w for w in imp.warnings) and any("#RES" in w for w in imp.warnings)
    else:
        assert ub_bad == [] and res_bad == []
        assert check["ub_diff"] == [] and check["res_diff"] == []


def kept_parts() -> int:
    """The part files kept in the ledger's storage (on disk or in memory)."""
    names = LedgerImport.objects.exclude(transactions_file="").values_list(
        "transactions_file", flat=True
    )
    return sum(len(ledger_store.parts(name)) for name in names)


def test_importing_the_same_file_twice_changes_nothing(org):
    data = (SIE_DIR / "transaktioner_ovnbolag.se").read_bytes()
    first = import_bytes(org, data)
    counts = (
        LedgerImport.objects.count(),
        LedgerBalance.objects.count(),
        kept_parts(),
        AuditEvent.objects.count(),
    )
    second = import_bytes(org, data)
    assert second.created is False and second.ledger_import == first.ledger_import
    assert counts == (
        LedgerImport.objects.count(),
        LedgerBalance.objects.count(),
        kept_parts(),
        AuditEvent.objects.count(),
    )


def test_a_new_file_for_the_same_year_supersedes_the_old_one_which_is_kept(org):
    old = import_bytes(
        org, (SIE_DIR / "periodsaldo_ovnbolag.se").read_bytes(), "p.se"
    ).ledger_import
    new = import_bytes(org, (SIE_DIR / "transaktioner_ovnbolag.se").read_bytes(), "t.se")
    old.refresh_from_db()
    assert old.status == LedgerImport.Status.SUPERSEDED and old.superseded_by == new.ledger_import
    assert new.superseded == [old.pk]
    assert LedgerBalance.objects.filter(ledger_import=old).exists()  # history kept
    source = selectors.source_for(organisation=org, day=new.ledger_import.fiscal_year_start)
    assert source.import_ids == (new.ledger_import.pk,)


def test_a_bad_file_imports_nothing(org):
    data = (SIE_DIR / "Test4.SE").read_bytes().replace(b"#TRANS", b"#TRANS", 1)
    broken = data[: len(data) // 2]  # cut in the middle of the vouchers
    with pytest.raises(ImportFailed) as info:
        import_bytes(org, broken, "halv.se")
    assert any("halv.se, rad" in e for e in info.value.errors)
    assert LedgerImport.objects.count() == 0 and Account.objects.count() == 0


def test_import_needs_the_import_permission(org):
    reader = factories.user("lasare")
    factories.grant(reader, Role.READER, org)
    with pytest.raises(NotPermitted):
        import_bytes(org, (SIE_DIR / "typ3.se").read_bytes(), actor=reader)


# A hand-written region ledger: cost centre 11 belongs to unit EKO under RK, 21 to RSE.
# 2024: Jan–Apr, SIE sign (debit +, credit −).
LEDGER = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Region Prov"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#KONTO 1930 "Bank"
#KONTO 3010 "Avgifter"
#KONTO 3900 "Regionbidrag"
#KONTO 4011 "Löner"
#KONTO 5410 "Konsulter"
#KONTO 8410 "Räntor"
#IB 0 1930 1000000.00
#PBUDGET 0 202401 3010 {1 "11"} -50000.00
#PBUDGET 0 202401 4011 {1 "11"} 100000.00
#PBUDGET 0 202402 4011 {1 "11"} 100000.00
#PBUDGET 0 202405 4011 {1 "11"} 999999.00
#PBUDGET 0 202401 4011 {1 "21"} 70000.00
#PSALDO -1 202301 4011 {1 "11"} 90000.00
#PSALDO -1 202302 5410 {1 "11"} 5000.00
#PSALDO -1 202305 5410 {1 "11"} 7777.00
#VER A 1 20240131 "Januari"
{
#TRANS 3010 {1 "11"} -60000.00
#TRANS 4011 {1 "11"} 95000.00
#TRANS 4011 {1 "21"} 80000.00
#TRANS 3900 {1 "11"} -30000.00
#TRANS 1930 {} -85000.00
}
#VER A 2 20240229 "Februari"
{
#TRANS 4011 {1 "11"} 98000.00
#TRANS 5410 {1 "11" 6 "P1"} 12000.50
#TRANS 1930 {} -110000.50
}
#VER A 3 20240515 "Maj"
{
#TRANS 4011 {1 "11"} 500000.00
#TRANS 1930 {} -500000.00
}
"""


@pytest.fixture
def region(org):
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    factories.unit(org, "RSE", cost_centres=["21"])
    import_bytes(org, LEDGER.encode("cp437"), "region.se")
    return org


def test_ytd_per_report_line_for_a_unit_subtree(region):
    rk = region.units.get(code="RK")
    table = selectors.ytd_table(organisation=region, unit=rk, year=2024, month=2)
    rows = {r.code: r for r in table.rows}
    # cost centre 11 only (RK's subtree), Jan–Feb 2024, report sign = −SIE:
    # revenue: actual −(−60 000) = 60 000; budget −(−50 000) = 50 000; variance +10 000; +20 %
    assert rows["revenue"].actual == Decimal("60000") and rows["revenue"].budget == Decimal("50000")
    assert rows["revenue"].variance == Decimal("10000")
    assert rows["revenue"].variance_percent == Decimal("20")
    # staff: actual −(95 000 + 98 000) = −193 000; budget −200 000; variance +7 000; 7 000/200 000 = 3,5 %
    assert rows["staff"].actual == Decimal("-193000") and rows["staff"].budget == Decimal("-200000")
    assert rows["staff"].variance_percent == Decimal("3.5")
    # other: −12 000,50, no budget: no percentage
    assert rows["other"].actual == Decimal("-12000.50") and rows["other"].variance_percent is None
    # net cost (without regionbidrag): 60 000 − 193 000 − 12 000,50 = −145 000,50; budget −150 000
    assert rows["net"].actual == Decimal("-145000.50") and rows["net"].budget == Decimal("-150000")
    # regionbidrag 30 000; result −145 000,50 + 30 000 = −115 000,50
    assert rows["funding"].actual == Decimal("30000")
    assert rows["result"].actual == Decimal("-115000.50")
    # previous year Jan–Feb 2023 from #PSALDO -1: staff −90 000, other −5 000 (not May's 7 777)
    assert rows["staff"].previous == Decimal("-90000") and rows["other"].previous == Decimal(
        "-5000"
    )


def test_ytd_is_cumulative_from_the_fiscal_years_start_and_stops_at_the_month(region):
    eko = region.units.get(code="EKO")
    april = {
        r.code: r
        for r in selectors.ytd_table(organisation=region, unit=eko, year=2024, month=4).rows
    }
    may = {
        r.code: r
        for r in selectors.ytd_table(organisation=region, unit=eko, year=2024, month=5).rows
    }
    assert april["staff"].actual == Decimal("-193000")
    assert may["staff"].actual == Decimal("-693000")  # + May's 500 000
    assert may["staff"].budget == Decimal("-1199999")  # 100 000 + 100 000 + 999 999


def test_ytd_for_the_whole_organisation_includes_every_cost_centre(region):
    table = selectors.ytd_table(organisation=region, unit=None, year=2024, month=1)
    staff = table.row("staff")
    assert staff.actual == Decimal("-175000")  # −(95 000 + 80 000)
    assert staff.budget == Decimal("-170000")  # −(100 000 + 70 000)


def test_drill_down_from_a_line_to_accounts_and_vouchers(region):
    rk = region.units.get(code="RK")
    accounts = selectors.ytd_accounts(
        organisation=region, unit=rk, year=2024, month=2, line_code="other"
    )
    assert [(a.account, a.actual) for a in accounts] == [("5410", Decimal("-12000.50"))]
    rows, total = selectors.account_transactions(
        organisation=region, unit=rk, year=2024, month=2, account="4011"
    )
    assert total == 2
    assert [(r["number"], r["amount"]) for r in rows] == [
        ("1", Decimal("95000")),
        ("2", Decimal("98000")),
    ]


def test_trial_balance_through_a_month(region):
    rows = {r.account: r for r in selectors.trial_balance(organisation=region, year=2024, month=2)}
    # bank: IB 1 000 000, movements −85 000 − 110 000,50 → closing 804 999,50
    assert rows["1930"].opening == Decimal("1000000") and rows["1930"].movement == Decimal(
        "-195000.50"
    )
    assert rows["1930"].closing == Decimal("804999.50")
    assert rows["4011"].movement == Decimal("273000")  # 95 000 + 80 000 + 98 000
    assert rows["4011"].budget == Decimal("270000")  # 100 000 + 100 000 + 70 000
    assert list(rows) == sorted(rows, key=int)


def test_commands_write_the_trial_balance_and_the_ytd_table(region):
    out = StringIO()
    call_command("ledger_trial_balance", "--through", "2024-02", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data[0]) == ["account", "name", "opening", "movement", "closing", "budget"]
    bank = next(r for r in data if r["account"] == "1930")
    assert bank == {
        "account": "1930",
        "name": "Bank",
        "opening": 1000000,
        "movement": -195000.5,
        "closing": 804999.5,
        "budget": 0,
    }
    out = StringIO()
    call_command(
        "report_ytd", "--unit", "RK", "--period", "2024-02", "--format", "json", stdout=out
    )
    ytd = json.loads(out.getvalue())
    staff = next(r for r in ytd["lines"] if r["line"] == "staff")
    assert staff == {
        "line": "staff",
        "name": "Personalkostnader",
        "actual": -193000,
        "budget": -200000,
        "variance": 7000,
        "variance_percent": 3.5,
        "previous_actual": -90000,
    }


def test_commands_refuse_bad_months_and_units(region):
    with pytest.raises(CommandError, match="Ogiltig månad"):
        call_command("report_ytd", "--unit", "RK", "--period", "2024-13")
    with pytest.raises(CommandError, match="finns inte"):
        call_command("report_ytd", "--unit", "NOPE", "--period", "2024-02")


# --------------------------------------------------------------------------------------------
# Files that must be refused whole, with nothing changed (docs/sie.md)

HEADER_ONLY = LEDGER.split("#IB")[0]


def test_a_header_only_file_is_refused_and_the_current_ledger_stays(region):
    before = LedgerImport.objects.get()
    balances = LedgerBalance.objects.count()
    with pytest.raises(ImportFailed) as info:
        import_bytes(region, HEADER_ONLY.encode("cp437"), "tom.se")
    assert any("tom.se" in e and "inget att läsa in" in e for e in info.value.errors)
    before.refresh_from_db()
    assert before.status == LedgerImport.Status.CURRENT
    assert LedgerImport.objects.count() == 1 and LedgerBalance.objects.count() == balances


def test_the_command_refuses_a_gzip_file_with_a_clear_message(org, tmp_path):
    import gzip

    for name in ("region.se.gz", "region.se"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(LEDGER.encode("cp437")))
        err = StringIO()
        with pytest.raises(CommandError) as info:
            call_command("import_sie", str(path), "--quiet", stderr=err)
        assert "inget har sparats" in str(info.value)
        assert f"{name}, rad 1: filen är gzip-komprimerad" in err.getvalue()
    assert LedgerImport.objects.count() == 0


def test_the_line_bound_of_an_import_comes_from_the_settings(org, settings):
    # the longest line of LEDGER is '#PBUDGET 0 202405 4011 {1 "11"} 999999.00' (41 bytes)
    settings.UPPSIKT_SIE_MAX_LINE_BYTES = 40
    with pytest.raises(ImportFailed) as info:
        import_bytes(org, LEDGER.encode("cp437"))
    assert any("rad 17: raden är längre än 40 byte" in e for e in info.value.errors)
    settings.UPPSIKT_SIE_MAX_LINE_BYTES = 41
    assert import_bytes(org, LEDGER.encode("cp437")).created


def test_an_account_written_with_a_superscript_digit_is_compared_as_text():
    from uppsikt.finance.selectors._base import _in_range
    from uppsikt.finance.selectors.ledger import _account_order

    # "²" passes str.isdigit but not int(): it sorts and compares as text, without an error
    assert _in_range("²", "1000", "1999") is False
    assert _account_order("²") == (1, 0, "²")


# A voucher dated 31 January whose rows carry their own dates (transdat): the goods booked on
# 5410 are dated 1 February. SIE sign.
ACROSS_MONTHS = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20240101 20241231
#KONTO 1930 "Bank"
#KONTO 4011 "Löner"
#KONTO 5410 "Förbrukningsinventarier"
#IB 0 1930 1000.00
#UB 0 1930 500.00
#PSALDO 0 202401 1930 {} -500.00
#PSALDO 0 202401 4011 {} 200.00
#PSALDO 0 202402 5410 {} 300.00
#VER A 1 20240131 "Faktura över månadsskiftet"
{
#TRANS 5410 {1 "11"} 300.00 20240201 "Levererat i februari"
#TRANS 4011 {1 "11"} 200.00
#TRANS 1930 {} -500.00 20240131
}
"""


def test_a_row_with_its_own_date_is_counted_in_that_dates_month(org):
    imp = import_bytes(org, ACROSS_MONTHS.encode("cp437"), "over.se").ledger_import
    # by hand: January 1930 −500 and 4011 +200 (no date of its own: the voucher's 31 January);
    # February 5410 +300 (its own date 1 February); as the file's #PSALDO says
    balances = sorted(
        LedgerBalance.objects.filter(ledger_import=imp, kind="actual", view="main").values_list(
            "period", "account", "cents"
        )
    )
    assert balances == [(202401, "1930", -50000), (202401, "4011", 20000), (202402, "5410", 30000)]
    assert imp.warnings == []  # vouchers agree with #PSALDO, IB + movements with #UB
    january = {
        r.account: r.movement for r in selectors.trial_balance(organisation=org, year=2024, month=1)
    }
    assert "5410" not in january and january["4011"] == Decimal(200)
    rows, total = selectors.account_transactions(
        organisation=org, unit=None, year=2024, month=1, account="5410"
    )
    assert (rows, total) == ([], 0)
    rows, total = selectors.account_transactions(
        organisation=org, unit=None, year=2024, month=2, account="5410"
    )
    assert total == 1
    row = rows[0]
    # the voucher keeps its own date; the row shows both
    assert (row["date"], row["voucher_date"], row["period"]) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 1, 31),
        202402,
    )
    assert imp.voucher_count == 1


def test_a_booked_row_dated_outside_the_fiscal_year_is_an_error(org):
    data = ACROSS_MONTHS.replace("300.00 20240201", "300.00 20250101").encode("cp437")
    with pytest.raises(ImportFailed) as info:
        import_bytes(org, data, "over.se")
    assert (
        "over.se, rad 15: transaktionsdatum 2025-01-01 ligger utanför räkenskapsåret "
        "2024-01-01–2024-12-31." in info.value.errors
    )
    assert LedgerImport.objects.count() == 0


def test_a_generated_file_imports_without_warnings(org, tmp_path):
    path = tmp_path / "gen.se"
    call_command("generate_sie", "--transactions", "200", "--out", str(path), stdout=StringIO())
    text = path.read_bytes().decode("cp437")
    # every balance account of the chart has its closing balance
    for account in ("1220", "1510", "1930", "2440", "2710", "2990"):
        assert f"#UB 0 {account} " in text
    assert "#UB 0 2440 -500000000.00" in text  # no movements on 2440: its opening balance
    imp = import_bytes(org, path.read_bytes(), "gen.se").ledger_import
    assert imp.warnings == []


def test_the_default_report_lines_are_named_in_the_readers_language(region):
    from django.utils import translation

    from uppsikt.finance.models import ReportLine

    rk = region.units.get(code="RK")
    ReportLine.objects.filter(organisation=region, code="other").update(name="Driften i övrigt")
    with translation.override("en"):
        rows = {
            r.code: r.name
            for r in selectors.ytd_table(organisation=region, unit=rk, year=2024, month=2).rows
        }
    assert rows["revenue"] == "Operating income"
    assert rows["staff"] == "Staff costs"
    assert rows["funding"] == "Regional funding"
    assert (rows["net"], rows["result"]) == ("Net cost", "Result")
    # a name the organisation chose is shown as written
    assert rows["other"] == "Driften i övrigt"
    with translation.override("sv"):
        rows = {
            r.code: r.name
            for r in selectors.ytd_table(organisation=region, unit=rk, year=2024, month=2).rows
        }
    assert (rows["staff"], rows["net"]) == ("Personalkostnader", "Nettokostnad")
