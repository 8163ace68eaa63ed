"""Driving each kind of form control the way a person does, so the page's own scripts run.

react-select style comboboxes (Greenhouse, Ashby) and Workday's listbox buttons have no
``<select>``: their options exist only while the menu is open, so the menu is opened once (by
the ArrowDown key a person would press), read, and the matching ``role=option`` clicked.
Radios and checkboxes are clicked through their labels' inputs; selects use the option's
visible text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Locator, Page

from forms.model import FormField
from forms.waiting import WAIT_FOR

MENU_OPEN_MS = 1000
"""react-select opens its menu on the key press itself; one that has not opened within a second,
even with four applications sharing two cores, never will (a page whose scripts failed)."""


TICKED = ("Yes", "true", "on")
"""A lone checkbox's values that mean "tick it"."""


class FillError(Exception):
    """A control refused the value (no such option, not editable)."""


def control(target: Page | Frame, name: str) -> Locator:
    """The control a field's key names: its name, Workday's data-automation-id, or its id."""
    return target.locator(f'[name="{name}"], [data-automation-id="{name}"], [id="{name}"]').first


_CHOICE_LABELS = """
  const labelOf = (el) => el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)
    || el.closest('label');
  const said = (el) => ((labelOf(el) || {}).innerText || el.value || '').trim();
"""
"""JS: a radio's or checkbox's label element (``label for``, else the label around it) and the
text it says (its value when it has no label)."""

_PUT_VALUES = (
    """
(items) => {"""
    + _CHOICE_LABELS
    + """  const done = [];
  const find = (name) => {
    const key = CSS.escape(name);
    return document.querySelector(`[name="${key}"], [data-automation-id="${key}"], [id="${key}"]`);
  };
  const rendered = (el) => !!el && el.getClientRects().length > 0;
  const reachable = (el) => !el.disabled && (rendered(el) || rendered(labelOf(el)));
  const tick = (el) => { if (!el.checked) { el.focus(); el.click(); } return el.checked; };
  for (const [name, kind, value] of items) {
    if (kind === 'text') {
      const el = find(name);
      const text = el instanceof HTMLTextAreaElement
        || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'file'].includes(el.type));
      if (!text || el.disabled || el.readOnly || !rendered(el)) continue;
      el.focus();
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
      Object.getOwnPropertyDescriptor(proto.prototype, 'value').set.call(el, value);
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
      if (el.value === value) done.push(name);
    } else if (kind === 'select') {
      const el = find(name);
      if (!(el instanceof HTMLSelectElement) || el.disabled || !rendered(el)) continue;
      const option = [...el.options].find((o) => o.label.trim() === value && !o.disabled);
      if (!option) continue;
      el.focus();
      for (const o of el.options) o.selected = o === option;
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
      if (option.selected) done.push(name);
    } else if (kind === 'choices') {
      const members = [...document.querySelectorAll(`input[name="${CSS.escape(name)}"]`)];
      const labels = members.map(said);
      const picked = value.map((v) => members[labels.indexOf(v)]);
      if (!picked.length || picked.some((el) => !el || !reachable(el))) continue;
      if (picked.map(tick).every(Boolean)) done.push(name);
    } else if (kind === 'tick') {
      const el = find(name);
      if (el instanceof HTMLInputElement && el.type === 'checkbox' && reachable(el) && tick(el)) {
        done.push(name);
      }
    }
  }
  if (document.activeElement && document.activeElement !== document.body) {
    document.activeElement.blur();
  }
  return done;
}
"""
)

PutKind = Literal["text", "select", "choices", "tick"]


async def put_values(
    target: Page | Frame, answers: list[tuple[str, PutKind, str | list[str]]]
) -> set[str]:
    """Put each answer into its control in one visit to the page; the names that took it.

    Text boxes get their value through the element's own value setter (which the page's
    framework, React included, observes) with the input and change events typing sends; a
    select gets the option its label names, with the events a person's choice sends; radios and
    checkboxes (``choices``: by their labels; ``tick``: a lone box) are clicked, which checks
    them and sends what a click sends. One Playwright call per control cost a round trip and
    its actionability checks each (~25 ms a box, ~35 ms a tick). A control that is hidden,
    disabled, read-only, lacks the option or kept another value is left to `fill_field`, which
    says why it failed.
    """
    if not answers:
        return set()
    return set(await target.evaluate(_PUT_VALUES, [list(a) for a in answers]))


