"""The outreach queue's task: send one approved outreach email, exactly once.

Exactly once is ``outreach.service.send``'s claim (a conditional UPDATE stamping the
Message-ID, committed before the server is contacted), so a redelivered or duplicated task
either finds the message sent (and sends nothing) or finds it in flight and stops. Only a
certain refusal (``smtp.NotSent``: the server took nothing, and the claim was cleared) is
retried with backoff. A connection that broke while the message was handed over
(``MaybeSent``) or a claim left by a dead worker (``OutreachInFlight``) fails at once into a
dead letter: only a person, looking at the mailbox, may settle it.

The task carries ids and the person's edits only; SMTP credentials stay in the settings.
"""

from __future__ import annotations

import uuid
from typing import Any

from core.errors import InputError
from outreach import smtp
from outreach.service import send
from tools.runtime import get_services
from workers.registry import RetryLater


def send_outreach(
    user_id: str,
    outreach_id: str,
    subject: str | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """Send the outreach ``outreach_id`` of ``user_id``; ``subject``/``body`` are edits."""
    services = get_services()
    try:
        owner, outreach = uuid.UUID(str(user_id)), uuid.UUID(str(outreach_id))
    except ValueError:
        raise InputError("user_id and outreach_id must be UUIDs") from None
    try:
        sent = send(
            services.sessions, services.settings, owner, outreach, subject=subject, body=body
        )
    except smtp.NotSent as exc:
        raise RetryLater(exc.message) from exc
    return {
        "outreach_id": str(sent.id),
        "status": sent.status.value,
        "sent_now": sent.sent_now,
        "message_id": sent.message_id,
    }
