"""A fake HTTP session for the Kolada client: answers in order, records every call."""

from __future__ import annotations

BASE = "http://kolada.test/v3"


class FakeResponse:
    def __init__(self, status_code: int, payload=None):
        self.status_code = status_code
        self._payload = payload

    def json(self):
        if isinstance(self._payload, Exception):
            raise self._payload
        return self._payload


class FakeSession:
    """``answers``: each a FakeResponse, an exception to raise, or a callable(url, params)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls: list[tuple[str, dict | None, float | None]] = []

    def get(self, url, params=None, timeout=None):
        self.calls.append((url, params, timeout))
        answer = self.answers.pop(0)
        if callable(answer) and not isinstance(answer, FakeResponse):
            answer = answer(url, params)
        if isinstance(answer, Exception):
            raise answer
        return answer


def page(rows, next_url=None, key="next_url"):
    payload = {"count": len(rows), "values": rows}
    if next_url is not None:
        payload[key] = next_url
    return FakeResponse(200, payload)


def row(municipality, year, total, kpi="N60030", women=None, men=None, status=""):
    values = [{"gender": "T", "count": 1, "status": status, "value": total}]
    if women is not None:
        values.append({"gender": "K", "count": 1, "status": "", "value": women})
    if men is not None:
        values.append({"gender": "M", "count": 1, "status": "", "value": men})
    return {"kpi": kpi, "municipality": municipality, "period": year, "values": values}
