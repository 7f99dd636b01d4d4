"""The checks of a SIE file: its bytes before any line is parsed, the structure and object
lists of each chunk's lines, the lengths the ledger keeps, and the whole file once read
(fiscal year, known accounts, balanced vouchers, periods, ``#KSUMMA``). Each error names its
line (docs/sie.md)."""

from __future__ import annotations

import datetime as dt
import zlib

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


def check_bytes(sie: SieFile, data: bytes, max_line_bytes: int) -> bool:
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


def check_object_lists(sie: SieFile, lines: pl.DataFrame) -> None:
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
            name = label or row.get("label") or f"#{row['kind']}"
            sie.error(row["line"], f"{name}: {what} är längre än {limit} tecken.")


def check_structure(sie: SieFile, lines: pl.DataFrame, carried: int) -> int:
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


def check_file(sie: SieFile, data: bytes) -> None:
    """The whole file once read: its type and fiscal year, something to import, known
    accounts, balanced vouchers dated in the year, periods in their years, ``#KSUMMA``."""
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
        _check_voucher_rows(sie, t)
    v = sie.vouchers
    if v is not None and v.height:
        outside = v.filter((pl.col("date") < start) | (pl.col("date") > end)).head(10)
        for line, date in outside.select("line", "date").rows():
            sie.error(
                line, f"verifikationsdatum {date} ligger utanför räkenskapsåret {start}–{end}."
            )
    if t is not None and t.height and "date" in t.columns:
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
        _check_ksumma(sie, data, sie.ksumma_marks)


def _check_voucher_rows(sie: SieFile, t: pl.DataFrame) -> None:
    """Every row's account is in the chart (``#KONTO``); every voucher's booked rows add up to
    zero."""
    known = set(sie.accounts)
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
