"""The checks of a SIE file: its bytes before any line is parsed, the structure and object
lists of each chunk's lines, the lengths the ledger keeps, and the whole file once read
(fiscal year, known accounts, balanced vouchers, periods, ``#KSUMMA``). Each error names its
line (docs/sie.md)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import polars as pl

from .fields import KNOWN, OBJECT_LABELS, OBJECT_LIST_RE, QUOTED_RE, TOK, TOKEN
from .file import MAX_ACCOUNT, MAX_OBJECT, MAX_OBJECT_LIST, SieFile

# Bytes that never belong in a SIE file (``_control_positions``): control characters 0x00–0x1F
# other than tab, line feed and carriage return, and 0x7F. (A trailing Ctrl-Z, the old
# end-of-file mark, is dropped before checking.)
# The first bytes of compressed files: such a file must be unpacked before it is read.
COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"PK\x03\x04": "zip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
}


@dataclass
class Scan:
    """What one pass over the bytes finds: the encoding, the file's size, and where its records
    end (before a trailing Ctrl-Z)."""

    encoding: str
    size: int
    end: int


SCAN_BLOCK = 8 * 1024 * 1024
# Every byte but the control characters (see ``_control_positions``).
ALLOWED_BYTES = bytes(b for b in range(256) if (b >= 32 and b != 127) or b in (9, 10, 13))
BLANK = b" \t\r\n\x0b\x0c"


def scan_file(sie: SieFile, handle: BinaryIO, max_line_bytes: int) -> Scan | None:
    """One pass over the file, a block at a time, before any line is parsed: not empty, not a
    compressed file, no control characters, no line longer than ``max_line_bytes``; the
    encoding (CP437 as ``#FORMAT PC8`` says, unless the bytes are valid UTF-8 with non-ASCII
    text). Returns None (with errors) when the file cannot be read. (The file's SHA-256 is
    taken as its records are read, ``reader.read_sie``.)"""
    size = handle.seek(0, io.SEEK_END)
    end = _end_of_records(handle, size)
    handle.seek(0)
    state = _ByteScan(end, max_line_bytes)
    pos = 0
    while pos < end:
        block = handle.read(min(SCAN_BLOCK, end - pos))
        if not block:
            break
        if pos == 0 and (kind := _compressed(block)):
            sie.error(
                1,
                f"filen är {kind}-komprimerad; packa upp den och läs in den uppackade SIE-filen.",
            )
            return None
        state.feed(block, pos)
        pos += len(block)
    state.finish()
    if state.blank:
        sie.error(1, "filen är tom.")
        return None
    for line, byte in state.controls[:10]:
        sie.error(line, f"raden innehåller ett otillåtet styrtecken (0x{byte:02X}).")
    for line in [] if sie.errors else state.long_lines[:10]:
        sie.error(line, f"raden är längre än {max_line_bytes} byte.")
    if sie.errors:
        return None
    return Scan(encoding=state.encoding, size=size, end=end)


def _compressed(head: bytes) -> str | None:
    return next((kind for magic, kind in COMPRESSED.items() if head.startswith(magic)), None)


class _ByteScan:
    """The checks of the bytes carried from block to block: blank so far, ASCII or valid UTF-8
    so far, the lines with control characters, the lines over the bound."""

    def __init__(self, end: int, max_line_bytes: int):
        self.end, self.limit = end, max_line_bytes
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.ascii, self.valid_utf8, self.blank = True, True, True
        self.controls: list[tuple[int, int]] = []  # (line, byte)
        self.long_lines: list[int] = []
        self.line_start, self.line_number = 0, 1

    def feed(self, records: bytes, pos: int) -> None:
        self.blank = self.blank and not records.strip(BLANK)
        self.ascii = self.ascii and records.isascii()
        if not self.ascii and self.valid_utf8:
            try:
                self.utf8.decode(records, final=pos + len(records) >= self.end)
            except UnicodeDecodeError:
                self.valid_utf8 = False
        view = np.frombuffer(records, dtype=np.uint8)
        # the bytes left when every allowed one is deleted: none in a clean block (one pass
        # in C), so that the positions are only looked for in a block that has some
        positions = _control_positions(view) if records.translate(None, ALLOWED_BYTES) else []
        for position in positions[: 10 - len(self.controls)]:
            line = self.line_number + records.count(b"\n", 0, position)
            self.controls.append((line, records[position]))
        count = records.count(b"\n")
        if not count:
            return
        last = records.rfind(b"\n")
        if len(self.long_lines) < 10 and self._may_have_long_lines(records, pos, last):
            ends = np.flatnonzero(view == 10) + pos
            starts = np.concatenate(([self.line_start], ends[:-1] + 1))
            over = np.flatnonzero(ends - starts > self.limit)
            self.long_lines += [self.line_number + int(i) for i in over]
        self.line_start, self.line_number = pos + last + 1, self.line_number + count

    def _may_have_long_lines(self, records: bytes, pos: int, last: int) -> bool:
        """False where no line that ends in ``records`` is longer than the bound: the line
        carried in is short enough and every stretch of half the bound up to the last line
        feed holds a line feed (a longer line would hold such a stretch whole). Each look
        stops at the first line feed, so a block of short lines is passed over quickly."""
        first = records.find(b"\n")
        if pos + first - self.line_start > self.limit:
            return True
        step = max(self.limit // 2, 1)
        return any(
            records.find(b"\n", start, start + step) < 0 for start in range(first + 1, last, step)
        )

    def finish(self) -> None:
        if self.end - self.line_start > self.limit:
            self.long_lines.append(self.line_number)

    @property
    def encoding(self) -> str:
        return "ascii" if self.ascii else "utf-8" if self.valid_utf8 else "cp437"


def read_fully(handle: BinaryIO, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the file: a read may return fewer than asked
    for (a raw, unbuffered file)."""
    block = handle.read(size)
    while block and len(block) < size:
        more = handle.read(size - len(block))
        if not more:
            break
        block += more
    return block


