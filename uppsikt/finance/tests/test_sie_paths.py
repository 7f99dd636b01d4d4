"""The two readings of a voucher row give the same row: the one regex for rows in the plain
shape (``strict_rows``) and the general reading that every other row takes
(``_voucher_rows``). Checked on a file of hard lines and on real files from other programs;
and the whole reader against a plain Python tokenizer reading one line at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from uppsikt.finance.sie import records
from uppsikt.finance.sie.fields import object_pairs, parse_cents, parse_date, tokenize
from uppsikt.finance.sie.file import SieFile
from uppsikt.finance.sie.reader import _line_frame, detect_encoding, read_sie

SIE_DIR = Path(__file__).resolve().parent / "data" / "sie"
REAL_FILES = sorted(p for p in SIE_DIR.glob("*") if p.suffix.lower() == ".se")

HEAD = (
    '#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#FNAMN "Prov AB"\r\n'
    "#RAR 0 20240101 20241231\r\n"
    '#KONTO 1930 "Bank"\r\n#KONTO 3010 "Försäljning"\r\n#KONTO 5410 "Förbrukning"\r\n'
    '#DIM 1 "Kostnadsställe"\r\n#DIM 6 "Projekt"\r\n'
)
# Rows of every shape, each pair balancing: plain ones, and ones only the general reading
# takes (escapes, blanks in objects, tabs, runs of blanks, quoted fields, more pairs …).
HARD_ROWS = [
    ('#TRANS 3010 {1 "100" 6 "P1"} -100.00 20240105 "Åsa Öberg äter ärter"', "plain"),
    ('#TRANS 1930 {} 100.00 20240131 "Insättning"', "plain, transdat in another month"),
    ("#TRANS 3010 {1 100} -12.5", "bare object, one decimal, no date"),
    ('#TRANS 1930 {} 12.50 "" ""', "empty date and text"),
    ('#TRANS 5410 {6 "P2" 1 "200"} 0.01 20240110 "ÅÄÖ åäö"', "project before cost centre"),
    ('#TRANS 5410 {1 "" 6 "P3"} -0.01 20240110', "empty object"),
    ('#TRANS 3010 {1 "1" 6 "6"} -250 20240110 "Text \\"citat\\" här"', "escaped quotes"),
    ('#TRANS 1930 {1 "A B"} 250 20240110 "Blank i objekt"', "blank inside an object"),
    ('\t#TRANS\t5410\t{1 "100"}\t7.25\t20240111\t"Tabbar"', "tabs"),
    ('#TRANS 1930 { 1 "100" } -7.25 20240111 "Två  blanka"', "blanks in braces and text"),
    ('#TRANS 3010 {1 "9" 6 "P9" 7 "X" 8 "Y"} 5 20240112 "Fyra par"', "four pairs"),
    ('#TRANS "1930" {"1" "100"} -5 "20240112" "Citerat"', "quoted account and date"),
    ("#TRANS 5410 {} 1,50 20240112 Ociterad text", "comma decimal, bare text"),
    ('#TRANS 1930 {} -1.500 20240112 "Nollor"', "trailing zeros"),
    ('#TRANS 3010 {} 1000000000.00 20241231 "Stort"', "large amount"),
    ('#TRANS 1930 {} -1000000000.00 20241231 ""', "large negative amount"),
]


HARD_HEADS = [
    '#VER A {n} 20240110 "Verifikation {n}"',
    '#VER "B" "{n}" 20240110 "Två  blanka\toch tabb" 20240111',
    '#VER C {n} 20240110 "Text \\"citat\\""',
    '#VER D {n} 20240110 "" 20240112 "Signatur"',
    "\t#VER\tE\t{n}\t20240110",
    '#VER F {n} "20240110" "Citerat datum"',
]


def hard_file() -> bytes:
    """A file with the rows above in pairs of vouchers that balance, CRLF line ends, CP437."""
    text = HEAD
    for number, (row, _why) in enumerate(HARD_ROWS, start=1):
        fields = tokenize(row)
        cents = parse_cents(fields[3]) or 0
        head = HARD_HEADS[number % len(HARD_HEADS)].format(n=number)
        text += f"{head}\r\n{{\r\n\t{row}\r\n"
        sign = "-" if cents > 0 else ""
        amount = f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
        text += f'\t#TRANS 1930 {{}} {amount} 20240110 ""\r\n}}\r\n'
    return text.encode("cp437")


def _bulk(data: bytes) -> pl.DataFrame:
    lines = _line_frame(data, detect_encoding(data), 1)
    is_ver = pl.col("label") == "#VER"
    return lines.filter(pl.col("label").is_in(["#VER", "#TRANS", "#RTRANS", "#BTRANS"])).select(
        "line", "label", "text", is_ver.cum_sum().alias("ver")
    )


def test_both_readings_of_the_vouchers_agree():
    for data in [hard_file(), *(p.read_bytes() for p in REAL_FILES)]:
        bulk = _bulk(data)
        sie = SieFile(filename="prov.se")
        fast = records._voucher_heads(sie, bulk)
        general = records._voucher_heads(sie, bulk, strict=False)
        assert sie.errors == []
        assert_frame_equal(fast, general)
    heads = records._voucher_heads(SieFile(filename="prov.se"), _bulk(hard_file()))
    assert heads.select("series", "number", "text").rows()[:6] == [
        ("B", "1", "Två  blanka\toch tabb"),
        ("C", "2", 'Text "citat"'),
        ("D", "3", ""),
        ("E", "4", ""),
        ("F", "5", "Citerat datum"),
        ("A", "6", "Verifikation 6"),
    ]


def _both_readings(data: bytes) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """The rows the plain reading takes, as it reads them and as the general one does."""
    rows = _bulk(data).filter(pl.col("label") != "#VER")
    fast, _rest = records.strict_rows(rows)
    sie = SieFile(filename="prov.se")
    general = records._voucher_rows(
        sie, rows.filter(pl.col("line").is_in(fast["line"].implode())), checked=fast.clear()
    )
    assert sie.errors == []
    return fast, general, rows.height


def test_the_hard_file_reads_without_errors_and_both_readings_agree():
    data = hard_file()
    sie = read_sie(data, filename="prov.se")
    assert sie.errors == []
    fast, general, total = _both_readings(data)
    # the plain rows take the regex (tabs between fields too), the other 7 hard ones the
    # general reading
    assert 0 < fast.height < total
    assert fast.height == total - 7
    assert_frame_equal(fast, general.cast(dict(fast.schema)))


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_files_both_readings_agree(path):
    fast, general, _total = _both_readings(path.read_bytes())
    assert_frame_equal(fast, general.cast(dict(fast.schema)))


def _exact_rows(data: bytes) -> list[tuple]:
    """Every #TRANS row read one line at a time with the tokenizer: (line, account, cost
    centre, project, cents, date, text)."""
    encoding = detect_encoding(data)
    out = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        text = raw.decode("cp437" if encoding == "ascii" else encoding).strip()
        if not text.upper().startswith("#TRANS"):
            continue
        fields = tokenize(text)
        dims = dict(object_pairs(fields[2]))
        date = parse_date(fields[4]) if len(fields) > 4 else None
        out.append(
            (
                number,
                fields[1],
                dims.get("1", ""),
                dims.get("6", ""),
                parse_cents(fields[3]),
                date,
                fields[5] if len(fields) > 5 else "",
            )
        )
    return out


def test_the_reader_agrees_with_a_line_by_line_tokenizer_on_the_hard_file():
    data = hard_file()
    sie = read_sie(data, filename="prov.se")
    got = sie.transactions.select("line", "account", "dim1", "dim6", "cents", "date", "text")
    expected = _exact_rows(data)
    # where the general reading squeezes a run of blanks in a text, the tokenizer keeps it
    expected = [r[:6] + (" ".join(r[6].split(" ")).replace("  ", " "),) for r in expected]
    assert got.rows() == expected


def test_an_empty_object_is_read_as_empty_by_the_general_reading():
    from uppsikt.finance.sie.fields import finish_objects, with_objects

    frame = pl.DataFrame({"raw": ['1 "" 6 "P3"', '1 "100" 6 "P1"', '6 "" 1 "7"']})
    got = finish_objects(with_objects(frame, "raw")).select("dim1", "dim6", "ndims")
    assert got.rows() == [("", "P3", 2), ("100", "P1", 2), ("7", "", 2)]


ODD_LINES = (
    "#SIETYP 4\n  #konto 1930 Bank\n\t#Trans_x{1}\n#\n# VER\n#A1 b\n\n \t \n{\n { \n}\n\t}\t\n"
    "{}\nskräp\n\u00a0#VER A 1 20240101\n#KONTO\n"
)


@pytest.mark.parametrize(
    "data",
    [hard_file(), ODD_LINES.encode("utf-8"), *(p.read_bytes() for p in REAL_FILES)],
    ids=lambda d: str(len(d)),
)
def test_the_line_table_agrees_with_each_line_read_alone(data):
    """The label and the flags of each line as Python reads one line: the label is the first
    field when it is ``#`` and letters, in capitals; "{", "}" and blank lines but for blanks."""
    import re

    encoding = detect_encoding(data)
    got = _line_frame(data, encoding, 1).select("label", "open", "close", "blank").rows()
    text = data.decode("cp437" if encoding == "ascii" else encoding)
    expected = []
    for line in text.removesuffix("\n").split("\n"):
        line = line.removesuffix("\r")
        label = re.match(r"\s*(#[A-Za-z_]+)", line)
        stripped = line.strip()
        expected.append(
            (
                label[1].upper() if label else None,
                stripped == "{",
                stripped == "}",
                stripped == "",
            )
        )
    assert got == expected


