"""Kolada's answers recorded as files (``fixtures/``), and a session that answers from them.

``fixtures/index.json`` maps each recorded request (its path below the API's base, with its query
sorted: ``data/kpi/N60030/municipality/0001,…/year/2019,…?per_page=5000``) to the file holding
Kolada's answer. Links to a next page are kept relative to the base, so no host is recorded.
Tests and the demo read these; ``uppsikt kolada refresh-fixtures`` records them again where the
network exists (docs/kolada.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INDEX = "index.json"


def request_key(url: str, params: dict | None, base_url: str) -> str:
    """The request as the index names it: the path below ``base_url`` and the sorted query."""
    base = base_url.rstrip("/") + "/"
    rest = url[len(base) :] if url.startswith(base) else url
    parts = urlsplit(rest)
    query = dict(parse_qsl(parts.query))
    query.update({k: str(v) for k, v in (params or {}).items()})
    path = parts.path.lstrip("/")
    return f"{path}?{urlencode(sorted(query.items()))}" if query else path


def relative_links(payload: dict, base_url: str) -> dict:
    """The answer with its links to other pages made relative to ``base_url``."""
    base = base_url.rstrip("/") + "/"
    out = dict(payload)
    for key in ("next_url", "next_page", "previous_url", "previous_page"):
        link = out.get(key)
        if isinstance(link, str) and link.startswith(base):
            out[key] = link[len(base) :]
    return out


class RecordedResponse:
    def __init__(self, status_code: int, payload):
        self.status_code = status_code
        self._payload = payload

    def json(self):
        return self._payload


class RecordedSession:
    """Answers GETs from the recorded files (404 for a request that was not recorded)."""

    def __init__(self, base_url: str, folder: Path = FIXTURES):
        self.base_url = base_url
        self.folder = folder
        self.index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        self.calls: list[str] = []

    def get(self, url: str, params=None, timeout=None):
        key = request_key(url, params, self.base_url)
        self.calls.append(key)
        name = self.index.get(key)
        if name is None:
            return RecordedResponse(404, {"error": "not recorded"})
        return RecordedResponse(200, json.loads((self.folder / name).read_text(encoding="utf-8")))
