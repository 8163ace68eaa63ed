"""``ajob session save URL``: keep your own signed-in browser session for the boards that need it.

LinkedIn Easy Apply and Indeed Apply apply as you, so the engine needs your session on those
sites; it never signs in for you there, and it never sees your password. This opens a Chromium
window at URL (the site's sign-in page); you sign in as you always do, CAPTCHA and codes
included, then press Enter here, and the browser's cookies and storage are written to a
Playwright storage-state file that only you can read. Point ``AJOB_BROWSER_STORAGE_STATE`` at
it. Sign in to several sites in the same window to keep them all in one file.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from cli.console import err, out
from core.config import get_settings
from core.errors import InputError
from core.files import write_text_atomic

app = typer.Typer(help="Your own browser sessions, for boards that apply as you.")


async def _capture(url: str, out_path: Path, *, headless: bool) -> int:
    """Open ``url``, wait for the person, write the storage state; the number of cookies."""
    from playwright.async_api import async_playwright

    from adapters.browser import launch_chromium

    settings = get_settings()
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, settings, headless=headless)
        try:
            context = await browser.new_context()
            page = await context.new_page()
            await page.goto(url, wait_until="domcontentloaded")
            await asyncio.to_thread(
                input, "Sign in in the browser window, then press Enter here to save... "
            )
            state = await context.storage_state()
        finally:
            await browser.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out_path, json.dumps(state, indent=2), private=True)
    return len(state.get("cookies", []))


@app.command("save")
def save(
    url: Annotated[
        str, typer.Argument(help="Where to sign in, e.g. https://www.linkedin.com/login")
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The file to write (default: DATA_DIR/browser-state.json)"
        ),
    ] = None,
    headless: Annotated[bool, typer.Option("--headless", hidden=True)] = False,
) -> None:
    """Open a browser at URL, let you sign in, and save the session for the apply engine."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise InputError(f"{url!r} is not a web address; give the sign-in page's https:// URL")
    if not headless and sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise InputError(
            "signing in needs a browser window and this session has no screen (DISPLAY is "
            "unset); run it on your desktop and copy the saved file here"
        )
    target = out_file or get_settings().data_dir / "browser-state.json"
    cookies = asyncio.run(_capture(url, target, headless=headless))
    out.print(f"saved {cookies} cookie(s) to {target} (readable by you only)")
    err.print(f"use it with: export AJOB_BROWSER_STORAGE_STATE={target}")
