"""The SSRF guard: outbound requests may only reach public addresses, unless a host is allowed.

Every hop is checked, redirects included, after resolving the name: a public-looking
name that resolves to 10.0.0.5 is refused like the address itself. Hosts, IPs or CIDRs
in AJOB_HTTP_ALLOW_HOSTS (and, for a CLI run, the hosts the operator named on the
command line) may resolve anywhere; that is how the sandbox and the tests run on loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from core.errors import AjobError

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedUrl(AjobError):
    """A URL the guard refuses to fetch."""

    exit_code = 2


Resolver = Callable[[str, int], Awaitable[list[IpAddress]]]


class SsrfGuard:
    def __init__(self, allow: Iterable[str] = (), *, resolver: Resolver | None = None) -> None:
        self._resolve: Resolver = resolver or _resolve
        self._hosts: set[str] = set()
        self._networks: list[IpNetwork] = []
        for entry in allow:
            self.allow(entry)

    def allow(self, entry: str) -> None:
        """Trust a host name, an address, or a CIDR block."""
        entry = entry.strip().lower()
        if not entry:
            return
        try:
            self._networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            self._hosts.add(entry)

    def _allowed_address(self, address: IpAddress) -> bool:
        return any(address in net for net in self._networks)

    async def check(self, url: str) -> None:
        """Raise BlockedUrl unless ``url`` is http(s) and all its addresses are allowed."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise BlockedUrl(f"refusing {url!r}: only http and https URLs are fetched")
        host = (parts.hostname or "").lower()
        if not host:
            raise BlockedUrl(f"refusing {url!r}: the URL has no host")
        if host in self._hosts:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            addresses = await self._resolve(host, port)
        for address in addresses:
            if self._allowed_address(address):
                continue
            if not _is_public(address):
                raise BlockedUrl(
                    f"refusing {url!r}: {host} resolves to the non-public address {address}; "
                    "add the host to AJOB_HTTP_ALLOW_HOSTS if you trust it"
                )


def _is_public(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def _resolve(host: str, port: int) -> list[IpAddress]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedUrl(f"cannot resolve {host}: {exc.strerror or exc}") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
