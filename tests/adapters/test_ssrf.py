from __future__ import annotations

import ipaddress

import pytest

from adapters.http import HttpClient
from adapters.ssrf import BlockedUrl, IpAddress, SsrfGuard
from core.config import Settings
from tests.helpers import LocalServer


def _resolver(table: dict[str, str]):
    async def resolve(host: str, port: int) -> list[IpAddress]:
        return [ipaddress.ip_address(table[host])]

    return resolve


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/x",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
async def test_private_loopback_and_link_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedUrl, match="non-public address"):
        await SsrfGuard().check(url)


async def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    guard = SsrfGuard(resolver=_resolver({"jobs.evil.example": "10.0.0.5"}))
    with pytest.raises(
        BlockedUrl, match=r"jobs\.evil\.example resolves to the non-public address 10\.0\.0\.5"
    ):
        await guard.check("https://jobs.evil.example/careers")


async def test_localhost_by_name_is_refused_without_a_resolver_stub() -> None:
    with pytest.raises(BlockedUrl, match="localhost resolves to the non-public address"):
        await SsrfGuard().check("http://localhost:8080/")


async def test_public_addresses_pass() -> None:
    guard = SsrfGuard(resolver=_resolver({"boards-api.greenhouse.io": "104.18.2.3"}))
    await guard.check("https://boards-api.greenhouse.io/v1/boards/x/jobs")
    await guard.check("https://8.8.8.8/")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/",
        "gopher://x/",
        "javascript:alert(1)",
        "http:///nohost",
    ],
)
async def test_only_http_and_https_with_a_host(url: str) -> None:
    with pytest.raises(BlockedUrl):
        await SsrfGuard().check(url)


async def test_allowed_hosts_and_networks() -> None:
    guard = SsrfGuard(
        ["sandbox.local", "10.20.0.0/16"],
        resolver=_resolver({"sandbox.local": "127.0.0.1", "api.internal": "10.20.3.4"}),
    )
    await guard.check("http://sandbox.local:8700/")
    await guard.check("http://api.internal/")
    with pytest.raises(BlockedUrl):
        await guard.check("http://10.21.0.1/")


async def test_a_redirect_to_a_private_address_is_not_followed() -> None:
    routes = {
        ("GET", "/jobs"): lambda q, b: (302, {"Location": "http://169.254.169.254/latest/"}, b"")
    }
    with LocalServer(routes) as server:
        async with HttpClient(Settings(), trusted_hosts=["127.0.0.1"]) as client:
            with pytest.raises(BlockedUrl, match=r"169\.254\.169\.254"):
                await client.get(f"{server.url}/jobs")
        assert server.count("/jobs") == 1


async def test_a_redirect_within_allowed_hosts_is_followed() -> None:
    routes = {
        ("GET", "/old"): lambda q, b: (301, {"Location": "/new"}, b""),
        ("GET", "/new"): lambda q, b: (200, {"Content-Type": "application/json"}, b'{"ok": true}'),
    }
    with LocalServer(routes) as server:
        async with HttpClient(Settings(http_allow_hosts=["127.0.0.1"])) as client:
            response = await client.get(f"{server.url}/old")
    assert response.json() == {"ok": True}
