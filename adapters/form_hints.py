"""The shape of what the apply engine needs to know about one platform's application form.

Each platform that needs more than the generic reader states it once, in its own module
(``adapters/<platform>_form.py``), as a `FormHints` value: where its forms live, how to
recognise one when the URL says nothing (a careers page on the company's own domain, the
sandbox), which control ends the application and which one only moves to the next step, and,
for sites behind a candidate account, where its sign-in form keeps its parts. It is data, not
code: the engine (forms/) does the driving, so every platform is driven the same careful way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignInForm:
    """Where a candidate-account sign-in form keeps its parts (CSS selectors)."""

    username: str
    password: str
    button: str
    error: str
    """Where the site says the sign-in failed."""


@dataclass(frozen=True)
class FormHints:
    platform: str
    hosts: tuple[str, ...]
    """Host names, or suffixes starting with a dot, that serve this platform's forms."""
    fingerprint: str
    """CSS that only this platform's application pages match (DOM detection)."""
    submit: tuple[str, ...] = ()
    """The control that sends the application, tried before the generic ones."""
    next: tuple[str, ...] = ()
    """A step's "next" control; never the one that sends the application."""
    step_title: str | None = None
    """Where the current step's name is shown on multi-step forms."""
    sign_in: SignInForm | None = None
    """Set for platforms whose forms sit behind a candidate account the user may store."""
    opener: tuple[str, ...] = ()
    """The job page's control that opens the application (a dialog, or the apply flow's first
    page), clicked once when the page shows no form, as a person would."""
    scope: str | None = None
    """Where an application that opens over the job page lives (a modal): its fields only."""
    session: str | None = None
    """What to tell the user when the platform wants them signed in and no session was given:
    platforms that apply through the user's own logged-in session (a storage-state file)."""

    def serves(self, host: str) -> bool:
        host = host.lower()
        return any(host == h or (h.startswith(".") and host.endswith(h)) for h in self.hosts)
