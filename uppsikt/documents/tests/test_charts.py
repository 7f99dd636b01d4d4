"""Charts: what a reader of the printed page sees must never collide or be cut off."""

from __future__ import annotations

import re

from uppsikt.documents import charts
from uppsikt.documents.document import Chart, Series

MONTHS = ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]


def _trend(last: float, target: float) -> Chart:
    return Chart(
        "Personalomsättning",
        MONTHS,
        [Series("Utfall R12", [4.4, 5, 6, 7, 8, 9, 10, last]), Series("Målvärde", [target] * 8)],
        alt="Personalomsättning, rullande tolv månader",
        unit="%",
        decimals=2,
    )


def _end_label_baselines(svg: str) -> dict[str, float]:
    """{printed value: baseline y} of the bold end-of-line labels."""
    return {
        text: float(y)
        for y, text in re.findall(
            r'<text x="[^"]+" y="([^"]+)"[^>]*font-weight="bold">([^<]+)<', svg
        )
    }


def test_a_result_close_to_its_target_keeps_both_labels_apart():
    # 11,25 against the target 11,00: 0,25 percentage points is about 4 px on this chart's scale
    # (4,4…11,25 padded to 2…14 over 210 px), far less than a line of 11 px text.
    labels = _end_label_baselines(charts.svg(_trend(11.25, 11.0)))
    assert set(labels) == {"11,25", "11,00"}
    assert abs(labels["11,25"] - labels["11,00"]) >= charts.LINE_GAP
    assert labels["11,25"] < labels["11,00"]  # the higher value's label stands above
    g = charts._geometry(_trend(11.25, 11.0))
    assert labels["11,25"] == round(g.y(11.25) - 8, 1)
    assert labels["11,00"] == round(g.y(11.0) + 16, 1)  # the lower one below its point


def test_labels_far_apart_stay_above_their_points():
    chart = _trend(6.0, 11.0)
    g = charts._geometry(chart)
    labels = _end_label_baselines(charts.svg(chart))
    assert labels["6,00"] == round(g.y(6.0) - 8, 1)
    assert labels["11,00"] == round(g.y(11.0) - 8, 1)


def test_the_last_month_of_a_line_chart_is_not_cut_off_at_the_edge():
    svg = charts.svg(_trend(11.25, 11.0))
    x, anchor = re.search(
        r'<text x="([^"]+)" y="[^"]+" text-anchor="(\w+)"[^>]*>2024-04<', svg
    ).groups()
    # Centred under its point (x = 640 − 20 = 620) the seven characters would reach past 640.
    assert (anchor, float(x)) == ("end", charts.WIDTH - 2)
    first = re.search(r'<text x="([^"]+)" y="[^"]+" text-anchor="(\w+)"[^>]*>2023-09<', svg)
    assert first.groups() == (f"{charts.LEFT:.1f}", "middle")


def test_the_png_of_the_same_chart_draws_without_error():
    data = charts.png(_trend(11.25, 11.0))
    assert data is None or data.startswith(b"\x89PNG")
