"""A unit's assessments in Excel: a comment is a text cell, never a formula, and comes back
from the workbook as it was written."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from uppsikt.followup import services, workbooks

HYPERLINK = '=HYPERLINK("http://evil.example","Klicka här")'
COMMENT = 7  # column G


def saved_with_comment(region, comment: str):
    a = region.fresh()
    return services.assessment_save_draft(
        actor=region.reporter, assessment=a, version=a.version, comment=comment
    )


def comment_cell(data: bytes, assessment):
    sheet = load_workbook(io.BytesIO(data))[workbooks.SHEET]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == assessment.pk]
    return row[COMMENT - 1]


def test_an_assessment_comment_written_as_a_formula_is_a_text_cell_in_the_workbook(region):
    assessment = saved_with_comment(region, HYPERLINK)
    data = workbooks.assessments_workbook(period=region.period, unit=region.mat)
    cell = comment_cell(data, assessment)
    assert cell.data_type == "s" and cell.value == HYPERLINK
    book = load_workbook(io.BytesIO(data))
    assert not [
        c.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def test_an_assessment_comment_like_a_formula_comes_back_from_the_workbook_unchanged(region):
    # given: the comment "=1+1" in the workbook, which is opened, saved and read back
    assessment = saved_with_comment(region, "=1+1")
    data = workbooks.assessments_workbook(period=region.period, unit=region.mat)
    book = load_workbook(io.BytesIO(data))
    out = io.BytesIO()
    book.save(out)
    # when
    workbooks.assessments_import(
        actor=region.reporter,
        period=region.period,
        unit=region.mat,
        data=out.getvalue(),
        filename="b.xlsx",
    )
    # then: the same text, neither a formula nor with a quote in front
    assessment.refresh_from_db()
    assert assessment.comment == "=1+1"


def test_an_ampersand_in_a_comment_reads_as_itself_in_the_workbook(region):
    # stored as rich text "Ost &amp; bröd"; the cell shows the text a person wrote
    assessment = saved_with_comment(region, "Ost & bröd")
    data = workbooks.assessments_workbook(period=region.period, unit=region.mat)
    assert comment_cell(data, assessment).value == "Ost & bröd"


def test_a_scale_label_with_a_quote_does_not_break_into_the_drop_down_formula(region):
    # given: a status label that would close the list's quoted formula and start another
    level = region.level("on_track")
    level.label = 'Klar",HYPERLINK("http://evil.example'
    level.save(update_fields=["label"])
    # when
    data = workbooks.assessments_workbook(period=region.period, unit=region.mat)
    # then: no drop-down carries it (the import still checks every value against the scale)
    sheet = load_workbook(io.BytesIO(data))[workbooks.SHEET]
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert not [f for f in formulas if "HYPERLINK" in f]
