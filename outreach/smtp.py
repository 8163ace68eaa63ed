"""Sending one email over SMTP, with failures split by what they mean for sending it again.

Every failure before the message is handed over (no server, a refused connection, a
failed login or TLS handshake, a refused sender, recipient or message) is ``NotSent``:
the server holds nothing, so the same message may be sent again. A connection that
breaks while the message is being handed over is ``MaybeSent``: the server may have
accepted it, so only a person, looking at the mailbox, may send it again. The password
is read from its ``SecretStr`` only to log in; it never reaches a message or a log.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from core.config import Settings
from core.errors import AjobError, ConfigError
from db.base import utcnow


class NotSent(AjobError):
    """The server did not take the message: sending it again cannot duplicate it."""


class MaybeSent(AjobError):
    """The connection broke while the message was handed over: it may have arrived."""


def require_configured(settings: Settings) -> str:
    """The SMTP host, or a one-line error saying which settings to set."""
    if not settings.smtp_host:
        raise ConfigError(
            "no SMTP server configured: set AJOB_SMTP_HOST (and AJOB_SMTP_PORT, "
            "AJOB_SMTP_USERNAME, AJOB_SMTP_PASSWORD) to send outreach email"
        )
    return settings.smtp_host


def address(name: str | None, email: str) -> str:
    """ "Jane Doe <jane@acme.com>", or the bare address when there is no name."""
    return formataddr((name or "", email))


def message_id_for(outreach_id: uuid.UUID, from_header: str) -> str:
    """A Message-ID fixed by the outreach row, so every attempt at one message carries the same.

    A resend is then recognisable (and mail systems that de-duplicate drop it).
    """
    domain = parseaddr(from_header)[1].rpartition("@")[2] or "ajob.invalid"
    return f"<outreach-{outreach_id.hex}@{domain}>"


def build_message(
    *,
    from_header: str,
    reply_to: str | None,
    to_name: str | None,
    to_email: str,
    subject: str,
    body: str,
    message_id: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = from_header
    message["To"] = address(to_name, to_email)
    if reply_to and parseaddr(reply_to)[1].lower() != parseaddr(from_header)[1].lower():
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _one_line(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).split()) or "no reason given"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_one_line(exc.smtp_error)}"


def _open(settings: Settings, host: str) -> smtplib.SMTP:
    """A connected client, over TLS as the settings ask, logged in when a username is set."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.smtp_ssl:
        client = smtplib.SMTP_SSL(
            host, settings.smtp_port, timeout=settings.smtp_timeout_s, context=context
        )
    else:
        client = smtplib.SMTP(host, settings.smtp_port, timeout=settings.smtp_timeout_s)
    try:
        if settings.smtp_starttls and not settings.smtp_ssl:
            client.starttls(context=context)
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            client.login(settings.smtp_username, password)
    except BaseException:
        client.close()
        raise
    return client


def _connect_error(settings: Settings, host: str, exc: BaseException) -> NotSent:
    where = f"{host}:{settings.smtp_port}"
    if isinstance(exc, ConnectionRefusedError):
        reason = "refused the connection: check AJOB_SMTP_HOST and AJOB_SMTP_PORT"
    elif isinstance(exc, socket.gaierror):
        return NotSent(f"cannot resolve the SMTP host {host!r}: check AJOB_SMTP_HOST")
    elif isinstance(exc, TimeoutError):
        reason = (
            f"did not answer within {settings.smtp_timeout_s:g} s: check AJOB_SMTP_HOST and "
            "AJOB_SMTP_PORT, or raise AJOB_SMTP_TIMEOUT_S"
        )
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        reason = (
            f"refused the login for {settings.smtp_username!r} ({_reply(exc)}): check "
            "AJOB_SMTP_USERNAME and AJOB_SMTP_PASSWORD"
        )
    elif isinstance(exc, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(exc):
        reason = (
            "does not offer STARTTLS: use AJOB_SMTP_SSL=true for an implicit-TLS port (465), "
            "or AJOB_SMTP_STARTTLS=false for a local relay"
        )
    elif isinstance(exc, smtplib.SMTPNotSupportedError):
        reason = "does not accept a login here: unset AJOB_SMTP_USERNAME or use its TLS port"
    elif isinstance(exc, ssl.SSLError):
        reason = (
            f"failed the TLS handshake ({_one_line(exc.reason or exc)}): check AJOB_SMTP_SSL, "
            "AJOB_SMTP_STARTTLS and AJOB_SMTP_PORT"
        )
    elif isinstance(exc, smtplib.SMTPResponseException):
        reason = f"answered {_reply(exc)}"
    else:
        reason = f"could not be used: {_one_line(exc)}"
    return NotSent(f"the SMTP server {where} {reason}")


def deliver(settings: Settings, message: EmailMessage) -> None:
    """Hand ``message`` to the configured server once; raises ``NotSent`` or ``MaybeSent``."""
    host = require_configured(settings)
    where = f"{host}:{settings.smtp_port}"
    try:
        client = _open(settings, host)
    except (OSError, smtplib.SMTPException) as exc:
        raise _connect_error(settings, host, exc) from None
    try:
        client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = "; ".join(
            f"{to} ({code} {_one_line(why)})" for to, (code, why) in exc.recipients.items()
        )
        raise NotSent(f"the SMTP server {where} refused the recipient {refused}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise NotSent(
            f"the SMTP server {where} refused the sender {_one_line(exc.sender)} ({_reply(exc)}): "
            "check AJOB_SMTP_FROM"
        ) from None
    except smtplib.SMTPDataError as exc:
        raise NotSent(f"the SMTP server {where} refused the message: {_reply(exc)}") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MaybeSent(
            f"the connection to the SMTP server {where} broke while sending "
            f"({_one_line(exc)}); the message may have arrived, so it is not sent again "
            "automatically: check the recipient's copy or your Sent folder"
        ) from None
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
