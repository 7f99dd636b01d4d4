"""`uppsikt serve` answers, with one process (waitress) and with several (gunicorn)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _serve(tmp_path, *args) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uppsikt.config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "UPPSIKT_DATA_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uppsikt.cli", "serve", "--port", str(port), "--no-worker", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/halsa/", timeout=2).ok:
                return process, base
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    pytest.fail("the server did not answer within 30 s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_one_process_answers(tmp_path):
    process, base = _serve(tmp_path, "--threads", "2")
    try:
        assert requests.get(f"{base}/halsa/", timeout=5).json() == {"status": "ok"}
        if sys.platform == "linux":
            assert _children(process.pid) == []
    finally:
        _stop(process)


@pytest.mark.skipif(sys.platform != "linux", reason="counts processes through /proc")
def test_several_processes_answer_and_stop_together(tmp_path):
    process, base = _serve(tmp_path, "--workers", "3", "--threads", "2")
    try:
        deadline = time.monotonic() + 20
        while len(_children(process.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(process.pid)
        assert len(workers) == 3
        for _ in range(12):
            assert requests.get(f"{base}/halsa/", timeout=5).json() == {"status": "ok"}
    finally:
        _stop(process)
    assert process.returncode is not None
    for pid in workers:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )


def _serve_with_worker(tmp_path) -> tuple[subprocess.Popen, int]:
    """``uppsikt serve`` with its job worker; returns the server and the worker's process id."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uppsikt.config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "UPPSIKT_DATA_DIR": str(tmp_path),
    }
    env.pop("UPPSIKT_NO_WORKER", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "uppsikt.cli", "migrate", "-v", "0"], env=env, check=True
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uppsikt.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = _children(process.pid)
        try:
            answered = requests.get(f"http://127.0.0.1:{port}/halsa/", timeout=2).ok
        except requests.RequestException:
            answered = False
        if answered and children:
            return process, children[0]
        time.sleep(0.2)
    process.kill()
    pytest.fail("the server and its worker did not start within 30 s")


def _gone(pid: int) -> bool:
    path = Path(f"/proc/{pid}")
    return not path.exists() or "zombie" in (path / "status").read_text()


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.1)
    return _gone(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="follows processes through /proc")
def test_sigterm_to_serve_stops_its_job_worker_within_seconds(tmp_path):
    process, worker = _serve_with_worker(tmp_path)
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        # within seconds; the bound is generous for a loaded machine, where the worker may still
        # be starting when the server goes
        assert _wait_gone(worker, 30)
    finally:
        if process.poll() is None:
            process.kill()
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)


@pytest.mark.skipif(sys.platform != "linux", reason="follows processes through /proc")
def test_the_job_worker_stops_by_itself_when_the_server_is_killed(tmp_path):
    process, worker = _serve_with_worker(tmp_path)
    try:
        process.kill()  # SIGKILL: the server runs no clean-up at all
        process.wait(timeout=5)
        # within seconds; the bound is generous for a loaded machine, where the worker may still
        # be starting when the server goes
        assert _wait_gone(worker, 30)
    finally:
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)
