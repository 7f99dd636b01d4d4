"""Reading SIE files (types 1–4, SIE filformat 4B) into columnar tables.

The bulk of a file — ``#VER`` and its ``#TRANS``/``#RTRANS``/``#BTRANS`` rows, and ``#PSALDO``/
``#PBUDGET`` — is parsed with Polars expressions over all lines at once; the few header records
(``#KONTO``, ``#DIM``, ``#RAR`` …) with a small tokenizer. Nothing here touches the database: the
result is a :class:`SieFile` with its tables, every error with its line number, and warnings.

Real files differ from the standard (see docs/sie.md): UTF-8 written under ``#FORMAT PC8``, tabs
and runs of spaces between fields, unquoted text, ``{ }`` with spaces, object lists combining
several dimensions, Latin-1 bytes inside CP437 files.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

# One field: a quoted string (with \" and \\ escapes) or a run of anything but blanks, quotes
# and braces.
TOK = r'(?:"(?:[^"\\]|\\.)*"|[^\s"{}]+)'
TRANS_RE = (
    rf"^\s*#(TRANS|RTRANS|BTRANS)\s+({TOK})\s+\{{([^}}]*)\}}\s*({TOK})"
    rf"(?:\s+({TOK}))?(?:\s+({TOK}))?(?:\s+({TOK}))?(?:\s+({TOK}))?\s*$"
)
VER_RE = rf"^\s*#VER\s+({TOK})\s+({TOK})\s+({TOK})(?:\s+({TOK}))?(?:\s+({TOK}))?(?:\s+({TOK}))?\s*$"
PERIOD_RE = (
    rf"^\s*#(PSALDO|PBUDGET)\s+({TOK})\s+({TOK})\s+({TOK})\s+\{{([^}}]*)\}}\s*({TOK})"
    rf"(?:\s+({TOK}))?\s*$"
)
AMOUNT_RE = r"^-?\d+(?:\.\d+)?$"
# A fiscal year's index (#RAR, #IB …): 0 for the current year, -1 for the one before, …
YEAR_INDEX_RE = re.compile(r"-?[0-9]{1,3}")
TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{)|(\})|([^\s"{}]+)')
UNESCAPE = re.compile(r"\\(.)")

# An object list as written between its braces: fields (quoted or bare) and blanks only.
OBJECT_LIST_RE = rf"^\s*(?:{TOK}\s*)*$"
# Records that carry an object list ``{…}``.
OBJECT_LABELS = ["#TRANS", "#RTRANS", "#BTRANS", "#PSALDO", "#PBUDGET", "#OIB", "#OUB"]
QUOTED_RE = r'"(?:[^"\\]|\\.)*"'

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
# The longest line read (bytes, without its line break); longer is an error. Real records are
# well under 1 KiB; the bound keeps the memory one line can take small.
MAX_LINE_BYTES = 64 * 1024
# The longest texts and codes the ledger keeps (the models' max_length): longer is an error,
# never cut short.
MAX_NAME = 200
MAX_ORGNR = 20
MAX_ACCOUNT = 20
MAX_OBJECT = 40
MAX_OBJECT_LIST = 200

BULK = ("#TRANS", "#RTRANS", "#BTRANS", "#VER", "#PSALDO", "#PBUDGET")
KNOWN = {
    "#FLAGGA",
    "#FORMAT",
    "#SIETYP",
    "#PROGRAM",
    "#GEN",
    "#FNAMN",
    "#FNR",
    "#ORGNR",
    "#ADRESS",
    "#BKOD",
    "#FTYP",
    "#RAR",
    "#TAXAR",
    "#OMFATTN",
    "#KPTYP",
    "#VALUTA",
    "#KONTO",
    "#KTYP",
    "#ENHET",
    "#SRU",
    "#DIM",
    "#UNDERDIM",
    "#OBJEKT",
    "#IB",
    "#UB",
    "#OIB",
    "#OUB",
    "#RES",
    "#KSUMMA",
    "#PROSA",
    *BULK,
}


def _dim_object(dim: str) -> str:
    """A regex whose group 1 is the object of dimension ``dim`` in an object list.

    Pairs are consumed from the start, so an object id equal to ``dim`` is never taken for it.
    """
    return rf'^\s*(?:{TOK}\s+{TOK}\s+)*?"?{dim}"?\s+({TOK})'


@dataclass
class SieFile:
    filename: str
    encoding: str = "cp437"
    sie_type: int | None = None
    program: str = ""
    company: str = ""
    orgnr: str = ""
    currency: str = "SEK"
    chart: str = ""
    fiscal_years: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    accounts: dict[str, dict] = field(default_factory=dict)
    dimensions: dict[str, dict] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    balances: pl.DataFrame | None = None  # IB, UB, OIB, OUB, RES
    periods: pl.DataFrame | None = None  # PSALDO, PBUDGET
    vouchers: pl.DataFrame | None = None
    transactions: pl.DataFrame | None = None
    line_count: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(f"{self.filename}, rad {line}: {message}")

    def warn(self, line: int | None, message: str) -> None:
        where = f", rad {line}" if line else ""
        self.warnings.append(f"{self.filename}{where}: {message}")

    @property
    def has_vouchers(self) -> bool:
        return self.transactions is not None and self.transactions.height > 0

    def year_of(self, index: int) -> tuple[dt.date, dt.date] | None:
        return self.fiscal_years.get(index)


# --------------------------------------------------------------------------------------------
# Encoding


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
    if encoding in {"ascii", "utf-8"}:
        return data
    return data.decode(encoding).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Small records


def tokenize(line: str) -> list:
    """``#PSALDO 0 201101 3010 {1 "Syd"} -1000`` → ``['#PSALDO', '0', '201101', '3010',
    ['1', 'Syd'], '-1000']``."""
    out: list = []
    stack: list[list] = []
    for quoted, open_, close, bare in TOKEN.findall(line):
        if open_:
            stack.append([])
            continue
        if close:
            if stack:
                inner = stack.pop()
                (stack[-1] if stack else out).append(inner)
            continue
        value = UNESCAPE.sub(r"\1", quoted) if quoted or (not bare) else bare
        (stack[-1] if stack else out).append(value)
    while stack:  # an unclosed list: keep what was read
        inner = stack.pop()
        (stack[-1] if stack else out).append(inner)
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except (TypeError, ValueError):
        return None


def _cents(text: str) -> int | None:
    """``-128.5`` → ``-12850``; exact, never through a float."""
    text = text.strip().replace(",", ".")
    if not re.fullmatch(AMOUNT_RE, text):
        return None
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    if frac[2:].strip("0"):
        return None  # more than öre precision
    value = int(whole) * 100 + int((frac + "00")[:2])
    return -value if negative else value


def _objects_pairs(items: list) -> list[tuple[str, str]]:
    return [(str(items[i]), str(items[i + 1])) for i in range(0, len(items) - 1, 2)]


# --------------------------------------------------------------------------------------------
# Columnar helpers


def _unquote(col: str) -> pl.Expr:
    c = pl.col(col)
    return (
        pl.when(c.str.starts_with('"') & c.str.ends_with('"') & (c.str.len_chars() >= 2))
        .then(c.str.slice(1, c.str.len_chars() - 2).str.replace_all(r"\\(.)", "$1"))
        .otherwise(c)
        .alias(col)
    )


def _cents_expr(col: str) -> pl.Expr:
    """Exact öre from a decimal string; null when malformed or finer than öre."""
    c = pl.col(col).str.replace(",", ".", literal=True)
    negative = c.str.starts_with("-")
    parts = c.str.strip_prefix("-").str.split_exact(".", 1)
    whole_text = parts.struct.field("field_0")
    frac = parts.struct.field("field_1").fill_null("")
    whole = whole_text.cast(pl.Int64, strict=False)
    digits_ok = whole_text.str.len_chars().is_between(1, 18) & ~whole_text.str.contains("[^0-9]")
    frac_ok = ~frac.str.contains("[^0-9]") & (
        frac.str.slice(2).str.replace_all("0", "", literal=True).str.len_chars() == 0
    )
    frac2 = (frac + "00").str.slice(0, 2).cast(pl.Int64, strict=False)
    value = whole * 100 + frac2
    return (
        pl.when(digits_ok & frac_ok)
        .then(pl.when(negative).then(-value).otherwise(value))
        .alias(col)
    )


def _with_objects(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Add dim1, dim6, the number of pairs, and the list as written (``objects``).

    Most lists are short and plain (``1 "100" 6 "P12"``): drop the quotes and split on blanks.
    Lists with a quoted object containing a blank, or more than three pairs, are few and take
    the regex that consumes pairs from the start.
    """
    c = pl.col(col).fill_null("").str.strip_chars()
    df = df.with_columns(c.alias("objects"))
    o = pl.col("objects")
    bare = o.str.replace_all('"', "", literal=True)
    plain = (
        pl.when(bare.str.contains("\t", literal=True) | bare.str.contains("  ", literal=True))
        .then(bare.str.replace_all(r"\s+", " "))
        .otherwise(bare)
        .str.split(" ")
    )
    df = df.with_columns(plain.alias("_tok"))
    tok = [pl.col("_tok").list.get(i, null_on_oob=True) for i in range(6)]

    def pick(dim: str) -> pl.Expr:
        return (
            pl.when(tok[0] == dim)
            .then(tok[1])
            .when(tok[2] == dim)
            .then(tok[3])
            .when(tok[4] == dim)
            .then(tok[5])
            .otherwise(None)
        )

    df = df.with_columns(
        pick("1").alias("dim1"),
        pick("6").alias("dim6"),
        pl.when(o == "")
        .then(0)
        .otherwise(pl.col("_tok").list.len() // 2)
        .cast(pl.Int64)
        .alias("ndims"),
        (o.str.contains(r'"[^"]*\s[^"]*"') | (pl.col("_tok").list.len() > 6)).alias("_slow"),
    ).drop("_tok")
    if df.get_column("_slow").any():
        df = df.with_row_index("_i")
        slow = df.filter(pl.col("_slow")).select(
            "_i",
            o.str.extract(_dim_object("1"), 1).alias("dim1"),
            o.str.extract(_dim_object("6"), 1).alias("dim6"),
            (o.str.count_matches(TOK).cast(pl.Int64) // 2).alias("ndims"),
        )
        df = df.update(slow, on="_i", include_nulls=True).drop("_i")
    return df.drop("_slow")


def _finish_objects(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(_unquote("dim1"), _unquote("dim6")).with_columns(
        pl.col("dim1").fill_null(""), pl.col("dim6").fill_null("")
    )


# --------------------------------------------------------------------------------------------
# The reader


CHUNK_BYTES = 48 * 1024 * 1024


# Records that never stand inside a voucher: a chunk may end just before one.
CUT_BEFORE = (b"\n#VER", b"\n#PSALDO", b"\n#PBUDGET")


def _chunks(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of about ``CHUNK_BYTES`` that end just before a ``#VER``, ``#PSALDO`` or
    ``#PBUDGET`` line, so that a voucher is never split between two chunks and a file of
    period balances alone is read in parts too."""
    ranges, start, size = [], 0, len(data)
    while start < size:
        cut = start + CHUNK_BYTES
        if cut >= size:
            ranges.append((start, size))
            break
        found = [data.find(mark, cut, cut + CHUNK_BYTES) for mark in CUT_BEFORE]
        found = [f for f in found if f >= 0] or [
            f for f in (data.find(mark, cut) for mark in CUT_BEFORE) if f >= 0
        ]
        nxt = min(found, default=-1)
        if nxt < 0:
            ranges.append((start, size))
            break
        ranges.append((start, nxt + 1))
        start = nxt + 1
    return ranges


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
    stripped = pl.col("text").fill_null("").str.strip_chars()
    return lines.with_row_index("line", offset=first_line).with_columns(
        pl.col("text").fill_null("").str.strip_chars_end("\r"),
        pl.col("text").str.extract(r"^\s*(#[A-Za-z_]+)", 1).str.to_uppercase().alias("label"),
        (stripped == "{").alias("open"),
        (stripped == "}").alias("close"),
        (stripped == "").alias("blank"),
    )


def read_sie(
    data: bytes,
    *,
    filename: str,
    progress: Callable[[int, str], None] | None = None,
    sink: Callable[[pl.DataFrame], None] | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> SieFile:
    """Parse ``data`` (the file's bytes). Errors and warnings are collected on the result.

    The file is read in chunks of whole vouchers, so memory stays bounded for large files.
    With a ``sink``, each chunk's voucher rows (with their vouchers, see :func:`storage_rows`)
    are handed to it and only the columns the checks and sums need are kept in memory.
    A compressed file, a control character or a line longer than ``max_line_bytes`` stops the
    reading before any record is parsed.
    """
    sie = SieFile(filename=Path(filename).name)
    report = progress or (lambda percent, text: None)
    if not data.strip():
        sie.error(1, "filen är tom.")
        return sie
    data = data.rstrip(b"\x1a")
    if not _check_bytes(sie, data, max_line_bytes):
        return sie
    sie.encoding = detect_encoding(data)
    ranges = _chunks(data)
    first_line, depth, ver_offset = 1, 0, 0
    small_rows: list[tuple[int, str, str]] = []
    vouchers, transactions, periods = [], [], []
    for number, (start, stop) in enumerate(ranges):
        report(5 + 70 * number // len(ranges), f"Läser rader ({number + 1} av {len(ranges)})")
        lines = _line_frame(data[start:stop], sie.encoding, first_line)
        first_line += lines.height
        depth = _check_structure(sie, lines, depth)
        _check_object_lists(sie, lines)
        small = lines.filter(pl.col("label").is_not_null() & ~pl.col("label").is_in(BULK))
        small_rows.extend(small.select("line", "label", "text").rows())
        v, t = _read_vouchers(sie, lines, ver_offset)
        ver_offset += v.height
        if sink is not None and t.height and not sie.errors:
            sink(storage_rows(t, v))
        if sink is not None:
            t = t.select(KEEP)
        vouchers.append(v)
        transactions.append(t)
        periods.append(
            lines.filter(pl.col("label").is_in(["#PSALDO", "#PBUDGET"])).select(
                "line", "label", "text"
            )
        )
        del lines
    sie.line_count = first_line - 1
    if depth != 0:
        sie.error(
            sie.line_count,
            "filen tar slut inuti en verifikation (saknar }); filen verkar avkortad.",
        )
    _read_small_records(sie, small_rows)
    sie.vouchers = pl.concat(vouchers)
    sie.transactions = pl.concat(transactions)
    report(76, "Läser periodsaldon och budget")
    _read_periods(sie, pl.concat(periods))
    report(78, "Kontrollerar")
    _check(sie, data)
    report(80, "Inläst")
    return sie


KEEP = ["ver", "line", "kind", "account", "dim1", "dim6", "cents"]


def _check_bytes(sie: SieFile, data: bytes, max_line_bytes: int) -> bool:
    """What must hold before any line is parsed: not a compressed file, no control characters,
    no line longer than ``max_line_bytes``. Returns False (with errors) when it does not."""
    for magic, kind in COMPRESSED.items():
        if data.startswith(magic):
            sie.error(
                1,
                f"filen är {kind}-komprimerad; packa upp den och läs in den uppackade SIE-filen.",
            )
            return False
    for position in _control_positions(data)[:10]:
        line = data.count(b"\n", 0, position) + 1
        sie.error(line, f"raden innehåller ett otillåtet styrtecken (0x{data[position]:02X}).")
    if sie.errors:
        return False
    for line in _long_lines(data, max_line_bytes)[:10]:
        sie.error(line, f"raden är längre än {max_line_bytes} byte.")
    return not sie.errors


def _control_positions(data: bytes, window: int = 8 * 1024 * 1024) -> list[int]:
    """Offsets of the first bytes that are control characters other than tab, line feed and
    carriage return (0x00–0x1F, 0x7F), scanning the file a window at a time."""
    view = np.frombuffer(data, dtype=np.uint8)
    found: list[int] = []
    for pos in range(0, len(view), window):
        block = view[pos : pos + window]
        bad = ((block < 32) & (block != 9) & (block != 10) & (block != 13)) | (block == 127)
        found.extend(int(i) + pos for i in np.flatnonzero(bad)[:10])
        if len(found) >= 10:
            break
    return found


def _long_lines(data: bytes, limit: int, window: int = 8 * 1024 * 1024) -> list[int]:
    """Numbers of the lines longer than ``limit`` bytes (line break not counted), scanning the
    file a window at a time so that the check itself takes little memory."""
    view = np.frombuffer(data, dtype=np.uint8)
    found: list[int] = []
    line_start, line_number = 0, 1
    for pos in range(0, len(view), window):
        ends = np.flatnonzero(view[pos : pos + window] == 10) + pos
        if not len(ends):
            continue
        starts = np.concatenate(([line_start], ends[:-1] + 1))
        for index in np.flatnonzero(ends - starts > limit)[:10]:
            found.append(line_number + int(index))
        line_start, line_number = int(ends[-1]) + 1, line_number + len(ends)
        if len(found) >= 10:
            return found
    if len(view) - line_start > limit:
        found.append(line_number)
    return found


def _check_object_lists(sie: SieFile, lines: pl.DataFrame) -> None:
    """Every object list is one ``{ }`` with dimension–object pairs inside: unbalanced or nested
    braces, an unterminated quote or an odd number of fields is an error naming the line."""
    rows = lines.filter(pl.col("label").is_in(OBJECT_LABELS))
    if not rows.height:
        return
    text = pl.col("text")
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


def _check_lengths(sie: SieFile, frame: pl.DataFrame, label: str | None = None) -> None:
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
            name = label or row.get("label") or f"#{row['kind']}"
            sie.error(row["line"], f"{name}: {what} är längre än {limit} tecken.")


def storage_rows(transactions: pl.DataFrame, vouchers: pl.DataFrame) -> pl.DataFrame:
    """Voucher rows as stored for drill-down: each row with its voucher's series, number,
    date and text, and the month it is booked in (the voucher's date)."""
    heads = vouchers.select(
        "ver",
        "series",
        "number",
        pl.col("date").alias("voucher_date"),
        pl.col("text").alias("voucher_text"),
    )
    return (
        transactions.join(heads, on="ver", how="left")
        .with_columns(
            (pl.col("voucher_date").dt.year() * 100 + pl.col("voucher_date").dt.month())
            .cast(pl.Int32)
            .alias("period"),
            pl.col("date").fill_null(pl.col("voucher_date")),
        )
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


def _check_structure(sie: SieFile, lines: pl.DataFrame, carried: int) -> int:
    """Braces around voucher rows and garbage lines; returns the brace depth at the end."""
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


def _field(n: int) -> str:
    """A regex for the n-th blank-separated field after the label (a quoted one whole)."""
    return r"^\s*#\w+" + r"\s+(?:\"(?:[^\"\\]|\\.)*\"|\S+)" * n + r'\s+("(?:[^"\\]|\\.)*"|\S+)'


def _read_vouchers(
    sie: SieFile, lines: pl.DataFrame, offset: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    is_ver = pl.col("label") == "#VER"
    bulk = lines.filter(pl.col("label").is_in(["#VER", "#TRANS", "#RTRANS", "#BTRANS"])).select(
        "line", "label", "text", (is_ver.cum_sum() + offset).alias("ver")
    )
    vers = bulk.filter(pl.col("label") == "#VER").with_columns(
        pl.col("text").str.extract(_field(0), 1).alias("series"),
        pl.col("text").str.extract(_field(1), 1).alias("number"),
        pl.col("text").str.extract(_field(2), 1).alias("date_"),
        pl.col("text").str.extract(_field(3), 1).alias("text_"),
        pl.col("text").str.extract(_field(4), 1).alias("regdate"),
    )
    vers = vers.with_columns(
        _unquote("series"),
        _unquote("number"),
        _unquote("date_"),
        _unquote("text_"),
        _unquote("regdate"),
    ).with_columns(
        pl.col("date_").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("vdate"),
        pl.col("regdate").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("vregdate"),
    )
    for (line,) in (
        vers.filter(pl.col("series").is_null() | pl.col("number").is_null())
        .head(10)
        .select("line")
        .rows()
    ):
        sie.error(line, "felaktig #VER-post.")
    for (line,) in (
        vers.filter(pl.col("vdate").is_null() & pl.col("number").is_not_null())
        .head(10)
        .select("line")
        .rows()
    ):
        sie.error(line, "#VER har ett ogiltigt datum.")
    vouchers = vers.select(
        "ver",
        "line",
        pl.col("series").fill_null(""),
        pl.col("number").fill_null(""),
        pl.col("vdate").alias("date"),
        pl.col("text_").fill_null("").alias("text"),
        pl.col("vregdate").alias("regdate"),
    )

    rows = bulk.filter(pl.col("label") != "#VER").with_columns(pl.col("text").str.strip_chars())
    rows = rows.with_columns(
        pl.col("text").str.find("{", literal=True).alias("o"),
        pl.col("text").str.find("}", literal=True).alias("c"),
    )
    ok = pl.col("o").is_not_null() & pl.col("c").is_not_null() & (pl.col("c") > pl.col("o"))
    for line, label in rows.filter(~ok).head(10).select("line", "label").rows():
        sie.error(line, f"felaktig {label}-post (objektlistan {{}} saknas).")
    rows = rows.filter(ok).with_columns(
        pl.col("text")
        .str.slice(0, pl.col("o"))
        .str.extract(r"^#\w+\s+(\S+)\s*$", 1)
        .alias("account"),
        pl.col("text")
        .str.slice(pl.col("o") + 1, pl.col("c") - pl.col("o") - 1)
        .str.strip_chars()
        .alias("objects"),
        pl.col("text").str.slice(pl.col("c") + 1).str.strip_chars_start().alias("tail"),
    )
    tail = pl.col("tail")
    tail = (
        pl.when(tail.str.contains("\t", literal=True) | tail.str.contains("  ", literal=True))
        .then(tail.str.replace_all(r"\s+", " "))
        .otherwise(tail)
    )
    rows = rows.with_columns(tail.str.splitn(" ", 3).alias("parts")).with_columns(
        pl.col("parts").struct.field("field_0").alias("amount"),
        pl.col("parts").struct.field("field_1").alias("tdate"),
        pl.col("parts").struct.field("field_2").alias("rest"),
    )
    rest = pl.col("rest")
    rows = rows.with_columns(
        pl.when(rest.str.starts_with('"') & (rest.str.count_matches('"', literal=True) > 2))
        .then(rest.str.extract(r'^("(?:[^"\\]|\\.)*")', 1))
        .when(rest.str.starts_with('"'))
        .then(rest)
        .otherwise(rest.str.extract(r"^(\S+)", 1))
        .alias("ttext")
    )
    for line, label in (
        rows.filter(pl.col("account").is_null() | pl.col("amount").is_null())
        .head(10)
        .select("line", "label")
        .rows()
    ):
        sie.error(line, f"felaktig {label}-post.")
    rows = _with_objects(
        rows.with_columns(
            _unquote("account"), _unquote("amount"), _unquote("tdate"), _unquote("ttext")
        ),
        "objects",
    )
    rows = _finish_objects(rows).with_columns(
        _cents_expr("amount").alias("cents"),
        pl.col("tdate").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("date"),
    )
    for line, label, amount in (
        rows.filter(pl.col("cents").is_null() & pl.col("amount").is_not_null())
        .head(10)
        .select("line", "label", "amount")
        .rows()
    ):
        sie.error(line, f"{label}: ogiltigt belopp {amount!r}.")
    _check_lengths(sie, rows.drop("objects"))
    transactions = rows.select(
        "ver",
        "line",
        pl.col("label")
        .replace_strict({"#TRANS": "T", "#RTRANS": "R", "#BTRANS": "B"})
        .alias("kind"),
        "account",
        "dim1",
        "dim6",
        "ndims",
        "objects",
        "cents",
        "date",
        pl.col("ttext").fill_null("").alias("text"),
    )
    return vouchers, transactions


def _read_small_records(sie: SieFile, rows: list[tuple[int, str, str]]) -> None:
    ksumma_lines = []
    for line, label, text in rows:
        fields = tokenize(text)[1:]
        strings = [f for f in fields if isinstance(f, str)]
        try:
            if label == "#SIETYP":
                sie.sie_type = int(strings[0])
            elif label == "#PROGRAM":
                sie.program = " ".join(strings)
            elif label == "#FNAMN":
                sie.company = strings[0]
            elif label == "#ORGNR":
                sie.orgnr = strings[0]
            elif label == "#VALUTA":
                sie.currency = strings[0]
            elif label == "#KPTYP":
                sie.chart = strings[0]
            elif label == "#RAR":
                start, end = _date(strings[1]), _date(strings[2])
                if start is None or end is None or end < start:
                    sie.error(line, "#RAR har ogiltiga datum.")
                elif not YEAR_INDEX_RE.fullmatch(strings[0]):
                    raise ValueError
                else:
                    sie.fiscal_years[int(strings[0])] = (start, end)
            elif label == "#KONTO":
                sie.accounts.setdefault(strings[0], {})["name"] = (
                    strings[1] if len(strings) > 1 else ""
                )
            elif label == "#KTYP":
                sie.accounts.setdefault(strings[0], {"name": ""})["type"] = strings[1].upper()
            elif label == "#SRU":
                sie.accounts.setdefault(strings[0], {"name": ""})["sru"] = strings[1]
            elif label == "#ENHET":
                sie.accounts.setdefault(strings[0], {"name": ""})["unit"] = strings[1]
            elif label == "#DIM":
                sie.dimensions[strings[0]] = {
                    "name": strings[1] if len(strings) > 1 else "",
                    "parent": "",
                }
            elif label == "#UNDERDIM":
                sie.dimensions[strings[0]] = {
                    "name": strings[1],
                    "parent": strings[2] if len(strings) > 2 else "",
                }
            elif label == "#OBJEKT":
                sie.objects[(strings[0], strings[1])] = strings[2] if len(strings) > 2 else ""
            elif label in {"#IB", "#UB", "#OIB", "#OUB", "#RES"}:
                _balance_row(sie, line, label, fields)
            elif label == "#KSUMMA":
                ksumma_lines.append((line, strings[0] if strings else None))
            _check_text_lengths(sie, line, label, strings)
        except (IndexError, ValueError):
            sie.error(line, f"{label} saknar fält eller har ogiltiga värden.")
    sie._ksumma = ksumma_lines  # type: ignore[attr-defined]
    sie._balance_rows = getattr(sie, "_balance_rows", [])  # type: ignore[attr-defined]


# Per header record: which fields are kept, each with its limit and what it is.
TEXT_LIMITS = {
    "#FNAMN": [(0, MAX_NAME, "företagsnamnet")],
    "#PROGRAM": [(None, MAX_NAME, "programnamnet")],
    "#ORGNR": [(0, MAX_ORGNR, "organisationsnumret")],
    "#KONTO": [(0, MAX_ACCOUNT, "kontonumret"), (1, MAX_NAME, "kontots namn")],
}


def _check_text_lengths(sie: SieFile, line: int, label: str, strings: list[str]) -> None:
    """Names and numbers longer than the ledger keeps are errors, never cut short."""
    for index, limit, what in TEXT_LIMITS.get(label, []):
        value = " ".join(strings) if index is None else (strings[index : index + 1] or [""])[0]
        if len(value) > limit:
            sie.error(line, f"{label}: {what} är längre än {limit} tecken.")


def _balance_row(sie: SieFile, line: int, label: str, fields: list) -> None:
    rows = sie.__dict__.setdefault("_balance_rows", [])
    if label in {"#OIB", "#OUB"}:
        year, account, objects, amount = fields[0], fields[1], fields[2], fields[3]
        if not isinstance(objects, list):
            raise ValueError
    else:
        year, account, amount = fields[0], fields[1], fields[2]
        objects = []
    # a year index is a small integer and an account a text: an object list or a number no
    # column can keep in their place is malformed (caught as ValueError, naming the line)
    if not (isinstance(year, str) and YEAR_INDEX_RE.fullmatch(year)) or isinstance(account, list):
        raise ValueError
    cents = _cents(str(amount))
    if cents is None:
        sie.error(line, f"{label} har ett ogiltigt belopp {amount!r}.")
        return
    pairs = _objects_pairs(objects)
    dims = dict(pairs)
    objects_text = " ".join(f'{d} "{o}"' for d, o in pairs)
    for value, limit, what in (
        (str(account), MAX_ACCOUNT, "kontonumret"),
        (dims.get("1", ""), MAX_OBJECT, "kostnadsstället"),
        (dims.get("6", ""), MAX_OBJECT, "projektet"),
        (objects_text, MAX_OBJECT_LIST, "objektlistan"),
    ):
        if len(value) > limit:
            sie.error(line, f"{label}: {what} är längre än {limit} tecken.")
            return
    rows.append(
        {
            "kind": label[1:],
            "year": int(year),
            "account": str(account),
            "dim1": dims.get("1", ""),
            "dim6": dims.get("6", ""),
            "ndims": len(pairs),
            "objects": objects_text,
            "cents": cents,
            "line": line,
        }
    )


def _read_periods(sie: SieFile, lines: pl.DataFrame) -> None:
    rows = (
        lines.filter(pl.col("label").is_in(["#PSALDO", "#PBUDGET"]))
        .select("line", "label", pl.col("text").str.extract_groups(PERIOD_RE).alias("g"))
        .unnest("g")
        .rename(
            {
                "1": "kind",
                "2": "year",
                "3": "period",
                "4": "account",
                "5": "objects_raw",
                "6": "amount",
                "7": "quantity",
            }
        )
    )
    for line, label in (
        rows.filter(pl.col("kind").is_null()).head(10).select("line", "label").rows()
    ):
        sie.error(line, f"felaktig {label}-post.")
    rows = _with_objects(
        rows.filter(pl.col("kind").is_not_null()).with_columns(
            _unquote("year"), _unquote("period"), _unquote("account"), _unquote("amount")
        ),
        "objects_raw",
    )
    rows = _finish_objects(rows).with_columns(
        _cents_expr("amount").alias("cents"),
        pl.col("year").cast(pl.Int32, strict=False),
        pl.col("period").cast(pl.Int32, strict=False),
    )
    for line, label, amount in (
        rows.filter(pl.col("cents").is_null()).head(10).select("line", "label", "amount").rows()
    ):
        sie.error(line, f"{label}: ogiltigt belopp {amount!r}.")
    bad = rows.filter(
        pl.col("period").is_null()
        | ((pl.col("period") % 100) < 1)
        | ((pl.col("period") % 100) > 12)
    )
    for line, label in bad.head(10).select("line", "label").rows():
        sie.error(line, f"{label}: ogiltig period (ska vara ÅÅÅÅMM).")
    _check_lengths(sie, rows.drop("objects"))
    sie.periods = rows.select(
        "line", "kind", "year", "period", "account", "dim1", "dim6", "ndims", "objects", "cents"
    )
    balance_rows = sie.__dict__.pop("_balance_rows", [])
    sie.balances = pl.DataFrame(
        balance_rows,
        schema={
            "kind": pl.String,
            "year": pl.Int32,
            "account": pl.String,
            "dim1": pl.String,
            "dim6": pl.String,
            "ndims": pl.Int64,
            "objects": pl.String,
            "cents": pl.Int64,
            "line": pl.Int64,
        },
    )


# --------------------------------------------------------------------------------------------
# Checks


def _check(sie: SieFile, data: bytes) -> None:
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
    known = set(sie.accounts)
    t = sie.transactions
    if t is not None and t.height:
        unknown = t.filter(~pl.col("account").is_in(list(known))).head(10)
        labels = {"T": "#TRANS", "R": "#RTRANS", "B": "#BTRANS"}
        for line, kind, account in unknown.select("line", "kind", "account").rows():
            sie.error(line, f"{labels[kind]}: okänt konto {account} (saknar #KONTO).")
        booked = t.filter(pl.col("kind") == "T")
        sums = booked.group_by("ver").agg(pl.col("cents").sum().alias("sum"))
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
    v = sie.vouchers
    if v is not None and v.height:
        outside = v.filter((pl.col("date") < start) | (pl.col("date") > end)).head(10)
        for line, date in outside.select("line", "date").rows():
            sie.error(
                line, f"verifikationsdatum {date} ligger utanför räkenskapsåret {start}–{end}."
            )
    p = sie.periods
    if p is not None and p.height:
        _check_periods(sie, p)
    ks = getattr(sie, "_ksumma", [])
    if ks:
        _check_ksumma(sie, data, ks)


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


def _check_ksumma(sie: SieFile, data: bytes, marks: list[tuple[int, str | None]]) -> None:
    """#KSUMMA: CRC-32 over every record between the opening and the closing #KSUMMA, each as
    its label and fields, without blanks, quotes and braces."""
    if len(marks) < 2 or marks[-1][1] is None:
        sie.error(marks[0][0], "#KSUMMA i början saknar sin avslutande #KSUMMA med kontrollsumma.")
        return
    first, last = marks[0][0], marks[-1][0]
    text = data.decode(sie.encoding if sie.encoding != "ascii" else "cp437")
    crc = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if number <= first or number >= last:
            continue
        for quoted, open_, close, bare in TOKEN.findall(raw):
            if open_ or close:
                continue
            token = quoted.replace('\\"', '"') if quoted else bare
            encoding = "cp437" if sie.encoding in {"ascii", "cp437"} else sie.encoding
            crc = zlib.crc32(token.encode(encoding, errors="replace"), crc)
    expected = int(marks[-1][1])
    if crc != expected:
        sie.error(
            last, f"kontrollsumman (#KSUMMA) stämmer inte: filen har {expected}, beräknad {crc}."
        )


# --------------------------------------------------------------------------------------------
# From rows to a partition of each account's total


PARTITION_SCHEMA = {
    "kind": pl.String,
    "year": pl.Int32,
    "period": pl.Int32,
    "account": pl.String,
    "cost_centre": pl.String,
    "project": pl.String,
    "view": pl.String,
    "cents": pl.Int64,
}
KEY = ["kind", "year", "period", "account"]


def voucher_movements(sie: SieFile) -> pl.DataFrame:
    """Booked ``#TRANS`` rows summed per month of the voucher date: by cost centre (view
    ``main``) and by project (view ``project``)."""
    t = sie.transactions.filter(pl.col("kind") == "T").join(
        sie.vouchers.select("ver", pl.col("date").alias("vdate")), on="ver", how="left"
    )
    start = sie.fiscal_years[0][0]
    rows = (
        t.with_columns(
            (pl.col("vdate").dt.year() * 100 + pl.col("vdate").dt.month())
            .cast(pl.Int32)
            .alias("period")
        )
        .filter(pl.col("period") >= start.year * 100 + start.month)
        .group_by(
            "period",
            "account",
            pl.col("dim1").alias("cost_centre"),
            pl.col("dim6").alias("project"),
        )
        .agg(pl.col("cents").sum())
        .with_columns(pl.lit("actual").alias("kind"), pl.lit(0, pl.Int32).alias("year"))
    )
    return _two_views(rows)


def _two_views(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows that know both cost centre and project, as two partitions of each account total:
    by cost centre (``main``) and, where any project is tagged, by project (``project``)."""
    main = rows.with_columns(pl.lit("").alias("project"), pl.lit("main").alias("view"))
    tagged = rows.filter(pl.col("project") != "").select(KEY).unique()
    project = rows.join(tagged, on=KEY, how="semi").with_columns(
        pl.lit("").alias("cost_centre"), pl.lit("project").alias("view")
    )
    return _tidy(pl.concat([main.select(project.columns), project]))


def period_partition(sie: SieFile) -> tuple[pl.DataFrame, str]:
    """``#PSALDO``/``#PBUDGET`` rows as a partition of each (kind, year, period, account) total.

    Returns the rows (view ``main``: by cost centre and project, with the untagged remainder
    under empty codes; view ``project``: by project only, where the file lists projects in rows of
    their own) and how the object-less ``{}`` row was read (``total`` or ``remainder``).

    - Rows with one dimension each (the standard): ``{}`` is the account total; the cost-centre
      rows and the project rows are two separate views of it and are never added together.
    - Rows combining several dimensions: each row is one combination, disjoint from the others.
      Some programs then write ``{}`` as the total (it equals the sum of the object rows), others
      as the untagged remainder; the file's own figures decide which.
    """
    p = sie.periods.with_columns(
        pl.col("kind").replace_strict({"PSALDO": "actual", "PBUDGET": "budget"}),
    )
    if p.height == 0:
        return pl.DataFrame(schema=PARTITION_SCHEMA), "total"
    totals = p.filter(pl.col("ndims") == 0).group_by(KEY).agg(pl.col("cents").sum().alias("t"))
    objects = p.filter(pl.col("ndims") > 0)
    combined = objects.filter(pl.col("ndims") > 1).height > 0
    if combined:
        sums = objects.group_by(KEY).agg(pl.col("cents").sum().alias("s"))
        both = totals.join(sums, on=KEY, how="inner").filter(pl.col("s") != 0)
        mode = "total" if both.height and (both["t"] == both["s"]).all() else "remainder"
        if both.height == 0:
            mode = "total"
        rows = objects.select(
            *KEY, pl.col("dim1").alias("cost_centre"), pl.col("dim6").alias("project"), "cents"
        )
        if mode == "remainder":
            rest = totals.select(
                *KEY,
                pl.lit("").alias("cost_centre"),
                pl.lit("").alias("project"),
                pl.col("t").alias("cents"),
            )
        else:
            rest = (
                totals.join(sums, on=KEY, how="left")
                .with_columns((pl.col("t") - pl.col("s").fill_null(0)).alias("cents"))
                .select(*KEY, pl.lit("").alias("cost_centre"), pl.lit("").alias("project"), "cents")
            )
        return _two_views(pl.concat([rows, rest])), mode

    # one dimension per row: {} is the total; cost centres and projects are separate views.
    # Where a file gives no {} total, one dimension's rows make the whole: cost centres if there
    # are any, else projects, else the first dimension there is.
    dimension = (
        pl.when(pl.col("dim1") != "")
        .then(pl.lit(0))
        .when(pl.col("dim6") != "")
        .then(pl.lit(1))
        .otherwise(pl.lit(2))
    )
    implied = (
        objects.with_columns(dimension.alias("rank"))
        .filter(pl.col("rank") == pl.col("rank").min().over(KEY))
        .group_by(KEY)
        .agg(pl.col("cents").sum().alias("t"))
        .join(totals, on=KEY, how="anti")
    )
    totals = pl.concat([totals, implied.select(totals.columns)])
    parts = [
        _view(totals, objects.filter(pl.col("dim1") != ""), "cost_centre", "main"),
    ]
    project_rows = objects.filter(pl.col("dim6") != "")
    if project_rows.height:
        parts.append(_view(totals, project_rows, "project", "project"))
    return _tidy(pl.concat(parts)), "total"


def _view(totals: pl.DataFrame, rows: pl.DataFrame, dim: str, view: str) -> pl.DataFrame:
    column = "dim1" if dim == "cost_centre" else "dim6"
    tagged = rows.group_by(*KEY, pl.col(column).alias("code")).agg(pl.col("cents").sum())
    tagged_sum = tagged.group_by(KEY).agg(pl.col("cents").sum().alias("s"))
    # where a file has object rows but no {} total, the object rows are the whole
    full = totals.join(tagged_sum, on=KEY, how="full", coalesce=True).with_columns(
        (pl.col("t").fill_null(pl.col("s")) - pl.col("s").fill_null(0)).alias("cents"),
        pl.lit("").alias("code"),
    )
    out = pl.concat([tagged.select(*KEY, "code", "cents"), full.select(*KEY, "code", "cents")])
    return out.select(
        *KEY,
        (pl.col("code") if dim == "cost_centre" else pl.lit("")).alias("cost_centre"),
        (pl.col("code") if dim == "project" else pl.lit("")).alias("project"),
        "cents",
    ).with_columns(pl.lit(view).alias("view"))


def _tidy(df: pl.DataFrame) -> pl.DataFrame:
    return (
        df.with_columns(pl.col("cost_centre").fill_null(""), pl.col("project").fill_null(""))
        .group_by("kind", "year", "period", "account", "cost_centre", "project", "view")
        .agg(pl.col("cents").sum())
        .filter(pl.col("cents") != 0)
        .select(list(PARTITION_SCHEMA))
        .cast(PARTITION_SCHEMA)
    )
