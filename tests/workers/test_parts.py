"""The workers' small parts on their own: cron, argument checks, locks, dead letters, heartbeat."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from core.errors import InputError
from db.models import User
from db.repositories.dead_letters import dead_letters, ids_only, record
from workers.cron import parse_cron
from workers.dead_letter import describe, owner_of
from workers.dispatch import enqueue
from workers.heartbeat import refresh
from workers.locks import exclusive
from workers.marks import claim_once
from workers.registry import APPLY, PING, SEARCH, RetryLater


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "moment", "fires"),
    [
        ("0 8 * * 1-5", "2031-01-03 08:00", True),  # a Friday
        ("0 8 * * 1-5", "2031-01-04 08:00", False),  # a Saturday
        ("0 8 * * 1-5", "2031-01-03 08:01", False),
        ("*/15 9-17 * * *", "2031-01-04 17:45", True),
        ("*/15 9-17 * * *", "2031-01-04 18:00", False),
        ("30 6 1,15 * *", "2031-02-15 06:30", True),
        ("0 0 * * sun", "2031-01-05 00:00", True),
        ("0 0 * * 7", "2031-01-05 00:00", True),  # 7 is Sunday too
        ("0 0 13 * fri", "2031-01-13 00:00", True),  # day OR weekday, as cron does
        ("0 0 13 * fri", "2031-01-10 00:00", True),
        ("0 0 13 * fri", "2031-01-11 00:00", False),
        ("0 12 * jan,jul *", "2031-07-04 12:00", True),
        ("@daily", "2031-07-04 00:00", True),
        ("@hourly", "2031-07-04 13:00", True),
        ("@hourly", "2031-07-04 13:30", False),
    ],
)
def test_cron_matches_like_cron(expression: str, moment: str, fires: bool) -> None:
    assert parse_cron(expression).matches(at(moment)) is fires


def test_cron_last_fire_looks_back_only_so_far() -> None:
    cron = parse_cron("0 8 * * *")
    assert cron.last_fire(at("2031-01-03 08:14:59"), within=timedelta(minutes=15)) == at(
        "2031-01-03 08:00"
    )
    assert cron.last_fire(at("2031-01-03 08:16"), within=timedelta(minutes=15)) is None


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("* * *", "give five fields"),
        ("61 * * * *", "minute field '61'"),
        ("* 24 * * *", "hour field '24'"),
        ("* * 0 * *", "day-of-month field '0'"),
        ("* * * 13 *", "month field '13'"),
        ("* * * * someday", "day-of-week field 'someday'"),
    ],
)
def test_a_bad_cron_says_which_field(expression: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        parse_cron(expression)


@pytest.mark.parametrize(
    ("name", "kwargs", "says"),
    [
        ("ajob.nothing", {}, "no task 'ajob.nothing'"),
        (SEARCH, {}, "missing a required argument: 'user_id'"),
        (SEARCH, {"user_id": "u", "password": "x"}, "unexpected keyword argument 'password'"),
        (APPLY, {"application_id": uuid.uuid4()}, "arguments must be JSON"),
        (PING, {"countdown": 3600}, "countdown must be between 0 and the visibility timeout"),
    ],
)
def test_a_bad_call_fails_in_the_caller(name: str, kwargs: dict[str, object], says: str) -> None:
    with pytest.raises(InputError, match=says):
        enqueue(name, **kwargs)  # type: ignore[arg-type]


def test_the_lock_is_held_by_one_runner_at_a_time_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", data_dir=tmp_path)
    with exclusive(settings, "application:1") as first:
        with exclusive(settings, "application:1") as second:
            assert (first, second) == (True, False)
        with exclusive(settings, "application:2") as other:
            assert other is True
    with exclusive(settings, "application:1") as again:
        assert again is True


@pytest.mark.postgres
def test_the_lock_is_held_by_one_runner_at_a_time_on_postgres(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url)
    name = f"application:{uuid.uuid4()}"
    with exclusive(settings, name) as first, exclusive(settings, name) as second:
        assert (first, second) == (True, False)
    with exclusive(settings, name) as again:
        assert again is True


def test_a_claim_is_had_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, worker_key_prefix=f"{uuid.uuid4().hex}:")
    assert claim_once(settings, "k", ttl_s=60) is True
    assert claim_once(settings, "k", ttl_s=60) is False
    assert claim_once(settings, "other", ttl_s=60) is True


def test_a_claim_is_had_once_across_processes_with_redis(redis_url: str) -> None:
    settings = Settings(redis_url=redis_url, worker_key_prefix=f"{uuid.uuid4().hex}:")
    assert claim_once(settings, "k", ttl_s=60) is True
    assert claim_once(settings, "k", ttl_s=60) is False


def test_dead_letters_keep_ids_only_and_belong_to_their_owner(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        alice, bob = User(email="a@example.org"), User(email="b@example.org")
        session.add_all([alice, bob])
        session.flush()
        kwargs = {"user_id": str(alice.id), "query": "python", "subject": "Hi", "limit": 5}
        assert owner_of(session, kwargs) == alice.id
        assert owner_of(session, {"user_id": str(uuid.uuid4())}) is None
        record(
            session,
            user_id=alice.id,
            task=SEARCH,
            task_id=str(uuid.uuid4()),
            kwargs=kwargs,
            error="RetryLater: " + "x" * 900,
            attempts=6,
        )
        alice_id, bob_id = alice.id, bob.id
    with sessions() as session:
        (letter,) = dead_letters(session, alice_id)
        assert dead_letters(session, bob_id) == []
    assert letter.args == {"user_id": str(alice_id)}
    assert letter.attempts == 6
    assert len(letter.error) == 500
    assert ids_only({"outreach_id": None, "decision": {"action": "approve"}}) == {
        "outreach_id": None
    }


def test_an_error_is_one_line_without_url_passwords() -> None:
    try:
        try:
            raise ConnectionError("postgresql://ajob:s3cret@db:5432/ajob\nrefused")
        except ConnectionError as exc:
            raise RetryLater("database down") from exc
    except RetryLater as exc:
        text = describe(exc)
    assert text == (
        "RetryLater: database down (from ConnectionError: postgresql://***@db:5432/ajob refused)"
    )
    assert describe(InputError("no user")) == "InputError: no user"


def test_the_heartbeat_refreshes_only_messages_still_unacknowledged(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    key = f"{uuid.uuid4().hex}:unacked_index"
    try:
        client.zadd(key, {"held": 100.0, "other": 100.0})
        now = time.time()
        assert refresh(client, key, ["held", "acked-meanwhile"], now) == 1
        assert client.zscore(key, "held") == pytest.approx(now)
        assert client.zscore(key, "other") == 100.0
        assert client.zscore(key, "acked-meanwhile") is None
        assert refresh(client, key, [], now) == 0
    finally:
        client.delete(key)
        client.close()
