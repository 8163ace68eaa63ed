"""``/api/resumes``: master resumes (versioned) and tailored copies, the user's own only.

A master resume arrives either as a JSON document (``POST /api/resumes``: JSON Resume, or the
whole candidate file) or as a file (``POST /api/resumes/upload``: the raw bytes of a PDF,
DOCX, JSON, YAML, Markdown or text file, named by ``?filename=``). Raw bodies keep uploads
streaming-friendly and need no multipart parser. Storing unchanged content adds no version.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import ApiError, not_found
from api.schemas.common import ERRORS, ErrorBody
from api.schemas.resumes import Relabel, ResumeDetail, ResumeSummary, Stored
from api.state import ApiState
from core.errors import AjobError, InputError
from db.enums import EventType, ResumeKind
from db.models import Resume
from db.repositories import events, resumes
from resumes.candidate import Candidate, parse_candidate
from resumes.importing import import_resume
from resumes.store import content_hash

router = APIRouter(prefix="/api/resumes", tags=["resumes"], responses=ERRORS)

UPLOAD_PATH = "/api/resumes/upload"
SUFFIX_BY_TYPE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/json": ".json",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "text/markdown": ".md",
    "text/plain": ".txt",
}
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The file's bytes, as they are on disk.",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}} for media in SUFFIX_BY_TYPE
        },
    }
}


def _summary(row: Resume) -> ResumeSummary:
    return ResumeSummary(
        id=row.id,
        kind=row.kind,
        version=row.version,
        label=row.label,
        source_format=row.source_format,
        source_filename=row.source_filename,
        job_id=row.job_id,
        created_at=row.created_at,
    )


def store_master(
    session: Session,
    user_id: uuid.UUID,
    candidate: Candidate,
    *,
    source_format: str,
    filename: str | None,
) -> tuple[Resume, bool]:
    """The next master version for this user (whatever email the resume itself shows)."""
    content = candidate.model_dump(mode="json", exclude_none=True)
    resume, added = resumes.add_master_version(
        session,
        user_id,
        content,
        content_hash(content),
        label=candidate.basics.label,
        source_format=source_format,
        source_filename=filename,
    )
    if added:
        events.append(
            session,
            EventType.RESUME_STORED,
            user_id=user_id,
            entity_type="resume",
            entity_id=resume.id,
            payload={"version": resume.version, "kind": resume.kind.value},
        )
    return resume, added


@router.get("")
def list_resumes(
    user: CurrentUser,
    session: SessionDep,
    kind: Annotated[ResumeKind | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ResumeSummary]:
    query = select(Resume).where(Resume.user_id == user.user_id)
    if kind is not None:
        query = query.where(Resume.kind == kind)
    rows = session.scalars(
        query.order_by(Resume.created_at.desc(), Resume.version.desc()).limit(limit)
    )
    return [_summary(row) for row in rows]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_resume(
    document: Annotated[
        dict[str, Any],
        Body(description="A JSON Resume document, or a whole candidate file."),
    ],
    user: CurrentUser,
    session: SessionDep,
) -> Stored:
    """Store a JSON document as your next master resume."""
    candidate = parse_candidate(document, source="the request body")
    resume, added = store_master(
        session, user.user_id, candidate, source_format="json-resume", filename=None
    )
    session.commit()
    return Stored(resume=_summary(resume), added=added, warnings=[])


def _import_bytes(data: bytes, filename: str) -> tuple[Candidate, str, list[str]]:
    """Read an uploaded file the way ``ajob resume import`` reads one from disk."""
    with tempfile.TemporaryDirectory(prefix="ajob-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:
            imported = import_resume(path)
            candidate = parse_candidate(imported.document, source=filename)
        except AjobError as exc:
            raise InputError(exc.message.replace(str(path), filename)) from None
        except Exception as exc:
            raise InputError(
                f"{filename}: could not be read ({type(exc).__name__}); check that the file "
                "is not damaged, or export it again"
            ) from None
    return candidate, imported.source_format, imported.warnings


def _safe_name(filename: str | None, content_type: str | None) -> str:
    suffix = SUFFIX_BY_TYPE.get((content_type or "").split(";")[0].strip().lower(), "")
    name = Path(filename or "").name.strip()
    if not name:
        if not suffix:
            raise ApiError(
                415,
                "say what the file is: ?filename=resume.pdf, or a Content-Type such as "
                "application/pdf",
            )
        name = f"resume{suffix}"
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:100]


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=UPLOAD_BODY,
    responses={413: {"model": ErrorBody}, 415: {"model": ErrorBody}},
)
async def upload_resume(
    request: Request,
    user: CurrentUser,
    state: StateDep,
    filename: Annotated[
        str | None,
        Query(max_length=200, description="The file's name; its extension says its format."),
    ] = None,
) -> Stored:
    """Import a resume file (PDF, DOCX, JSON, YAML, Markdown, text) as your next master."""
    name = _safe_name(filename, request.headers.get("content-type"))
    data = await request.body()
    if not data:
        raise ApiError(422, "the upload is empty; send the file's bytes as the request body")
    candidate, source_format, warnings = await anyio.to_thread.run_sync(_import_bytes, data, name)
    return await anyio.to_thread.run_sync(
        _store_upload, state, user.user_id, candidate, source_format, name, warnings
    )


def _store_upload(
    state: ApiState,
    user_id: uuid.UUID,
    candidate: Candidate,
    source_format: str,
    name: str,
    warnings: list[str],
) -> Stored:
    with state.services.sessions.begin() as session:
        resume, added = store_master(
            session, user_id, candidate, source_format=source_format, filename=name
        )
        return Stored(resume=_summary(resume), added=added, warnings=warnings)


def _owned(session: Session, user_id: uuid.UUID, resume_id: uuid.UUID) -> Resume:
    row = session.scalar(select(Resume).where(Resume.id == resume_id, Resume.user_id == user_id))
    if row is None:
        raise not_found(f"resume {resume_id}")
    return row


@router.get("/{resume_id}", responses={404: {"model": ErrorBody}})
def get_resume(resume_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ResumeDetail:
    row = _owned(session, user.user_id, resume_id)
    return ResumeDetail(**_summary(row).model_dump(), content=row.content)


@router.patch("/{resume_id}", responses={404: {"model": ErrorBody}})
def relabel_resume(
    resume_id: uuid.UUID, body: Relabel, user: CurrentUser, session: SessionDep
) -> ResumeSummary:
    """Rename a version. Content never changes in place: store a new version instead."""
    row = _owned(session, user.user_id, resume_id)
    row.label = body.label
    session.commit()
    return _summary(row)


@router.delete(
    "/{resume_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": ErrorBody}}
)
def delete_resume(resume_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Delete one version; the previous master version becomes the current one."""
    row = _owned(session, user.user_id, resume_id)
    session.delete(row)
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
