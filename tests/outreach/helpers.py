"""The outreach tests' SMTP recorder, a candidate under a unique address, and stored jobs."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from pydantic import SecretStr
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from adapters.job import Job
from core.config import Settings
from jobs.store import store_jobs
from resumes.candidate import Candidate, load_candidate, sample_candidate_path
from resumes.store import store_candidate

SMTP_USER = "priya"
SMTP_PASSWORD = "s3cret-smtp-pass"

BACKEND_JOB = """Senior Backend Engineer
Acme Data
We are hiring a backend engineer to build streaming pipelines with Kafka and Python.
Requirements:
- Python and Postgres in production
- Kafka or another event streaming system
Recruiter: Jane Doe (jane.doe@acme-data.example)
If you need an accommodation, write to accommodations@acme-data.example."""

PLATFORM_JOB = """Platform Engineer
Zeta Cloud
Requirements:
- AWS, Terraform and Kubernetes
- Keep cloud costs down and CI/CD on GitHub Actions healthy
The hiring manager is Sam Lee. Questions? Contact sam.lee@zeta.example"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Recorder:
    """The server's handler: keeps each message it accepts, optionally after a delay."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    delay_s: float = 0.0

    async def handle_DATA(  # noqa: N802  (the name aiosmtpd calls)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        return "250 Message accepted for delivery"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def body_of(message: EmailMessage) -> str:
    """The text as written: the wire's CRLF line ends turned back into newlines."""
    return str(message.get_content()).replace("\r\n", "\n").strip()


@dataclass
class SmtpServer:
    recorder: Recorder
    port: int

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "smtp_host": "127.0.0.1",
            "smtp_port": self.port,
            "smtp_starttls": False,
            "smtp_username": SMTP_USER,
            "smtp_password": SecretStr(SMTP_PASSWORD),
            "smtp_timeout_s": 5.0,
        }
        return Settings(**(values | overrides))


def candidate(email_address: str | None = None) -> Candidate:
    """The sample candidate under a unique address, so tests sharing a database never meet."""
    found = load_candidate(sample_candidate_path())
    found.basics.email = email_address or f"priya.{uuid.uuid4().hex[:8]}@example.org"
    return found


def store_user(sessions: sessionmaker[DbSession], who: Candidate | None = None) -> uuid.UUID:
    with sessions.begin() as session:
        return store_candidate(session, who or candidate(), source_filename=None).user.id


def store_job(
    sessions: sessionmaker[DbSession], text: str, *, html: str | None = None
) -> uuid.UUID:
    title, company, *rest = text.splitlines()
    job = Job(
        platform="greenhouse",
        external_id=uuid.uuid4().hex,
        title=title,
        company=company,
        description_text="\n".join(rest),
        description_html=html,
        url=f"https://boards.example/{uuid.uuid4().hex[:6]}",
    )
    with sessions.begin() as session:
        (stored,) = store_jobs(session, [job])
        return stored.job_id
