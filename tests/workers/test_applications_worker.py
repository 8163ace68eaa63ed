"""An application on real workers: it waits for approval, and a worker killed mid-submit
leaves exactly one submission on the platform.

``ajob worker`` runs one node per queue here (applications, status), as it does by default,
so killing its process group is a whole worker machine dying: supervisor, nodes, pool
children and Chromium at once. Another worker then gets the task back from Redis within
seconds (the visibility timeout is 4 s) and completes it without sending anything again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from celery.exceptions import TimeoutError as CeleryTimeout

from applications.inputs import prepare
from db.enums import ApplicationStatus
from forms.submit import recover_interrupted, status_of
from sandbox.faults import FaultRule
from sandbox.server import RunningSandbox
from tests.installation import Installed, install
from tests.workers.conftest import Cluster
from workers.dispatch import enqueue
from workers.registry import APPLY

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.browser]

APPROVE = {"action": "approve"}


@pytest.fixture
def cluster(make_cluster: Callable[[], Cluster], monkeypatch: pytest.MonkeyPatch) -> Cluster:
    made = make_cluster()
    made.use(monkeypatch)
    return made


def _application(installed: Installed) -> uuid.UUID:
    application_id, thread_id = prepare(
        installed.services.sessions, installed.user_id, installed.job_ids[0]
    )
    assert thread_id == str(application_id)
    return application_id


def _status(installed: Installed, application_id: uuid.UUID) -> ApplicationStatus:
    return status_of(installed.services.sessions, application_id)


def test_killed_during_submit_the_redelivered_task_sends_nothing_again(
    cluster: Cluster, clean_sandbox: RunningSandbox
) -> None:
    first = cluster.worker("--queues", "applications,status")
    installed = install(clean_sandbox)
    application_id = _application(installed)
    first.wait_ready(nodes=2)

    waiting = enqueue(APPLY, application_id=str(application_id)).wait(timeout=240)
    assert waiting["status"] == ApplicationStatus.READY_FOR_REVIEW
    assert waiting["waiting_for"] == "approval"
    again = enqueue(APPLY, application_id=str(application_id)).wait(timeout=60)
    assert again == waiting, "a duplicate start finds the thread waiting and leaves it so"
    assert clean_sandbox.submissions() == []

    # The platform records the application, then takes a minute to confirm: kill meanwhile.
    clean_sandbox.add_faults(
        FaultRule(platform="greenhouse", method="POST", kind="late", stall_s=60)
    )
    approve = enqueue(APPLY, application_id=str(application_id), decision=APPROVE)
    deadline = time.monotonic() + 120
    while not clean_sandbox.submissions():
        assert time.monotonic() < deadline, f"never posted:\n{first.output()[-3000:]}"
        time.sleep(0.2)
    first.kill()
    assert len(clean_sandbox.submissions()) == 1
    assert _status(installed, application_id) is ApplicationStatus.SUBMITTING

    second = cluster.worker("--queues", "applications,status")
    try:
        done = approve.wait(timeout=240)
    except CeleryTimeout:
        pytest.fail(f"the redelivered task never finished:\n{second.output()[-3000:]}")
    assert approve.id in second.output(), "the killed worker's task came back to the new one"
    assert done["result"]["status"] == "refused"
    assert done["status"] == ApplicationStatus.SUBMITTING, "the claim is only settled by lease"
    assert done["waiting_for"] is None

    repeated = enqueue(APPLY, application_id=str(application_id), decision=APPROVE)
    assert repeated.wait(timeout=60)["status"] == ApplicationStatus.SUBMITTING
    assert recover_interrupted(installed.services.sessions, lease_s=0) == [application_id]
    assert _status(installed, application_id) is ApplicationStatus.NEEDS_REVIEW
    assert len(clean_sandbox.submissions()) == 1, "exactly one submission reached the platform"
    client = cluster.redis()
    try:
        assert client.zcard(f"{cluster.prefix()}unacked_index") == 0
    finally:
        client.close()


def test_approved_on_a_worker_it_is_submitted_once_with_its_evidence(
    cluster: Cluster, clean_sandbox: RunningSandbox
) -> None:
    worker = cluster.worker("--queues", "applications", "--concurrency", "2")
    installed = install(clean_sandbox)
    application_id = _application(installed)
    worker.wait_ready()
    assert enqueue(APPLY, application_id=str(application_id)).wait(timeout=240)["waiting_for"]

    # Two deliveries of one approval, at once: one submits, the other finds nothing to do.
    handles = [
        enqueue(APPLY, application_id=str(application_id), decision=APPROVE) for _ in range(2)
    ]
    results = [handle.wait(timeout=240) for handle in handles]
    assert {r["status"] for r in results} == {ApplicationStatus.SUBMITTED}
    assert len(clean_sandbox.submissions()) == 1
    assert any(r["result"].get("confirmation") for r in results)