def _end_of_records(handle: BinaryIO, size: int) -> int:
    """Where the file's records end: before a trailing run of Ctrl-Z (0x1A), the old end-of-file
    mark."""
    end = size
    while end > 0:
        start = max(0, end - 4096)
        handle.seek(start)
        tail = read_fully(handle, end - start)
        trimmed = tail.rstrip(b"\x1a")
        end = start + len(trimmed)
        if trimmed:
            break
    return end


def _control_positions(view: np.ndarray) -> list[int]:
    """Offsets of the first bytes that are control characters other than tab, line feed and
    carriage return (0x00–0x1F, 0x7F)."""
    bad = ((view < 32) & (view != 9) & (view != 10) & (view != 13)) | (view == 127)
    return [int(i) for i in np.flatnonzero(bad)[:10]]


# An object list of blank-separated fields, bare or quoted without blanks, in pairs: such a
# list has no problem the full check would find.
_FIELD = r'(?:"[^"\s]*"|[^\s"{}]+)'
EVEN_LIST_RE = rf"^\s*(?:{_FIELD}\s+{_FIELD}(?:\s+{_FIELD}\s+{_FIELD})*)?\s*$"


def check_object_lists(sie: SieFile, lines: pl.DataFrame) -> None:
    """Every object list is one ``{ }`` with dimension–object pairs inside: unbalanced or nested
    braces, an unterminated quote or an odd number of fields is an error naming the line."""
    rows = lines.filter(pl.col("label").is_in(OBJECT_LABELS))
    if not rows.height:
        return
    # Most lines are plain: no backslash, one { and one } with the { outside quotes, and an
    # even number of blank-separated fields inside. Only the others take the full check.
    text = pl.col("text")
    o = text.str.find("{", literal=True)
    c = text.str.find("}", literal=True)
    plain = (
        ~text.str.contains("\\", literal=True)
        & (text.str.count_matches("{", literal=True) == 1)
        & (text.str.count_matches("}", literal=True) == 1)
        & (o < c)
        & (text.str.slice(0, o).str.count_matches('"', literal=True) % 2 == 0)
        & text.str.slice(o + 1, c - o - 1).str.contains(EVEN_LIST_RE)
    )
    rows = rows.filter(~plain.fill_null(False))
    if not rows.height:
        return
    outside = text.str.replace_all(QUOTED_RE, "")
    opens = outside.str.count_matches("{", literal=True)
    closes = outside.str.count_matches("}", literal=True)
    inner = text.str.extract(r"\{([^{}]*)\}", 1).fill_null("")
    one_list = (
        (opens == 1)
        & (closes == 1)
        & (outside.str.find("{", literal=True) < outside.str.find("}", literal=True))
    )
    problem = (
        pl.when((opens == 0) & (closes == 0))
        .then(None)
        .when(~one_list)
        .then(pl.lit("har obalanserade eller nästlade klamrar { }"))
        .when(~inner.str.contains(OBJECT_LIST_RE))
        .then(pl.lit("har ett citattecken som inte avslutas"))
        .when(inner.str.count_matches(TOK) % 2 == 1)
        .then(pl.lit("har ett udda antal fält (dimension och objekt ska gå i par)"))
        .otherwise(None)
    )
    bad = rows.select("line", "label", problem.alias("problem")).filter(
        pl.col("problem").is_not_null()
    )
    for line, label, message in bad.head(10).rows():
        sie.error(line, f"{label}: objektlistan {message}.")


