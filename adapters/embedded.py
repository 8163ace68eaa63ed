"""Reading the JSON that server-rendered job boards embed in their pages.

Indeed puts its results in ``window.mosaic.providerData[...] = {...};`` and Next.js
sites (Glassdoor, Wellfound) in ``<script id="__NEXT_DATA__">``. Parsing the page's
HTML, rather than evaluating its scripts, works the same whether or not the page's
own JavaScript ran.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

import lxml.html

from adapters.errors import MalformedPayload, SourceBlocked

_BLOCK_MARKERS = (
    re.compile(r"hcaptcha\.com|g-recaptcha|challenges\.cloudflare\.com|cf-turnstile", re.I),
    re.compile(r'id="challenge-form"|Additional Verification Required|Just a moment\.\.\.', re.I),
    re.compile(r"<title>\s*(Security Check|Access Denied|Attention Required)", re.I),
)


def bot_wall(page: str) -> bool:
    """Whether the page shows a CAPTCHA or a bot check."""
    return any(marker.search(page) for marker in _BLOCK_MARKERS)


def raise_if_blocked(page: str, source: str, where: str) -> None:
    """Stop on a CAPTCHA or bot wall: we never try to get past one."""
    if bot_wall(page):
        raise SourceBlocked(
            source,
            f"{where}: the site showed a CAPTCHA or bot check; use your own browser session "
            "(AJOB_BROWSER_STORAGE_STATE) or a proxy (AJOB_BROWSER_PROXY)",
        )


def assigned_json(page: str, target: str, source: str, where: str) -> Any:
    """The JSON value assigned to ``target`` (a JavaScript expression) in an inline script."""
    pattern = re.compile(re.escape(target).replace(r"\"", "[\"']") + r"\s*=\s*")
    found = pattern.search(page)
    if not found:
        raise MalformedPayload(source, f"{where}: the page has no {target}")
    try:
        value, _ = json.JSONDecoder().raw_decode(page, found.end())
    except json.JSONDecodeError as exc:
        raise MalformedPayload(source, f"{where}: {target} is not valid JSON ({exc.msg})") from None
    return value


def next_data(page: str, source: str, where: str) -> Any:
    """The parsed ``__NEXT_DATA__`` document of a Next.js page."""
    root = cast(lxml.html.HtmlElement, lxml.html.document_fromstring(page))
    script = root.get_element_by_id("__NEXT_DATA__", None)
    if script is None:
        raise MalformedPayload(source, f"{where}: the page has no __NEXT_DATA__")
    try:
        return json.loads(script.text_content())
    except json.JSONDecodeError as exc:
        raise MalformedPayload(
            source, f"{where}: __NEXT_DATA__ is not valid JSON ({exc.msg})"
        ) from None


def dig(value: Any, *path: str) -> Any:
    """``value[p0][p1]...``, or None when any step is missing."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
