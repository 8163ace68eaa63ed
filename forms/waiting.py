"""Waiting inside the page for it to change, instead of polling it from Python.

A poll from Python costs a round trip (Python → Playwright's driver → the page) each time. The
page's own loops (a step moving on, a dialog opening, a menu's options, a confirmation) wake on
a MutationObserver when the document changes, so they see a change at once and cost nothing
while the page is still; one helper instead of a loop per animation frame in each of them.
"""

from __future__ import annotations

from typing import Final

NEXT_CHANGE: Final = """(ms) => new Promise((next) => {
  const seen = new MutationObserver(() => { seen.disconnect(); next(); });
  seen.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  setTimeout(() => { seen.disconnect(); next(); }, ms);
})"""
"""JS: a promise resolved at the document's next change, or after ``ms`` at the latest (a
change no observer sees, like an element moving on screen, is still noticed)."""
