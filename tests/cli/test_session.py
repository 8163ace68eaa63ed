"""``ajob session save``: the user's own signed-in session, kept private, never without a screen."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import AJOB, LocalServer, run_ajob

SIGNED_IN = (
    b"<!doctype html><html><body><h1>Welcome back</h1>"
    b"<script>localStorage.setItem('theme', 'dark')</script></body></html>"
)


def test_without_a_screen_it_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    result = subprocess.run(
        [str(AJOB), "session", "save", "https://www.linkedin.com/login", "-o", str(tmp_path / "s")],
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: signing in needs a browser window and this session has no screen (DISPLAY is "
        "unset); run it on your desktop and copy the saved file here"
    ]
    assert not (tmp_path / "s").exists()


@pytest.mark.browser
def test_saves_the_browsers_cookies_and_storage_for_the_owner_only(
    tmp_path: Path, chromium_path: Path
) -> None:
    page = (200, {"Set-Cookie": "li_at=AQEDASsession; Path=/; HttpOnly"}, SIGNED_IN)
    saved = tmp_path / "state" / "browser-state.json"
    with LocalServer({("GET", "/feed"): lambda q, b: page}) as server:
        proc = subprocess.Popen(
            [str(AJOB), "session", "save", f"{server.url}/feed", "-o", str(saved), "--headless"],
            env={**os.environ, "NO_COLOR": "1", "AJOB_BROWSER_PATH": str(chromium_path)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stdout, stderr = proc.communicate("\n", timeout=90)
    assert proc.returncode == 0, stderr
    state = json.loads(saved.read_text(encoding="utf-8"))
    assert [(c["name"], c["value"]) for c in state["cookies"]] == [("li_at", "AQEDASsession")]
    assert state["origins"][0]["localStorage"] == [{"name": "theme", "value": "dark"}]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "saved 1 cookie(s)" in stdout
    assert f"AJOB_BROWSER_STORAGE_STATE={saved}" in stderr


def test_a_non_web_address_is_refused() -> None:
    result = run_ajob("session", "save", "file:///etc/passwd")
    assert result.returncode == 2
    assert "is not a web address" in result.stderr