# The voucher rows' kinds and the records they come from.
KIND_LABELS = {"T": "#TRANS", "R": "#RTRANS", "B": "#BTRANS"}


def check_lengths(sie: SieFile, frame: pl.DataFrame, label: str | None = None) -> None:
    """Accounts and objects longer than the ledger keeps are errors naming the line."""
    limits = [
        ("account", MAX_ACCOUNT, "kontonumret"),
        ("dim1", MAX_OBJECT, "kostnadsstället"),
        ("dim6", MAX_OBJECT, "projektet"),
        ("objects", MAX_OBJECT_LIST, "objektlistan"),
    ]
    for column, limit, what in limits:
        if column not in frame.columns:
            continue
        long = frame.filter(pl.col(column).str.len_chars() > limit).head(10)
        for row in long.iter_rows(named=True):
            name = label or row.get("label") or KIND_LABELS.get(row["kind"], f"#{row['kind']}")
            sie.error(row["line"], f"{name}: {what} är längre än {limit} tecken.")


def check_lines(sie: SieFile, lines: pl.DataFrame) -> None:
    """Lines that are no SIE record (errors, at most 50 in the file) and labels this reader does
    not know (a warning each)."""
    garbage = lines.filter(
        pl.col("label").is_null() & ~pl.col("open") & ~pl.col("close") & ~pl.col("blank")
    ).head(20)
    for line, text in garbage.select("line", "text").rows():
        if len(sie.errors) < 50:
            sie.error(line, f"raden är ingen SIE-post: {text[:60]!r}.")
    unknown = lines.filter(pl.col("label").is_not_null() & ~pl.col("label").is_in(list(KNOWN)))
    for label in unknown.get_column("label").unique().sort().to_list()[:10]:
        warning = f"{sie.filename}: okänd post {label} ignoreras."
        if warning not in sie.warnings:
            sie.warnings.append(warning)


def check_depth(sie: SieFile, lines: pl.DataFrame, carried: int) -> int:
    """Braces around voucher rows, the lines starting at brace depth ``carried``; returns the
    brace depth at the end."""
    depth = lines.select(
        "line",
        "label",
        (
            carried + (pl.col("open").cast(pl.Int32) - pl.col("close").cast(pl.Int32)).cum_sum()
        ).alias("depth"),
    )
    bad = depth.filter((pl.col("depth") < 0) | (pl.col("depth") > 1)).head(1)
    for (line,) in bad.select("line").rows():
        sie.error(line, "klamrarna { } är obalanserade.")
    outside = depth.filter(
        pl.col("label").is_in(["#TRANS", "#RTRANS", "#BTRANS"]) & (pl.col("depth") != 1)
    ).head(5)
    for (line,) in outside.select("line").rows():
        sie.error(line, "#TRANS utanför en verifikations { }.")
    return int(depth.get_column("depth").item(-1)) if depth.height else carried


