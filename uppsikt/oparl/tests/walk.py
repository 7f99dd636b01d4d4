"""Walking the open data as a client does: from ``/oparl/v1.1/``, following URLs only, and
checking each object against the OParl 1.1 schemas (``uppsikt/oparl/schema``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
PREFIX = "https://schema.oparl.org/1.1/"
HOST = "http://testserver"
ROOT = HOST + "/oparl/v1.1/"
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")

formats = jsonschema.FormatChecker()


@formats.checks("url")
def _url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@formats.checks("date-time")
def _date_time(value) -> bool:
    return bool(DATE_TIME.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))


@formats.checks("date", raises=ValueError)
def _date(value) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value)) and bool(dt.date.fromisoformat(value))


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def validator(name: str) -> jsonschema.protocols.Validator:
    s = schema(name)
    cls = jsonschema.validators.validator_for(s, default=jsonschema.Draft202012Validator)
    return cls(s, format_checker=formats)


def objects_in(value):
    """Every OParl object in ``value``, embedded ones too."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(PREFIX):
            yield value
        for v in value.values():
            yield from objects_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from objects_in(v)


def urls_in(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from urls_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from urls_in(v)
    elif isinstance(value, str) and value.startswith(HOST + "/oparl/"):
        yield value


def problems(obj: dict) -> list[str]:
    """What is wrong with one object against its schema."""
    name = obj["type"].removeprefix(PREFIX)
    return [f"{obj.get('id')}: {e.message}" for e in validator(name).iter_errors(obj)]


@dataclass
class Walk:
    responses: dict[str, object] = field(default_factory=dict)  # URL → response
    bodies: dict[str, object] = field(default_factory=dict)  # URL → parsed JSON
    objects: dict[str, dict] = field(default_factory=dict)  # id → object (the fullest seen)
    pages: list[dict] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(r.content.decode() for r in self.responses.values())


def walk(client, start: str = ROOT, limit: int = 20_000) -> Walk:
    """Every URL reachable from ``start`` under /oparl/, fetched once."""
    out = Walk()
    queue = deque([start])
    while queue and len(out.responses) < limit:
        url = queue.popleft()
        if url in out.responses:
            continue
        response = client.get(url.removeprefix(HOST))
        out.responses[url] = response
        if response.status_code != 200:
            continue
        body = json.loads(response.content)
        out.bodies[url] = body
        if "data" in body and "pagination" in body:
            out.pages.append({"url": url, **body})
        for obj in objects_in(body):
            known = out.objects.get(obj["id"])
            if known is None or len(obj) > len(known):
                out.objects[obj["id"]] = obj
        queue.extend(u for u in urls_in(body) if u not in out.responses)
    return out
