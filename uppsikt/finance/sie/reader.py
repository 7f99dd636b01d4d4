"""Reading a SIE file: its bytes in chunks of whole vouchers, each chunk's lines as one table,
the records parsed (``records``) and checked (``checks``); the voucher rows as they are stored
for drill-down."""

from __future__ import annotations

import hashlib
import io
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from .checks import (
    Seen,
    check_depth,
    check_file,
    check_lines,
    check_object_lists,
    read_fully,
    scan_file,
)
from .fields import BULK, OBJECT_LABELS
from .file import MAX_LINE_BYTES, SieFile
from .partition import row_period
from .records import (
    ROW_LABELS,
    read_periods,
    read_small_records,
    read_vouchers,
    voucher_lines,
)


def detect_encoding(data: bytes) -> str:
    """CP437 as ``#FORMAT PC8`` says, unless the bytes are valid UTF-8 with non-ASCII text."""
    if data.isascii():
        return "ascii"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp437"
    return "utf-8"


def _to_utf8(data: bytes, encoding: str) -> bytes:
    """The bytes as UTF-8: as they are when ASCII or UTF-8, transcoded otherwise. A chunk of a
    CP437 file that holds no byte from 0x80 up (CP437 differs from ASCII in those only) is
    ASCII already, and is not transcoded."""
    if encoding in {"ascii", "utf-8"} or data.isascii():
        return data
    return data.decode(encoding).encode("utf-8")


# Three chunks are in hand at a time (see ``_in_order``): 8 MB each keeps that small, and
# eleven chunks of a 86 MB file share the two worker threads evenly.
CHUNK_BYTES = 8 * 1024 * 1024
# Records that never stand inside a voucher: a chunk may end just before one.
CUT_BEFORE = (b"\n#VER", b"\n#PSALDO", b"\n#PBUDGET")


def _blocks(handle: BinaryIO, end: int) -> Iterator[bytes]:
    """The file up to ``end`` in chunks of about ``CHUNK_BYTES`` that end just before a
    ``#VER``, ``#PSALDO`` or ``#PBUDGET`` line, so that a voucher is never split between two
    chunks and a file of period balances alone is read in parts too; a chunk without such a
    line reads on until it has one. Where a chunk ends is found first (``_cut``), so that
    each chunk is read from disk in one piece, as it is handed on: memory holds one chunk."""
    pos = 0
    while pos < end:
        stop = min(pos + CHUNK_BYTES, end)
        cut = None
        while cut is None:
            cut = end if stop >= end else _cut(handle, pos, stop)
            stop = min(stop + CHUNK_BYTES, end)
        handle.seek(pos)
        block = read_fully(handle, cut - pos)
        if not block:
            break
        pos += len(block)
        yield block


def _cut(handle: BinaryIO, start: int, stop: int) -> int | None:
    """Just after the line feed before the last ``#VER``, ``#PSALDO`` or ``#PBUDGET`` line that
    begins between ``start`` and ``stop`` (the mark wholly before ``stop``), None where there is
    none: looked for in the last 64 KiB first, then in a window twice as large, and so on, so
    that a mark that is rare is not looked for in all the chunk."""
    window = 64 * 1024
    while True:
        begin = max(start, stop - window)
        handle.seek(begin)
        data = read_fully(handle, stop - begin)
        found = max(data.rfind(mark) for mark in CUT_BEFORE)
        if found >= 0 and begin + found > start:
            return begin + found + 1
        if begin == start:
            return None
        window *= 2


def _chunks(data: bytes) -> list[bytes]:
    """The chunks of a file in memory (see ``_blocks``)."""
    return list(_blocks(io.BytesIO(data), len(data)))


