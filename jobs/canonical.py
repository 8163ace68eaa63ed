"""Canonical job URLs: the same posting reached through different links compares equal.

Tracking parameters are dropped, the host is lower-cased, and parameters that
identify the posting (Greenhouse's gh_jid, Indeed's jk, Glassdoor's jl...) are kept.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "gh_src", "lever-source", "lever-origin", "source", "src", "ref", "refid", "referrer",
        "trackingid", "trk", "trkinfo", "position", "pagenum", "fbclid", "gclid", "msclkid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "igshid", "si", "utm", "from", "vjs", "tk",
        "campaign", "codes", "ccuid", "ao", "guid", "src_type", "s", "cs",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
APPLY_SUFFIXES = ("/apply", "/application")


def canonical_url(url: str | None) -> str | None:
    """A stable form of ``url`` for equality checks; None for anything that is not http(s)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    default_port = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    for suffix in APPLY_SUFFIXES:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)] or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=False)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))
