"""Recomputation after a new extract computes only the figures whose rows changed
(docs/workforce.md, *Recomputation*), counted by the (unit, period) pairs the computation
produces, and gives the same figures as a full computation.

The tree: R with A (sub-units A1, A2) and B. E1 works in A1, E2 in A2, E3 in B; all permanent,
full time, 35 h a week (5 h a day) since 2020. Suppression is off (threshold 0), so that a group
of one person is shown. The periods are 2025-01 … 2025-06.

Extract 1: E1 sick 2025-03-10 … 2025-03-12 (3 days), E3 sick 2024-10-01 … 2024-10-02 (2 days).
Extract 2: the same, except that E1's sick record runs to 2025-03-14 (5 days).

Only the windows that contain March 2025 (R12 to 2025-03, -04, -05, -06) of A1 and its
ancestors A and R can change: 3 units × 4 periods = 12 pairs. In R12 to 2025-03
(2024-04-01 … 2025-03-31, 365 days) each person has 365 × 5 = 1 825 ordinary hours, so after
extract 2: A1 25 / 1 825 = 1,3699 %; A 25 / 3 650 = 0,6849 %; R (25 + 10) / 5 475 = 0,6393 %.
"""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.tests import factories
from uppsikt.workforce import compute, disclosure, services
from uppsikt.workforce.hrdata import Period
from uppsikt.workforce.import_tables import Source
from uppsikt.workforce.models import HrExtract, StaffFigureBasis, StaffFigureSet
from uppsikt.workforce.tests.test_against_reference import assert_same

pytestmark = pytest.mark.django_db

PERIODS = [Period(2025, m) for m in range(1, 7)]
TREE = {"R": None, "A": "R", "A1": "A", "A2": "A", "B": "R"}
HOME = {"E1": "A1", "E2": "A2", "E3": "B"}


def extract_sources(e1_sick_until: str) -> dict[str, Source]:
    employees = ["employee_id,gender,birth_year"] + [f"{e},K,1980" for e in HOME]
    employments = [
        "employment_id,employee_id,unit_code,start_date,end_date,form,weekly_hours,extent,"
        "end_reason"
    ] + [f"J{e},{e},{unit},2020-01-01,,tillsvidare,35,100," for e, unit in HOME.items()]
    absences = [
        "employee_id,start_date,end_date,extent,kind",
        f"E1,2025-03-10,{e1_sick_until},100,sjuk",
        "E3,2024-10-01,2024-10-02,100,sjuk",
    ]
    return {
        name: Source(f"{name}.csv", ("\n".join(lines) + "\n").encode())
        for name, lines in (
            ("employees", employees),
            ("employments", employments),
            ("absences", absences),
        )
    }


@pytest.fixture
def organisation(monkeypatch):
    monkeypatch.setattr(compute, "SUPPRESS_AT_MOST", 0)
    organisation = factories.organisation()
    units = {}
    for code, parent in TREE.items():
        units[code] = factories.unit(organisation, code, parent=units[parent] if parent else None)
    return organisation


@pytest.fixture
def computed(monkeypatch):
    """The (unit, period) pairs the computation produces figures for, in order."""
    pairs: list[tuple[str, str]] = []
    figures = compute.Computation.figures

    def counting(self, wanted=None):
        results = figures(self, wanted)
        pairs.extend((r.unit, str(r.period)) for r in results)
        return results

    monkeypatch.setattr(compute.Computation, "figures", counting)
    return pairs


def import_and_store(organisation, e1_sick_until: str) -> HrExtract:
    result = services.hr_extract_import(
        actor=SYSTEM,
        organisation=organisation,
        sources=extract_sources(e1_sick_until),
        covers_until=dt.date(2025, 12, 31),
    )
    services.staff_figures_store(
        actor=SYSTEM,
        organisation=organisation,
        units=list(organisation.units.all()),
        periods=PERIODS,
    )
    return result.extract


