"""Storing pages of jobs on SQLite and Postgres: upsert, cross-platform merge, events."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.job import Job
from db.base import utcnow
from db.engine import create_db_engine, session_factory
from db.enums import EventType
from db.models import Application, Event, User
from db.models import Job as JobRow
from jobs import store
from jobs.store import (
    BATCH_ROWS,
    StoredJob,
    _group_batch,
    _row,
    _with_search_text,
    row_to_job,
    store_jobs,
)
from jobs.upsert import upsert_rows

TEXT = (
    "Tidewater is hiring a platform engineer to run Kubernetes, Terraform and our Postgres "
    "fleet, build paved roads for product teams, improve CI speed, own incident response "
    "tooling and help teams ship safely every day. You will pair with developers, write "
    "runbooks, and keep our costs sane while the company grows quickly across regions. "
) * 5


def _job(company: str, **overrides: object) -> Job:
    values: dict[str, object] = {
        "platform": "lever",
        "external_id": uuid.uuid4().hex,
        "title": "Platform Engineer",
        "company": company,
        "locations": ["Austin, TX"],
        "description_text": TEXT,
        "url": f"https://jobs.lever.co/{company}/{uuid.uuid4()}",
    }
    values.update(overrides)
    return Job.model_validate(values)


def _rows(session: Session, company: str) -> list[JobRow]:
    return list(session.scalars(select(JobRow).where(JobRow.company == company)))


def test_new_then_updated(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    job = _job(company)
    first = store_jobs(session, [job])
    session.commit()
    changed = job.model_copy(update={"title": "Senior Platform Engineer", "salary_max": 200000.0})
    second = store_jobs(session, [changed])
    session.commit()
    assert [r.outcome for r in first] == ["new"]
    assert [r.outcome for r in second] == ["updated"]
    assert first[0].job_id == second[0].job_id
    (row,) = _rows(session, company)
    assert row.title == "Senior Platform Engineer"
    assert row.salary_max == 200000
    assert row.sources == [{"platform": "lever", "external_id": job.external_id, "url": job.url}]


def test_same_job_on_another_platform_is_merged_into_sources(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    ats = _job(company)
    store_jobs(session, [ats])
    session.commit()
    linkedin = _job(
        company,
        platform="linkedin",
        title="Platform Engineer ",
        locations=["Austin, Texas, United States"],
        description_text=" ".join(TEXT.split()[:150]),
        url=f"https://www.linkedin.com/jobs/view/{uuid.uuid4().int % 10**10}",
    )
    via_apply_link = _job(
        company,
        platform="indeed",
        title="Infra person",
        url="https://indeed.com/viewjob?jk=1",
        apply_url=f"{ats.url}/apply?lever-source=Indeed",
    )
    results = store_jobs(session, [linkedin, via_apply_link])
    session.commit()
    assert [r.outcome for r in results] == ["duplicate", "duplicate"]
    (row,) = _rows(session, company)
    assert {s["platform"] for s in row.sources} == {"lever", "linkedin", "indeed"}
    assert results[0].job_id == results[1].job_id == row.id


def test_duplicates_inside_one_page_and_distinct_jobs(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    a = _job(company)
    a_again_elsewhere = _job(company, platform="remoteok", locations=["Austin"], url=None)
    other_city = _job(company, locations=["Berlin, Germany"])
    other_role = _job(company, title="Data Engineer")
    results = store_jobs(session, [a, a_again_elsewhere, other_city, other_role])
    session.commit()
    assert [r.outcome for r in results] == ["new", "duplicate", "new", "new"]
    assert len(_rows(session, company)) == 3


def test_each_new_job_emits_one_discovered_event(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    user_id = None
    results = store_jobs(
        session, [_job(company), _job(company, title="QA Engineer")], user_id=user_id
    )
    store_jobs(session, [results[0].job])
    session.commit()
    ids = [r.job_id for r in results]
    count = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.type == EventType.JOB_DISCOVERED.value, Event.entity_id.in_(ids))
    )
    assert count == 2


def test_large_page_round_trips(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    jobs = [
        _job(company, title=f"Engineer {i}", description_text=f"Role {i}. " + TEXT)
        for i in range(1200)
    ]
    results = store_jobs(session, jobs)
    session.commit()
    assert sum(r.outcome == "new" for r in results) == 1200
    again = store_jobs(session, jobs)
    session.commit()
    assert {r.outcome for r in again} == {"updated"}
    stored = session.get(JobRow, results[7].job_id)
    assert stored is not None
    assert row_to_job(stored).title == "Engineer 7"


def test_a_posting_seen_again_unchanged_is_not_rewritten(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    job = _job(company, raw={"id": 7, "tags": ["x"]}, salary_min=1.5)
    (first,) = store_jobs(session, [job])
    session.commit()
    (row,) = _rows(session, company)
    written_at = row.updated_at
    session.expire_all()
    (again,) = store_jobs(session, [job.model_copy()])
    session.commit()
    (row,) = _rows(session, company)
    assert again == StoredJob(again.job, first.job_id, "updated")
    assert row.updated_at == written_at
    store_jobs(session, [job.model_copy(update={"raw": {"id": 7, "tags": ["y"]}})])
    session.commit()
    session.expire_all()
    (row,) = _rows(session, company)
    assert row.raw == {"id": 7, "tags": ["y"]}
    assert row.updated_at > written_at


def test_a_posting_another_worker_stored_first_keeps_its_id(session: Session) -> None:
    """The look-up missed it, so it was written as new: the stored id is read back."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    job = _job(company)
    (theirs,) = store_jobs(session, [job])
    session.commit()
    cand = _group_batch([job])[0][0]
    ours = _with_search_text(_row(cand, utcnow(), uuid.uuid4(), cand.sources()))
    ids = upsert_rows(session, [ours], {cand.pid})
    assert ids == {cand.pid: theirs.job_id}


