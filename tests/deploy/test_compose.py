"""Docker cannot run here, so the compose file is checked as data: services, wiring, health."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from core.config import HEADLESS_CANDIDATES
from tests.helpers import ROOT

APP_SERVICES = ("api", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_services(compose: dict[str, Any]) -> None:
    assert {"postgres", "redis", "migrate", *APP_SERVICES} <= set(compose["services"])
    assert compose["services"]["postgres"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_databases_have_healthchecks_and_named_volumes(compose: dict[str, Any]) -> None:
    services, volumes = compose["services"], compose["volumes"]
    for name, mount in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        assert services[name]["healthcheck"]["test"]
        volume = next(v.split(":")[0] for v in services[name]["volumes"] if v.endswith(mount))
        assert volume in volumes


def test_app_services_share_one_image_and_wait_for_healthy_dependencies(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    images = {services[name]["image"] for name in (*APP_SERVICES, "migrate")}
    assert images == {"ajob4agent:latest"}
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "."
        depends = service["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        env = service["environment"]
        assert env["AJOB_DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in env["AJOB_DATABASE_URL"]
        assert env["AJOB_REDIS_URL"].startswith("redis://redis:6379/")
        assert "AJOB_BROWSER_PATH" not in env, "the image has only the headless shell"
        assert service["command"][0] == "ajob"
    assert services["api"]["healthcheck"]["test"][-1].endswith("/health")
    assert services["migrate"]["command"] == ["ajob", "db", "upgrade"]


def test_commands_exist_in_the_cli(compose: dict[str, Any]) -> None:
    from cli.main import app

    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    for service in compose["services"].values():
        command = service.get("command") or []
        if command and command[0] == "ajob":
            assert command[1] in registered


def test_dockerfile_installs_the_locked_app_and_chromium() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    install = next(line for line in dockerfile.splitlines() if "apt-get install" in line)
    assert Path(HEADLESS_CANDIDATES[0]).name in install.split()
    assert "AJOB_BROWSER_PATH" not in dockerfile, "headless work finds the shell on its own"
    assert "requirements.lock" in dockerfile