def _line_frame(chunk: bytes, encoding: str, first_line: int) -> pl.DataFrame:
    lines = pl.read_csv(
        _to_utf8(chunk, encoding),
        has_header=False,
        separator="\x1f",
        quote_char=None,
        new_columns=["text"],
        schema_overrides={"text": pl.String},
        comment_prefix=None,
        truncate_ragged_lines=True,
        infer_schema=False,
    )
    # the CSV reader drops the \r of a CRLF line end; more than one is dropped here
    text = pl.col("text").fill_null("")
    if b"\r" in chunk and (b"\r\r" in chunk or chunk.endswith(b"\r")):
        text = text.str.strip_chars_end("\r")
    # a line that is "{", "}" or blank but for blanks around it: one anchored regex, which
    # gives up at the first other character, without a stripped copy of every line; run only
    # on the lines without a label (Polars takes the branch on those rows alone)
    raw = pl.col("text")
    brace = raw.str.extract(r"^\s*([{}]?)\s*$", 1)
    lines = (
        lines.with_row_index("line", offset=first_line)
        .with_columns(text, _label(raw).alias("label"), raw.is_null().alias("blank"))
        .with_columns(pl.when(pl.col("label").is_null()).then(brace).alias("_brace"))
        .with_columns(
            (pl.col("_brace") == "{").fill_null(False).alias("open"),
            (pl.col("_brace") == "}").fill_null(False).alias("close"),
            (pl.col("blank") | (pl.col("_brace") == "").fill_null(False)).alias("blank"),
        )
        .drop("_brace")
    )
    # the labels as categories, so that telling records apart compares numbers, not strings;
    # labels are written in capitals: the rare file that does not has them made so
    lines = lines.with_columns(pl.col("label").cast(pl.Categorical))
    labels = lines.get_column("label").unique().drop_nulls().to_list()
    if any(label != label.upper() for label in labels):
        label = pl.col("label").cast(pl.String).str.to_uppercase().cast(pl.Categorical)
        lines = lines.with_columns(label)
    return lines


# Lines that begin with these and a blank (after a tab or not) have them as their label: told
# by ``starts_with``, without the regex, which Polars then runs only on the other lines (the
# branch after ``otherwise``; measured: about a third of the regex's time on every line).
COMMON_LABELS = ("#TRANS", "#VER")


def _label(raw: pl.Expr) -> pl.Expr:
    """A line's label: its first field when that is "#" and letters (after any blanks)."""
    label = raw.str.extract(r"^\s*(#[A-Za-z_]+)", 1)
    for name in COMMON_LABELS:
        for lead in ("", "\t"):
            label = (
                pl.when(raw.str.starts_with(f"{lead}{name} ")).then(pl.lit(name)).otherwise(label)
            )
    return label


@dataclass
class _Notes:
    """What a chunk's checks find on a worker thread: errors with the chunk's own line numbers
    (from 0), and warnings. The checks write to it as they would to the file (``error``); the
    file takes them over in its order (``_take_chunk``), the line numbers made the file's."""

    filename: str
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


@dataclass
class _Chunk:
    """A chunk read and checked on a worker thread, its lines numbered from 0 and its vouchers
    from 1: the errors in the order a reading in one piece finds them (lines that are no
    record, then the braces as if the chunk started outside a voucher, then the object lists
    and the vouchers); the header records' lines; the vouchers, their rows and the period
    lines; what the rows show (``Seen``). Its lines are kept for the braces' check, run again
    where a chunk starts inside a voucher."""

    size: int
    lines: pl.DataFrame
    garbage: _Notes
    braces: _Notes
    depth: int
    notes: _Notes
    small_rows: list[tuple[int, str, str]]
    vouchers: pl.DataFrame
    transactions: pl.DataFrame
    periods: pl.DataFrame
    seen: Seen


def _prepare(chunk: bytes, encoding: str, filename: str) -> _Chunk:
    lines = _line_frame(chunk, encoding, 0)
    found = voucher_lines(lines, 0)
    garbage, braces, notes = _Notes(filename), _Notes(filename), _Notes(filename)
    check_lines(garbage, lines)
    depth = check_depth(braces, lines, 0)
    # the rows in the plain shape have well-formed object lists: only the others are checked
    others = lines.filter(
        pl.col("label").is_in(OBJECT_LABELS) & ~pl.col("label").is_in(ROW_LABELS)
    ).select("line", "label", "text")
    check_object_lists(notes, pl.concat([others, found.rest.select(others.columns)]).sort("line"))
    small = lines.filter(pl.col("label").is_not_null() & ~pl.col("label").is_in(BULK))
    v, t = read_vouchers(notes, found)
    return _Chunk(
        size=len(chunk),
        lines=lines,
        garbage=garbage,
        braces=braces,
        depth=depth,
        notes=notes,
        small_rows=small.select("line", "label", "text").rows(),
        vouchers=v,
        transactions=t,
        periods=lines.filter(pl.col("label").is_in(["#PSALDO", "#PBUDGET"])).select(
            "line", "label", "text"
        ),
        seen=Seen.of(v, t),
    )


