"""Storing search results: dedup against the batch and the database, then upsert in bulk.

One call handles one page of results: it costs a handful of indexed look-ups (the
postings already stored, then only for the others their canonical URLs and fingerprints)
and one write of the page (jobs.upsert: a COPY of the new postings, an ``INSERT … ON
CONFLICT (platform, external_id) DO UPDATE`` of the others), whatever the page size, so
storing stays fast and concurrent workers cannot create two rows for one posting. A
cross-platform duplicate adds its (platform, id, url) to the existing job's ``sources``
instead of becoming a row; on PostgreSQL the statement merges it into the row as it is when
written, so workers merging into one row at once keep every source.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Table, delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters.job import Job
from adapters.registry import EMPLOYER_PLATFORMS
from db import signals
from db.base import utcnow
from db.enums import EventType, WorkplaceType
from db.models import Application, Event, Outreach, Resume
from db.models import Job as JobRow
from jobs.canonical import canonical_url
from jobs.dedup import ContentKey, company_key, places_of
from jobs.search_text import search_text
from jobs.upsert import (
    PostingId,
    content_hash,
    lock_rows,
    merge_sources_into,
    one_of,
    posting_ids_in,
    upsert_rows,
)

BATCH_ROWS = 500
"""Rows per statement: within SQLite's 32,766 bound parameters at ~27 columns a row."""

Outcome = Literal["new", "updated", "duplicate"]


@dataclass(frozen=True)
class StoredJob:
    job: Job
    job_id: uuid.UUID
    outcome: Outcome


@dataclass
class _Candidate:
    """One distinct job of the batch, with the postings of the batch that are the same job."""

    job: Job
    key: ContentKey
    canonical: str | None
    apply_canonical: str | None
    members: list[Job] = field(default_factory=list)

    @property
    def pid(self) -> PostingId:
        return (self.job.platform, self.job.external_id)

    def sources(self) -> list[dict[str, str | None]]:
        return [source_of(j) for j in (self.job, *self.members)]


@dataclass(frozen=True)
class _Stored:
    id: uuid.UUID
    sources: list[dict[str, Any]]
    content_hash: str | None


@dataclass(frozen=True)
class _Existing:
    id: uuid.UUID
    platform: str
    canonical: str | None
    canonical_apply: str | None
    key: ContentKey
    sources: list[dict[str, Any]]


def source_of(job: Job) -> dict[str, str | None]:
    return {"platform": job.platform, "external_id": job.external_id, "url": job.url}