def stored() -> dict[tuple[str, str], StaffFigureSet]:
    return {(fs.unit.code, fs.period): fs for fs in StaffFigureSet.objects.select_related("unit")}


def test_a_changed_absence_recomputes_only_its_units_ancestors_in_the_windows_of_its_month(
    organisation, computed
):
    # given: the first extract, computed in full (5 units × 6 periods)
    import_and_store(organisation, "2025-03-12")
    assert len(computed) == 30
    before = stored()
    computed.clear()

    # when: the second extract changes E1's absence in March 2025
    second = import_and_store(organisation, "2025-03-14")

    # then: only A1, A and R in the windows containing March 2025 were computed
    march = {"2025-03", "2025-04", "2025-05", "2025-06"}
    assert sorted(computed) == sorted((unit, p) for unit in ("A1", "A", "R") for p in march)
    after = stored()
    s = after[("A1", "2025-03")].figures["sickness"]
    assert s["ordinary_hours"] == pytest.approx(1825)
    assert s["sick_hours"] == pytest.approx(25)
    assert s["total"] == pytest.approx(25 / 1825 * 100)
    assert after[("A", "2025-03")].figures["sickness"]["total"] == pytest.approx(25 / 3650 * 100)
    assert after[("R", "2025-06")].figures["sickness"]["total"] == pytest.approx(35 / 5475 * 100)
    # A2, B and the windows before March are the first extract's, now confirmed by the second
    assert after[("A2", "2025-03")].figures == before[("A2", "2025-03")].figures
    assert after[("A1", "2025-02")].figures["sickness"]["sick_hours"] == 0
    assert after[("A1", "2025-02")].computed_at == before[("A1", "2025-02")].computed_at
    assert after[("A1", "2025-03")].computed_at > before[("A1", "2025-03")].computed_at
    assert {fs.extract_id for fs in after.values()} == {second.pk}
    assert {fs.parameters["extract_checksum"] for fs in after.values()} == {second.checksum}

    # and: the stored figures equal a full computation from the second extract
    tree = services.unit_tree(organisation)
    full = disclosure.control(
        compute.compute(
            services._hr_data(second),
            units=tree,
            scopes=[code for code, _parent in tree],
            periods=PERIODS,
        ),
        tree=tree,
    )
    assert len(full) == len(after) == 30
    for result in full:
        assert_same(after[(result.unit, str(result.period))].figures, result.figures)


def test_the_same_rows_again_compute_nothing(organisation, computed):
    import_and_store(organisation, "2025-03-12")
    computed.clear()
    services.staff_figures_recompute(actor=SYSTEM, organisation=organisation)
    # the default series (24 months to 2025-11) is new, the six stored periods are not
    assert not any(p in {str(x) for x in PERIODS} for _unit, p in computed)
    computed.clear()
    services.staff_figures_recompute(actor=SYSTEM, organisation=organisation)
    assert computed == []


def test_a_change_of_the_unit_tree_computes_everything_again(organisation, computed):
    import_and_store(organisation, "2025-03-12")
    computed.clear()
    # B moves below A: every figure may differ (A's subtree), so none is taken as it was
    b = organisation.units.get(code="B")
    b.parent = organisation.units.get(code="A")
    b.save()
    services.staff_figures_store(
        actor=SYSTEM,
        organisation=organisation,
        units=list(organisation.units.all()),
        periods=PERIODS,
    )
    assert len(computed) == 30
    a = stored()[("A", "2025-03")].figures["sickness"]
    assert a["ordinary_hours"] == pytest.approx(3 * 1825)


def test_the_bases_go_with_the_raw_rows(organisation):
    import_and_store(organisation, "2025-03-12")
    assert StaffFigureBasis.objects.filter(organisation=organisation).count() == 30
    services.hr_extracts_purge(
        actor=SYSTEM, older_than_days=0, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    )
    assert not StaffFigureBasis.objects.filter(organisation=organisation).exists()
    # the published figures stay
    assert StaffFigureSet.objects.filter(organisation=organisation).count() == 30
