"""Kill -9 an application run at its approval prompt and again during submit: one submission.

Each run is the real ``ajob`` in its own process, on a SQLite database and the SQLite
checkpointer in a temporary folder; the sandbox in this process is the platform.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

from db.enums import ApplicationStatus
from sandbox.faults import FaultRule
from sandbox.server import RunningSandbox
from tests.helpers import AJOB, run_ajob

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Terminal:
    """``ajob`` on a pseudo-terminal, so it asks its questions as it would a person."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [str(AJOB), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, **env, "NO_COLOR": "1", "COLUMNS": "160"},
            start_new_session=True,
        )
        os.close(slave)
        self.output = ""

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            left = deadline - time.monotonic()
            if left <= 0 or (self.process.poll() is not None and not self._readable(0)):
                raise AssertionError(f"{text!r} never appeared; output so far:\n{self.output}")
            if self._readable(min(left, 0.5)):
                try:
                    self.output += os.read(self.master, 65536).decode(errors="replace")
                except OSError:
                    break
        return self.output

    def _readable(self, timeout: float) -> bool:
        return bool(select.select([self.master], [], [], timeout)[0])

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        os.close(self.master)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'crash.db'}",
        "AJOB_DATA_DIR": str(tmp_path / "crash-data"),
        "AJOB_HTTP_ALLOW_HOSTS": "127.0.0.1",
    }


def _status(env: dict[str, str], application_id: str) -> str:
    shown = run_ajob("applications", "show", application_id, "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    status = re.search(r'"status": "(\w+)"', shown.stdout)
    assert status is not None, shown.stdout
    return status.group(1)


def test_killed_at_approval_and_during_submit_the_application_is_sent_once(
    clean_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    candidate = Path(__file__).parents[2] / "resumes" / "samples" / "candidate.json"
    first = Terminal(
        [
            "run", "--candidate", str(candidate), "--source", "greenhouse", "--board",
            "northwind", "--base-url", clean_sandbox.base_url("greenhouse"), "-n", "1",
        ],
        env,
    )  # fmt: skip
    try:
        shown = first.wait_for("approve, edit or reject?", timeout=180)
    finally:
        first.kill()
    assert "form fields" in shown
    assert clean_sandbox.submissions() == []
    listed = run_ajob("applications", "list", "--json", env=env)
    (application_id,) = re.findall(r'"id": "([0-9a-f-]{36})"', listed.stdout)
    assert _status(env, application_id) == ApplicationStatus.READY_FOR_REVIEW

    # The platform records the application, then takes 60 s to confirm it: kill meanwhile.
    clean_sandbox.add_faults(
        FaultRule(platform="greenhouse", method="POST", kind="late", stall_s=60)
    )
    second = Terminal(["applications", "approve", application_id[:8]], env)
    try:
        deadline = time.monotonic() + 120
        while not clean_sandbox.submissions():
            assert second.process.poll() is None, second.wait_for("never", timeout=1)
            assert time.monotonic() < deadline, "the approved application was never posted"
            time.sleep(0.2)
    finally:
        second.kill()
    assert len(clean_sandbox.submissions()) == 1
    assert _status(env, application_id) == ApplicationStatus.SUBMITTING

    resumed = run_ajob("applications", "resume", application_id, "--json", env=env, timeout=180)
    assert resumed.returncode == 1, resumed.stdout + resumed.stderr
    assert '"status": "needs_review"' in resumed.stdout
    assert _status(env, application_id) == ApplicationStatus.NEEDS_REVIEW

    again = run_ajob("applications", "approve", application_id, env=env, timeout=180)
    assert again.returncode == 2
    assert "not waiting for an answer" in again.stderr
    assert len(clean_sandbox.submissions()) == 1, "exactly one submission reached the platform"
