"""Settings for the test suite: background jobs run at once, in the request that starts them."""

from .settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

UPPSIKT_LEDGER_DIR = Path(tempfile.mkdtemp(prefix="uppsikt-ledger-"))

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
