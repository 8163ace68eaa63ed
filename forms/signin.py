"""Signing in to a candidate account with the user's own stored sign-in, as a person would.

Only for platforms whose knowledge module describes a sign-in form (Workday), only with
credentials the user stored for that host, and only when the account wall is the one thing
standing in the way: a CAPTCHA beside it is still the person's to solve. The password is typed
into its field and goes nowhere else; a failure is reported in the site's own words, or in ours,
never with the Playwright error (whose call log could echo what was typed).
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from adapters.form_hints import SignInForm
from forms.credentials import Credentials

SIGN_IN_TIMEOUT_S = 20.0

_STATE = """
([mark, errorSelector, passwordSelector]) => {
  const shown = (el) => el.getClientRects().length > 0;
  const error = [...document.querySelectorAll(errorSelector)]
    .filter(shown).map(e => (e.innerText || '').trim()).filter(Boolean).join('; ');
  return {
    marked: document.documentElement.dataset.ajobSignIn === mark,
    ready: document.readyState !== 'loading',
    error,
    asking: [...document.querySelectorAll(passwordSelector)].some(shown),
  };
}
"""


async def sign_in(page: Page, form: SignInForm, credentials: Credentials) -> str | None:
    """Fill and send the sign-in form; None once the account wall is gone, else why not."""
    mark = str(time.monotonic_ns())
    try:
        await page.locator(form.username).first.fill(credentials.username)
        await page.locator(form.password).first.fill(credentials.password.get_secret_value())
        await page.evaluate("m => { document.documentElement.dataset.ajobSignIn = m; }", mark)
        await page.locator(form.button).first.click()
    except PlaywrightError:
        return "the sign-in form could not be filled in"
    deadline = time.monotonic() + SIGN_IN_TIMEOUT_S
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        try:
            state = await page.evaluate(_STATE, [mark, form.error, form.password])
        except PlaywrightError:
            continue  # navigating
        if not state["ready"]:
            continue
        if state["error"]:
            return str(state["error"])
        if not state["asking"]:
            await page.wait_for_load_state("domcontentloaded")
            return None
        if not state["marked"]:
            return "the site still asks to sign in"
    return f"the site did not answer within {SIGN_IN_TIMEOUT_S:.0f} s"