def _with_vouchers(files: list[bytes]) -> list[bytes]:
    """The files whose vouchers are read without errors (the others have no movements)."""
    found = []
    for data in files:
        sie = read_sie(data, filename="prov.se")
        if not sie.errors and sie.has_vouchers:
            found.append(data)
    return found


@pytest.mark.parametrize(
    "data",
    _with_vouchers([hard_file(), *(p.read_bytes() for p in REAL_FILES)]),
    ids=lambda d: str(len(d)),
)
def test_the_movements_are_the_two_views_of_the_rows_summed_by_cost_centre_and_project(data):
    """``voucher_movements`` sums each view straight from the rows: the same as summing by
    cost centre and project together first and taking the two views of that (``_two_views``)."""
    from uppsikt.finance.sie.partition import _two_views, row_period, voucher_movements

    sie = read_sie(data, filename="prov.se")
    start = sie.fiscal_years[0][0]
    rows = (
        sie.transactions.filter(pl.col("kind") == "T")
        .join(sie.vouchers.select("ver", pl.col("date").alias("vdate")), on="ver", how="left")
        .with_columns(row_period(pl.col("date").fill_null(pl.col("vdate"))).alias("period"))
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
    key = ["kind", "year", "period", "account", "cost_centre", "project", "view"]
    assert_frame_equal(voucher_movements(sie).sort(key), _two_views(rows).sort(key))


# Lines whose label the reader tells by their first characters (#TRANS and #VER and a blank,
# after a tab or not) beside lines it tells with the regex; the label and the flags of each
# written out by hand.
LABELLED_LINES = [
    ("#TRANS 1930 {} 1", "#TRANS", "none"),
    ("\t#TRANS 1930 {} 1", "#TRANS", "none"),
    ("#TRANSX 1", "#TRANSX", "none"),
    ("#TRANS\t1930 {} 1", "#TRANS", "none"),
    ("  #TRANS 1930 {} 1", "#TRANS", "none"),
    ("#TRANS", "#TRANS", "none"),
    ("#VER A 1 20240101", "#VER", "none"),
    ("\t#VER A 1", "#VER", "none"),
    ("\t\t#VER A 1", "#VER", "none"),
    ("#VERA 1", "#VERA", "none"),
    ("#ver a 1", "#VER", "none"),
    ("x #TRANS 1", None, "none"),
    ("{", None, "open"),
    (" } ", None, "close"),
    ("\t{\t", None, "open"),
    ("", None, "blank"),
    ("\t", None, "blank"),
    ("{}", None, "none"),
    ("{ x", None, "none"),
]


def test_labels_and_brace_lines_are_told_as_written():
    data = "\n".join(line for line, _label, _flag in LABELLED_LINES).encode("ascii") + b"\n"
    got = _line_frame(data, "ascii", 1).select("label", "open", "close", "blank").rows()
    expected = [
        (label, flag == "open", flag == "close", flag == "blank")
        for _line, label, flag in LABELLED_LINES
    ]
    assert got == expected


# Rows in the commonest shape (no list, a cost centre, a cost centre and a project: one regex
# with few captures), rows in another plain shape (the regex of every plain shape), and a row
# in neither (the general reading), each with its fields read by hand.
MIXED_ROWS = [
    ('#TRANS 3010 {1 "100" 6 "P1"} -100.50 20240105 "Hyra"', ("3010", "100", "P1", 2, -10050)),
    ('#TRANS 3010 {6 "P1" 1 "100"} -100.50 20240105 "Hyra"', ("3010", "100", "P1", 2, -10050)),
    ("#TRANS 1930 {} 201.00", ("1930", "", "", 0, 20100)),
    ('#TRANS 1930 {1 100} 5.5 ""', ("1930", "100", "", 1, 550)),
    ('#TRANS 1930 {1 "100"  6 "P1"} 1', ("1930", "100", "P1", 2, 100)),
    ('#TRANS 1930 {1 ""} -7.05 20240131', ("1930", "", "", 1, -705)),
    ('#TRANS 1930 {1 "A B"} 1', None),
]


def _plain_read(rows: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    text = '#VER A 1 20240105 "V"\n{\n' + "".join(f"\t{row}\n" for row in rows) + "}\n"
    bulk = _bulk(text.encode("ascii"))
    return records.strict_rows(bulk.filter(pl.col("label") != "#VER"))


def test_rows_in_the_commonest_shape_and_other_plain_ones_are_read_alike():
    read, rest = _plain_read([row for row, _ in MIXED_ROWS])
    # the rows are lines 3 to 9 (the #VER and { first)
    expected = [(3 + i, *fields) for i, (_, fields) in enumerate(MIXED_ROWS) if fields]
    got = read.select("line", "account", "dim1", "dim6", "ndims", "cents").rows()
    assert got == expected
    assert read.get_column("kind").to_list() == ["T"] * 6
    assert rest.get_column("line").to_list() == [9]
    # a file of rows in the commonest shape alone reads them as the mixed file does
    common = [MIXED_ROWS[i][0] for i in (0, 2, 5)]
    alone, none = _plain_read(common)
    assert none.height == 0
    assert alone.drop("line").equals(read.filter(pl.col("line").is_in([3, 5, 8])).drop("line"))
    assert alone.select("date", "text").rows() == [
        (dt.date(2024, 1, 5), "Hyra"),
        (None, ""),
        (dt.date(2024, 1, 31), ""),
    ]
