"""The ORM models, one module per table; importing this package registers them all."""

from db.models.api_indexes import APPLICATIONS_BY_MATCH
from db.models.applications import Application
from db.models.auth_sessions import AuthSession
from db.models.chat_threads import ChatThread
from db.models.events import Event
from db.models.jobs import Job
from db.models.llm_usage import LlmUsage
from db.models.outreach import Outreach
from db.models.preferences import UserPreferences
from db.models.resumes import Resume
from db.models.tasks import Task
from db.models.user_secrets import UserSecret
from db.models.users import User

__all__ = [
    "APPLICATIONS_BY_MATCH",
    "Application",
    "AuthSession",
    "ChatThread",
    "Event",
    "Job",
    "LlmUsage",
    "Outreach",
    "Resume",
    "Task",
    "User",
    "UserPreferences",
    "UserSecret",
]
