"""Column helpers shared by the model modules."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def enum_column(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the enum's values.

    Native Postgres enums cannot gain values inside a transaction and do not exist
    on SQLite; a checked string behaves the same on both.
    """
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
