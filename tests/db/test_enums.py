from __future__ import annotations

from db.enums import TRANSITIONS, ApplicationStatus, can_transition

S = ApplicationStatus


def test_every_status_has_a_rule() -> None:
    assert set(TRANSITIONS) == set(ApplicationStatus)


def test_the_claim_is_the_only_way_into_submitting() -> None:
    sources = {s for s, targets in TRANSITIONS.items() if S.SUBMITTING in targets}
    assert sources == {S.READY}


def test_a_crash_while_submitting_is_never_resubmitted_automatically() -> None:
    assert can_transition(S.SUBMITTING, S.NEEDS_REVIEW)
    assert not can_transition(S.SUBMITTING, S.READY)
    assert not can_transition(S.SUBMITTING, S.SUBMITTING)
    assert not can_transition(S.NEEDS_REVIEW, S.SUBMITTING)


def test_review_loop_and_outcomes() -> None:
    assert can_transition(S.READY_FOR_REVIEW, S.READY)  # approve
    assert can_transition(S.READY_FOR_REVIEW, S.SKIPPED)  # reject
    assert can_transition(S.READY_FOR_REVIEW, S.READY_FOR_REVIEW)  # edit
    assert can_transition(S.SUBMITTED, S.INTERVIEWING)
    assert not can_transition(S.SUBMITTED, S.READY)


def test_terminal_statuses_lead_nowhere() -> None:
    for status in (S.REJECTED, S.WITHDRAWN, S.EXPIRED):
        assert TRANSITIONS[status] == frozenset()


def test_blockers_can_hand_back_to_any_step_before_submit() -> None:
    for step in (S.DISCOVERED, S.TAILORING, S.READY_FOR_REVIEW, S.READY):
        assert can_transition(step, S.NEEDS_HUMAN)
        assert can_transition(S.NEEDS_HUMAN, step)
