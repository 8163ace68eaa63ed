"""Driving each kind of form control the way a person does, so the page's own scripts run.

react-select style comboboxes (Greenhouse, Ashby) and Workday's listbox buttons have no
``<select>``: their options exist only while the menu is open, so the menu is opened once (by
the ArrowDown key a person would press), read, and the matching ``role=option`` clicked.
Radios and checkboxes are clicked through their labels' inputs; selects use the option's
visible text.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Locator, Page

from forms.model import FormField

MENU_OPEN_MS = 1000
"""react-select opens its menu on the key press itself; one that has not opened within a second,
even with four applications sharing two cores, never will (a page whose scripts failed)."""


class FillError(Exception):
    """A control refused the value (no such option, not editable)."""


def control(target: Page | Frame, name: str) -> Locator:
    """The control a field's key names: its name, Workday's data-automation-id, or its id."""
    return target.locator(f'[name="{name}"], [data-automation-id="{name}"], [id="{name}"]').first


async def _listbox(target: Page | Frame, box: Locator) -> Locator:
    owned = await box.get_attribute("aria-controls") or await box.get_attribute("aria-owns")
    if owned:
        return target.locator(f'[id="{owned}"] [role="option"]')
    return target.locator('[role="listbox"] [role="option"]')


_OPEN_OPTIONS = """
(name) => {
  const key = CSS.escape(name);
  const box = document.querySelector(
    `[name="${key}"], [data-automation-id="${key}"], [id="${key}"]`);
  const owned = box && (box.getAttribute('aria-controls') || box.getAttribute('aria-owns'));
  const list = owned ? document.getElementById(owned) : document.querySelector('[role=listbox]');
  if (!list) return null;
  const texts = [...list.querySelectorAll('[role=option]')].map(o => o.innerText.trim());
  return texts.length ? texts : null;
}
"""


async def pick_in_combobox(
    target: Page | Frame, name: str, decide: Callable[[list[str]], str | None]
) -> tuple[list[str], str | None]:
    """Open the menu once, let ``decide`` pick from the options shown, and click that one.

    Returns the options and the choice (None: nothing fits, the menu is closed untouched).
    One opening instead of a read pass and a fill pass halves the time comboboxes take.
    """
    box = control(target, name)
    await box.press("ArrowDown")  # focuses, and opens react-select's menu as a person's key does
    try:
        handle = await target.wait_for_function(
            _OPEN_OPTIONS, arg=name, timeout=MENU_OPEN_MS, polling="raf"
        )
    except PlaywrightError:
        await box.press("Escape")
        return [], None
    texts: list[str] = await handle.json_value()
    choice = decide([t for t in texts if t])
    if choice is None:
        await box.press("Escape")
        return texts, None
    options = await _listbox(target, box)
    # The menu is open and the option visible: skip the actionability waits of a normal click.
    await options.nth(texts.index(choice)).click(force=True)
    return texts, choice


def _exactly(value: str) -> Callable[[list[str]], str | None]:
    return lambda options: value if value in options else None


async def check_labelled(target: Page | Frame, name: str, label: str) -> None:
    """Check the radio or checkbox of group ``name`` whose label says ``label``."""
    members = target.locator(f'input[name="{name}"]')
    for i in range(await members.count()):
        member = members.nth(i)
        text = await member.evaluate(
            """el => {
                const l = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
                return ((l || el.closest('label') || {}).innerText || el.value || '').trim();
            }"""
        )
        if text == label:
            await member.check()
            return
    raise FillError(f"{name}: no choice labelled {label!r}")


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
        await locator.select_option(label=value if isinstance(value, str) else value[0])
    elif field.type == "radio":
        await check_labelled(target, field.name, value if isinstance(value, str) else value[0])
    elif field.type == "checkbox":
        if field.options:
            for item in [value] if isinstance(value, str) else value:
                await check_labelled(target, field.name, item)
        elif value in ("Yes", "true", "on"):
            await locator.check()
    elif isinstance(value, str):
        await locator.fill(value)
