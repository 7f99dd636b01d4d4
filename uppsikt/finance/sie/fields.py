"""The fields of a SIE line: the records' labels, a tokenizer for the few header records, dates
and exact amounts, and the Polars expressions that read the bulk records' fields and object
lists for all lines at once."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

# One field: a quoted string (with \" and \\ escapes) or a run of anything but blanks, quotes
# and braces.
TOK = r'(?:"(?:[^"\\]|\\.)*"|[^\s"{}]+)'
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


# --------------------------------------------------------------------------------------------
# One line at a time (header records)


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


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except (TypeError, ValueError):
        return None


def parse_cents(text: str) -> int | None:
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


def object_pairs(items: list) -> list[tuple[str, str]]:
    return [(str(items[i]), str(items[i + 1])) for i in range(0, len(items) - 1, 2)]


# --------------------------------------------------------------------------------------------
# All lines at once (bulk records)


def unquote(col: str, *, escapes: bool = True) -> pl.Expr:
    """A quoted field without its quotes and escapes. ``escapes=False`` when the lines hold no
    backslash at all (the usual case): the regex that undoes escapes is left out."""
    c = pl.col(col)
    inner = c.str.slice(1, c.str.len_chars() - 2)
    return (
        pl.when(c.str.starts_with('"') & c.str.ends_with('"') & (c.str.len_chars() >= 2))
        .then(inner.str.replace_all(r"\\(.)", "$1") if escapes else inner)
        .otherwise(c)
        .alias(col)
    )


def has_escapes(frame: pl.DataFrame, col: str = "text") -> bool:
    """Whether any line of ``frame`` holds a backslash (an escape inside a quoted field)."""
    return bool(frame.select(pl.col(col).str.contains("\\", literal=True).any()).item())


def squeeze_blanks(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """Runs of blanks (tabs, several spaces) between fields as one space; the regex only runs
    when some value has such a run."""
    c = pl.col(col)
    uneven = c.str.contains("\t", literal=True) | c.str.contains("  ", literal=True)
    if not frame.select(uneven.any()).item():
        return frame
    return frame.with_columns(pl.when(uneven).then(c.str.replace_all(r"\s+", " ")).otherwise(c))


def cents_expr(col: str) -> pl.Expr:
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


# A quoted object with a blank inside (after an even number of quotes, an opening quote and a
# blank before the next quote): such a list cannot be split on blanks.
QUOTED_BLANK_RE = r'^[^"]*(?:"[^"]*"[^"]*)*"[^"]*\s'


def with_objects(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Add dim1, dim6, the number of pairs, and the list as written (``objects``).

    Most lists are short and plain (``1 "100" 6 "P12"``): drop the quotes and split on blanks.
    Lists with a quoted object that is empty or contains a blank or a backslash, or with more
    than three pairs, are few and take the regex that consumes pairs from the start.
    """
    c = pl.col(col).fill_null("").str.strip_chars()
    df = df.with_columns(c.alias("objects"))
    o = pl.col("objects")
    df = squeeze_blanks(
        df.with_columns(o.str.replace_all('"', "", literal=True).alias("_tok")), "_tok"
    )
    df = df.with_columns(pl.col("_tok").str.split_exact(" ", 6).alias("_tok"))
    tok = [pl.col("_tok").struct.field(f"field_{i}") for i in range(7)]

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

    fields = pl.sum_horizontal(*(t.is_not_null().cast(pl.Int64) for t in tok[:6]))
    df = df.with_columns(
        pick("1").alias("dim1"),
        pick("6").alias("dim6"),
        pl.when(o == "").then(0).otherwise(fields // 2).cast(pl.Int64).alias("ndims"),
        (
            tok[6].is_not_null()
            | o.str.contains("\\", literal=True)
            | o.str.contains('""', literal=True)
            | o.str.contains(QUOTED_BLANK_RE)
        ).alias("_slow"),
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


def finish_objects(df: pl.DataFrame, *, escapes: bool = True) -> pl.DataFrame:
    return df.with_columns(
        unquote("dim1", escapes=escapes), unquote("dim6", escapes=escapes)
    ).with_columns(pl.col("dim1").fill_null(""), pl.col("dim6").fill_null(""))


def field_pattern(n: int) -> str:
    """A regex for the n-th blank-separated field after the label (a quoted one whole)."""
    return r"^\s*#\w+" + r"\s+(?:\"(?:[^\"\\]|\\.)*\"|\S+)" * n + r'\s+("(?:[^"\\]|\\.)*"|\S+)'
