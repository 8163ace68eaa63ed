"""What one running sandbox holds: its catalogue, its fault rules and its request log.

It lives on ``app.state.sandbox``; the replicas read the catalogue through `catalogue_of`, a
FastAPI dependency, so a test can serve any catalogue it builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Request

from sandbox.catalogue import Catalogue
from sandbox.faults import FaultInjector, RequestLog


@dataclass
class SandboxState:
    catalogue: Catalogue
    faults: FaultInjector = field(default_factory=FaultInjector)
    log: RequestLog = field(default_factory=RequestLog)


def state_of(request: Request) -> SandboxState:
    return cast(SandboxState, request.app.state.sandbox)


def catalogue_of(request: Request) -> Catalogue:
    return state_of(request).catalogue


CatalogueDep = Annotated[Catalogue, Depends(catalogue_of)]