_OPEN_OPTIONS = f"""
([name, timeout]) => {{
  const key = CSS.escape(name);
  const box = document.querySelector(
    `[name="${{key}}"], [data-automation-id="${{key}}"], [id="${{key}}"]`);
  const read = () => {{
    const owned = box && (box.getAttribute('aria-controls') || box.getAttribute('aria-owns'));
    const list = owned ? document.getElementById(owned) : document.querySelector('[role=listbox]');
    if (!list) return null;
    const texts = [...list.querySelectorAll('[role=option]')].map(o => o.innerText.trim());
    return texts.length ? {{texts, owned}} : null;
  }};
  return ({WAIT_FOR})(read, Boolean, timeout);
}}
"""


async def pick_in_combobox(
    target: Page | Frame, name: str, decide: Callable[[list[str]], str | None]
) -> tuple[list[str], str | None]:
    """Open the menu once, let ``decide`` pick from the options shown, and click that one.

    Returns the options and the choice (None: nothing fits, the menu is closed untouched).
    One opening instead of a read pass and a fill pass halves the time comboboxes take, and
    the menu's options and its id come back in the one call that waits for them to show.
    """
    box = control(target, name)
    await box.press("ArrowDown")  # focuses, and opens react-select's menu as a person's key does
    try:
        seen = await target.evaluate(_OPEN_OPTIONS, [name, MENU_OPEN_MS])
    except PlaywrightError:
        seen = None
    if seen is None:
        await box.press("Escape")
        return [], None
    texts: list[str] = seen["texts"]
    choice = decide([t for t in texts if t])
    if choice is None:
        await box.press("Escape")
        return texts, None
    owned = seen["owned"]
    within = f'[id="{owned}"]' if owned else '[role="listbox"]'
    # The menu is open and the option visible: skip the actionability waits of a normal click.
    await target.locator(f'{within} [role="option"]').nth(texts.index(choice)).click(force=True)
    return texts, choice


def _exactly(value: str) -> Callable[[list[str]], str | None]:
    return lambda options: value if value in options else None


async def check_labelled(target: Page | Frame, name: str, label: str) -> None:
    """Check the radio or checkbox of group ``name`` whose label says ``label``."""
    members = target.locator(f'input[name="{name}"]')
    texts: list[str] = await members.evaluate_all(
        f"els => {{ {_CHOICE_LABELS} return els.map(said); }}"
    )  # every choice's label in one call, not one call per choice
    if label not in texts:
        raise FillError(f"{name}: no choice labelled {label!r}")
    await members.nth(texts.index(label)).check()


async def fill_field(target: Page | Frame, field: FormField, files: dict[str, str]) -> None:
    """Put ``field.value`` into the control, as typing, choosing, checking or uploading."""
    value = field.value
    if value is None:
        return
    locator = control(target, field.name)
    if field.type == "file":
        path = files.get(field.name)
        if path is not None:
            await locator.set_input_files(path)
    elif field.type == "combobox":
        for item in [value] if isinstance(value, str) else value:
            _, chosen = await pick_in_combobox(target, field.name, _exactly(item))
            if chosen is None:
                raise FillError(f"{field.name}: no option {item!r} in the menu")
    elif field.type == "buttons" and field.locator:
        choice = value if isinstance(value, str) else value[0]
        group = target.locator(f"{field.locator} button[aria-pressed]")
        await group.filter(has_text=choice).first.click()
    elif field.type == "select":
        label = value if isinstance(value, str) else value[0]
        shown = await locator.evaluate("el => [...el.options].map((o) => o.label.trim())")
        if label not in shown:  # select_option would wait its whole timeout for it
            raise FillError(f"{field.name}: no option {label!r} in the list")
        await locator.select_option(label=label)
    elif field.type == "radio":
        await check_labelled(target, field.name, value if isinstance(value, str) else value[0])
    elif field.type == "checkbox":
        if field.options:
            for item in [value] if isinstance(value, str) else value:
                await check_labelled(target, field.name, item)
        elif value in TICKED:
            await locator.check()
    elif isinstance(value, str):
        await locator.fill(value)
