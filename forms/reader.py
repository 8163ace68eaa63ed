"""Reading a live form into FormField records, from the DOM as the browser built it.

Labels come from ``<label for>``, then ``aria-label``; the key is the name attribute or,
failing that, the id (React forms such as Greenhouse's address fields by id). A
react-select combobox is reported as one ``combobox`` field under its id.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Frame, Page

from forms.model import FormField

_READ_FIELDS = """
() => {
  const out = [];
  const text = (el) => (el ? el.innerText || el.textContent || '' : '').trim();
  const labelFor = (el) => {
    if (el.id) {
      const l = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (l) return text(l);
    }
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (ids.length) return ids.map(id => text(document.getElementById(id))).join(' ').trim();
    const wrap = el.closest('label');
    if (wrap) return text(wrap);
    return (el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim();
  };
  const groupLabel = (el) => {
    const set = el.closest('fieldset');
    if (set && set.querySelector('legend')) return text(set.querySelector('legend'));
    const group = el.closest('[role=radiogroup], [role=group]');
    if (group) {
      const by = group.getAttribute('aria-labelledby');
      if (by && document.getElementById(by)) return text(document.getElementById(by));
      if (group.getAttribute('aria-label')) return group.getAttribute('aria-label').trim();
    }
    return '';
  };
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || el.tagName).toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (el.getAttribute('aria-hidden') === 'true') continue;
    const combo = el.getAttribute('role') === 'combobox' || el.classList.contains('select__input');
    const key = el.getAttribute('name') || el.id;
    if (!key) continue;
    let label = labelFor(el);
    let options = el.tagName === 'SELECT'
      ? Array.from(el.options).filter(o => o.value !== '').map(o => o.text.trim()).filter(Boolean)
      : [];
    const grouped = (type === 'radio' || type === 'checkbox') && el.name
      && document.querySelectorAll(`input[name="${CSS.escape(el.name)}"]`).length > 1;
    if (grouped) {
      const members = Array.from(document.querySelectorAll(`input[name="${CSS.escape(el.name)}"]`));
      options = members.map(m => labelFor(m)).filter(Boolean);
      label = groupLabel(el) || label;
    }
    out.push({
      key, label, tag: el.tagName.toLowerCase(), type, combo, grouped,
      required: el.required || el.getAttribute('aria-required') === 'true'
        || /\\*\\s*$/.test(label),
      options,
    });
  }
  return out;
}
"""

_TYPES = {"textarea": "textarea", "select": "select", "email": "email", "tel": "tel", "url": "url",
          "file": "file", "checkbox": "checkbox", "radio": "radio", "date": "date"}  # fmt: skip


def _field(raw: dict[str, Any]) -> FormField:
    kind = "combobox" if raw["combo"] else _TYPES.get(raw["tag"], _TYPES.get(raw["type"], "text"))
    label = raw["label"].rstrip("*").strip() or raw["key"]
    return FormField(
        label=label,
        name=raw["key"],
        type=kind,
        required=bool(raw["required"]),
        options=raw["options"],
    )


async def read_fields(target: Page | Frame) -> list[FormField]:
    """Every fillable field of the page (or iframe), in document order, once per key."""
    seen: set[str] = set()
    fields: list[FormField] = []
    for raw in await target.evaluate(_READ_FIELDS):
        if raw["key"] in seen:
            continue
        seen.add(raw["key"])
        fields.append(_field(raw))
    return fields
