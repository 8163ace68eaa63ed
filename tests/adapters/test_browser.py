from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from adapters.browser import chromium_executable, launch_chromium
from core.config import Settings
from core.errors import ConfigError


async def test_system_chromium_renders_and_runs_script(chromium_path: Path) -> None:
    settings = Settings(browser_path=chromium_path)
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, settings)
        try:
            page = await browser.new_page()
            await page.set_content(
                "<form><label for=n>Name</label><input id=n></form>"
                "<script>document.title = 'ready'</script>"
            )
            await page.fill("#n", "Priya")
            assert await page.title() == "ready"
            assert await page.input_value("#n") == "Priya"
        finally:
            await browser.close()


def test_missing_browser_says_how_to_get_one(tmp_path: Path) -> None:
    settings = Settings(browser_path=tmp_path / "no-chromium")
    with pytest.raises(
        ConfigError, match=r"apt-get install chromium-headless-shell\) or set AJOB_BROWSER_PATH"
    ):
        chromium_executable(settings)
    with pytest.raises(ConfigError, match=r"apt-get install chromium\) or set AJOB_BROWSER_PATH"):
        chromium_executable(settings, headless=False)