@dataclass
class Seen:
    """What the chunks found in the voucher rows, so that a check of the whole file whose answer
    is known already is not run again over every row: the accounts named, the number of vouchers
    that may not balance, and the earliest and latest dates of vouchers and booked rows. Where
    one of them shows a problem, the check runs over the whole file as it does without them and
    names the lines."""

    accounts: set[str] = field(default_factory=set)
    unbalanced: int = 0
    first: dt.date | None = None
    last: dt.date | None = None

    @classmethod
    def of(cls, vouchers: pl.DataFrame, rows: pl.DataFrame) -> Seen:
        """What one chunk's vouchers and rows (each voucher whole in it) show."""
        booked = pl.col("kind") == "T"
        ver = pl.col("ver")
        # the rows come in the file's order, so their vouchers' numbers ascend: the sums are
        # then taken over runs of rows, without hashing
        sums = rows.select(
            ver.set_sorted() if rows.get_column("ver").is_sorted() else ver,
            pl.when(booked).then(pl.col("cents")).otherwise(0),
        ).group_by("ver")
        dates = rows.select(
            first=pl.when(booked).then(pl.col("date")).min(),
            last=pl.when(booked).then(pl.col("date")).max(),
        ).row(0)
        heads = vouchers.get_column("date")
        found = [d for d in (*dates, heads.min(), heads.max()) if d is not None]
        return cls(
            accounts=set(rows.get_column("account").unique().to_list()),
            unbalanced=sums.agg(pl.col("cents").sum()).filter(pl.col("cents") != 0).height,
            first=min(found, default=None),
            last=max(found, default=None),
        )

    def merge(self, other: Seen) -> None:
        self.accounts |= other.accounts
        self.unbalanced += other.unbalanced
        for date in (other.first, other.last):
            if date is not None:
                self.first = date if self.first is None else min(self.first, date)
                self.last = date if self.last is None else max(self.last, date)

    def dated_within(self, start: dt.date, end: dt.date) -> bool:
        return (self.first is None or self.first >= start) and (
            self.last is None or self.last <= end
        )


def check_file(sie: SieFile, handle: BinaryIO, records_end: int, seen: Seen | None = None) -> None:
    """The whole file once read: its type and fiscal year, something to import, known
    accounts, balanced vouchers dated in the year, periods in their years, ``#KSUMMA``. With
    what the chunks ``seen``, the checks of the voucher rows run only where it shows a
    problem."""
    if sie.sie_type is None:
        sie.error(1, "#SIETYP saknas.")
    if 0 not in sie.fiscal_years:
        sie.error(1, "#RAR 0 (räkenskapsåret) saknas.")
        return
    if not any(
        frame is not None and frame.height for frame in (sie.vouchers, sie.periods, sie.balances)
    ):
        # a file of header records alone would replace the year's ledger with nothing
        sie.error(
            sie.line_count,
            "filen har varken verifikationer, saldon, periodsaldon eller budget; "
            "det finns inget att läsa in.",
        )
        return
    start, end = sie.fiscal_years[0]
    t = sie.transactions
    if t is not None and t.height:
        _check_voucher_rows(sie, t, seen)
    dated = seen is not None and seen.dated_within(start, end)
    v = sie.vouchers
    if v is not None and v.height and not dated:
        outside = v.filter((pl.col("date") < start) | (pl.col("date") > end)).head(10)
        for line, date in outside.select("line", "date").rows():
            sie.error(
                line, f"verifikationsdatum {date} ligger utanför räkenskapsåret {start}–{end}."
            )
    if t is not None and t.height and "date" in t.columns and not dated:
        # a booked row with its own date (transdat) is counted in that date's month: it must
        # lie in the fiscal year as well (#BTRANS/#RTRANS carry the date of the change)
        outside = t.filter(
            (pl.col("kind") == "T") & ((pl.col("date") < start) | (pl.col("date") > end))
        ).head(10)
        for line, date in outside.select("line", "date").rows():
            sie.error(
                line, f"transaktionsdatum {date} ligger utanför räkenskapsåret {start}–{end}."
            )
    p = sie.periods
    if p is not None and p.height:
        _check_periods(sie, p)
    if sie.ksumma_marks:
        _check_ksumma(sie, handle, records_end, sie.ksumma_marks)


