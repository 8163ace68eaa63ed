"""The one way this project starts Chromium.

Playwright's own browser download cannot work on machines without internet, so we
drive the system's Chromium (Debian's ``chromium-headless-shell`` for headless work and
``chromium`` for a window a person uses, or AJOB_BROWSER_PATH) with flags that keep it from
reaching out to the network on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, Page, Playwright, Route, async_playwright

from adapters.ssrf import BlockedUrl, SsrfGuard
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


def chromium_executable(settings: Settings, *, headless: bool = True) -> Path:
    """The Chromium binary to launch, or a ConfigError that says how to get one."""
    path = settings.resolve_browser(headless=headless)
    if path is None or not path.exists():
        where = (
            f" (AJOB_BROWSER_PATH={settings.browser_path} does not exist)"
            if settings.browser_path
            else ""
        )
        package = "chromium-headless-shell" if headless else "chromium"
        raise ConfigError(
            f"no Chromium found{where}; install Debian's {package} (apt-get install {package}) "
            "or set AJOB_BROWSER_PATH to a Chromium binary"
        )
    return path


async def launch_chromium(
    playwright: Playwright, settings: Settings, *, headless: bool = True
) -> Browser:
    """A headless (or, for a human step, headed) Chromium from the configured binary."""
    return await playwright.chromium.launch(
        executable_path=str(chromium_executable(settings, headless=headless)),
        headless=headless,
        args=list(LAUNCH_ARGS),
    )


class BrowserPool:
    """One Chromium shared by every browser-based adapter (and later the form filler).

    The browser starts on first use, so a search that needs no browser never pays for
    one. Each use gets a fresh context (cookies, storage) so nothing leaks between
    platforms or applications; the user's own session comes from a storage-state file.
    Navigations go through the SSRF guard like any HTTP request.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        guard: SsrfGuard | None = None,
        concurrency: int | None = None,
        headless: bool = True,
    ) -> None:
        self.settings = settings
        self.guard = guard or SsrfGuard(settings.http_allow_hosts)
        self.headless = headless
        self._slots = asyncio.Semaphore(concurrency or settings.browser_concurrency)
        self._start_lock = asyncio.Lock()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    async def __aenter__(self) -> BrowserPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def browser(self) -> Browser:
        async with self._start_lock:
            if self._browser is None:
                self._playwright = await async_playwright().start()
                self._browser = await launch_chromium(
                    self._playwright, self.settings, headless=self.headless
                )
        return self._browser

    @asynccontextmanager
    async def page(self, *, storage_state: Path | None = None) -> AsyncIterator[Page]:
        """A page in a new context, released (and its slot freed) on exit."""
        state = storage_state or self.settings.browser_storage_state
        proxy = self.settings.browser_proxy
        async with self._slots:
            browser = await self.browser()
            context = await browser.new_context(
                storage_state=str(state) if state else None,
                proxy={"server": proxy.get_secret_value()} if proxy else None,
                user_agent=self.settings.http_user_agent,
            )
            await context.route("**/*", self._guard_route)
            try:
                yield await context.new_page()
            finally:
                await context.close()

    async def _guard_route(self, route: Route) -> None:
        request = route.request
        if request.is_navigation_request() or request.resource_type in ("xhr", "fetch"):
            try:
                await self.guard.check(request.url)
            except BlockedUrl:
                await route.abort("blockedbyclient")
                return
        await route.continue_()

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
