"""A client for Kolada's API v3 (docs/kolada.md).

Kolada answers a list in pages: each answer has ``values`` and, when there is more, a link to the
next page (``next_url``; older answers call it ``next_page``), absolute or relative to the API's
base. The client follows the links to the end. A request names at most ``MAX_IDS`` municipalities
or organisational units; a longer list is split into several requests. Every call has a timeout,
and a call that times out, cannot connect or gets a server error (5xx) or 429 is tried again
after a growing pause (``backoff`` × 2ⁿ), ``retries`` times, before ``KoladaError`` is raised.

The HTTP session is passed in (``requests.Session`` by default); tests and the demo pass one that
answers from the recorded fixtures (``recorded.RecordedSession``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError

MAX_IDS = 25  # ids per request (municipalities, units, KPIs), Kolada's limit
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
GENDERS = ("T", "K", "M")  # total, women (kvinnor), men (män)


class KoladaError(DomainError):
    """Kolada did not answer, or answered with something that is not its data."""


@dataclass(frozen=True)
class KoladaValue:
    """One figure: a KPI for a municipality (or unit) in a year, for one gender."""

    kpi: str
    municipality: str  # a municipality's or region's id ("0013"), or a unit's ("V15E…")
    year: int
    gender: str  # T, K or M
    value: Decimal | None  # None when Kolada has no value (see status)
    status: str  # "" or Kolada's note, e.g. "Missing"
    count: int | None = None


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    """``ids`` in lists of at most ``size``, in order, without repeats."""
    unique = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise KoladaError(_("Kolada svarade med ett värde som inte är ett tal.")) from exc


def parse_data(payload: dict, *, unit_key: str = "municipality") -> list[KoladaValue]:
    """The values of one page of ``/data`` (or ``/oudata``, ``unit_key="ou"``)."""
    out = []
    try:
        for row in payload.get("values", []):
            for item in row.get("values", []):
                out.append(
                    KoladaValue(
                        kpi=str(row["kpi"]),
                        municipality=str(row[unit_key]),
                        year=int(row["period"]),
                        gender=str(item.get("gender") or "T"),
                        value=_decimal(item.get("value")),
                        status=str(item.get("status") or ""),
                        count=item.get("count"),
                    )
                )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KoladaError(_("Kolada svarade med data i ett okänt format.")) from exc
    return out


def group_members(group: dict) -> list[tuple[str, str]]:
    """A municipality group's members as (id, name), in Kolada's order; a member given by its
    id alone is named by its id."""
    out = []
    for member in group.get("members") or []:
        if isinstance(member, dict) and member.get("id"):
            out.append((str(member["id"]), str(member.get("title") or member["id"])))
        elif isinstance(member, str | int):
            out.append((str(member), str(member)))
    return out


def default_client() -> KoladaClient:
    """A client on the configured base; with ``UPPSIKT_KOLADA_RECORDED`` it answers from the
    recorded fixtures instead of the network (the tests, an installation without internet)."""
    if settings.UPPSIKT_KOLADA_RECORDED:
        from .recorded import RecordedSession

        return KoladaClient(session=RecordedSession(settings.UPPSIKT_KOLADA_URL), sleep=_no_sleep)
    return KoladaClient()


def _no_sleep(seconds: float) -> None:
    return None


class KoladaClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        session=None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        per_page: int = 5000,
    ):
        self.base_url = (base_url or settings.UPPSIKT_KOLADA_URL).rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.timeout = settings.UPPSIKT_KOLADA_TIMEOUT if timeout is None else timeout
        self.retries = settings.UPPSIKT_KOLADA_RETRIES if retries is None else retries
        self.backoff = backoff
        self.sleep = sleep
        self.per_page = per_page

    # -- transport -------------------------------------------------------------------------

    def url(self, path_or_link: str) -> str:
        """A path below the base ("kpi/N60030"), a link Kolada gave (absolute, or relative to
        the base), as an absolute URL."""
        if path_or_link.startswith(("http://", "https://")):
            return path_or_link
        if path_or_link.startswith("/"):
            return urljoin(self.base_url + "/", path_or_link)
        return f"{self.base_url}/{path_or_link}"

    def get_json(self, url: str, params: dict | None = None) -> dict:
        """One GET, tried again on a timeout, a lost connection, 429 or 5xx."""
        attempt = 0
        while True:
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                failure: Exception | int = exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return self._payload(response)
                failure = response.status_code
            if attempt >= self.retries:
                raise KoladaError(
                    _("Kolada svarade inte (%(why)s) efter %(n)d försök.")
                    % {"why": self._why(failure), "n": attempt + 1}
                )
            self.sleep(self.backoff * 2**attempt)
            attempt += 1

    @staticmethod
    def _why(failure) -> str:
        if isinstance(failure, int):
            return _("HTTP-status %(status)d") % {"status": failure}
        if isinstance(failure, requests.Timeout):
            return _("tidsgränsen gick ut")
        return _("ingen förbindelse")

    @staticmethod
    def _payload(response) -> dict:
        if response.status_code >= 400:
            raise KoladaError(
                _("Kolada svarade med HTTP-status %(status)d.") % {"status": response.status_code}
            )
        try:
            payload = response.json()
        except ValueError as exc:
            raise KoladaError(_("Kolada svarade med något som inte är JSON.")) from exc
        if not isinstance(payload, dict):
            raise KoladaError(_("Kolada svarade med data i ett okänt format."))
        return payload

    def pages(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Every page of a list, following ``next_url`` (or ``next_page``) to the end."""
        url: str | None = self.url(path)
        seen: set[str] = set()
        first = True
        while url:
            if url in seen:
                raise KoladaError(_("Kolada svarade med en sida som redan har lästs."))
            seen.add(url)
            payload = self.get_json(url, params if first else None)
            first = False
            yield payload
            link = payload.get("next_url") or payload.get("next_page")
            url = self.url(link) if link else None

    # -- the API ---------------------------------------------------------------------------

    def kpis(self, ids: Iterable[str]) -> list[dict]:
        """The KPIs' descriptions (id, title, description, is_divided_by_gender, …)."""
        out = []
        for part in chunks(ids):
            for page in self.pages(f"kpi/{','.join(part)}"):
                out.extend(page.get("values", []))
        return out

    def municipalities(self, *, ids: Iterable[str] = (), kind: str = "") -> list[dict]:
        """Municipalities and regions (id, title, type: K municipality, L region); by ids, or
        all of a kind ("L": the regions)."""
        out = []
        if kind:
            for page in self.pages("municipality", {"municipality_type": kind}):
                out.extend(page.get("values", []))
            return out
        for part in chunks(ids):
            for page in self.pages(f"municipality/{','.join(part)}"):
                out.extend(page.get("values", []))
        return out

    def municipality_groups(self, ids: Iterable[str]) -> list[dict]:
        """Kolada's own groups of municipalities or regions (``municipality_groups/<ids>``):
        each ``{"id", "title", "members": [{"id", "title"}, …]}``."""
        out = []
        for part in chunks(ids):
            for page in self.pages(f"municipality_groups/{','.join(part)}"):
                out.extend(page.get("values", []))
        return out

    def data(self, *, kpi: str, municipalities: Iterable[str], years: Iterable[int]):
        """The KPI's values for the municipalities (or regions) in the years, every gender."""
        return self._values("data", "municipality", kpi, municipalities, years)

    def oudata(self, *, kpi: str, units: Iterable[str], years: Iterable[int]):
        """The KPI's values for organisational units (``/oudata``)."""
        return self._values("oudata", "ou", kpi, units, years)

    def _values(self, endpoint, key, kpi, ids, years) -> list[KoladaValue]:
        year_list = ",".join(str(int(y)) for y in sorted(set(years)))
        out: list[KoladaValue] = []
        for part in chunks(ids):
            path = f"{endpoint}/kpi/{kpi}/{key}/{','.join(part)}/year/{year_list}"
            for page in self.pages(path, {"per_page": self.per_page}):
                out.extend(parse_data(page, unit_key=key))
        return out
