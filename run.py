#!/usr/bin/env python3
"""Quick start for a fresh machine with only Python 3.11+.

    python3 run.py demo [--port N]    start the demo region on http://127.0.0.1:8000/
    python3 run.py test [PYTEST ARGS]  run the test suite

Both create (or update) the virtual environment ``.venv`` with Uppsikt and its pinned
dependencies first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("UPPSIKT_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_venv() -> None:
    stamp = VENV / ".uppsikt-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print(f"Skapar virtuell miljö i {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = str(BIN / "python")
    print("Installerar Uppsikt och dess beroenden …", flush=True)
    subprocess.check_call([python, "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([python, "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "demo":
        return subprocess.call([str(BIN / "uppsikt"), "demo", *rest])
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