def _in_order(
    pool: ThreadPoolExecutor, chunks: Iterator[bytes], encoding: str, filename: str
) -> Iterator[_Chunk]:
    """The chunks prepared on ``pool``, in order, with at most two ahead of the one taken (so
    that memory holds a few chunks whatever the file's size)."""
    ahead: deque[Future] = deque()
    for chunk in chunks:
        ahead.append(pool.submit(_prepare, chunk, encoding, filename))
        del chunk
        if len(ahead) > 2:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


class _Digest:
    """The file's SHA-256, taken on a thread of its own from the blocks as they are read, in
    order (hashlib lets go of the interpreter lock while it hashes)."""

    def __init__(self):
        self.sha256 = hashlib.sha256()
        self.pool = ThreadPoolExecutor(1)

    def taking(self, blocks: Iterator[bytes]) -> Iterator[bytes]:
        for block in blocks:
            self.pool.submit(self.sha256.update, block)
            yield block

    def taking_rest(self, handle: BinaryIO, start: int, end: int) -> None:
        """The bytes after the records (a trailing Ctrl-Z), a block at a time."""
        handle.seek(start)
        while start < end and (block := handle.read(min(CHUNK_BYTES, end - start))):
            self.pool.submit(self.sha256.update, block)
            start += len(block)

    def hexdigest(self) -> str:
        self.pool.shutdown(wait=True)
        return self.sha256.hexdigest()

    def __enter__(self) -> _Digest:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True)


class _Handing:
    """Hands each chunk's voucher rows, made by ``storage_rows``, to a sink on a thread of its
    own, in order, one chunk at a time (the next chunk is read meanwhile); an error of the
    sink is raised when the next rows are handed or at the end."""

    def __init__(self, sink: Callable[[pl.DataFrame], None] | None):
        self.sink, self.pending = sink, None
        self.pool = ThreadPoolExecutor(1)

    def __call__(self, transactions: pl.DataFrame, vouchers: pl.DataFrame) -> None:
        self.wait()
        self.pending = self.pool.submit(lambda: self.sink(storage_rows(transactions, vouchers)))

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def __enter__(self) -> _Handing:
        return self

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self.wait()
        finally:
            self.pool.shutdown(wait=True)