def test_a_page_with_one_posting_stored_meanwhile_still_stores_the_others(
    session: Session,
) -> None:
    """On Postgres new postings are COPied straight into jobs; one stored by another worker
    since the look-up makes that COPY fail, and the page takes the general path instead."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    stored, new = _job(company), _job(company, title="Data Engineer")
    (theirs,) = store_jobs(session, [stored])
    session.commit()
    candidates, _ = _group_batch([stored, new])
    rows = [_with_search_text(_row(c, utcnow(), uuid.uuid4(), c.sources())) for c in candidates]
    ids = upsert_rows(session, rows, {c.pid for c in candidates})
    session.commit()
    assert ids == {candidates[0].pid: theirs.job_id, candidates[1].pid: rows[1]["id"]}
    assert {r.id for r in _rows(session, company)} == {theirs.job_id, rows[1]["id"]}


def _copies_stored_apart(session: Session, company: str) -> tuple[Job, list[uuid.UUID]]:
    """An ATS posting, and two aggregator copies of it that do not match each other: one links
    to the posting, the other has its title and text (sources answering out of order)."""
    ats = _job(company)
    by_link = _job(
        company,
        platform="remotive",
        title="Infra person",
        url=f"https://remotive.com/jobs/{uuid.uuid4().hex}",
        apply_url=f"{ats.url}/apply?utm_source=remotive",
    )
    by_content = _job(
        company,
        platform="linkedin",
        url=f"https://www.linkedin.com/jobs/view/{uuid.uuid4().int % 10**10}",
    )
    ids = [store_jobs(session, [copy])[0].job_id for copy in (by_link, by_content)]
    session.commit()
    assert len(_rows(session, company)) == 2
    return ats, ids


def test_a_posting_that_links_two_stored_copies_folds_them_into_one(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    ats, (by_link, by_content) = _copies_stored_apart(session, company)

    (result,) = store_jobs(session, [ats])
    session.commit()

    (row,) = _rows(session, company)
    assert (result.outcome, result.job_id, row.id) == ("duplicate", by_link, by_link)
    assert {s["platform"] for s in row.sources} == {"remotive", "linkedin", "lever"}
    merged = session.scalars(select(Event).where(Event.entity_id == by_content)).all()
    assert [(e.type, e.payload) for e in merged if e.type == EventType.STATUS_UPDATED] == [
        ("status.updated", {"kind": "job.merged", "into": str(by_link)})
    ]
    again = store_jobs(session, [ats.model_copy(update={"title": "Platform Engineer "})])
    assert [(r.outcome, r.job_id) for r in again] == [("updated", by_link)]


def test_the_employers_posting_takes_over_a_row_an_aggregator_started(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    ats = _job(company)
    trimmed = _job(
        company,
        platform="remotive",
        title="Infra person",
        description_text=" ".join(TEXT.split()[:40]),
        url=f"https://remotive.com/jobs/{uuid.uuid4().hex}",
        apply_url=f"{ats.url}/apply?utm_source=remotive",
    )
    (first,) = store_jobs(session, [trimmed])
    (joined,) = store_jobs(session, [ats])
    session.commit()

    (row,) = _rows(session, company)
    assert (joined.outcome, joined.job_id, row.id) == ("duplicate", first.job_id, first.job_id)
    assert (row.platform, row.external_id) == ("lever", ats.external_id)
    assert (row.title, row.url, row.apply_url) == (ats.title, ats.url, ats.apply_url)
    assert row.description_text == ats.description_text
    assert {s["platform"] for s in row.sources} == {"remotive", "lever"}

    by_content = _job(
        company,
        platform="linkedin",
        url=f"https://www.linkedin.com/jobs/view/{uuid.uuid4().int % 10**10}",
    )
    (later,) = store_jobs(session, [by_content])
    (seen_again,) = store_jobs(session, [trimmed])
    session.commit()
    assert (later.outcome, later.job_id) == ("duplicate", row.id), "matched on the ATS's title"
    assert (seen_again.outcome, seen_again.job_id) == ("duplicate", row.id)
    assert len(_rows(session, company)) == 1


def test_a_copy_something_refers_to_is_never_folded_away(session: Session) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    ats, (by_link, by_content) = _copies_stored_apart(session, company)
    user = User(email=f"{uuid.uuid4().hex}@example.org")
    session.add(user)
    session.flush()
    session.add(Application(user_id=user.id, job_id=by_content))
    session.commit()

    store_jobs(session, [ats])
    session.commit()

    assert {r.id for r in _rows(session, company)} == {by_link, by_content}
    kept = session.scalars(select(Application.job_id).where(Application.user_id == user.id))
    assert list(kept) == [by_content]
    about = session.scalars(select(Event.type).where(Event.entity_id == by_content))
    assert list(about) == [EventType.JOB_DISCOVERED]


def test_a_takeover_that_collides_with_another_workers_row_leaves_the_row_as_it_was(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    company = f"co-{uuid.uuid4().hex[:8]}"
    ats = _job(company)
    trimmed = _job(
        company,
        platform="remotive",
        url=f"https://remotive.com/jobs/{uuid.uuid4().hex}",
        apply_url=f"{ats.url}/apply",
    )
    (started,) = store_jobs(session, [trimmed])
    session.add(
        JobRow(platform="lever", external_id=ats.external_id, title="x", company="elsewhere")
    )  # another worker's row for the same posting, stored after our look-up
    session.commit()
    monkeypatch.setattr(store, "_load_stored", lambda session, candidates: {})  # not seen yet

    (joined,) = store_jobs(session, [ats])
    session.commit()

    (row,) = _rows(session, company)
    assert (joined.outcome, joined.job_id) == ("duplicate", started.job_id)
    assert (row.platform, row.title) == ("remotive", trimmed.title)
    assert {s["platform"] for s in row.sources} == {"remotive", "lever"}


def test_a_payload_orjson_cannot_encode_is_stored_exactly(session: Session) -> None:
    """The COPY and the content hash fall back on the standard library (an int beyond 64 bits)."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    job = _job(company, raw={"id": 2**70, "title": "Platform Engineer"})
    assert [r.outcome for r in store_jobs(session, [job])] == ["new"]
    session.commit()
    assert [r.outcome for r in store_jobs(session, [job])] == ["updated"]
    session.commit()
    (row,) = _rows(session, company)
    assert row.raw == {"id": 2**70, "title": "Platform Engineer"}