def _check_voucher_rows(sie: SieFile, t: pl.DataFrame, seen: Seen | None) -> None:
    """Every row's account is in the chart (``#KONTO``); every voucher's booked rows add up to
    zero."""
    known = set(sie.accounts)
    if seen is None or not seen.accounts <= known:
        unknown = t.filter(~pl.col("account").is_in(list(known))).head(10)
        for line, kind, account in unknown.select("line", "kind", "account").rows():
            sie.error(line, f"{KIND_LABELS[kind]}: okänt konto {account} (saknar #KONTO).")
    if seen is not None and not seen.unbalanced:
        return
    sums = (
        t.lazy()
        .filter(pl.col("kind") == "T")
        .group_by("ver")
        .agg(pl.col("cents").sum().alias("sum"))
        .filter(pl.col("sum") != 0)
        .collect()
    )
    unbalanced = (
        sums.filter(pl.col("sum") != 0)
        .join(sie.vouchers.select("ver", "line", "series", "number"), on="ver")
        .sort("line")
        .head(10)
    )
    for _ver, total, line, series, number in unbalanced.select(
        "ver", "sum", "line", "series", "number"
    ).rows():
        sie.error(
            line,
            f"verifikation {series} {number} balanserar inte (differens {total / 100:.2f}).",
        )


def _month(d: dt.date) -> int:
    return d.year * 100 + d.month


def _check_periods(sie: SieFile, p: pl.DataFrame) -> None:
    """A period must lie in its own fiscal year. Some programs file a budget under the previous
    year's number with this year's months (beside the same rows under year 0): such rows are
    left out, with a warning. A period in no fiscal year of the file is an error."""
    ranges = {i: (_month(s), _month(e)) for i, (s, e) in sie.fiscal_years.items()}
    missing = p.filter(~pl.col("year").is_in(list(ranges))).head(5)
    for line, year in missing.select("line", "year").rows():
        sie.error(line, f"årsnummer {year} saknar #RAR.")
    in_own = pl.lit(False)
    in_any = pl.lit(False)
    for i, (lo, hi) in ranges.items():
        inside = pl.col("period").is_between(lo, hi)
        in_own = in_own | ((pl.col("year") == i) & inside)
        in_any = in_any | inside
    p = p.with_columns(in_own.alias("own"), in_any.alias("any"))
    for line, kind, period in (
        p.filter(~pl.col("any")).head(10).select("line", "kind", "period").rows()
    ):
        sie.error(line, f"#{kind}: perioden {period} ligger utanför räkenskapsåren i filen.")
    misfiled = p.filter(pl.col("any") & ~pl.col("own") & pl.col("year").is_in(list(ranges)))
    if misfiled.height:
        first = misfiled.get_column("line").min()
        sie.warn(
            first,
            f"{misfiled.height} periodrader har en period utanför sitt eget räkenskapsår och "
            "räknas inte.",
        )
    sie.periods = p.filter(pl.col("own")).drop("own", "any")


def _check_ksumma(
    sie: SieFile, handle: BinaryIO, end: int, marks: list[tuple[int, str | None]]
) -> None:
    """#KSUMMA: CRC-32 over every record between the opening and the closing #KSUMMA, each as
    its label and fields, without blanks, quotes and braces."""
    if len(marks) < 2 or marks[-1][1] is None:
        sie.error(marks[0][0], "#KSUMMA i början saknar sin avslutande #KSUMMA med kontrollsumma.")
        return
    first, last = marks[0][0], marks[-1][0]
    decoding = sie.encoding if sie.encoding != "ascii" else "cp437"
    encoding = "cp437" if sie.encoding in {"ascii", "cp437"} else sie.encoding
    crc = 0
    for number, raw in enumerate(raw_lines(handle, end), start=1):
        if number <= first:
            continue
        if number >= last:
            break
        for quoted, open_, close, bare in TOKEN.findall(raw.decode(decoding)):
            if open_ or close:
                continue
            token = quoted.replace('\\"', '"') if quoted else bare
            crc = zlib.crc32(token.encode(encoding, errors="replace"), crc)
    expected = int(marks[-1][1])
    if crc != expected:
        sie.error(
            last, f"kontrollsumman (#KSUMMA) stämmer inte: filen har {expected}, beräknad {crc}."
        )


def raw_lines(handle: BinaryIO, end: int, block: int = SCAN_BLOCK):
    """The file's lines as bytes (without their line feed), read a block at a time up to
    ``end``."""
    handle.seek(0)
    pos, rest = 0, b""
    while pos < end:
        data = handle.read(min(block, end - pos))
        if not data:
            break
        pos += len(data)
        lines = (rest + data).split(b"\n")
        rest = lines.pop()
        yield from lines
    yield rest
