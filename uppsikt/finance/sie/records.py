"""The records of a SIE file: the vouchers and their rows and the period balances and budgets
(``#VER``, ``#TRANS`` …, ``#PSALDO``, ``#PBUDGET``) for all lines at once with Polars; the
header records and the opening and closing balances (``#KONTO``, ``#RAR``, ``#IB`` …) one line
at a time."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .checks import check_lengths
from .fields import (
    PERIOD_RE,
    YEAR_INDEX_RE,
    cents_expr,
    field_pattern,
    finish_objects,
    has_escapes,
    object_pairs,
    parse_cents,
    parse_date,
    squeeze_blanks,
    tokenize,
    unquote,
    with_objects,
)
from .file import MAX_ACCOUNT, MAX_NAME, MAX_OBJECT, MAX_OBJECT_LIST, MAX_ORGNR, SieFile

ROW_LABELS = ["#TRANS", "#RTRANS", "#BTRANS"]


@dataclass
class VoucherLines:
    """A chunk's voucher lines: heads and rows (``bulk``), each with its voucher's number
    ``ver``; the rows in the plain shape already read (``plain``) and the others (``rest``)."""

    bulk: pl.DataFrame
    plain: pl.DataFrame
    rest: pl.DataFrame


def voucher_lines(lines: pl.DataFrame, offset: int) -> VoucherLines:
    """The voucher lines of a chunk, vouchers counted from ``offset``; the rows in the plain
    shape read with one regex (``strict_rows``)."""
    is_ver = pl.col("label") == "#VER"
    bulk = lines.filter(pl.col("label").is_in(["#VER", *ROW_LABELS])).select(
        "line", "label", "text", (is_ver.cum_sum() + offset).alias("ver")
    )
    plain, rest = strict_rows(bulk.filter(~is_ver))
    return VoucherLines(bulk=bulk, plain=plain, rest=rest)


def read_vouchers(sie: SieFile, found: VoucherLines) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A chunk's vouchers (``#VER``) and their rows (``#TRANS``, ``#RTRANS``, ``#BTRANS``).

    Rows in the plain shape were read with one regex each; the others, and every row with a
    problem, take the general reading (``_voucher_rows``), which names the line of each
    error. Both give the same row for a plain line (tests/test_sie_paths.py)."""
    heads = _voucher_heads(sie, found.bulk)
    rows = _voucher_rows(sie, found.rest, checked=found.plain)
    return heads, rows


# A #TRANS line in the plain shape: a bare account, an object list of at most three pairs of
# fields (without blanks, braces, quotes inside them or escapes), an amount with at most two
# decimals, a date (or ""), and a text (quoted, without tabs, runs of blanks or escapes) or
# nothing, and nothing after it. Such a line is read with this one regex (one pass, no
# backtracking: it never has two ways on); any other line the general way.
_BARE = r'[^\s"{}\\]+'
_FIELD = rf'(?:{_BARE}|"[^"\s\\{{}}]*")'
_PAIR = rf"({_FIELD})[ \t]+({_FIELD})"
STRICT_TRANS_RE = (
    rf"^[ \t]*#TRANS[ \t]+({_BARE})[ \t]+\{{"
    rf"((?:{_PAIR}(?:[ \t]+{_PAIR}(?:[ \t]+{_PAIR})?)?)?)\}}"
    r"[ \t]+(-?)([0-9]{1,15})(?:\.([0-9]{1,2}))?"
    r'(?:[ \t]+(?:([0-9]{8})|"")(?:[ \t]+"([^"\\\t]*)")?)?$'
)
_STRICT_NAMES = [
    "account", "objects", "d0", "o0", "d1", "o1", "d2", "o2",
    "sign", "whole", "frac", "tdate", "ttext",
]  # fmt: skip