def merge_sources(*lists: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[tuple[Any, Any], dict[str, Any]] = {}
    for sources in lists:
        for source in sources:
            merged.setdefault((source.get("platform"), source.get("external_id")), dict(source))
    return list(merged.values())


def store_jobs(
    session: Session, jobs: Sequence[Job], *, user_id: uuid.UUID | None = None
) -> list[StoredJob]:
    """Store one page of results; returns each input job's row id and what happened to it."""
    results: list[StoredJob] = []
    for start in range(0, len(jobs), BATCH_ROWS):
        results.extend(_store_batch(session, jobs[start : start + BATCH_ROWS], user_id))
    return results


def _store_batch(
    session: Session, jobs: Sequence[Job], user_id: uuid.UUID | None
) -> list[StoredJob]:
    candidates, member_of = _group_batch(jobs)
    by_pid = _load_stored(session, candidates)
    existing = _load_existing(session, [c for c in candidates if c.pid not in by_pid])
    by_canonical = {url: e for e in existing for url in (e.canonical_apply, e.canonical) if url}
    by_fingerprint: dict[str, list[_Existing]] = {}
    for e in existing:
        by_fingerprint.setdefault(e.key.fingerprint, []).append(e)

    now = utcnow()
    upserts: list[dict[str, Any]] = []
    merges: dict[uuid.UUID, list[dict[str, Any]]] = {}
    outcome_of: dict[int, tuple[uuid.UUID, Outcome]] = {}
    fresh: set[PostingId] = set()
    rows = {e.id: e for e in existing}
    pinned = {stored.id for stored in by_pid.values()}
    into: dict[uuid.UUID, uuid.UUID] = {}
    takeovers: dict[uuid.UUID, _Candidate] = {}
    for index, cand in enumerate(candidates):
        same = by_pid.get(cand.pid)
        if same is not None:
            sources = merge_sources(same.sources, cand.sources())
            row = _row(cand, now, same.id, sources)
            if row["content_hash"] != same.content_hash or sources != same.sources:
                upserts.append(_with_search_text(row))
            outcome_of[index] = (same.id, "updated")
            continue
        found = _matches_existing(cand, by_canonical, by_fingerprint)
        matched = list(dict.fromkeys(into.get(e.id, e.id) for e in found))
        if matched:
            keep = matched[0]
            sources = merges.get(keep, rows[keep].sources)
            for other in matched[1:]:
                if other in pinned:
                    continue
                sources = merge_sources(sources, merges.pop(other, rows[other].sources))
                into.update({k: keep for k, v in into.items() if v == other} | {other: keep})
                handed = takeovers.pop(other, None)
                if handed is not None and keep not in pinned and _takes_over(handed, rows[keep]):
                    takeovers.setdefault(keep, handed)
            merges[keep] = merge_sources(sources, cand.sources())
            outcome_of[index] = (keep, "duplicate")
            if _takes_over(cand, rows[keep]) and keep not in pinned:
                takeovers.setdefault(keep, cand)
            continue
        new_id = uuid.uuid4()
        upserts.append(_with_search_text(_row(cand, now, new_id, cand.sources())))
        outcome_of[index] = (new_id, "new")
        fresh.add(cand.pid)

    ids = upsert_rows(session, upserts, fresh)
    for index, (row_id, outcome) in outcome_of.items():
        actual = ids.get(candidates[index].pid, into.get(row_id, row_id))
        if outcome == "new" and actual != row_id:
            outcome_of[index] = (actual, "updated")
        else:
            outcome_of[index] = (actual, outcome)
    if takeovers:
        lock_rows(session, merges)  # every row taken over is among them
    _take_over(session, takeovers, merges, now)
    merge_sources_into(session, merges, now)
    folded = _fold(session, into, user_id, now)
    new_rows: list[dict[str, Any]] = []
    results: list[StoredJob] = []
    for position, job in enumerate(jobs):
        index, is_member = member_of[position]
        row_id, outcome = outcome_of[index]
        if outcome == "new" and not is_member:
            new_rows.append(_discovered_event(job, row_id, user_id, now))
        results.append(StoredJob(job, row_id, "duplicate" if is_member else outcome))
    if new_rows or folded:
        session.execute(cast(Table, Event.__table__).insert(), [*new_rows, *folded])
        signals.note(session, (row["user_id"] for row in [*new_rows, *folded]))
    return results


def _takes_over(cand: _Candidate, row: _Existing) -> bool:
    """The employer's own posting replaces the content of a row an aggregator's copy started."""
    return cand.job.platform in EMPLOYER_PLATFORMS and row.platform not in EMPLOYER_PLATFORMS


def _take_over(
    session: Session,
    takeovers: dict[uuid.UUID, _Candidate],
    merges: dict[uuid.UUID, list[dict[str, Any]]],
    now: datetime,
) -> None:
    """Rewrite each row with its ATS posting's content (title, text, apply link, content key).

    The row keeps its id, so nothing that points at it changes; it is then stored as the
    posting (its platform and id), the copy a person applies at, and later copies are matched
    against the employer's text rather than a trimmed one. A posting another worker stored
    meanwhile under its own id leaves the row as it was.

    Sources are not written here: ``merge_sources_into`` adds them next, and on PostgreSQL
    merges them into the row as it is then. Written from the value the look-up read, they
    dropped the source another worker merged into the row meanwhile.
    """
    for job_id, cand in takeovers.items():
        values = _with_search_text(_row(cand, now, job_id, merges[job_id]))
        del values["created_at"], values["sources"]
        try:
            with session.begin_nested():
                session.execute(update(JobRow), [values])
        except IntegrityError:
            continue


def _fold(
    session: Session, into: dict[uuid.UUID, uuid.UUID], user_id: uuid.UUID | None, now: datetime
) -> list[dict[str, Any]]:
    """Delete the rows folded into another (which now holds their sources); their events.

    Copies stored apart are folded when a posting turns out to be the same job as several
    stored rows (an aggregator's copy matched by its apply link, another by its content): the
    order sources answer in must not decide whether a job is shown once. A row something refers
    to (an application, an outreach message, a tailored resume) is never deleted: it stays, a
    duplicate, rather than lose what points at it.
    """
    if not into:
        return []
    referenced = or_(
        *(exists().where(model.job_id == JobRow.id) for model in (Application, Outreach, Resume))
    )
    gone = session.scalars(
        delete(JobRow).where(JobRow.id.in_(list(into)), ~referenced).returning(JobRow.id)
    ).all()
    return [
        _job_event(
            EventType.STATUS_UPDATED,
            row_id,
            user_id,
            {"kind": "job.merged", "into": str(into[row_id])},
            now,
        )
        for row_id in gone
    ]


def _group_batch(jobs: Sequence[Job]) -> tuple[list[_Candidate], list[tuple[int, bool]]]:
    """Collapse the batch's own duplicates; member_of[i] = (candidate index, is a duplicate)."""
    candidates: list[_Candidate] = []
    member_of: list[tuple[int, bool]] = []
    by_pid: dict[tuple[str, str], int] = {}
    by_canonical: dict[str, int] = {}
    by_fingerprint: dict[str, list[int]] = {}
    for job in jobs:
        pid = (job.platform, job.external_id)
        if pid in by_pid:
            index = by_pid[pid]
            candidates[index].job = job
            member_of.append((index, False))
            continue
        canonical = canonical_url(job.url)
        apply_canonical = canonical if job.apply_url == job.url else canonical_url(job.apply_url)
        key = ContentKey.of(job)
        index = next(
            (by_canonical[c] for c in (canonical, apply_canonical) if c and c in by_canonical),
            -1,
        )
        if index < 0:
            index = next(
                (
                    i
                    for i in by_fingerprint.get(key.fingerprint, [])
                    if candidates[i].key.same_job(key)
                ),
                -1,
            )
        if index >= 0:
            candidates[index].members.append(job)
            member_of.append((index, True))
            continue
        candidates.append(_Candidate(job, key, canonical, apply_canonical))
        index = len(candidates) - 1
        by_pid[pid] = index
        for c in (canonical, apply_canonical):
            if c:
                by_canonical.setdefault(c, index)
        by_fingerprint.setdefault(key.fingerprint, []).append(index)
        member_of.append((index, False))
    return candidates, member_of


def _load_stored(session: Session, candidates: list[_Candidate]) -> dict[PostingId, _Stored]:
    """The candidates already stored under their own (platform, external_id)."""
    if not candidates:
        return {}
    dialect = session.get_bind().dialect.name
    rows = session.execute(
        select(
            JobRow.id, JobRow.platform, JobRow.external_id, JobRow.sources, JobRow.content_hash
        ).where(posting_ids_in({c.pid for c in candidates}, dialect))
    )
    return {
        (r.platform, r.external_id): _Stored(r.id, list(r.sources or []), r.content_hash)
        for r in rows
    }


def _load_existing(session: Session, candidates: list[_Candidate]) -> list[_Existing]:
    """Stored jobs that the candidates (none of them stored as such) may be copies of."""
    if not candidates:
        return []
    canonicals = list({u for c in candidates for u in (c.canonical, c.apply_canonical) if u})
    fingerprints = list({c.key.fingerprint for c in candidates})
    columns = (
        JobRow.id, JobRow.platform, JobRow.company, JobRow.canonical_url,
        JobRow.canonical_apply_url, JobRow.fingerprint, JobRow.content_simhash, JobRow.locations,
        JobRow.workplace_type, JobRow.sources,
    )  # fmt: skip
    dialect = session.get_bind().dialect.name
    conditions = []
    if canonicals:
        conditions.append(one_of(JobRow.canonical_url, canonicals, dialect))
        conditions.append(one_of(JobRow.canonical_apply_url, canonicals, dialect))
    conditions.append(one_of(JobRow.fingerprint, fingerprints, dialect))
    seen: dict[uuid.UUID, _Existing] = {}
    for condition in conditions:
        for row in session.execute(select(*columns).where(condition)):
            if row.id in seen:
                continue
            key = ContentKey(
                fingerprint=row.fingerprint or "",
                company=company_key(row.company),
                simhash=row.content_simhash,
                places=frozenset(places_of(row.locations or [])),
                remote=row.workplace_type is WorkplaceType.REMOTE,
            )
            seen[row.id] = _Existing(
                row.id,
                row.platform,
                row.canonical_url,
                row.canonical_apply_url,
                key,
                list(row.sources or []),
            )
    return list(seen.values())


def _matches_existing(
    cand: _Candidate,
    by_canonical: dict[str, _Existing],
    by_fingerprint: dict[str, list[_Existing]],
) -> list[_Existing]:
    """The stored rows ``cand`` is a copy of, strongest signal first (its URLs, then content)."""
    found = [by_canonical[u] for u in (cand.canonical, cand.apply_canonical) if u in by_canonical]
    found += [e for e in by_fingerprint.get(cand.key.fingerprint, []) if e.key.same_job(cand.key)]
    return found


def _row(
    cand: _Candidate, now: datetime, row_id: uuid.UUID, sources: list[dict[str, Any]]
) -> dict[str, Any]:
    job = cand.job
    row = {
        "id": row_id,
        "platform": job.platform,
        "external_id": job.external_id,
        "title": job.title[:500],
        "company": job.company[:255],
        "locations": job.locations,
        "workplace_type": job.workplace_type,
        "employment_type": job.employment_type,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "salary_currency": job.salary_currency,
        "salary_period": job.salary_period,
        "description_text": job.description_text,
        "description_html": job.description_html,
        "url": job.url,
        "apply_url": job.apply_url,
        "canonical_url": cand.canonical or cand.apply_canonical,
        "canonical_apply_url": cand.apply_canonical,
        "fingerprint": cand.key.fingerprint,
        "content_simhash": cand.key.simhash,
        "sources": sources,
        "posted_at": job.posted_at,
        "expired_at": None,
        "raw": job.raw,
        "created_at": now,
        "updated_at": now,
    }
    row["content_hash"] = content_hash(row)
    return row


def _with_search_text(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its search document, built only for a row that will be written (it costs
    as much as the rest of the row; ``content_hash`` leaves it out)."""
    row["search_text"] = search_text(
        row["description_text"], row["locations"], row["workplace_type"]
    )
    return row


def _job_event(
    type_: EventType,
    row_id: uuid.UUID,
    user_id: uuid.UUID | None,
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """An events row about job ``row_id``, inserted in bulk with the page's others."""
    return {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "type": type_.value,
        "entity_type": "job",
        "entity_id": row_id,
        "payload": payload,
        "created_at": now,
    }


def _discovered_event(
    job: Job, row_id: uuid.UUID, user_id: uuid.UUID | None, now: datetime
) -> dict[str, Any]:
    seen = {
        "platform": job.platform,
        "external_id": job.external_id,
        "title": job.title,
        "company": job.company,
    }
    return _job_event(EventType.JOB_DISCOVERED, row_id, user_id, seen, now)


def row_to_job(row: JobRow) -> Job:
    """A stored job as the normalised record ranking and the agents work with."""
    return Job(
        platform=row.platform,
        external_id=row.external_id,
        title=row.title,
        company=row.company,
        locations=list(row.locations or []),
        workplace_type=row.workplace_type,
        employment_type=row.employment_type,
        salary_min=row.salary_min,
        salary_max=row.salary_max,
        salary_currency=row.salary_currency,
        salary_period=row.salary_period,
        description_text=row.description_text or "",
        description_html=row.description_html,
        url=row.url,
        apply_url=row.apply_url,
        posted_at=row.posted_at,
        raw=row.raw or {},
    )
