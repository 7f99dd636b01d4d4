"""Whole pages kept for the person who asked for them, answered again without being made anew
while nothing they were made from has changed (docs/deployment.md, Kept pages).

Every statement that Uppsikt's processes (web, jobs, commands) send through Django's database
connections passes ``_watch``:

- a write (``INSERT``, ``UPDATE``, ``DELETE``, ``TRUNCATE``) notes its table, and when the write
  has committed, that table's *generation* goes up (a row of ``TableGeneration``; a write in a
  transaction that rolls back changes nothing);
- while a kept page is made, every table its statements read is noted.

A page is kept with the generations of the tables it read, read before it was made (so what it
shows is at least as new as them). A later request with the same address, person (every field of
the account), session (its key and its data), form token, language, organisation and day is
answered with the kept page when the generations of those tables are still what they were: one
statement instead of the page's reads and its templates. Any committed write to any of them
makes the page anew; so does a pending message, a request from HTMX, a page that wrote while it
was made, changed the session or set a cookie, and a page older than ``UPPSIKT_KEPT_PAGE_SECONDS``.

A table can be split into parts (``parted``): the to-do lists' assessments by unit. A write made
inside ``scoped_writes(table, parts)`` counts up only those parts' generations and the table's
"any part" generation; a read made inside ``scoped_reads(table, part)`` depends on the table's
own generation and its part's. Every other write to the table counts up the whole table, and
every other read depends on the whole table and on any part, so a write or a read that names no
part is never missed.

A value that many people's pages compute alike (the progress of a period for everyone whose
permissions are made of the same roles) is kept once for all of them with ``shared``: under a key
that holds everything besides the database it depends on, checked against the generations of
the tables it read, and noted as read by each page that takes it.

A page or shared value is made by one thread at a time: a request for one that another thread
of the process is making waits for it, and takes it if it is still fresh (``_one_maker``).

Values a page takes from a process's own memory rather than from a statement (the menu and the
organisation of ``organisation.reference``) report the tables they are made of with
``note_reads``. Writes that bypass Django's cursors (the ledger's ``COPY``) report theirs with
``note_written``. Writes made by other programs straight into the database are not seen: a page
they change is made anew within ``UPPSIKT_KEPT_PAGE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone, translation

from . import db_router

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATIONS_TABLE = "core_tablegeneration"
# Tables whose writes say nothing about a page: the sessions (a page's session is part of its
# key) and the generations themselves.
_UNWATCHED = frozenset({GENERATIONS_TABLE, "django_session"})

_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)",
    re.IGNORECASE,
)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
_NAME = re.compile(r"\"(\w+)\"")
_READ = re.compile(r"\b(?:FROM|JOIN)\s+\"?([A-Za-z_]\w*)", re.IGNORECASE)


@dataclass
class _Making:
    """What the statements of a page being made have done so far."""

    read: set[str]
    wrote: bool = False


_making: ContextVar[_Making | None] = ContextVar("uppsikt_kept_page_making", default=None)

# tables split into parts, and the part that the statements of a block write or read
_PARTED: set[str] = set()
_write_parts: ContextVar[tuple[str, tuple[str, ...]] | None] = ContextVar(
    "uppsikt_kept_page_write_parts", default=None
)
_read_parts: ContextVar[tuple[str, tuple[str, ...]] | None] = ContextVar(
    "uppsikt_kept_page_read_parts", default=None
)
ANY_PART = "*"


def parted(table: str) -> None:
    """Split ``table`` into parts (an app's ``ready``): its writes and reads may name theirs."""
    _PARTED.add(table)


@contextmanager
def scoped_writes(table: str, parts: Iterable[object]) -> Iterator[None]:
    """The writes to ``table`` made in the block touch only rows of ``parts``."""
    if table not in _PARTED:
        raise ValueError(f"{table} is not split into parts")
    token = _write_parts.set((table, tuple(str(p) for p in parts)))
    try:
        yield
    finally:
        _write_parts.reset(token)


@contextmanager
def scoped_reads(table: str, *parts: object) -> Iterator[None]:
    """The reads of ``table`` made in the block see only rows of ``parts`` (rows that a write
    in ``scoped_writes`` names one of them for); with no part named, they may see any row."""
    if table not in _PARTED:
        raise ValueError(f"{table} is not split into parts")
    token = _read_parts.set((table, tuple(str(p) for p in parts) or (ANY_PART,)))
    try:
        yield
    finally:
        _read_parts.reset(token)


def _part(table: str, part: str) -> str:
    return f"{table}@{part}"


# ---------------------------------------------------------------------------------------------
# Watching the statements


def _written_tables(sql: str) -> set[str]:
    head = sql.lstrip()[:9].upper()
    if head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
        found = _WRITE.match(sql)
        return {found.group(1)} if found else set()
    if head.startswith("TRUNCATE") and _TRUNCATE.match(sql):
        return set(_NAME.findall(sql.split(" RESTART", 1)[0].split(" CASCADE", 1)[0]))
    return set()


class _Pending:
    """The tables written in a connection's current transaction, counted up when it commits."""

    def __init__(self, alias: str):
        self.alias = alias
        self.tables: set[str] = set()
        self.hooks: list | None = None  # the list of commit callbacks it was found in

    def __call__(self) -> None:
        bump(alias=self.alias, tables=self.tables)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    making = _making.get()
    written = _written_tables(sql)
    if written:
        if making is not None:
            making.wrote = True
        scope = _write_parts.get()
        if scope is not None and written == {scope[0]}:
            table, parts = scope
            written = {_part(table, p) for p in (*parts, ANY_PART)}
        note_written(alias=context["connection"].alias, tables=written)
    elif making is not None:
        tables = _READ.findall(sql)
        making.read.update(tables)
        for table in tables:
            if table in _PARTED:
                scope = _read_parts.get()
                parts = scope[1] if scope is not None and scope[0] == table else (ANY_PART,)
                making.read.update(_part(table, part) for part in parts)
    return result


def note_written(*, alias: str, tables: Iterable[str]) -> None:
    """Tables written on ``alias`` by a statement that has run: their generations go up when
    its transaction commits (at once outside a transaction)."""
    tables = set(tables) - _UNWATCHED
    if not tables:
        return
    connection = connections[alias]
    if not connection.in_atomic_block:
        bump(alias=alias, tables=tables)
        return
    pending = connection.__dict__.get("_uppsikt_pending")
    hooks = connection.run_on_commit
    # Django only appends to its list of commit callbacks in place; a commit or a rollback (of
    # the transaction or a savepoint) puts a new list in its place. The same list: the callback
    # is still in it; another: look once, and start anew if a rollback took it away.
    if pending is None or pending.hooks is not hooks:
        if pending is None or not any(entry[1] is pending for entry in hooks):
            pending = _Pending(alias)
            connection.__dict__["_uppsikt_pending"] = pending
            transaction.on_commit(pending, using=alias, robust=True)
        pending.hooks = connection.run_on_commit
    pending.tables |= tables


def note_reads(tables: Iterable[str]) -> None:
    """Tables a page being made depends on without a statement of its own (values kept in the
    process's memory); nothing outside the making of a kept page."""
    making = _making.get()
    if making is not None:
        making.read.update(tables)


def bump(*, alias: str, tables: Iterable[str]) -> None:
    """Count up the generation of each of ``tables`` (to at least the present moment in
    microseconds, so that a table emptied and filled anew never goes back to a count it had)."""
    names = sorted(set(tables) - _UNWATCHED)
    if not names:
        return
    connection = connections[alias]
    vendor_max = "GREATEST" if connection.vendor == "postgresql" else "max"
    now = time.time_ns() // 1000
    sql = (
        f'INSERT INTO "{GENERATIONS_TABLE}" ("name", "value") VALUES '  # noqa: S608 - fixed names
        + ", ".join(["(%s, %s)"] * len(names))
        + f' ON CONFLICT ("name") DO UPDATE SET "value" = {vendor_max}('
        f'"{GENERATIONS_TABLE}"."value" + 1, excluded."value")'
    )
    params = [v for name in names for v in (name, now)]
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:  # the table does not exist yet (migrations): nothing is kept then
        logger.debug("generations not counted up for %s", names, exc_info=True)


def _read_alias() -> str:
    """Where generations are read: the replica when there is one, whatever a page reads from.
    It applies the primary's commits in their order, so a page made from either database is at
    least as new as the generations the replica gave before it was made."""
    return db_router.REPLICA if db_router.replica_enabled() else "default"


def generations() -> dict[str, int]:
    """Every table's generation."""
    with connections[_read_alias()].cursor() as cursor:
        cursor.execute(f'SELECT "name", "value" FROM "{GENERATIONS_TABLE}"')  # noqa: S608
        return dict(cursor.fetchall())


def _generations_of(names: tuple[str, ...]) -> tuple[int, ...]:
    if not names:
        return ()
    with connections[_read_alias()].cursor() as cursor:
        cursor.execute(
            f'SELECT "name", "value" FROM "{GENERATIONS_TABLE}" WHERE "name" IN '  # noqa: S608
            f"({', '.join(['%s'] * len(names))})",
            list(names),
        )
        found = dict(cursor.fetchall())
    return tuple(found.get(name, 0) for name in names)


def _in_transaction() -> bool:
    """A transaction is open: what is read in it may never be committed, so nothing is kept
    (and a test inside its transaction reads as it would without kept pages)."""
    return any(c.in_atomic_block for c in connections.all(initialized_only=True))


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


connection_created.connect(_install, dispatch_uid="uppsikt.core.kept_pages")


# ---------------------------------------------------------------------------------------------
# The kept pages of this process


@dataclass(frozen=True)
class _Page:
    tables: tuple[str, ...]
    generations: tuple[int, ...]
    made: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


_lock = threading.Lock()
_pages: OrderedDict[str, _Page] = OrderedDict()
_bytes = 0


def forget_all() -> None:
    """Forget every kept page and shared value of this process (each test)."""
    global _bytes
    with _lock:
        _pages.clear()
        _values.clear()
        _bytes = 0


def _keep(key: str, page: _Page) -> None:
    global _bytes
    with _lock:
        old = _pages.pop(key, None)
        if old is not None:
            _bytes -= len(old.content)
        _pages[key] = page
        _bytes += len(page.content)
        while (
            len(_pages) > settings.UPPSIKT_KEPT_PAGES or _bytes > settings.UPPSIKT_KEPT_PAGE_BYTES
        ):
            _bytes -= len(_pages.popitem(last=False)[1].content)


def _kept(key: str) -> _Page | None:
    with _lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
        return page


def _fresh(entry: _Page | _Value | None) -> bool:
    """A kept page or value may be handed out: younger than ``UPPSIKT_KEPT_PAGE_SECONDS`` and
    none of the tables it was made from written since (one statement)."""
    return (
        entry is not None
        and time.monotonic() - entry.made < settings.UPPSIKT_KEPT_PAGE_SECONDS
        and _generations_of(entry.tables) == entry.generations
    )


# what the threads of this process are making now: the others asking for the same wait for it
_underway: dict[Hashable, threading.Event] = {}
WAIT_SECONDS = 10.0


@contextmanager
def _one_maker(key: Hashable) -> Iterator[bool]:
    """Lets one thread at a time make what ``key`` names: the first to ask makes it (True);
    one that asks while it is made waits until it is done, for at most ``WAIT_SECONDS``, and is
    told to look again before it makes it itself (False). Forty controllers whose shared
    progress a save made stale, asking at once, so wait for one making of it instead of making
    it forty times over; a page's key is one person's and session's, so only that session's
    requests wait for each other's page."""
    with _lock:
        event = _underway.get(key)
        leads = event is None
        if leads:
            event = _underway[key] = threading.Event()
    if not leads:
        event.wait(WAIT_SECONDS)
        yield False
        return
    try:
        yield True
    finally:
        with _lock:
            if _underway.get(key) is event:
                del _underway[key]
        event.set()


def _kept_or_made(
    key: Hashable,
    look_up: Callable[[], _Page | _Value | None],
    hand_out: Callable,
    make: Callable[[], T],
) -> T:
    """What ``look_up`` finds kept, handed out while fresh; else made by one thread at a time:
    one that waited for another's making takes what it made if that is still fresh."""
    found = look_up()
    if _fresh(found):
        return hand_out(found)
    with _one_maker(key) as makes:
        if not makes:
            found = look_up()
            if _fresh(found):
                return hand_out(found)
        return make()


@dataclass(frozen=True)
class _Value:
    tables: tuple[str, ...]
    generations: tuple[int, ...]
    made: float
    value: object


_values: OrderedDict[Hashable, _Value] = OrderedDict()


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """The value ``compute`` gives, kept in this process under ``key`` while no table its
    statements read has had a committed write, for every caller with an equal key: ``key``
    holds everything besides the database that the value depends on (for one that depends on
    the person, ``organisation.permissions.permission_signature``). Callers only read it."""
    if not settings.UPPSIKT_KEPT_PAGE_SECONDS or _in_transaction():
        return compute()  # its statements are noted for a page being made all the same
    return _kept_or_made(
        ("value", key), lambda: _value(key), _taken, lambda: _make_value(key, compute)
    )


def _taken(found: _Value):
    note_reads(found.tables)
    return found.value


def _value(key: Hashable) -> _Value | None:
    with _lock:
        found = _values.get(key)
        if found is not None:
            _values.move_to_end(key)
        return found


def _make_value(key: Hashable, compute: Callable[[], T]) -> T:
    before = generations()
    outer = _making.get()
    making = _Making(read=set())
    token = _making.set(making)
    # the caller's read scope is not the value's: its key names none, so it depends on any part
    scope = _read_parts.set(None)
    try:
        value = compute()
    finally:
        _read_parts.reset(scope)
        _making.reset(token)
    if outer is not None:
        outer.read |= making.read
        outer.wrote |= making.wrote
    if not making.wrote and not _in_transaction():
        tables = tuple(sorted(making.read - _UNWATCHED))
        entry = _Value(tables, tuple(before.get(t, 0) for t in tables), time.monotonic(), value)
        with _lock:
            _values[key] = entry
            _values.move_to_end(key)
            while len(_values) > settings.UPPSIKT_KEPT_PAGES:
                _values.popitem(last=False)
    return value


def _key(request, name: str) -> str | None:
    """Everything besides the database that a page shows, for one request; None when the page
    is not to be kept or handed out (not a plain GET of a signed-in person with a form token, a
    pending message, HTMX)."""
    if request.method != "GET" or getattr(request, "htmx", False):
        return None
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    token = request.META.get("CSRF_COOKIE")
    if user is None or not user.is_authenticated or session is None or not token:
        return None
    data = dict(session.items())
    if "_messages" in data:
        return None
    organisation = getattr(request, "organisation", None)
    account = tuple((f.attname, getattr(user, f.attname)) for f in user._meta.concrete_fields)
    parts = (
        name,
        request.get_host(),
        request.get_full_path(),
        getattr(organisation, "pk", None),
        account,
        session.session_key,
        sorted(data.items(), key=lambda item: item[0]),
        token,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _response(page: _Page) -> HttpResponse:
    response = HttpResponse(page.content, status=page.status)
    for header, value in page.headers:
        response[header] = value
    return response


def _make_page(key: str, view: Callable, request, *args, **kwargs) -> HttpResponse:
    """The page made by ``view``, kept under ``key`` when it may be (this module's docstring)."""
    # what a middleware may have read into the account for this request (its roles, in
    # attributes named _uppsikt_…) is read again while the page is made, and so noted
    account = getattr(request.user, "_wrapped", request.user)  # set up by _key
    for name in [n for n in vars(account) if n.startswith("_uppsikt_")]:
        delattr(account, name)
    before = generations()
    making = _Making(read=set())
    token = _making.set(making)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    finally:
        _making.reset(token)
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not making.wrote
        and not request.session.modified
        and not _in_transaction()
    ):
        tables = tuple(sorted(making.read - _UNWATCHED))
        _keep(
            key,
            _Page(
                tables=tables,
                generations=tuple(before.get(t, 0) for t in tables),
                made=time.monotonic(),
                status=response.status_code,
                headers=tuple(response.items()),
                content=response.content,
            ),
        )
    return response


def kept_page(view: Callable) -> Callable:
    """View decorator: keep the page a GET gives and hand it out again while nothing it was
    made from has changed (this module's docstring). Outermost, so that a kept page saves its
    permission checks too: the role grants they read are among its tables."""
    page_name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.UPPSIKT_KEPT_PAGE_SECONDS or _in_transaction():
            return view(request, *args, **kwargs)
        key = _key(request, page_name)
        if key is None:
            return view(request, *args, **kwargs)
        return _kept_or_made(
            ("page", key),
            lambda: _kept(key),
            _response,
            lambda: _make_page(key, view, request, *args, **kwargs),
        )

    return wrapped
