"""The agent tests use the tool tests' installations: sandbox settings and the sample candidate."""

from tests.tools.helpers import installation_fixture, openai_installation_fixture

__all__ = ["installation_fixture", "openai_installation_fixture"]
