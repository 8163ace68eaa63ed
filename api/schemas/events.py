"""What happened: the events log as clients receive it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class EventOut(BaseModel):
    id: uuid.UUID
    type: str
    entity_type: str | None
    entity_id: uuid.UUID | None
    payload: dict[str, Any]
    created_at: datetime