def read_sie(
    source: bytes | BinaryIO,
    *,
    filename: str,
    progress: Callable[[int, str], None] | None = None,
    sink: Callable[[pl.DataFrame], None] | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> SieFile:
    """Parse a SIE file: its bytes, or a binary file open for reading (seekable; an upload
    streamed to disk). Errors and warnings are collected on the result.

    The file is read from disk in chunks of whole vouchers, so memory stays bounded whatever
    its size; one pass over the bytes first checks them and finds the encoding, and the
    file's SHA-256 is taken from the chunks as they are read.
    With a ``sink``, each chunk's voucher rows (with their vouchers, see :func:`storage_rows`)
    are handed to it and only the columns the checks and sums need are kept in memory.
    A compressed file, a control character or a line longer than ``max_line_bytes`` stops the
    reading before any record is parsed.
    """
    handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    sie = SieFile(filename=Path(filename).name)
    report = progress or (lambda percent, text: None)
    scan = scan_file(sie, handle, max_line_bytes)
    if scan is None:
        return sie
    sie.encoding, sie.size = scan.encoding, scan.size
    parts = _Parts()
    # The chunks are read and checked two at a time on other threads (Polars and the
    # transcoding of the next chunk work side by side); their errors, tables and line numbers
    # are taken over here in the file's order. The voucher rows go to the sink on a thread of
    # their own, in order.
    with ThreadPoolExecutor(2) as pool, _Handing(sink) as hand, _Digest() as digest:
        blocks = digest.taking(_blocks(handle, scan.end))
        for chunk in _in_order(pool, blocks, sie.encoding, sie.filename):
            _take_chunk(sie, chunk, parts, hand if sink is not None else None)
            report(
                5 + 70 * parts.done // max(scan.end, 1),
                f"Läser rader ({parts.done // 1_000_000} MB)",
            )
            del chunk
        digest.taking_rest(handle, scan.end, scan.size)
    sie.sha256 = digest.hexdigest()
    sie.line_count = parts.first_line - 1
    if parts.depth != 0:
        sie.error(
            sie.line_count,
            "filen tar slut inuti en verifikation (saknar }); filen verkar avkortad.",
        )
    read_small_records(sie, parts.small_rows)
    sie.vouchers = pl.concat(parts.vouchers)
    sie.transactions = pl.concat(parts.transactions)
    report(76, "Läser periodsaldon och budget")
    read_periods(sie, pl.concat(parts.periods))
    report(78, "Kontrollerar")
    check_file(sie, handle, scan.end, parts.seen)
    report(80, "Inläst")
    return sie


# The columns of the voucher rows kept in memory when a sink takes the rows as stored.
KEEP = ["ver", "line", "kind", "account", "dim1", "dim6", "cents", "date"]
CODES = ["kind", "account", "dim1", "dim6"]
VOUCHER_KEEP = ["ver", "line", "series", "number", "date"]


@dataclass
class _Parts:
    """What the chunks leave for the whole file: the header records, the bulk tables, the brace
    depth at the end of the last chunk, the vouchers, lines and bytes read so far, and what
    the rows show."""

    small_rows: list[tuple[int, str, str]] = field(default_factory=list)
    vouchers: list[pl.DataFrame] = field(default_factory=list)
    transactions: list[pl.DataFrame] = field(default_factory=list)
    periods: list[pl.DataFrame] = field(default_factory=list)
    depth: int = 0
    vouchers_read: int = 0
    first_line: int = 1
    done: int = 0
    seen: Seen = field(default_factory=Seen)


def _take_chunk(
    sie: SieFile,
    chunk: _Chunk,
    parts: _Parts,
    hand: Callable[[pl.DataFrame, pl.DataFrame], None] | None,
) -> None:
    """Take over a chunk read on a worker thread, in the file's order: its errors and warnings
    with the file's line numbers, its tables numbered after the chunks before it; with
    ``hand``, its voucher rows and vouchers are handed on (see ``_Handing``)."""
    first = parts.first_line
    for line, message in chunk.garbage.errors:
        if len(sie.errors) < 50:  # as ``check_lines`` counts them over the whole file
            sie.error(first + line, message)
    for warning in chunk.garbage.warnings:
        if warning not in sie.warnings:
            sie.warnings.append(warning)
    if parts.depth == 0:
        braces, parts.depth = chunk.braces.errors, chunk.depth
        for line, message in braces:
            sie.error(first + line, message)
    else:  # the chunk starts inside a voucher: its braces checked from that depth
        lines = chunk.lines.with_columns(pl.col("line") + first)
        parts.depth = check_depth(sie, lines, parts.depth)
    for line, message in chunk.notes.errors:
        sie.error(first + line, message)
    parts.small_rows.extend((first + line, label, text) for line, label, text in chunk.small_rows)
    line, ver = pl.col("line") + first, pl.col("ver") + parts.vouchers_read
    v = chunk.vouchers.with_columns(line, ver)
    t = chunk.transactions.with_columns(line, ver)
    parts.vouchers_read += v.height
    parts.first_line += chunk.lines.height
    parts.done += chunk.size
    parts.seen.merge(chunk.seen)
    if hand is not None and t.height and not sie.errors:
        hand(t, v)
    if hand is not None:
        # the codes as categories: a few bytes a row instead of a string each, for the
        # millions of rows of a large file
        t = t.select(KEEP).with_columns(pl.col(CODES).cast(pl.Categorical))
        v = v.select(VOUCHER_KEEP)  # the vouchers' texts are in the stored rows
    parts.vouchers.append(v)
    parts.transactions.append(t)
    parts.periods.append(chunk.periods.with_columns(line))


def storage_rows(transactions: pl.DataFrame, vouchers: pl.DataFrame) -> pl.DataFrame:
    """Voucher rows as stored for drill-down: each row with its voucher's series, number,
    date and text, its own date (its ``transdat``, the voucher's date when it has none) and
    the month it is counted in (that of its own date)."""
    heads = vouchers.select(
        "ver",
        "series",
        "number",
        pl.col("date").alias("voucher_date"),
        pl.col("text").alias("voucher_text"),
    )
    return (
        transactions.join(heads, on="ver", how="left")
        .with_columns(pl.col("date").fill_null(pl.col("voucher_date")))
        .with_columns(row_period(pl.col("date")).alias("period"))
        .select(
            pl.col("ver").alias("voucher_seq"),
            "line",
            "kind",
            "account",
            pl.col("dim1").alias("cost_centre"),
            pl.col("dim6").alias("project"),
            "objects",
            "cents",
            "date",
            "text",
            "period",
            "series",
            "number",
            "voucher_date",
            "voucher_text",
        )
        .sort("account", "period")
    )
