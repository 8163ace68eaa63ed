"""Reading a posted form (multipart or urlencoded) into fields and files, with the stdlib only.

Starlette's ``request.form()`` needs python-multipart, which the project does not depend on;
the sandbox only has to read what a browser or httpx sends, and the ``email`` package parses
multipart/form-data bodies (the MIME format they share) byte for byte. A file input left empty
arrives as a part with ``filename=""`` and no bytes; it is not a file, as on the real sites.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass, field
from email.message import EmailMessage, MIMEPart
from urllib.parse import parse_qsl

from fastapi import Request

from sandbox.applications.log import SubmittedFile


@dataclass
class PostedForm:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[SubmittedFile] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The first value of ``name``, stripped; "" when absent."""
        values = self.fields.get(name)
        return values[0].strip() if values else ""

    def values(self, name: str) -> list[str]:
        """Every non-blank value of ``name``."""
        return [v for v in self.fields.get(name, []) if v.strip()]

    def file(self, name: str) -> SubmittedFile | None:
        return next((f for f in self.files if f.field == name), None)


def _file_part(name: str, filename: str, part: MIMEPart, data: bytes) -> SubmittedFile:
    return SubmittedFile(
        field=name,
        filename=filename,
        content_type=part.get_content_type(),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def parse_multipart(content_type: str, body: bytes) -> PostedForm:
    """The fields and files of a multipart/form-data ``body``."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.message_from_bytes(head + body, policy=email.policy.HTTP)
    form = PostedForm()
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return form
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_param("filename", header="content-disposition")
        if isinstance(filename, str):
            if filename or data:
                form.files.append(_file_part(name, filename, part, data))
            continue
        form.fields.setdefault(name, []).append(data.decode("utf-8", errors="replace"))
    return form


async def read_form(request: Request) -> PostedForm:
    """The posted form, whichever encoding the client chose (anything else reads as empty)."""
    content_type = request.headers.get("content-type", "")
    body = await request.body()
    if content_type.startswith("multipart/form-data"):
        return parse_multipart(content_type, body)
    form = PostedForm()
    if content_type.startswith("application/x-www-form-urlencoded"):
        for name, value in parse_qsl(body.decode("utf-8", errors="replace"), True):
            form.fields.setdefault(name, []).append(value)
    return form
