"""The shared part of the sources that need a real browser (Indeed, Glassdoor, Wellfound).

These sites block plain HTTP clients, so a page is loaded in the shared Chromium
(with the user's storage state or proxy when configured), then its HTML is parsed.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator
from urllib.parse import urlencode

from adapters.base import SearchQuery, Source
from adapters.embedded import raise_if_blocked
from adapters.errors import SourceError
from adapters.job import Job


class BrowserSource(Source):
    uses_browser = True
    filters_query = True
    max_pages = 10

    @abstractmethod
    def page_url(self, query: SearchQuery, page: int) -> str:
        """The search results URL for the given 0-based page."""

    @abstractmethod
    def parse(self, html: str, where: str) -> tuple[list[Job], bool]:
        """The page's jobs, and whether another page follows."""

    async def load(self, url: str, where: str) -> str:
        if self.ctx.browser is None:
            raise SourceError(self.name, "needs a browser, but none was started for this search")
        await self.http.guard.check(url)
        async with self.ctx.browser.page() as page:
            response = await page.goto(url, wait_until="domcontentloaded")
            html = await page.content()
        raise_if_blocked(html, self.name, where)
        if response is not None and response.status >= 400:
            self._check_status(response.status, where, None)
        return html

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        for number in range(self.max_pages):
            url = self.page_url(query, number)
            where = f"GET {url.removeprefix(self.base_url)}"
            jobs, more = self.parse(await self.load(url, where), where)
            yield jobs
            if not more or not jobs:
                return

    @staticmethod
    def query_string(params: dict[str, str | int | None]) -> str:
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})
