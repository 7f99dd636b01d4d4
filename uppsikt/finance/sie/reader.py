"""Reading a SIE file: its bytes in chunks of whole vouchers, each chunk's lines as one table,
the records parsed (``records``) and checked (``checks``); the voucher rows as they are stored
for drill-down."""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from .checks import check_file, check_object_lists, check_structure, scan_file
from .fields import BULK, OBJECT_LABELS
from .file import MAX_LINE_BYTES, SieFile
from .partition import row_period
from .records import (
    ROW_LABELS,
    VoucherLines,
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


# Three chunks are in hand at a time (see ``_in_order``): 16 MB each keeps that small.
CHUNK_BYTES = 16 * 1024 * 1024
# Records that never stand inside a voucher: a chunk may end just before one.
CUT_BEFORE = (b"\n#VER", b"\n#PSALDO", b"\n#PBUDGET")


def _blocks(handle: BinaryIO, end: int) -> Iterator[bytes]:
    """The file up to ``end`` in chunks of about ``CHUNK_BYTES`` that end just before a
    ``#VER``, ``#PSALDO`` or ``#PBUDGET`` line, so that a voucher is never split between two
    chunks and a file of period balances alone is read in parts too. Read from disk a chunk at
    a time: memory holds one chunk (and the voucher it ends in)."""
    handle.seek(0)
    pos, carry = 0, b""
    while pos < end:
        block = handle.read(min(CHUNK_BYTES, end - pos))
        if not block:
            break
        pos += len(block)
        buffer = carry + block if carry else block
        if pos >= end:
            carry = buffer
            break
        cut = _last_cut(buffer)
        if cut <= 0:  # no record boundary in this chunk: read on
            carry = buffer
            continue
        carry = buffer[cut + 1 :]
        yield buffer[: cut + 1]
    if carry:
        yield carry


def _last_cut(buffer: bytes) -> int:
    """Where the last ``#VER``, ``#PSALDO`` or ``#PBUDGET`` line of ``buffer`` begins (at its
    line feed), -1 where there is none: looked for in the last 64 KiB first, then in a window
    twice as large, and so on, so that a mark that is rare is not looked for in all the chunk."""
    window = 64 * 1024
    while True:
        start = max(0, len(buffer) - window)
        cut = max(buffer.rfind(mark, start) for mark in CUT_BEFORE)
        if cut >= 0 or start == 0:
            return cut
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
    if b"\r\r" in chunk or chunk.endswith(b"\r"):
        text = text.str.strip_chars_end("\r")
    # a line that is "{", "}" or blank but for blanks around it: one anchored regex, which
    # gives up at the first other character, without a stripped copy of every line
    raw = pl.col("text")
    lines = (
        lines.with_row_index("line", offset=first_line)
        .with_columns(
            text,
            _label(raw).alias("label"),
            raw.str.extract(r"^\s*([{}]?)\s*$", 1).alias("_brace"),
            raw.is_null().alias("blank"),
        )
        .with_columns(
            (pl.col("_brace") == "{").fill_null(False).alias("open"),
            (pl.col("_brace") == "}").fill_null(False).alias("close"),
            (pl.col("blank") | (pl.col("_brace") == "").fill_null(False)).alias("blank"),
        )
        .drop("_brace")
    )
    # labels are written in capitals: the rare file that does not has them made so
    if lines.select(pl.col("label").str.contains("[a-z]").any()).item():
        lines = lines.with_columns(pl.col("label").str.to_uppercase())
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
class _Chunk:
    """A chunk's lines as a table and its voucher lines (``voucher_lines``), numbered from 0:
    made on a worker thread, while the chunks before it are still being checked."""

    lines: pl.DataFrame
    found: VoucherLines

    def numbered(self, first_line: int, vouchers_read: int) -> tuple[pl.DataFrame, VoucherLines]:
        """The tables with the file's line numbers, the chunk starting at ``first_line``, and
        its vouchers counted after the ``vouchers_read`` before it."""
        line = pl.col("line") + first_line
        ver = pl.col("ver") + vouchers_read
        found = self.found
        return self.lines.with_columns(line), VoucherLines(
            bulk=found.bulk.with_columns(line, ver),
            plain=found.plain.with_columns(line, ver),
            rest=found.rest.with_columns(line, ver),
        )


def _prepare(chunk: bytes, encoding: str) -> tuple[int, _Chunk]:
    lines = _line_frame(chunk, encoding, 0)
    return len(chunk), _Chunk(lines=lines, found=voucher_lines(lines, 0))


def _in_order(
    pool: ThreadPoolExecutor, chunks: Iterator[bytes], encoding: str
) -> Iterator[tuple[int, _Chunk]]:
    """The chunks prepared on ``pool``, in order, with at most two ahead of the one taken (so
    that memory holds a few chunks whatever the file's size)."""
    ahead: deque[Future] = deque()
    for chunk in chunks:
        ahead.append(pool.submit(_prepare, chunk, encoding))
        del chunk
        if len(ahead) > 2:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


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
    its size; one pass over the bytes first checks them and finds the encoding and SHA-256.
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
    sie.encoding, sie.sha256, sie.size = scan.encoding, scan.sha256, scan.size
    parts = _Parts()
    first_line = 1
    done = 0
    # The chunks are turned into tables two at a time on other threads (Polars and the
    # transcoding of the next chunk work side by side); the checks and their errors take the
    # chunks one after the other, in the file's order, here. The voucher rows go to the sink
    # on a thread of their own, in order.
    with ThreadPoolExecutor(2) as pool, _Handing(sink) as hand:
        for size, chunk in _in_order(pool, _blocks(handle, scan.end), sie.encoding):
            done += size
            lines, found = chunk.numbered(first_line, parts.vouchers_read)
            del chunk
            first_line += lines.height
            _read_chunk(sie, lines, found, parts, hand if sink is not None else None)
            del lines, found
            report(5 + 70 * done // max(scan.end, 1), f"Läser rader ({done // 1_000_000} MB)")
    sie.line_count = first_line - 1
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
    check_file(sie, handle, scan.end)
    report(80, "Inläst")
    return sie


# The columns of the voucher rows kept in memory when a sink takes the rows as stored.
KEEP = ["ver", "line", "kind", "account", "dim1", "dim6", "cents", "date"]
CODES = ["kind", "account", "dim1", "dim6"]
VOUCHER_KEEP = ["ver", "line", "series", "number", "date"]


@dataclass
class _Parts:
    """What the chunks leave for the whole file: the header records, the bulk tables, the brace
    depth at the end of the last chunk and the vouchers read so far."""

    small_rows: list[tuple[int, str, str]] = field(default_factory=list)
    vouchers: list[pl.DataFrame] = field(default_factory=list)
    transactions: list[pl.DataFrame] = field(default_factory=list)
    periods: list[pl.DataFrame] = field(default_factory=list)
    depth: int = 0
    vouchers_read: int = 0


def _read_chunk(
    sie: SieFile,
    lines: pl.DataFrame,
    found: VoucherLines,
    parts: _Parts,
    hand: Callable[[pl.DataFrame, pl.DataFrame], None] | None,
) -> None:
    """Check a chunk's lines, read its vouchers and keep what the whole file needs; with
    ``hand``, the chunk's voucher rows and vouchers are handed on (see ``_Handing``)."""
    parts.depth = check_structure(sie, lines, parts.depth)
    # the rows in the plain shape have well-formed object lists: only the others are checked
    others = lines.filter(
        pl.col("label").is_in(OBJECT_LABELS) & ~pl.col("label").is_in(ROW_LABELS)
    ).select("line", "label", "text")
    check_object_lists(sie, pl.concat([others, found.rest.select(others.columns)]).sort("line"))
    small = lines.filter(pl.col("label").is_not_null() & ~pl.col("label").is_in(BULK))
    parts.small_rows.extend(small.select("line", "label", "text").rows())
    v, t = read_vouchers(sie, found)
    parts.vouchers_read += v.height
    if hand is not None and t.height and not sie.errors:
        hand(t, v)
    if hand is not None:
        # the codes as categories: a few bytes a row instead of a string each, for the
        # millions of rows of a large file
        t = t.select(KEEP).with_columns(pl.col(CODES).cast(pl.Categorical))
    if hand is not None:  # the vouchers' texts are in the stored rows
        v = v.select(VOUCHER_KEEP)
    parts.vouchers.append(v)
    parts.transactions.append(t)
    parts.periods.append(
        lines.filter(pl.col("label").is_in(["#PSALDO", "#PBUDGET"])).select("line", "label", "text")
    )


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
