"""Keeping rendered files and replacing the template."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from uppsikt.core.exceptions import DomainError
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import selectors, services
from uppsikt.documents.models import DocumentTemplate, RenderedDocument
from uppsikt.documents.template import default_template

pytestmark = pytest.mark.django_db
# The files lie in the storage of each run (filesystem, memory: conftest.py, kept_files).


def test_a_rendered_file_is_kept_with_checksum_data_version_and_audit_row():
    row = services.rendered_store(
        kind="followup",
        subject="RS/2024-UR1",
        fmt="pdf",
        content=b"%PDF-1.7 x",
        data_version="abc",
        title="UR1",
        actor=SYSTEM,
    )
    assert row.checksum == hashlib.sha256(b"%PDF-1.7 x").hexdigest()
    assert (row.data_version, row.size) == ("abc", 10)
    assert selectors.rendered_content(row) == b"%PDF-1.7 x"
    assert AuditEvent.objects.filter(action="document.render", object_id=str(row.pk)).count() == 1


def test_the_same_content_is_kept_once_and_changed_content_again():
    kwargs = dict(
        kind="followup", subject="RS/2024-UR1", fmt="docx", data_version="v1", actor=SYSTEM
    )
    first = services.rendered_store(content=b"same", **kwargs)
    again = services.rendered_store(content=b"same", **kwargs)
    changed = services.rendered_store(content=b"other", **{**kwargs, "data_version": "v2"})
    assert first.pk == again.pk != changed.pk
    assert RenderedDocument.objects.count() == 2
    assert list(selectors.rendered_for(kind="followup", subject="RS/2024-UR1")) == [changed, first]


def test_a_new_template_replaces_the_active_one_and_keeps_the_old():
    old = services.template_replace(name="mall 1", content=default_template(), actor=SYSTEM)
    new = services.template_replace(name="mall 2", content=default_template(), actor=SYSTEM)
    old.refresh_from_db()
    assert (old.active, new.active) == (False, True)
    assert selectors.template_current() == new
    services.template_reset(actor=SYSTEM)
    assert selectors.template_bytes() is None
    assert DocumentTemplate.objects.count() == 2


def test_a_file_that_is_not_a_docx_is_refused():
    with pytest.raises(DomainError, match="inte ett Word-dokument"):
        services.template_replace(name="x", content=b"not a zip", actor=SYSTEM)
    assert not DocumentTemplate.objects.exists()


def _at_once(workers: int, fn) -> tuple[list, list]:
    import threading

    from django.db import connections

    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(fn(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent inserts")
def test_the_same_file_rendered_at_once_by_many_is_kept_once():
    results, errors = _at_once(
        6,
        lambda i: (
            services.rendered_store(
                kind="group",
                subject="REGION/2024-UR1",
                fmt="pdf",
                content=b"%PDF same",
                data_version="v",
                actor=SYSTEM,
            ).pk
        ),
    )
    assert not errors, errors
    assert len(set(results)) == 1 and RenderedDocument.objects.count() == 1
    assert AuditEvent.objects.filter(action="document.render").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_two_people_saving_the_same_text_version_at_once_one_is_refused():
    first = services.text_set(
        kind="followup", subject="RS/2024-UR1", key="summary", text="<p>a</p>", actor=SYSTEM
    )
    results, errors = _at_once(
        2,
        lambda i: (
            services.text_set(
                kind="followup",
                subject="RS/2024-UR1",
                key="summary",
                text=f"<p>{i}</p>",
                version=first.version,
                actor=SYSTEM,
            ).version
        ),
    )
    assert results == [2]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
