"""Sending: exactly one email per outreach, through a real SMTP server, whatever happens."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from core.errors import AjobError, ConfigError, InputError
from db.enums import EventType, OutreachStatus
from db.models import Event, Outreach
from outreach.service import (
    DraftedOutreach,
    OutreachInFlight,
    SentOutreach,
    draft_outreach,
    get_outreach,
    send,
    settle,
)
from outreach.smtp import MaybeSent, NotSent
from tests.outreach.helpers import (
    BACKEND_JOB,
    SmtpServer,
    body_of,
    candidate,
    free_port,
    store_job,
    store_user,
)


def _drafted(
    db: sessionmaker[Session], email: str | None = None, *, recipient_name: str | None = None
) -> tuple[uuid.UUID, DraftedOutreach]:
    user_id = store_user(db, candidate(email))
    job_id = store_job(db, BACKEND_JOB)
    drafted = draft_outreach(db, user_id, job_id, recipient_name=recipient_name)
    return user_id, asyncio.run(drafted)


def _row(db: sessionmaker[Session], outreach_id: uuid.UUID) -> Outreach:
    with db() as session:
        row = session.get(Outreach, outreach_id)
        assert row is not None
        return row


def _sent_events(db: sessionmaker[Session], outreach_id: uuid.UUID) -> list[Event]:
    with db() as session:
        return list(
            session.scalars(
                select(Event).where(
                    Event.type == EventType.OUTREACH_SENT.value, Event.entity_id == outreach_id
                )
            )
        )


def test_send_delivers_one_email_with_the_right_headers_and_never_a_second(
    db: sessionmaker[Session], smtp_server: SmtpServer
) -> None:
    address = f"priya.{uuid.uuid4().hex[:8]}@example.org"
    user_id, drafted = _drafted(db, address)
    settings = smtp_server.settings()

    sent = send(db, settings, user_id, drafted.id)

    assert sent.sent_now
    assert sent.status is OutreachStatus.SENT
    assert sent.sent_at is not None
    assert sent.message_id == f"<outreach-{drafted.id.hex}@example.org>"
    (message,) = smtp_server.messages
    assert message["To"] == "Jane Doe <jane.doe@acme-data.example>"
    assert message["From"] == f"Priya Raman <{address}>"
    assert message["Reply-To"] is None
    assert message["Subject"] == drafted.subject
    assert message["Message-ID"] == sent.message_id
    assert body_of(message) == drafted.body.strip()
    assert smtp_server.recorder.envelopes == [(address, ["jane.doe@acme-data.example"])]
    row = _row(db, drafted.id)
    assert (row.status, row.message_id, row.sent_at) == (
        OutreachStatus.SENT,
        sent.message_id,
        sent.sent_at,
    )
    (event,) = _sent_events(db, drafted.id)
    assert event.user_id == user_id
    assert event.payload["message_id"] == sent.message_id

    again = send(db, settings, user_id, drafted.id, body="Sending this again?")
    assert not again.sent_now
    assert again.status is OutreachStatus.SENT
    assert len(smtp_server.messages) == 1
    assert len(_sent_events(db, drafted.id)) == 1
    assert _row(db, drafted.id).body == drafted.body


def test_concurrent_sends_deliver_one_email(
    db: sessionmaker[Session], smtp_server: SmtpServer
) -> None:
    user_id, drafted = _drafted(db)
    settings = smtp_server.settings()
    start = threading.Barrier(4)
    outcomes: list[SentOutreach | BaseException] = []

    def sender() -> None:
        start.wait()
        try:
            outcomes.append(send(db, settings, user_id, drafted.id))
        except BaseException as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(smtp_server.messages) == 1
    assert len(outcomes) == 4
    winners = [o for o in outcomes if isinstance(o, SentOutreach) and o.sent_now]
    assert len(winners) == 1
    for other in outcomes:
        if other is not winners[0]:
            assert isinstance(other, OutreachInFlight | SentOutreach), other
    assert _row(db, drafted.id).status is OutreachStatus.SENT
    assert len(_sent_events(db, drafted.id)) == 1


def test_with_the_server_down_the_error_is_one_line_and_a_later_send_works(
    db: sessionmaker[Session], smtp_server: SmtpServer
) -> None:
    user_id, drafted = _drafted(db)
    port = free_port()
    with pytest.raises(NotSent) as caught:
        send(db, smtp_server.settings(smtp_port=port), user_id, drafted.id)
    assert caught.value.message == (
        f"the SMTP server 127.0.0.1:{port} refused the connection: "
        "check AJOB_SMTP_HOST and AJOB_SMTP_PORT"
    )
    row = _row(db, drafted.id)
    assert (row.status, row.message_id, row.sent_at) == (OutreachStatus.FAILED, None, None)
    assert _sent_events(db, drafted.id) == []

    assert send(db, smtp_server.settings(), user_id, drafted.id).sent_now
    assert len(smtp_server.messages) == 1


def test_without_smtp_settings_nothing_changes_and_the_error_names_the_variable(
    db: sessionmaker[Session],
) -> None:
    user_id, drafted = _drafted(db)
    with pytest.raises(ConfigError, match="no SMTP server configured: set AJOB_SMTP_HOST"):
        send(db, Settings(), user_id, drafted.id)
    assert _row(db, drafted.id).status is OutreachStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        (
            {"smtp_password": SecretStr("wrong-password-123")},
            "refused the login for 'priya' (535 5.7.8 Authentication credentials invalid): "
            "check AJOB_SMTP_USERNAME and AJOB_SMTP_PASSWORD",
        ),
        ({"smtp_starttls": True}, "does not offer STARTTLS"),
    ],
)
def test_a_refused_login_or_tls_is_one_line_and_nothing_is_sent(
    db: sessionmaker[Session], smtp_server: SmtpServer, overrides: dict[str, object], says: str
) -> None:
    user_id, drafted = _drafted(db)
    with pytest.raises(NotSent) as caught:
        send(db, smtp_server.settings(**overrides), user_id, drafted.id)
    assert says in caught.value.message
    assert "\n" not in caught.value.message
    assert "wrong-password" not in caught.value.message
    assert smtp_server.messages == []
    assert _row(db, drafted.id).status is OutreachStatus.FAILED


@pytest.mark.parametrize("delivered", [True, False])
def test_a_connection_lost_during_hand_over_is_never_resent_until_a_person_settles_it(
    db: sessionmaker[Session], smtp_server: SmtpServer, delivered: bool
) -> None:
    user_id, drafted = _drafted(db)
    smtp_server.recorder.delay_s = 1.5
    with pytest.raises(MaybeSent, match="may have arrived"):
        send(db, smtp_server.settings(smtp_timeout_s=0.3), user_id, drafted.id)
    smtp_server.recorder.delay_s = 0
    claimed = _row(db, drafted.id)
    assert claimed.status is OutreachStatus.APPROVED
    assert claimed.message_id is not None

    with pytest.raises(OutreachInFlight, match="never sent twice"):
        send(db, smtp_server.settings(), user_id, drafted.id)
    assert len(smtp_server.messages) == 1  # the server did take it: exactly the ambiguity

    settled = settle(db, user_id, drafted.id, delivered=delivered)
    if delivered:
        assert settled.status is OutreachStatus.SENT
        assert len(_sent_events(db, drafted.id)) == 1
        assert not send(db, smtp_server.settings(), user_id, drafted.id).sent_now
        assert len(smtp_server.messages) == 1
    else:
        assert settled.status is OutreachStatus.FAILED
        assert settled.message_id is None
        assert send(db, smtp_server.settings(), user_id, drafted.id).sent_now
        first, second = smtp_server.messages
        assert first["Message-ID"] == second["Message-ID"]  # a resend is recognisable
    with pytest.raises(InputError, match="nothing to settle"):
        settle(db, user_id, drafted.id, delivered=True)


def test_a_persons_edits_are_what_is_sent_and_kept(
    db: sessionmaker[Session], smtp_server: SmtpServer
) -> None:
    user_id, drafted = _drafted(db)
    body = "Hi Jane,\n\nA shorter note, written by me.\n\nPriya"
    sent = send(
        db, smtp_server.settings(), user_id, drafted.id, subject=" Quick  question ", body=body
    )
    (message,) = smtp_server.messages
    assert message["Subject"] == "Quick question" == sent.subject
    assert body_of(message) == body
    assert _row(db, drafted.id).body.strip() == body


def test_other_users_outreach_is_out_of_reach_and_a_draft_needs_an_address(
    db: sessionmaker[Session], smtp_server: SmtpServer
) -> None:
    _, drafted = _drafted(db)
    stranger = store_user(db)
    with pytest.raises(InputError, match="no outreach"):
        send(db, smtp_server.settings(), stranger, drafted.id)
    with pytest.raises(InputError, match="no outreach"):
        get_outreach(db, stranger, drafted.id)
    with pytest.raises(InputError, match="no outreach"):
        settle(db, stranger, drafted.id, delivered=True)

    other, nameless = _drafted(db, recipient_name="Ravi Shah")
    with pytest.raises(AjobError, match="no recipient address"):
        send(db, smtp_server.settings(), other, nameless.id)
    assert smtp_server.messages == []
    assert _row(db, drafted.id).status is OutreachStatus.DRAFT
