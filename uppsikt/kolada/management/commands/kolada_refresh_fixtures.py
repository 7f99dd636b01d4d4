"""``uppsikt kolada refresh-fixtures``: ask Kolada again for every recorded request and write
its answers over the fixtures (docs/kolada.md). Needs the network; never run by the tests."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.kolada.client import KoladaClient
from uppsikt.kolada.recorded import FIXTURES, INDEX, relative_links, request_key


def _first_pages(index: dict[str, str]) -> dict[str, str]:
    """The recorded requests that start a list (not a later page), by the stem of their file."""
    out = {}
    for key, name in index.items():
        if "page" in dict(parse_qsl(key.partition("?")[2])):
            continue
        out[key] = name.removesuffix(".json").removesuffix("_page1")
    return out


class Command(BaseCommand):
    help = "Hämta Kolada-svaren som testerna och demon använder på nytt (kräver nätverk)."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(FIXTURES), help="fixturmappen")

    def handle(self, *args, folder: str, **options):
        folder_path = Path(folder)
        base = settings.UPPSIKT_KOLADA_URL
        index = json.loads((folder_path / INDEX).read_text(encoding="utf-8"))
        client = KoladaClient(base_url=base)
        fresh: dict[str, str] = {}
        try:
            for key, stem in _first_pages(index).items():
                fresh.update(self._record(client, folder_path, base, key, stem))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        (folder_path / INDEX).write_text(
            json.dumps(dict(sorted(fresh.items())), indent=1) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"{len(fresh)} svar sparade i {folder_path}")

    def _record(self, client, folder: Path, base: str, key: str, stem: str) -> dict[str, str]:
        path, _sep, query = key.partition("?")
        params = dict(parse_qsl(query)) or None
        url = client.url(path)
        recorded = {}
        pages = list(client.pages(path, params))
        for number, page in enumerate(pages, start=1):
            name = f"{stem}_page{number}.json" if len(pages) > 1 else f"{stem}.json"
            (folder / name).write_text(
                json.dumps(relative_links(page, base), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
            recorded[request_key(url, params, base)] = name
            link = page.get("next_url") or page.get("next_page")
            if link:
                url, params = client.url(link), None
        return recorded
