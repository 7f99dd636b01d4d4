"""The Kolada client: chunks of at most 25 ids, paging by the next link, timeouts and retries
with back-off, values per gender with their status. No network: a fake session."""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from uppsikt.kolada.client import KoladaClient, KoladaError, chunks, parse_data

from .fakes import BASE, FakeResponse, FakeSession, page, row


def client(session, **kwargs):
    slept = []
    kwargs.setdefault("retries", 3)
    c = KoladaClient(
        base_url=BASE, session=session, timeout=7, backoff=0.5, sleep=slept.append, **kwargs
    )
    return c, slept


def test_chunks_of_at_most_25_keep_order_and_drop_repeats():
    ids = [f"{n:04d}" for n in range(1, 31)] + ["0001", " "]
    parts = chunks(ids)
    assert [len(p) for p in parts] == [25, 5]
    assert parts[0][0] == "0001" and parts[1] == ["0026", "0027", "0028", "0029", "0030"]
    assert chunks([]) == []


def test_more_than_25_municipalities_are_asked_in_two_requests():
    ids = [f"{n:04d}" for n in range(1, 31)]  # 30 ids
    session = FakeSession(
        page([row("0001", 2023, 5.5)]),
        page([row("0030", 2023, 6.5)]),
    )
    c, _slept = client(session)
    values = c.data(kpi="N60030", municipalities=ids, years=[2023])
    first, second = session.calls[0][0], session.calls[1][0]
    assert first == (f"{BASE}/data/kpi/N60030/municipality/{','.join(ids[:25])}/year/2023")
    assert second == f"{BASE}/data/kpi/N60030/municipality/{','.join(ids[25:])}/year/2023"
    assert [v.municipality for v in values] == ["0001", "0030"]


def test_pages_are_followed_by_next_url_relative_or_absolute_and_next_page():
    path = "data/kpi/N60030/municipality/0013/year/2022,2023"
    session = FakeSession(
        page([row("0013", 2022, 5.9)], next_url=f"{path}?page=2"),
        page([row("0013", 2023, 5.5)], next_url=f"{BASE}/{path}?page=3"),
        page([row("0013", 2021, 6.2)], next_url=f"/v3/{path}?page=4", key="next_page"),
        page([]),
    )
    c, _slept = client(session)
    values = c.data(kpi="N60030", municipalities=["0013"], years=[2023, 2022])
    assert [v.year for v in values] == [2022, 2023, 2021]
    urls = [call[0] for call in session.calls]
    assert urls[1] == f"{BASE}/{path}?page=2"
    assert urls[2] == f"{BASE}/{path}?page=3"
    assert urls[3] == f"{BASE}/{path}?page=4"  # /v3/… resolved against the base's host
    # the first request carries the page size; the links carry their own query
    assert session.calls[0][1] == {"per_page": 5000} and session.calls[1][1] is None


def test_a_page_seen_before_stops_the_paging():
    session = FakeSession(page([], next_url="kpi/N60030"))
    c, _slept = client(session)
    with pytest.raises(KoladaError):
        c.kpis(["N60030"])


def test_a_server_error_is_tried_again_after_a_pause():
    session = FakeSession(
        FakeResponse(503, {}),
        FakeResponse(502, {}),
        page([row("0013", 2023, 5.5)]),
    )
    c, slept = client(session)
    values = c.data(kpi="N60030", municipalities=["0013"], years=[2023])
    assert len(values) == 1 and len(session.calls) == 3
    assert slept == [0.5, 1.0]  # backoff × 2^0, × 2^1


def test_a_timeout_is_tried_again_and_every_call_has_the_timeout():
    session = FakeSession(requests.Timeout("slow"), page([row("0013", 2023, 5.5)]))
    c, slept = client(session)
    c.data(kpi="N60030", municipalities=["0013"], years=[2023])
    assert [call[2] for call in session.calls] == [7, 7]
    assert slept == [0.5]


def test_retries_run_out_with_a_swedish_error():
    session = FakeSession(*[FakeResponse(500, {}) for _ in range(4)])
    c, slept = client(session)
    with pytest.raises(KoladaError) as exc:
        c.kpis(["N60030"])
    assert len(session.calls) == 4  # the first try and three more
    assert slept == [0.5, 1.0, 2.0]
    assert "4 försök" in exc.value.message


def test_a_lost_connection_is_tried_again():
    session = FakeSession(requests.ConnectionError("down"), FakeResponse(200, {"values": []}))
    c, _slept = client(session)
    assert c.kpis(["N60030"]) == []


def test_a_client_error_is_not_tried_again():
    session = FakeSession(FakeResponse(404, {}))
    c, slept = client(session)
    with pytest.raises(KoladaError) as exc:
        c.kpis(["X00000"])
    assert len(session.calls) == 1 and slept == []
    assert "404" in exc.value.message


def test_an_answer_that_is_not_json_is_refused():
    session = FakeSession(FakeResponse(200, ValueError("not json")))
    c, _slept = client(session)
    with pytest.raises(KoladaError):
        c.kpis(["N60030"])


def test_values_per_gender_with_their_status():
    payload = {
        "values": [
            {
                "kpi": "N60030",
                "municipality": "0009",
                "period": 2019,
                "values": [
                    {"gender": "K", "count": 0, "status": "Missing", "value": None},
                    {"gender": "T", "count": 1, "status": "", "value": 6.25},
                ],
            }
        ]
    }
    women, total = parse_data(payload)
    assert (women.gender, women.value, women.status) == ("K", None, "Missing")
    assert (total.gender, total.value, total.status) == ("T", Decimal("6.25"), "")
    assert total.year == 2019 and total.municipality == "0009"


def test_data_in_an_unknown_shape_is_refused():
    with pytest.raises(KoladaError):
        parse_data({"values": [{"kpi": "N60030", "period": 2023, "values": [{"value": 1}]}]})
    with pytest.raises(KoladaError):
        parse_data({"values": [{"kpi": "N60030", "municipality": "0013", "period": "år",
                                "values": [{"value": 1}]}]})  # fmt: skip


def test_oudata_names_units():
    session = FakeSession(
        page([{"kpi": "N60030", "ou": "V15E0013", "period": 2023, "values": [
            {"gender": "T", "count": 1, "status": "", "value": 4.0}]}])
    )  # fmt: skip
    c, _slept = client(session)
    (value,) = c.oudata(kpi="N60030", units=["V15E0013"], years=[2023])
    assert session.calls[0][0] == f"{BASE}/oudata/kpi/N60030/ou/V15E0013/year/2023"
    assert value.municipality == "V15E0013" and value.value == Decimal("4.0")


def test_the_recorded_fixtures_answer_a_two_page_list():
    from uppsikt.kolada.recorded import RecordedSession
    from uppsikt.kolada.regions import REGION_IDS

    session = RecordedSession(BASE)
    c = KoladaClient(base_url=BASE, session=session, sleep=lambda s: None)
    values = c.data(kpi="N60030", municipalities=REGION_IDS, years=range(2019, 2024))
    # 21 regions × 5 years × 3 genders, over two pages
    assert len(values) == 21 * 5 * 3
    assert len(session.calls) == 2 and "page=2" in session.calls[1]
    halland = [v for v in values if v.municipality == "0013" and v.year == 2023]
    assert {v.gender: v.value for v in halland}["T"] == Decimal("5.5")
