"""The one way this project starts Chromium.

Playwright's own browser download cannot work on machines without internet, so we
drive the system's Chromium (Debian's ``chromium`` package, or AJOB_BROWSER_PATH)
with flags that keep it from reaching out to the network on its own.
"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Playwright

from core.config import Settings
from core.errors import ConfigError

LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)


def chromium_executable(settings: Settings) -> Path:
    """The Chromium binary to launch, or a ConfigError that says how to get one."""
    path = settings.resolve_browser()
    if path is None or not path.exists():
        where = (
            f" (AJOB_BROWSER_PATH={settings.browser_path} does not exist)"
            if settings.browser_path
            else ""
        )
        raise ConfigError(
            f"no Chromium found{where}; install Debian's chromium (apt-get install chromium) "
            "or set AJOB_BROWSER_PATH to a Chromium binary"
        )
    return path


async def launch_chromium(
    playwright: Playwright, settings: Settings, *, headless: bool = True
) -> Browser:
    """A headless (or, for a human step, headed) Chromium from the configured binary."""
    return await playwright.chromium.launch(
        executable_path=str(chromium_executable(settings)),
        headless=headless,
        args=list(LAUNCH_ARGS),
    )
