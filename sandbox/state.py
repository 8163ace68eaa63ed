"""What one running sandbox holds: its catalogue, fault rules, request log and submissions.

It lives on ``app.state.sandbox``; the replicas read the catalogue through `catalogue_of`, a
FastAPI dependency, so a test can serve any catalogue it builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Request

from sandbox.applications.accounts import CandidateAccounts
from sandbox.applications.log import FirstAttempts, SubmissionLog
from sandbox.catalogue import Catalogue
from sandbox.faults import FaultInjector, RequestLog


@dataclass
class SandboxState:
    catalogue: Catalogue
    faults: FaultInjector = field(default_factory=FaultInjector)
    log: RequestLog = field(default_factory=RequestLog)
    submissions: SubmissionLog = field(default_factory=SubmissionLog)
    form_attempts: FirstAttempts = field(default_factory=FirstAttempts)
    """Form URLs already posted to under a "reject the first try" variant."""
    accounts: CandidateAccounts = field(default_factory=CandidateAccounts)
    """Workday's candidate accounts, sessions and saved drafts."""

    def reset(self) -> None:
        """Forget fault rules, logged requests, submissions, form attempts and accounts."""
        self.faults.clear()
        self.log.clear()
        self.submissions.clear()
        self.form_attempts.clear()
        self.accounts.clear()


def state_of(request: Request) -> SandboxState:
    return cast(SandboxState, request.app.state.sandbox)


def catalogue_of(request: Request) -> Catalogue:
    return state_of(request).catalogue


CatalogueDep = Annotated[Catalogue, Depends(catalogue_of)]
