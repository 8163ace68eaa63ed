"""Waiting inside the page for it to change, instead of polling it from Python.

A poll from Python costs a round trip (Python → Playwright's driver → the page) each time. The
page waits instead (a step moving on, a dialog opening, a menu's options, a confirmation), in
one loop that wakes on a MutationObserver when the document changes: it sees a change at once
and costs nothing while the page is still. Each wait gives only what it looks at and when it
is done.
"""

from __future__ import annotations

from typing import Final

WAIT_FOR: Final = """async (look, ready, ms) => {
  const until = performance.now() + ms;
  for (;;) {
    const seen = look();
    if (ready(seen) || performance.now() >= until) return seen;
    await new Promise((next) => {
      const change = new MutationObserver(() => { change.disconnect(); next(); });
      change.observe(document,
        {subtree: true, childList: true, attributes: true, characterData: true});
      setTimeout(() => { change.disconnect(); next(); }, 50);
    });
  }
}"""
"""JS: ``look()`` until ``ready`` says yes of what it saw, or ``ms`` have passed; what it saw
last. It looks again at each change of the document, and every 50 ms at the latest (a change
no observer sees, like an element moving on screen, is still noticed)."""
