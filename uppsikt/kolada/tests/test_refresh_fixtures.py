"""``uppsikt kolada refresh-fixtures`` records every recorded request again; here Kolada is
played by the recorded answers themselves, so refreshing must give the same files back."""

from __future__ import annotations

import json
import shutil

from django.core.management import call_command

from uppsikt.kolada.client import KoladaClient
from uppsikt.kolada.management.commands import kolada_refresh_fixtures as command
from uppsikt.kolada.recorded import FIXTURES, RecordedSession, relative_links, request_key


def test_refreshing_writes_every_page_and_the_index_again(tmp_path, monkeypatch, settings):
    base = settings.UPPSIKT_KOLADA_URL
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copy(FIXTURES / "index.json", folder / "index.json")  # only the index: files are new
    monkeypatch.setattr(
        command,
        "KoladaClient",
        lambda base_url: KoladaClient(
            base_url=base_url, session=RecordedSession(base), sleep=lambda s: None
        ),
    )
    call_command("kolada_refresh_fixtures", folder=str(folder))
    original = json.loads((FIXTURES / "index.json").read_text(encoding="utf-8"))
    refreshed = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert refreshed == original
    for name in original.values():
        assert json.loads((folder / name).read_text(encoding="utf-8")) == json.loads(
            (FIXTURES / name).read_text(encoding="utf-8")
        )


def test_links_are_kept_relative_and_requests_keyed_with_a_sorted_query():
    base = "http://kolada.test/v3"
    page = {"values": [], "next_url": f"{base}/data/kpi/N60030?page=2", "previous_url": None}
    assert relative_links(page, base)["next_url"] == "data/kpi/N60030?page=2"
    key = request_key(f"{base}/data/kpi/N60030?page=2", {"per_page": 5000}, base)
    assert key == "data/kpi/N60030?page=2&per_page=5000"
    assert request_key(f"{base}/kpi/N60030", None, base) == "kpi/N60030"
