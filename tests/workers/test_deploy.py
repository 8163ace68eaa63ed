"""The deployment's worker side, checked as data (Docker cannot run here)."""

from __future__ import annotations

from typing import Any

import yaml

from tests.helpers import ROOT
from workers.registry import QUEUES


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_the_worker_runs_a_node_per_queue_and_its_healthcheck_pings_each() -> None:
    worker = _compose()["services"]["worker"]
    assert worker["command"] == ["ajob", "worker"]
    assert worker["init"] is True
    probe = worker["healthcheck"]["test"][-1]
    for queue in QUEUES:
        assert f"{queue}@$$HOSTNAME" in probe


def test_one_beat_and_prometheus_scraping_the_api() -> None:
    services = _compose()["services"]
    assert services["beat"]["command"] == ["ajob", "beat"]
    assert "deploy" not in services["beat"] or services["beat"]["deploy"].get("replicas", 1) == 1
    prometheus = services["prometheus"]
    mounted = [v.split(":")[0] for v in prometheus["volumes"]]
    assert "./deploy/prometheus.yml" in mounted
    config = yaml.safe_load((ROOT / "deploy" / "prometheus.yml").read_text())
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    assert job["static_configs"][0]["targets"] == ["api:8000"]