def test_a_row_stored_before_the_search_document_gets_it_when_seen_again(
    session: Session,
) -> None:
    """After 0005 a stored row's document is its whole description and its hash is of the
    older row format; the next search that sees the posting rewrites it once."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    job = _job(company, description_text=TEXT + " We also offer a snorkelling allowance.")
    store_jobs(session, [job])
    session.commit()
    (row,) = _rows(session, company)
    row.search_text, row.content_hash = row.description_text, "made-by-an-older-format"
    session.commit()
    store_jobs(session, [job])
    session.commit()
    session.expire_all()
    (row,) = _rows(session, company)
    assert row.search_text is not None
    assert "snorkelling" not in row.search_text
    assert row.search_text.startswith("Austin, TX\nci/cd / ci / cicd, kubernetes / k8s / kube,")


@pytest.fixture
def postgres_sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on their own connections, as separate workers have."""
    engine = create_db_engine(postgres_url)
    yield session_factory(engine)
    engine.dispose()


def _from_two_workers(
    sessions: sessionmaker[Session], first: list[Job], second: list[Job]
) -> tuple[list[StoredJob], list[StoredJob]]:
    """Store ``first`` and ``second`` at once, each from its own session and transaction."""
    barrier = threading.Barrier(2)

    def store(jobs: list[Job]) -> list[StoredJob]:
        with sessions() as session:
            barrier.wait()
            stored = store_jobs(session, jobs)
            session.commit()
            return stored

    with ThreadPoolExecutor(2) as pool:
        one, two = pool.submit(store, first), pool.submit(store, second)
        return one.result(), two.result()


