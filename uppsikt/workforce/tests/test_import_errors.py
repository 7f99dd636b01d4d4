"""An HR import's errors name file, line and column only: the raw rows (names, personal numbers,
sick leave) never leave the computation, not in ``ImportFailed.errors``, not in ``Job.errors``,
not on the job page. Lines count as in a spreadsheet: the header is line 1."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.models import Job
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.workforce import import_problems
from uppsikt.workforce.tests.test_import import (
    ABSENCES,
    EMPLOYEES,
    EMPLOYMENTS,
    import_,
    sources,
)

pytestmark = pytest.mark.django_db

# Values a reader would recognise as one person's: none may appear in any error.
PERSONAL = ("19750312-4471", "Svensson", "utbrändhet", "1975-03-12", "1975-13-45")


def errors_of(org, **files) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        import_(org, sources(**files))
    return caught.value.errors


def assert_private(text: str) -> None:
    for value in PERSONAL:
        assert value not in text


def test_a_row_with_more_fields_than_the_header_is_named_by_its_real_line_and_no_values():
    # given: line 1 header, 2–4 good rows, line 5 a sick-leave row with one field too many
    absences = ABSENCES + "19750312-4471,2025-01-10,2025-01-12,100,utbrändhet,Svensson\n"
    organisation = _org()
    # when
    errors = errors_of(organisation, absences=absences)
    # then
    assert len(errors) == 1
    assert errors[0].startswith("absences.csv, rad 5: ")
    assert_private(" ".join(errors))


def test_an_unclosed_quote_is_named_by_the_line_it_opens_on_and_no_values():
    # given: header line 1, line 2 good, line 3 opens a quote that is never closed
    absences = (
        "employee_id,start_date,end_date,extent,kind\n"
        "E1,2025-01-10,2025-01-12,100,sjuk\n"
        'E2,2025-01-10,"2025-01-12,100,utbrändhet Svensson\n'
        "E3,2025-02-01,2025-02-02,100,sjuk\n"
    )
    errors = errors_of(_org(), absences=absences)
    assert len(errors) == 1
    assert errors[0].startswith("absences.csv, rad 3: ")
    assert_private(" ".join(errors))


def test_a_bad_value_names_file_line_and_column_but_not_the_value():
    # given: employees line 5 has a birth date written where the birth year belongs
    employees = EMPLOYEES + "19750312-4471,K,1975-03-12\n"
    errors = errors_of(_org(), employees=employees)
    assert errors == [
        "employees.csv, rad 5, kolumn birth_year: ska vara ett tal från 1900 till 2100."
    ]


def test_a_quoted_line_break_does_not_shift_the_line_numbers_after_it():
    # given: line 2 holds a kind over two lines (2 and 3), line 4 is good, line 5 has a bad date
    absences = (
        "employee_id,start_date,end_date,extent,kind\n"
        'E1,2025-01-10,2025-01-12,100,"sjuk\nförkyld"\n'
        "E2,2024-11-01,2024-11-30,50,sjuk\n"
        "E3,1975-13-45,2024-07-20,100,semester\n"
    )
    errors = errors_of(_org(), absences=absences)
    assert errors == [
        "absences.csv, rad 5, kolumn start_date: inget datum (ÅÅÅÅ-MM-DD).",
    ]


def test_every_check_leaves_the_values_out_of_its_message():
    # given: one broken value per kind of check, each carrying a recognisable value
    employees = EMPLOYEES + "19750312-4471,Svensson,1975\n19750312-4471,K,1975\n"
    employments = EMPLOYMENTS + (
        "Svensson,19750312-4471,utbrändhet,1975-13-45,1975-03-12,utbrändhet,Svensson,,\n"
    )
    absences = ABSENCES + "19750312-4471,1975-03-12,1975-03-11,Svensson,utbrändhet\n"
    errors = errors_of(_org(), employees=employees, employments=employments, absences=absences)
    assert len(errors) >= 8
    assert_private(" ".join(errors))
    assert "employees.csv, rad 6, kolumn employee_id: finns redan på rad 5." in errors


def test_the_error_type_cannot_carry_row_content():
    fields = {f.name for f in dataclasses.fields(import_problems.ImportProblem)}
    assert fields == {"file", "line", "column", "problem", "other_line", "count", "sheet", "cell"}
    with pytest.raises(TypeError):
        import_problems.ImportProblem(file="a.csv", line=2, problem="Svensson 19750312-4471")
    with pytest.raises(ValueError):
        import_problems.ImportProblem(
            file="a.csv", line=2, column="Svensson", problem=import_problems.Problem.VALUE_MISSING
        )
    with pytest.raises(TypeError):
        import_problems.ImportProblem(
            file="a.csv", line="19750312-4471", problem=import_problems.Problem.VALUE_MISSING
        )
    with pytest.raises(TypeError):  # a sheet by its number, never its name
        import_problems.ImportProblem(
            file="a.xlsx", line=None, sheet="Svensson", problem=import_problems.Problem.ERROR_VALUE
        )
    with pytest.raises(ValueError):
        import_problems.ImportProblem(
            file="a.xlsx",
            line=None,
            sheet=1,
            cell="Svensson",
            problem=import_problems.Problem.ERROR_VALUE,
        )


def test_a_failed_upload_shows_neither_row_content_nor_a_wrong_line_on_the_job_page(client):
    organisation = _org()
    user = factories.user("hr-controller")
    factories.grant(user, Role.CONTROLLER, organisation)
    client.force_login(user)
    # given: absences line 5 has a field too many and a recognisable person in it
    absences = ABSENCES + "19750312-4471,2025-01-10,2025-01-12,100,utbrändhet,Svensson\n"
    files = {
        "employees": SimpleUploadedFile("employees.csv", EMPLOYEES.encode()),
        "employments": SimpleUploadedFile("employments.csv", EMPLOYMENTS.encode()),
        "absences": SimpleUploadedFile("absences.csv", absences.encode()),
    }
    response = client.post(reverse("workforce:import"), files, follow=True)
    job = Job.objects.get(kind="hr_import")
    assert job.status == Job.Status.FAILED
    assert len(job.errors) == 1 and job.errors[0].startswith("absences.csv, rad 5: ")
    assert_private(" ".join(job.errors) + job.message)
    html = response.content.decode()
    assert "absences.csv, rad 5: " in html
    assert_private(html)


def _org():
    organisation = factories.organisation()
    root = factories.unit(organisation, "U")
    factories.unit(organisation, "U1", parent=root)
    factories.unit(organisation, "U2", parent=root)
    return organisation
