"""The demo's archive: a closed case exported as a package that validates, and its retention
schedule with a disposal run done (exactly the letter that was due) and one proposed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from uppsikt.archive.erms import erms_problems
from uppsikt.archive.models import ArchiveExport, DisposalRun
from uppsikt.cases.models import Record
from uppsikt.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_exports_a_case_and_has_a_done_and_a_proposed_disposal_run():
    load_demo()
    export = ArchiveExport.objects.get()
    assert export.status == ArchiveExport.Status.DONE, export.message
    assert export.case.status == "closed"
    import io
    import zipfile

    with default_storage.open(export.file, "rb") as f:
        z = zipfile.ZipFile(io.BytesIO(f.read()))
    assert erms_problems(z.read(f"{export.package_id}/metadata/descriptive/erms.xml")) == []

    done = DisposalRun.objects.get(status=DisposalRun.Status.DONE)
    assert done.as_of == dt.date(2024, 12, 31)
    [item] = done.items.all()
    assert item.disposed and item.files_removed == 1 and item.due_on == dt.date(2024, 6, 30)
    letter = Record.objects.get(pk=item.record_id)
    assert letter.counterpart == "" and not letter.files.exists()
    proposed = DisposalRun.objects.get(status=DisposalRun.Status.PROPOSED)
    [due] = proposed.items.all()
    assert due.due_on == dt.date(2025, 9, 1) and not due.disposed
    assert Record.objects.get(pk=due.record_id).counterpart == "Olle Strand"