def _pages(rounds: int = 5, size: int = 200) -> Iterator[tuple[str, list[Job]]]:
    """A new company and a page of its postings, for each round."""
    for _ in range(rounds):
        company = f"co-{uuid.uuid4().hex[:8]}"
        yield company, [_job(company, title=f"Engineer {n}") for n in range(size)]


def _copies(page: list[Job], board: str) -> list[Job]:
    """The same jobs as listed by another board (matched by content: no shared link)."""
    return [_job(job.company, platform=board, title=job.title, url=None) for job in page]


def _platforms_listed(sessions: sessionmaker[Session], company: str) -> list[list[str]]:
    """For each of the company's stored rows, the platforms its sources name."""
    with sessions() as session:
        return [sorted(s["platform"] for s in row.sources) for row in _rows(session, company)]


@pytest.mark.postgres
def test_two_workers_storing_the_same_new_page_in_opposite_orders_both_finish(
    postgres_sessions: sessionmaker[Session],
) -> None:
    """Each posting ends up stored once, under one id both workers report; neither page is
    aborted by a deadlock (rows are written in one order, whatever order a page lists them)."""
    for company, page in _pages():
        forward, backward = _from_two_workers(postgres_sessions, page, page[::-1])
        ids = {s.job.external_id: s.job_id for s in forward}
        assert ids == {s.job.external_id: s.job_id for s in backward}
        with postgres_sessions() as session:
            assert {r.id for r in _rows(session, company)} == set(ids.values())


@pytest.mark.postgres
def test_two_workers_merging_copies_into_the_same_rows_in_opposite_orders_both_finish(
    postgres_sessions: sessionmaker[Session],
) -> None:
    """Two boards' copies of one stored page, stored at once and listed in opposite orders,
    are both merged into each row's sources: the merges lock rows in one order."""
    for company, page in _pages():
        with postgres_sessions() as session:
            store_jobs(session, page)
            session.commit()
        _from_two_workers(
            postgres_sessions, _copies(page, "linkedin"), _copies(page, "indeed")[::-1]
        )
        assert _platforms_listed(postgres_sessions, company) == [
            ["indeed", "lever", "linkedin"]
        ] * len(page)