# The commonest plain shape: no object list, a cost centre, or a cost centre and then a project
# (``{1 "100" 6 "P12"}``, single blanks inside the braces). A line in it also matches
# ``STRICT_TRANS_RE``, which would read the same fields; with the objects of dimensions 1 and
# 6 captured as they stand, four captures fewer and no pairs to look through.
_QUOTED_OBJECT = r'"([^"\s\\{}]*)"'
COMMON_TRANS_RE = (
    rf"^[ \t]*#TRANS[ \t]+({_BARE})[ \t]+\{{"
    rf"((?:1 {_QUOTED_OBJECT}(?: 6 {_QUOTED_OBJECT})?)?)\}}"
    r"[ \t]+(-?)([0-9]{1,15})(?:\.([0-9]{1,2}))?"
    r'(?:[ \t]+(?:([0-9]{8})|"")(?:[ \t]+"([^"\\\t]*)")?)?$'
)
_COMMON_NAMES = [
    "account", "objects", "c1", "c6", "sign", "whole", "frac", "tdate", "ttext",
]  # fmt: skip


def _read_plain(
    rows: pl.DataFrame, pattern: str, names: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows with the fields ``pattern`` captures, those it reads (a bare account and a text
    without a run of blanks) and the others as they came."""
    g = pl.col("text").str.extract_groups(pattern)
    parsed = rows.with_columns(g.struct.rename_fields(names).alias("g")).unnest("g")
    # (a text with a run of blanks is read the general way, which squeezes the run)
    ok = (
        pl.col("account").is_not_null()
        & (pl.col("label") == "#TRANS")
        & ~pl.col("ttext").str.contains("  ", literal=True).fill_null(False)
    )
    ok = parsed.select(ok.alias("ok")).to_series()
    if ok.all():  # the usual case: no frame of all the fields gathered twice
        return parsed, rows.clear()
    return parsed.filter(ok), parsed.filter(~ok).select(rows.columns)


def _plain_row(dim1: pl.Expr, dim6: pl.Expr, ndims: pl.Expr) -> list[pl.Expr]:
    """The columns of a plain row (as ``_voucher_rows`` gives them) from its captures."""
    # one decimal is tens of öre, two are öre
    frac = pl.col("frac")
    tens = pl.when(frac.str.len_bytes() == 1).then(10).otherwise(1)
    value = pl.col("whole").cast(pl.Int64) * 100 + (frac.cast(pl.Int64) * tens).fill_null(0)
    return [
        pl.col("ver"),
        pl.col("line"),
        pl.lit("T").alias("kind"),
        pl.col("account"),
        dim1.alias("dim1"),
        dim6.alias("dim6"),
        ndims.alias("ndims"),
        pl.col("objects"),
        pl.when(pl.col("sign") == "-").then(-value).otherwise(value).alias("cents"),
        pl.col("tdate").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("date"),
        pl.col("ttext").fill_null("").alias("text"),
    ]


def strict_rows(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The voucher rows in the plain shape, read with one regex (columns as ``_voucher_rows``
    gives them), and the other rows as they came: the rows in the commonest shape with
    ``COMMON_TRANS_RE``, the other plain ones with ``STRICT_TRANS_RE``."""
    common, others = _read_plain(rows, COMMON_TRANS_RE, _COMMON_NAMES)
    read = []
    if common.height:
        dims = pl.col("c1").is_not_null().cast(pl.Int64) + pl.col("c6").is_not_null().cast(pl.Int64)
        read.append(
            common.select(_plain_row(pl.col("c1").fill_null(""), pl.col("c6").fill_null(""), dims))
        )
    rest = others
    if others.height:
        fast, rest = _read_plain(others, STRICT_TRANS_RE, _STRICT_NAMES)
        if fast.height:
            read.append(_strict_fields(fast))
    if not read:
        return _empty_rows(), rest
    return (pl.concat(read).sort("line") if len(read) > 1 else read[0]), rest


def _strict_fields(fast: pl.DataFrame) -> pl.DataFrame:
    """The rows read with ``STRICT_TRANS_RE``: the object of a dimension is that of the first
    pair naming it, bare or quoted."""
    dims = [pl.col(c) for c in ("d0", "o0", "d1", "o1", "d2", "o2")]

    def pick(dim: str) -> pl.Expr:
        # a dimension bare or quoted; the object without its quotes (a quoted field here has
        # no quote inside)
        names = [dim, f'"{dim}"']
        return (
            pl.when(dims[0].is_in(names))
            .then(dims[1])
            .when(dims[2].is_in(names))
            .then(dims[3])
            .when(dims[4].is_in(names))
            .then(dims[5])
            .otherwise(pl.lit(""))
            .str.strip_chars('"')
        )

    ndims = (
        pl.col("d0").is_not_null().cast(pl.Int64)
        + pl.col("d1").is_not_null().cast(pl.Int64)
        + pl.col("d2").is_not_null().cast(pl.Int64)
    )
    return fast.select(_plain_row(pick("1"), pick("6"), ndims))


_ROW_SCHEMA = {
    "ver": pl.UInt32,
    "line": pl.UInt32,
    "kind": pl.String,
    "account": pl.String,
    "dim1": pl.String,
    "dim6": pl.String,
    "ndims": pl.Int64,
    "objects": pl.String,
    "cents": pl.Int64,
    "date": pl.Date,
    "text": pl.String,
}


def _empty_rows() -> pl.DataFrame:
    return pl.DataFrame(schema=_ROW_SCHEMA)


# A #VER line in the plain shape: series and number (bare, or quoted without blanks or
# escapes), a date, and a quoted text without escapes and a registration date, or less.
STRICT_VER_RE = (
    rf"^[ \t]*#VER[ \t]+({_FIELD})[ \t]+({_FIELD})[ \t]+([0-9]{{8}})"
    r'(?:[ \t]+"([^"\\]*)"(?:[ \t]+([0-9]{8}))?)?$'
)


def _voucher_heads(sie: SieFile, bulk: pl.DataFrame, *, strict: bool = True) -> pl.DataFrame:
    """The vouchers: lines in the plain shape (``STRICT_VER_RE``) with one regex, the others
    (all of them unless ``strict``) field by field; a malformed head is an error naming its
    line."""
    lines = bulk.filter(pl.col("label") == "#VER")
    g = pl.col("text").str.extract_groups(STRICT_VER_RE)
    names = ["series", "number", "date_", "text_", "regdate"]
    parsed = lines.with_columns(g.struct.rename_fields(names).alias("g")).unnest("g")
    plain = parsed.select((pl.col("series").is_not_null() & strict).alias("plain")).to_series()
    unquoted = (pl.col("series").str.strip_chars('"'), pl.col("number").str.strip_chars('"'))
    if plain.all():  # the usual case: the heads not gathered twice
        fast, rest = parsed.with_columns(*unquoted), lines.clear()
    else:
        fast = parsed.filter(plain).with_columns(*unquoted)
        rest = parsed.filter(~plain).select(lines.columns)
    if rest.height:
        rest = rest.with_columns(
            *(
                pl.col("text").str.extract(field_pattern(i), 1).alias(name)
                for i, name in enumerate(names)
            )
        ).with_columns(*(unquote(name) for name in names))
        vers = pl.concat([fast, rest]).sort("line") if fast.height else rest
    else:
        vers = fast
    vers = vers.with_columns(
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
    return vers.select(
        "ver",
        "line",
        pl.col("series").fill_null(""),
        pl.col("number").fill_null(""),
        pl.col("vdate").alias("date"),
        pl.col("text_").fill_null("").alias("text"),
        pl.col("vregdate").alias("regdate"),
    )


def _voucher_rows(sie: SieFile, rows: pl.DataFrame, *, checked: pl.DataFrame) -> pl.DataFrame:
    """The voucher rows not in the plain shape, read field by field, each problem an error
    naming its line; with the rows already read (``checked``), in line order."""
    if not rows.height:
        check_lengths(sie, checked.drop("objects"))
        return checked
    rows = rows.with_columns(pl.col("text").str.strip_chars())
    rows = with_brace_positions(rows)
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
    rows = squeeze_blanks(rows, "tail")
    rows = rows.with_columns(pl.col("tail").str.splitn(" ", 3).alias("parts")).with_columns(
        pl.col("parts").struct.field("field_0").alias("amount"),
        pl.col("parts").struct.field("field_1").alias("tdate"),
        pl.col("parts").struct.field("field_2").alias("rest"),
    )
    rows = rows.with_columns(_row_text(rows).alias("ttext"))
    for line, label in (
        rows.filter(pl.col("account").is_null() | pl.col("amount").is_null())
        .head(10)
        .select("line", "label")
        .rows()
    ):
        sie.error(line, f"felaktig {label}-post.")
    escapes = has_escapes(rows)
    rows = with_objects(
        rows.with_columns(
            unquote("account", escapes=escapes),
            unquote("amount", escapes=escapes),
            unquote("tdate", escapes=escapes),
            unquote("ttext", escapes=escapes),
        ),
        "objects",
    )
    rows = finish_objects(rows, escapes=escapes).with_columns(
        cents_expr("amount").alias("cents"),
        pl.col("tdate").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("date"),
    )
    for line, label, amount in (
        rows.filter(pl.col("cents").is_null() & pl.col("amount").is_not_null())
        .head(10)
        .select("line", "label", "amount")
        .rows()
    ):
        sie.error(line, f"{label}: ogiltigt belopp {amount!r}.")
    rows = rows.select(
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
    rows = pl.concat([checked, rows.cast(_ROW_SCHEMA)]).sort("line") if checked.height else rows
    check_lengths(sie, rows.drop("objects"))
    return rows


def with_brace_positions(rows: pl.DataFrame) -> pl.DataFrame:
    """The positions (in characters) of the first ``{`` and the first ``}`` of each line, as
    ``o`` and ``c``. Found as byte offsets; where text before a brace is not ASCII, counted
    again in characters."""
    text = pl.col("text")
    rows = rows.with_columns(
        text.str.find("{", literal=True).alias("o"), text.str.find("}", literal=True).alias("c")
    )
    exact = (text.str.slice(pl.col("o"), 1) == "{").fill_null(True) & (
        text.str.slice(pl.col("c"), 1) == "}"
    ).fill_null(True)
    if rows.select(exact.all()).item():
        return rows
    before = {
        brace: text.str.split_exact(brace, 1).struct.field("field_0").str.len_chars()
        for brace in "{}"
    }
    return rows.with_columns(
        pl.when(exact).then(pl.col("o")).otherwise(before["{"]).cast(pl.UInt32).alias("o"),
        pl.when(exact).then(pl.col("c")).otherwise(before["}"]).cast(pl.UInt32).alias("c"),
    )


def _row_text(rows: pl.DataFrame) -> pl.Expr:
    """A row's text (``transtext``) from what follows its date: a quoted text, else the first
    field. The regexes run only when some row needs them."""
    rest = pl.col("rest")
    quoted = rest.str.starts_with('"')
    escaped = quoted & (rest.str.count_matches('"', literal=True) > 2)
    any_escaped, any_unusual = rows.select(
        escaped.any().alias("escaped"),
        (~quoted & rest.str.contains(r"[^\x00-\x7f]|[^\S ]")).any().alias("unusual"),
    ).row(0)
    first_field = (
        rest.str.extract(r"^(\S+)", 1)
        if any_unusual
        else rest.str.slice(0, rest.str.find(" ", literal=True))
    )
    text = pl.when(quoted).then(rest).otherwise(first_field)
    if any_escaped:
        text = pl.when(escaped).then(rest.str.extract(r'^("(?:[^"\\]|\\.)*")', 1)).otherwise(text)
    return text


def read_small_records(sie: SieFile, rows: list[tuple[int, str, str]]) -> None:
    """The header records (``#SIETYP``, ``#RAR``, ``#KONTO`` …) and the balances (``#IB``,
    ``#UB`` …), one line at a time: a record with missing or invalid fields is an error naming
    its line."""
    for line, label, text in rows:
        fields = tokenize(text)[1:]
        strings = [f for f in fields if isinstance(f, str)]
        read = HEADER_RECORDS.get(label)
        try:
            if read is not None:
                read(sie, line, label, fields, strings)
            _check_text_lengths(sie, line, label, strings)
        except (IndexError, ValueError):
            sie.error(line, f"{label} saknar fält eller har ogiltiga värden.")


# Each header record's reader: ``(sie, line, label, fields, strings)``, where ``fields`` are the
# record's fields after its label (an object list as a list) and ``strings`` the plain ones. A
# missing field raises IndexError, an invalid one ValueError, before anything is kept.


def _read_sie_type(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.sie_type = int(strings[0])


def _read_program(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.program = " ".join(strings)


def _read_company(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.company = strings[0]


def _read_orgnr(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.orgnr = strings[0]


def _read_currency(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.currency = strings[0]


def _read_chart(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.chart = strings[0]


def _read_fiscal_year(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    start, end = parse_date(strings[1]), parse_date(strings[2])
    if start is None or end is None or end < start:
        sie.error(line, "#RAR har ogiltiga datum.")
    elif not YEAR_INDEX_RE.fullmatch(strings[0]):
        raise ValueError
    else:
        sie.fiscal_years[int(strings[0])] = (start, end)


def _read_account(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    name = strings[1] if len(strings) > 1 else ""
    sie.accounts.setdefault(strings[0], {})["name"] = name


def _account_detail(key: str, upper: bool = False):
    """The reader of a record giving one more fact of an account (``#KTYP``, ``#SRU``,
    ``#ENHET``): the account, then the value."""

    def read(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
        value = strings[1].upper() if upper else strings[1]
        sie.accounts.setdefault(strings[0], {"name": ""})[key] = value

    return read


def _read_dimension(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    name = strings[1] if len(strings) > 1 else ""
    sie.dimensions[strings[0]] = {"name": name, "parent": ""}


def _read_subdimension(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    found = {"name": strings[1], "parent": strings[2] if len(strings) > 2 else ""}
    sie.dimensions[strings[0]] = found


def _read_object(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    name = strings[2] if len(strings) > 2 else ""
    sie.objects[(strings[0], strings[1])] = name


def _read_ksumma(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    sie.ksumma_marks.append((line, strings[0] if strings else None))


def _read_balance(sie: SieFile, line: int, label: str, fields: list, strings: list) -> None:
    _balance_row(sie, line, label, fields)


HEADER_RECORDS = {
    "#SIETYP": _read_sie_type,
    "#PROGRAM": _read_program,
    "#FNAMN": _read_company,
    "#ORGNR": _read_orgnr,
    "#VALUTA": _read_currency,
    "#KPTYP": _read_chart,
    "#RAR": _read_fiscal_year,
    "#KONTO": _read_account,
    "#KTYP": _account_detail("type", upper=True),
    "#SRU": _account_detail("sru"),
    "#ENHET": _account_detail("unit"),
    "#DIM": _read_dimension,
    "#UNDERDIM": _read_subdimension,
    "#OBJEKT": _read_object,
    "#IB": _read_balance,
    "#UB": _read_balance,
    "#OIB": _read_balance,
    "#OUB": _read_balance,
    "#RES": _read_balance,
    "#KSUMMA": _read_ksumma,
}


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
    rows = sie.balance_rows
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
    cents = parse_cents(str(amount))
    if cents is None:
        sie.error(line, f"{label} har ett ogiltigt belopp {amount!r}.")
        return
    pairs = object_pairs(objects)
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


def read_periods(sie: SieFile, lines: pl.DataFrame) -> None:
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
    rows = with_objects(
        rows.filter(pl.col("kind").is_not_null()).with_columns(
            unquote("year"), unquote("period"), unquote("account"), unquote("amount")
        ),
        "objects_raw",
    )
    rows = finish_objects(rows).with_columns(
        cents_expr("amount").alias("cents"),
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
    check_lengths(sie, rows.drop("objects"))
    sie.periods = rows.select(
        "line", "kind", "year", "period", "account", "dim1", "dim6", "ndims", "objects", "cents"
    )
    balance_rows, sie.balance_rows = sie.balance_rows, []
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
