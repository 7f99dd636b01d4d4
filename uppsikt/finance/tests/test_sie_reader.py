"""The SIE reader on hand-written files: every rule, every kind of bad input."""

from __future__ import annotations

import hashlib
import zlib

import polars as pl
import pytest

from uppsikt.finance.sie.fields import tokenize
from uppsikt.finance.sie.partition import period_partition, voucher_movements
from uppsikt.finance.sie.reader import read_sie

# HEAD is 12 lines: a record after it is on line 13.
HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Prov AB"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#KONTO 1930 "Bank"
#KONTO 3010 "Försäljning"
#KONTO 4011 "Löner"
#KONTO 5410 "Konsulter"
#DIM 1 "Kostnadsställe"
#DIM 6 "Projekt"
"""


def parse(text: str, encoding: str = "cp437"):
    return read_sie(text.encode(encoding), filename="prov.se")


def test_tokenizer_handles_quotes_escapes_and_object_lists():
    assert tokenize('#TRANS 3010 {1 "Syd" 6 "P 1"} -100.50 20240105 "Text med \\"citat\\""') == [
        "#TRANS",
        "3010",
        ["1", "Syd", "6", "P 1"],
        "-100.50",
        "20240105",
        'Text med "citat"',
    ]
    assert tokenize("#OBJEKT 1 Nord Norrland") == ["#OBJEKT", "1", "Nord", "Norrland"]
    assert tokenize('#FNAMN ""') == ["#FNAMN", ""]


def test_a_voucher_with_objects_tabs_and_quotes_is_read_exactly():
    sie = parse(
        HEAD
        + '#VER "A" "7" 20240115 "Kontorsmaterial \\"Bra\\""\n{\n'
        + '\t#TRANS\t5410\t{1 "100" 6 "P12"}\t1250.50\n'
        + '   #TRANS 1930 { } -1250.5 20240116 "Bank"\n}\n'
    )
    assert sie.errors == []
    v = sie.vouchers.row(0, named=True)
    assert (v["series"], v["number"], str(v["date"]), v["text"]) == (
        "A",
        "7",
        "2024-01-15",
        'Kontorsmaterial "Bra"',
    )
    t = sie.transactions.sort("line").to_dicts()
    assert [(r["account"], r["dim1"], r["dim6"], r["cents"]) for r in t] == [
        ("5410", "100", "P12", 125050),
        ("1930", "", "", -125050),
    ]


def test_an_object_id_equal_to_a_dimension_number_is_not_taken_for_it():
    # {6 "1" 1 "100"}: dimension 6 has object "1", dimension 1 has object "100"
    sie = parse(
        HEAD + '#VER A 1 20240110 ""\n{\n#TRANS 5410 {6 "1" 1 "100"} 10\n#TRANS 1930 {} -10\n}\n'
    )
    row = sie.transactions.filter(pl.col("account") == "5410").row(0, named=True)
    assert (row["dim1"], row["dim6"]) == ("100", "1")


def test_rtrans_and_btrans_are_audit_rows_not_bookings():
    # A row of 300 was removed (#BTRANS) and a row of 500 added (#RTRANS followed by its #TRANS).
    sie = parse(
        HEAD
        + '#VER A 1 20240301 "Rättad"\n{\n'
        + '#TRANS 5410 {} 1000\n#BTRANS 5410 {} 300 20240302 "" "" "Anna"\n'
        + '#RTRANS 5410 {} 500 20240302 "" "" "Anna"\n#TRANS 5410 {} 500\n'
        + "#TRANS 1930 {} -1500\n}\n"
    )
    assert sie.errors == []
    movements = voucher_movements(sie)
    # bookings: 1000 + 500 on 5410 (the #RTRANS copy is not counted again, #BTRANS not at all)
    assert movements.filter(pl.col("account") == "5410")["cents"].sum() == 150000
    assert sorted(sie.transactions["kind"].to_list()) == ["B", "R", "T", "T", "T"]


def test_an_unbalanced_voucher_is_an_error_naming_its_line():
    sie = parse(HEAD + '#VER A 1 20240110 ""\n{\n#TRANS 5410 {} 100.00\n#TRANS 1930 {} -99.99\n}\n')
    assert any("rad 13" in e and "balanserar inte" in e and "0.01" in e for e in sie.errors), (
        sie.errors
    )


def test_an_unknown_account_in_trans_is_an_error():
    sie = parse(HEAD + '#VER A 1 20240110 ""\n{\n#TRANS 6666 {} 10\n#TRANS 1930 {} -10\n}\n')
    assert any("rad 15: #TRANS: okänt konto 6666" in e in e for e in sie.errors), sie.errors


def test_a_voucher_outside_the_fiscal_year_is_an_error():
    sie = parse(HEAD + '#VER A 1 20250102 ""\n{\n#TRANS 5410 {} 10\n#TRANS 1930 {} -10\n}\n')
    assert any("rad 13" in e and "utanför räkenskapsåret" in e for e in sie.errors), sie.errors


def test_a_period_outside_every_fiscal_year_is_an_error():
    sie = parse(HEAD + "#PSALDO 0 202213 5410 {} 10\n#PSALDO 0 202201 5410 {} 10\n")
    joined = "\n".join(sie.errors)
    assert "rad 13: #PSALDO: ogiltig period" in joined
    assert "rad 14: #PSALDO: perioden 202201 ligger utanför" in joined


def test_a_garbage_line_is_an_error():
    sie = parse(HEAD + "detta är ingen SIE-rad\n")
    assert any("rad 13" in e and "ingen SIE-post" in e for e in sie.errors)


def test_a_truncated_file_is_detected():
    sie = parse(HEAD + '#VER A 1 20240110 ""\n{\n#TRANS 5410 {} 10\n')
    assert any("avkortad" in e for e in sie.errors)


def test_an_amount_finer_than_ore_or_not_a_number_is_an_error():
    sie = parse(HEAD + '#VER A 1 20240110 ""\n{\n#TRANS 5410 {} 10.005\n#TRANS 1930 {} abc\n}\n')
    joined = "\n".join(sie.errors)
    assert "rad 15: #TRANS: ogiltigt belopp '10.005'" in joined
    assert "rad 16: #TRANS: ogiltigt belopp 'abc'" in joined


def test_utf8_written_under_format_pc8_is_detected():
    sie = parse(HEAD + '#OBJEKT 1 "100" "Löneenhet Öst"\n', encoding="utf-8")
    assert sie.encoding == "utf-8"
    assert sie.objects[("1", "100")] == "Löneenhet Öst"
    assert sie.accounts["3010"]["name"] == "Försäljning"


def test_cp437_text_is_decoded():
    sie = parse(HEAD)
    assert sie.encoding == "cp437"
    assert sie.accounts["3010"]["name"] == "Försäljning"


def _with_ksumma(body: str, *, tamper: bool = False) -> bytes:
    # CRC-32 over each record's label and fields without blanks, quotes and braces
    crc = 0
    for line in body.strip().split("\n"):
        for item in tokenize(line):
            for piece in item if isinstance(item, list) else [item]:
                crc = zlib.crc32(piece.encode("cp437"), crc)
    text = "#KSUMMA\n" + body + f"#KSUMMA {crc + (1 if tamper else 0)}\n"
    return text.encode("cp437")


def test_ksumma_is_checked_when_present():
    body = HEAD.replace("#FLAGGA 0\n", "") + "#PSALDO 0 202401 3010 {} -100\n"
    good = read_sie(b"#FLAGGA 0\n" + _with_ksumma(body), filename="k.se")
    assert good.errors == []
    bad = read_sie(b"#FLAGGA 0\n" + _with_ksumma(body, tamper=True), filename="k.se")
    assert any("KSUMMA" in e for e in bad.errors)


def test_single_dimension_rows_are_separate_views_of_the_total():
    # {} is the total 1000; cost centres 100 (600) and 200 (300) leave 100 untagged;
    # the project rows (P1 700) are another view, never added to the cost centres.
    sie = parse(
        HEAD
        + '#PSALDO 0 202401 5410 {} 1000\n#PSALDO 0 202401 5410 {1 "100"} 600\n'
        + '#PSALDO 0 202401 5410 {1 "200"} 300\n#PSALDO 0 202401 5410 {6 "P1"} 700\n'
    )
    rows, mode = period_partition(sie)
    assert mode == "total"
    main = {r["cost_centre"]: r["cents"] for r in rows.filter(pl.col("view") == "main").to_dicts()}
    assert main == {"100": 60000, "200": 30000, "": 10000}
    project = {
        r["project"]: r["cents"] for r in rows.filter(pl.col("view") == "project").to_dicts()
    }
    assert project == {"P1": 70000, "": 30000}


def test_combined_dimension_rows_with_remainder():
    # Combination rows 600 and 300, {} 100: the sum 900 ≠ 100, so {} is the untagged remainder
    # and the account's total is 1000.
    sie = parse(
        HEAD
        + '#PSALDO 0 202401 5410 {} 100\n#PSALDO 0 202401 5410 {1 "100" 6 "P1"} 600\n'
        + '#PSALDO 0 202401 5410 {1 "200" 6 "P2"} 300\n'
    )
    rows, mode = period_partition(sie)
    assert mode == "remainder"
    main = rows.filter(pl.col("view") == "main")
    assert main["cents"].sum() == 100000
    assert dict(main.select("cost_centre", "cents").rows()) == {
        "100": 60000,
        "200": 30000,
        "": 10000,
    }
    # the project view partitions the same total: P1 600, P2 300, untagged 100
    project = rows.filter(pl.col("view") == "project")
    assert dict(project.select("project", "cents").rows()) == {"P1": 60000, "P2": 30000, "": 10000}


def test_combined_dimension_rows_with_a_total():
    # {} 900 equals the object rows 600 + 300: {} is the total, and nothing is untagged.
    sie = parse(
        HEAD
        + '#PSALDO 0 202401 5410 {} 900\n#PSALDO 0 202401 5410 {1 "100" 6 "P1"} 600\n'
        + '#PSALDO 0 202401 5410 {1 "200" 6 "P2"} 300\n'
    )
    rows, mode = period_partition(sie)
    assert mode == "total"
    main = rows.filter(pl.col("view") == "main")
    assert main["cents"].sum() == 90000
    assert set(main["cost_centre"].to_list()) == {"100", "200"}


def test_an_empty_file_is_an_error():
    assert read_sie(b"  \n", filename="e.se").errors == ["e.se, rad 1: filen är tom."]


def test_an_account_with_only_project_rows_is_not_lost_from_the_ledger():
    # no {} total and no cost centre: the project rows (700) are the account's whole total,
    # untagged by cost centre in the main view
    sie = parse(HEAD + '#PSALDO 0 202401 5410 {6 "P1"} 700\n')
    rows, _mode = period_partition(sie)
    assert dict(rows.filter(pl.col("view") == "main").select("cost_centre", "cents").rows()) == {
        "": 70000
    }
    assert dict(rows.filter(pl.col("view") == "project").select("project", "cents").rows()) == {
        "P1": 70000
    }


# --------------------------------------------------------------------------------------------
# Malformed input is an error with file and line, never a silent misreading (docs/sie.md)

VOUCHER = '#VER A 1 20240110 ""\n{\n#TRANS 3010 %s -10\n#TRANS 1930 {} 10\n}\n'


def test_a_doubled_opening_brace_in_a_trans_object_list_is_an_error_naming_its_line():
    # HEAD is 12 lines, #VER 13, { 14: the #TRANS is line 15
    sie = parse(HEAD + VOUCHER % '{{1 "1269"}')
    assert any(e.startswith("prov.se, rad 15: #TRANS: objektlistan") for e in sie.errors), (
        sie.errors
    )


def test_nested_braces_in_a_pbudget_object_list_are_an_error_naming_its_line():
    sie = parse(HEAD + '#PBUDGET 0 202401 3010 {{{{1 "1000"} -100\n')
    assert any(e.startswith("prov.se, rad 13: #PBUDGET: objektlistan") for e in sie.errors), (
        sie.errors
    )


def test_an_object_list_with_an_odd_number_of_elements_is_an_error():
    sie = parse(HEAD + VOUCHER % '{1 "100" 6}')
    assert any("rad 15: #TRANS: objektlistan" in e and "udda" in e for e in sie.errors), sie.errors


def test_an_unterminated_quote_inside_an_object_list_is_an_error():
    sie = parse(HEAD + '#PSALDO 0 202401 3010 {1 "100} -100\n')
    assert any("rad 13: #PSALDO: objektlistan" in e and "citattecken" in e for e in sie.errors), (
        sie.errors
    )


def test_a_closing_brace_too_many_in_a_psaldo_object_list_is_an_error():
    sie = parse(HEAD + '#PSALDO 0 202401 3010 {1 "100"}} -100\n')
    assert any("rad 13: #PSALDO" in e for e in sie.errors), sie.errors


def test_a_nested_object_list_in_an_oib_row_is_an_error():
    sie = parse(HEAD + '#OIB 0 1930 {{1 "100"}} 500\n')
    assert any("rad 13: #OIB: objektlistan" in e for e in sie.errors), sie.errors


def test_an_unclosed_object_list_in_an_oub_row_is_an_error():
    sie = parse(HEAD + '#OUB 0 1930 {1 "100" 500\n')
    assert any("rad 13: #OUB" in e for e in sie.errors), sie.errors


def test_well_formed_object_lists_with_blanks_and_tabs_still_read():
    sie = parse(
        HEAD
        + '#OIB 0 1930 { 1 "100" } 500\n#PSALDO 0 202401 3010 {1\t"200"  6 "P 1"} -100\n'
        + VOUCHER % '{ 1 "300" }'
    )
    assert sie.errors == []
    assert sie.periods.row(0, named=True)["dim1"] == "200"
    assert sie.transactions.sort("line").row(0, named=True)["dim1"] == "300"


def test_a_control_character_is_an_error_naming_its_line():
    # \x1f inside the voucher text on line 13
    sie = parse(HEAD + VOUCHER.replace('""', '"a\x1fb"') % "{}")
    assert sie.errors == ["prov.se, rad 13: raden innehåller ett otillåtet styrtecken (0x1F)."]


def test_a_nul_byte_is_an_error_naming_its_line():
    sie = parse(HEAD + '#KONTO 6000 "Hyr\x00a"\n')
    assert sie.errors == ["prov.se, rad 13: raden innehåller ett otillåtet styrtecken (0x00)."]


def test_a_gzip_file_is_refused_with_a_clear_message():
    import gzip

    sie = read_sie(gzip.compress(HEAD.encode("cp437")), filename="prov.se.gz")
    assert len(sie.errors) == 1
    assert "gzip-komprimerad" in sie.errors[0] and "packa upp" in sie.errors[0]


def test_a_line_longer_than_the_bound_is_an_error_naming_its_line():
    # line 13 is '#KONTO 6000 "' + 100 x + '"' = 114 bytes, over a bound of 100
    text = HEAD + '#KONTO 6000 "' + "x" * 100 + '"\n'
    sie = read_sie(text.encode("cp437"), filename="prov.se", max_line_bytes=100)
    assert sie.errors == ["prov.se, rad 13: raden är längre än 100 byte."]


def test_a_line_just_under_the_bound_reads():
    # '#KONTO 6000 "' (13) + 86 x + '"' (1) = 100 bytes: exactly the bound
    text = HEAD + '#KONTO 6000 "' + "x" * 86 + '"\n#PSALDO 0 202401 3010 {} -100\n'
    sie = read_sie(text.encode("cp437"), filename="prov.se", max_line_bytes=100)
    assert sie.errors == []
    assert sie.accounts["6000"]["name"] == "x" * 86


@pytest.mark.parametrize("block", [7, 64, 1000])
@pytest.mark.parametrize("limit", [1, 5, 10, 11])
def test_long_lines_are_found_wherever_they_fall_between_blocks(monkeypatch, block, limit):
    # lines of 0 to 30 bytes in blocks of a few bytes: every line over the bound is found
    # (the first ten), counted by hand from the lengths, never a line at or under it
    import io
    import random

    from uppsikt.finance.sie import checks
    from uppsikt.finance.sie.file import SieFile

    monkeypatch.setattr(checks, "SCAN_BLOCK", block)
    chance = random.Random(block * 100 + limit)
    for _ in range(20):
        lengths = [chance.choice([0, 1, limit - 1, limit, limit + 1, 2 * limit + 3, 30])
                   for _ in range(chance.randint(1, 40))]  # fmt: skip
        data = b"\n".join(b"x" * n for n in lengths)
        if not data.strip():
            continue  # a blank file is an error of its own
        expected = [i + 1 for i, n in enumerate(lengths) if n > limit][:10]
        sie = SieFile(filename="prov.se")
        checks.scan_file(sie, io.BytesIO(data), limit)
        found = [int(e.split("rad ")[1].split(":")[0]) for e in sie.errors]
        assert found == expected, (lengths, sie.errors)


def test_the_default_line_bound_is_64_kib():
    from uppsikt.finance.sie.file import MAX_LINE_BYTES

    assert MAX_LINE_BYTES == 64 * 1024


def test_a_header_only_file_is_an_error():
    sie = parse(HEAD)
    assert sie.errors == [
        "prov.se, rad 12: filen har varken verifikationer, saldon, periodsaldon eller budget; "
        "det finns inget att läsa in."
    ]


def test_a_company_name_longer_than_the_ledger_keeps_is_an_error():
    sie = parse(HEAD.replace('"Prov AB"', '"' + "A" * 201 + '"') + VOUCHER % "{}")
    assert any("rad 4: #FNAMN" in e and "200" in e for e in sie.errors), sie.errors


def test_an_account_name_longer_than_the_ledger_keeps_is_an_error():
    sie = parse(HEAD + '#KONTO 6000 "' + "n" * 201 + '"\n' + VOUCHER % "{}")
    assert any("rad 13: #KONTO" in e and "200" in e for e in sie.errors), sie.errors


def test_an_account_number_longer_than_the_ledger_keeps_is_an_error():
    sie = parse(HEAD + "#PSALDO 0 202401 " + "9" * 21 + " {} -100\n")
    assert any("rad 13: #PSALDO" in e and "20" in e for e in sie.errors), sie.errors


def test_an_object_id_longer_than_the_ledger_keeps_is_an_error():
    sie = parse(HEAD + VOUCHER % ('{1 "' + "c" * 41 + '"}'))
    assert any("rad 15: #TRANS" in e and "40" in e for e in sie.errors), sie.errors


def test_a_file_of_period_balances_alone_is_read_in_bounded_chunks(monkeypatch):
    from uppsikt.finance.sie import reader

    rows = "".join(f"#PSALDO 0 2024{m:02d} 3010 {{}} -{m}00\n" for m in range(1, 13))
    data = (HEAD + rows).encode("cp437")
    monkeypatch.setattr(reader, "CHUNK_BYTES", 100)
    # each #PSALDO line is about 30 bytes: a 100-byte chunk holds a few, never the whole file
    assert len(reader._chunks(data)) > 3
    sie = read_sie(data, filename="prov.se")
    assert sie.errors == []
    # -100 - 200 - … - 1200 = -7800 kronor = -780000 öre, every month read once
    assert sie.periods["cents"].sum() == -780000
    assert sie.periods.height == 12


def test_an_object_list_in_place_of_the_year_of_an_ib_row_is_an_error_naming_its_line():
    # an object list where #IB has its year index; it raised TypeError from int()
    sie = parse(HEAD + "#IB {} 1930 500\n")
    assert any("rad 13" in e for e in sie.errors), sie.errors


def test_an_object_list_in_place_of_the_account_of_an_ib_row_is_an_error_naming_its_line():
    # it was read as the account "[]"
    sie = parse(HEAD + "#IB 0 {} 500\n")
    assert any("rad 13" in e for e in sie.errors), sie.errors


def test_a_year_index_of_25_digits_is_an_error_naming_its_line():
    # the row's year went into an integer column and Polars raised ComputeError
    sie = parse(HEAD + "#UB " + "9" * 25 + " 1930 500\n")
    assert any("rad 13" in e for e in sie.errors), sie.errors


class _Counting:
    """A file on disk that remembers how much each read asked for."""

    def __init__(self, handle):
        self.handle, self.sizes = handle, []

    def read(self, size=-1):
        self.sizes.append(size)
        return self.handle.read(size)

    def seek(self, *args):
        return self.handle.seek(*args)


def test_a_file_on_disk_is_read_in_bounded_chunks_never_whole(tmp_path, monkeypatch):
    from uppsikt.finance.sie import checks, reader

    vouchers = "".join(VOUCHER % "{}" for _ in range(40))
    data = (HEAD + vouchers).encode("cp437")
    path = tmp_path / "prov.se"
    path.write_bytes(data)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 256)
    monkeypatch.setattr(checks, "SCAN_BLOCK", 512)
    with path.open("rb") as handle:
        counting = _Counting(handle)
        from_disk = read_sie(counting, filename="prov.se")
    assert counting.sizes and all(0 < size <= 4096 for size in counting.sizes)
    in_memory = read_sie(data, filename="prov.se")
    assert from_disk.errors == in_memory.errors == []
    assert from_disk.transactions.equals(in_memory.transactions)
    assert from_disk.vouchers.height == 40
    assert (from_disk.sha256, from_disk.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_a_line_longer_than_the_bound_in_a_file_on_disk_is_an_error_naming_file_and_line(
    tmp_path,
):
    # line 13 is a 1 MB comment-like #PROSA text: far over the 64 KiB bound
    data = (HEAD + '#PROSA "' + "x" * 1_000_000 + '"\n' + VOUCHER % "{}").encode("cp437")
    path = tmp_path / "lang.se"
    path.write_bytes(data)
    with path.open("rb") as handle:
        sie = read_sie(handle, filename=str(path))
    assert sie.errors == ["lang.se, rad 13: raden är längre än 65536 byte."]
    assert sie.transactions is None


@pytest.mark.parametrize(
    ("objects", "problem"),
    [
        ('{1 "a b"}', None),  # a quoted object with a blank is one field: two in all
        ('{1 "12"6 "x"}', None),  # 1, "12", 6, "x": four fields, a quote ends a field
        ("{1 12 6}", "udda"),  # three fields
        ('{1 "12" 6 "P1" 7}', "udda"),  # five fields
        ('{1 "1}2"}', "citattecken"),  # the first } closes the list inside the quote
        ('{1 "12}', "citattecken"),  # a quote never closed
        ('{1 "a\\" b"}', None),  # an escaped quote inside a quoted object
    ],
)
def test_object_lists_plain_and_unusual_are_checked_alike(objects, problem):
    sie = parse(HEAD + VOUCHER % objects)
    found = [e for e in sie.errors if "rad 15: #TRANS: objektlistan" in e]
    if problem is None:
        assert found == [], sie.errors
    else:
        assert len(found) == 1 and problem in found[0], sie.errors


def test_an_object_with_letters_beyond_ascii_is_read_whole():
    sie = parse(HEAD + VOUCHER % '{1 "Södra" 6 "Åre"}')
    assert sie.errors == []
    row = sie.transactions.row(0, named=True)
    # the list as written, its objects, the amount after it
    assert (row["objects"], row["dim1"], row["dim6"], row["cents"]) == (
        '1 "Södra" 6 "Åre"',
        "Södra",
        "Åre",
        -1000,
    )


def test_a_file_read_in_many_chunks_gives_the_same_tables_errors_and_warnings(monkeypatch):
    # the chunks are made into tables side by side and checked one after the other: errors
    # in several chunks come in the file's order, each naming its line, as from one chunk
    from uppsikt.finance.sie import reader

    good = VOUCHER % "{}"
    bad = [
        "skräp utan etikett\n",
        '#VER A 1 20240110 ""\n{\n#TRANS 9999 {} -10\n#TRANS 1930 {} 10\n}\n',
        '#VER A 1 20240110 ""\n{\n#TRANS 3010 {} -10\n#TRANS 1930 {} 9\n}\n',
        "#OKAND 1\n",
        '#VER A 1 20240110 ""\n{\n#TRANS 3010 {1 "100" 6} -10\n#TRANS 1930 {} 10\n}\n',
    ]
    text = HEAD + "".join(good * 5 + b for b in bad) + good * 5
    whole = parse(text)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 200)
    assert len(reader._chunks(text.encode("cp437"))) > 10
    chunked = parse(text)
    assert chunked.errors == whole.errors
    assert chunked.warnings == whole.warnings
    assert len(whole.errors) >= 4, whole.errors
    for name in ("vouchers", "transactions", "periods", "balances"):
        assert getattr(chunked, name).equals(getattr(whole, name)), name
    assert chunked.line_count == whole.line_count == text.count("\n")


def test_a_chunk_is_transcoded_only_when_it_holds_bytes_beyond_ascii():
    from uppsikt.finance.sie.reader import _to_utf8

    ascii_chunk = b'#VER A 1 20240110 "Kassa"\n'
    assert _to_utf8(ascii_chunk, "cp437") is ascii_chunk
    # CP437: 0x94 is ö, 0x8F is Å
    assert _to_utf8(b'"K\x94p i \x8fre"\n', "cp437") == '"Köp i Åre"\n'.encode()


def test_a_cp437_file_whose_first_chunks_are_ascii_reads_its_letters_after_them(monkeypatch):
    from uppsikt.finance.sie import reader

    head = (
        '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN "Prov AB"\n#RAR 0 20240101 20241231\n'
        '#KONTO 1930 "Bank"\n#KONTO 3010 "Intakter"\n'
    )
    plain = (
        '#VER A 1 20240110 "Kassa"\n{\n#TRANS 3010 {} -10.00 20240110 "Kassa"\n'
        '#TRANS 1930 {} 10.00 20240110 "Kassa"\n}\n'
    )
    letters = (
        '#VER A 2 20240111 "Köp på Åre"\n{\n'
        '#TRANS 3010 {1 "Södra"} -25.50 20240111 "Öl och smör"\n'
        '#TRANS 1930 {} 25.50 20240111 ""\n}\n'
    )
    data = (head + plain * 5 + letters).encode("cp437")
    monkeypatch.setattr(reader, "CHUNK_BYTES", 200)
    chunks = reader._chunks(data)
    assert chunks[0].isascii() and chunks[1].isascii() and not chunks[-1].isascii()
    sie = read_sie(data, filename="prov.se")
    assert sie.errors == []
    assert sie.encoding == "cp437"
    assert sie.vouchers.select("number", "text").rows()[-1] == ("2", "Köp på Åre")
    # line 7 of the head, 5 vouchers of 5 lines, then #VER (33), { (34), the row (35)
    assert sie.transactions.filter(pl.col("line") == 35).select(
        "account", "dim1", "cents", "text"
    ).rows() == [("3010", "Södra", -2550, "Öl och smör")]


def test_the_sha256_is_of_every_byte_of_the_file_chunks_and_trailing_ctrl_z_alike(monkeypatch):
    # the digest is taken from the chunks as they are read, then from the bytes after the
    # records (an old end-of-file mark): the same as hashing the file in one piece
    from uppsikt.finance.sie import reader

    monkeypatch.setattr(reader, "CHUNK_BYTES", 200)
    data = (HEAD + (VOUCHER % "{}") * 20).encode("cp437") + b"\x1a" * 500
    assert len(reader._chunks(data)) > 5
    sie = read_sie(data, filename="prov.se")
    assert sie.errors == []
    assert (sie.sha256, sie.size) == (hashlib.sha256(data).hexdigest(), len(data))


class _Trickling(_Counting):
    """A file on disk whose reads return at most 37 bytes, as a raw file may."""

    def read(self, size=-1):
        return super().read(37 if size < 0 else min(size, 37))


def test_a_file_whose_reads_return_less_than_asked_is_read_as_a_whole(tmp_path, monkeypatch):
    from uppsikt.finance.sie import reader

    data = (HEAD + (VOUCHER % "{}") * 10).encode("cp437") + b"\x1a" * 50
    path = tmp_path / "prov.se"
    path.write_bytes(data)
    monkeypatch.setattr(reader, "CHUNK_BYTES", 300)
    with path.open("rb") as handle:
        trickled = read_sie(_Trickling(handle), filename="prov.se")
    whole = read_sie(data, filename="prov.se")
    assert trickled.errors == whole.errors == []
    assert trickled.transactions.equals(whole.transactions)
    assert trickled.vouchers.height == 10
    assert trickled.sha256 == hashlib.sha256(data).hexdigest()
