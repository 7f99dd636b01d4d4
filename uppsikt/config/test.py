"""Settings for the test suite: background jobs run at once, in the request that starts them."""

from .settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2
# every kept query's SQL is checked against the query compiled as usual (uppsikt/core/kept_sql.py)
UPPSIKT_KEPT_SQL_CHECK = True

import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# The kept files of a test run lie in folders of the run's own, never the data directory's; with
# UPPSIKT_TEST_STORAGE=memory in Django's in-memory storage (the file-handling tests run with
# both whatever this says: conftest.py, docs/adr/0012).
UPPSIKT_LEDGER_DIR = Path(tempfile.mkdtemp(prefix="uppsikt-test-ledger-"))
UPPSIKT_MEDIA_DIR = Path(tempfile.mkdtemp(prefix="uppsikt-test-media-"))


def storages_for_tests(kind: str) -> dict:
    """The STORAGES of the tests: ``filesystem`` (this run's folders) or ``memory``."""
    if kind == "memory":
        memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
        kept = {"default": memory, "ledger": memory}
    elif kind == "filesystem":
        kept = {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": UPPSIKT_MEDIA_DIR},
            },
            "ledger": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": UPPSIKT_LEDGER_DIR},
            },
        }
    else:
        raise ValueError(f"UPPSIKT_TEST_STORAGE: {kind!r} is neither filesystem nor memory")
    return {**kept, "staticfiles": STORAGES["staticfiles"]}  # noqa: F405


UPPSIKT_TEST_STORAGE = os.environ.get("UPPSIKT_TEST_STORAGE", "filesystem")
STORAGES = storages_for_tests(UPPSIKT_TEST_STORAGE)

# The replica alias is the test database itself (Django's TEST MIRROR); its reads are off but
# in the routing tests, which turn them on (uppsikt/core/tests/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
UPPSIKT_REPLICA_READS = False

# A fixed key for the checksums of approved minutes (production: UPPSIKT_MINUTES_KEY or the key
# file in the data directory).
UPPSIKT_MINUTES_KEY = "test-minutes-key-0123456789abcdef"

# The demo makes no seal certificate in tests (so loading it seals nothing), except where a
# test asks for one; then in a folder of this run's own, never the data directory's.
UPPSIKT_SEAL_DEMO = False
UPPSIKT_SEAL_DEMO_DIR = tempfile.mkdtemp(prefix="uppsikt-demo-seal-")
# The demo's Test-e-legitimation keeps its key in a folder of this run's own.
UPPSIKT_DEMO_EID_DIR = tempfile.mkdtemp(prefix="uppsikt-demo-eid-")

# Kolada is never asked over the network in tests: the client answers from the recorded fixtures.
UPPSIKT_KOLADA_RECORDED = True
