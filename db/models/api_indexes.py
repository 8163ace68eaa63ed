"""Indexes the HTTP API's queries need on tables other modules define.

They are declared here, next to the API's own tables, and created by the API's migration
(0003), so that the models and the migrations keep describing one schema.
"""

from __future__ import annotations

from sqlalchemy import Index

from db.models.applications import Application

APPLICATIONS_BY_MATCH = Index(
    "ix_applications_user_id_match_score", Application.user_id, Application.match_score
)
"""``GET /api/jobs?sort=match``: one user's ranked jobs, best first, read from the index
instead of sorting every application of that user."""