@pytest.mark.postgres
def test_an_employer_posting_taking_over_rows_while_another_worker_merges_keeps_every_source(
    postgres_sessions: sessionmaker[Session],
) -> None:
    """Rows an aggregator started are taken over by the employer's postings while another
    worker merges a third board's copies into them: the takeover must not write back the
    sources it read before the merge."""
    for company, page in _pages():
        with postgres_sessions() as session:
            store_jobs(session, _copies(page, "linkedin"))
            session.commit()
        _from_two_workers(postgres_sessions, page, _copies(page, "indeed")[::-1])
        with postgres_sessions() as session:
            rows = _rows(session, company)
        assert {row.platform for row in rows} == {"lever"}, "the employer's posting took over"
        assert _platforms_listed(postgres_sessions, company) == [
            ["indeed", "lever", "linkedin"]
        ] * len(page)


@pytest.mark.postgres
def test_a_page_of_several_batches_writes_each_batch_once(
    postgres_sessions: sessionmaker[Session],
) -> None:
    """A page longer than BATCH_ROWS is stored batch by batch in one transaction. A later
    batch's upsert must not write an earlier batch's rows again: here batch 2 hands the
    aggregator's row to the employer's posting, and batch 3 wrote the stale copy back."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    aggregated = _job(company, platform="linkedin", url=None)
    employer_updated = _job(company, title="Staff Engineer")
    with postgres_sessions() as session:
        store_jobs(session, [aggregated, employer_updated])
        session.commit()

    def filler(count: int) -> list[Job]:
        return [_job(company, title=f"Engineer {uuid.uuid4().hex}") for _ in range(count)]

    page = [
        aggregated.model_copy(update={"salary_max": 150000.0}),
        *filler(BATCH_ROWS - 1),
        _job(company),
        *filler(BATCH_ROWS - 1),
        employer_updated.model_copy(update={"salary_max": 210000.0}),
    ]
    with postgres_sessions() as session:
        stored = store_jobs(session, page)
        session.commit()
    taken_over = stored[0].job_id
    assert stored[BATCH_ROWS].job_id == taken_over
    with postgres_sessions() as session:
        rows = _rows(session, company)
    assert len(rows) == 2 + 2 * (BATCH_ROWS - 1)
    (row,) = [r for r in rows if r.id == taken_over]
    assert row.platform == "lever"
    assert sorted(s["platform"] for s in row.sources) == ["lever", "linkedin"]


def test_a_row_marked_for_takeover_then_folded_hands_the_takeover_on(session: Session) -> None:
    """The employer's posting marks an aggregator's row for takeover; a later copy in the
    page links that row (by its apply link) to another aggregator's row (by its own link),
    which is kept and the first folded into it. The takeover moves to the row that is kept:
    it used to raise KeyError."""
    company = f"co-{uuid.uuid4().hex[:8]}"
    kept_url, folded_url = (f"https://jobs.example.com/{company}/{n}" for n in (1, 2))
    kept = _job(company, platform="linkedin", title="Data Engineer", url=kept_url)
    folded = _job(company, platform="indeed", url=folded_url)
    first = store_jobs(session, [kept, folded])
    session.commit()
    employer = _job(company)
    link = _job(
        company, platform="wellfound", title="Data Engineer", url=kept_url, apply_url=folded_url
    )
    stored = store_jobs(session, [employer, link])
    session.commit()
    assert [s.job_id for s in stored] == [first[0].job_id, first[0].job_id]
    (row,) = _rows(session, company)
    assert (row.platform, row.external_id) == ("lever", employer.external_id)
    assert sorted(s["platform"] for s in row.sources) == [
        "indeed", "lever", "linkedin", "wellfound",
    ]  # fmt: skip
