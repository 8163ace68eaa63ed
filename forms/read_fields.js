(scope) => {
  // Every fillable control of the page (or of the open dialog `scope`); rules in forms/reader.py.
  const out = [];
  const text = (el) => (el ? el.innerText || el.textContent || '' : '').trim();
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const root = scope ? document.querySelector(scope) : document;
  if (!root || (scope && !shown(root))) return out;
  const LABELISH = 'label, legend, .application-label, [class*="label"], [class*="heading"], '
    + '[class*="question"], h3, h4, h5';
  const question = (el) => {
    let node = el.parentElement;
    for (let depth = 0; node && depth < 7; depth++, node = node.parentElement) {
      for (const child of node.children) {
        if (child.contains(el) || !child.matches(LABELISH)) continue;
        if (child.matches('label') && child.querySelector('input, select, textarea')) continue;
        const target = child.matches('label') && child.htmlFor
          && document.getElementById(child.htmlFor);
        if (target && /^(radio|checkbox)$/.test(target.type || '')) continue;
        const t = text(child);
        if (t) return {text: t, el: child};
      }
      if (node.matches('form, body')) break;
    }
    return null;
  };
  const explicit = (el) => {
    if (el.id) {
      const l = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (l && text(l)) return {text: text(l), el: l};
    }
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (ids.length) {
      const t = ids.map(id => text(document.getElementById(id))).join(' ').trim();
      if (t) return {text: t, el: document.getElementById(ids[0])};
    }
    return null;
  };
  const optionLabel = (el) => {
    const e = explicit(el);
    if (e) return e.text;
    return text(el.closest('label')) || el.value || '';
  };
  const groupLabel = (el) => {
    const set = el.closest('fieldset');
    if (set && set.querySelector('legend')) return {text: text(set.querySelector('legend')), el: set};
    const group = el.closest('[role=radiogroup], [role=group]');
    if (group) {
      const by = group.getAttribute('aria-labelledby');
      if (by && document.getElementById(by)) return {text: text(document.getElementById(by)), el: group};
      if (group.getAttribute('aria-label')) return {text: group.getAttribute('aria-label'), el: group};
    }
    return question(el);
  };
  const requiredBy = (el, label) => el.required || el.getAttribute('aria-required') === 'true'
    || /[*\u2731]\s*$/.test(label ? label.text : '')
    || !!(label && label.el && /(^|[\s_-])_?required/.test(label.el.className || ''))
    || !!el.closest('[data-required="true"]');
  const pathOf = (el) => {
    const holder = el.closest('[data-field-path], [data-field], [id]');
    if (!holder) return null;
    if (holder.id) return `#${CSS.escape(holder.id)}`;
    const attr = holder.hasAttribute('data-field-path') ? 'data-field-path' : 'data-field';
    return `[${attr}="${CSS.escape(holder.getAttribute(attr))}"]`;
  };
  const keyOf = (el) => el.getAttribute('name') || el.getAttribute('data-automation-id') || el.id;
  const CONTROLS = 'input, select, textarea, button[aria-haspopup="listbox"]';
  const SITE = 'header, nav, [role=search], [role=navigation], [role=banner]';
  for (const el of root.querySelectorAll(CONTROLS)) {
    if (el.closest(SITE) || (el.getAttribute('type') || '').toLowerCase() === 'search') continue;
    if (el.tagName === 'BUTTON') {
      const key = keyOf(el);
      if (!key || !shown(el)) continue;
      const label = explicit(el) || question(el)
        || {text: (el.getAttribute('aria-label') || '').trim(), el: null};
      out.push({
        key, label: label.text, tag: 'button', type: 'listbox', combo: true,
        required: requiredBy(el, label), options: [], locator: null,
        current: el.value ? text(el) : null,
      });
      continue;
    }
    const type = (el.getAttribute('type') || el.tagName).toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (el.getAttribute('aria-hidden') === 'true') continue;
    const combo = el.getAttribute('role') === 'combobox' || el.classList.contains('select__input');
    const key = keyOf(el);
    if (!key) continue;
    const wrap = el.closest('label');
    if (type !== 'file' && !shown(el) && !shown(wrap) && !(el.id && shown(document.querySelector(`label[for="${CSS.escape(el.id)}"]`)))) continue;
    const members = (type === 'radio' || type === 'checkbox') && el.name
      ? Array.from(document.querySelectorAll(`input[name="${CSS.escape(el.name)}"]`))
          .filter(m => (m.getAttribute('type') || '') === type)
      : [];
    let label;
    let options = el.tagName === 'SELECT'
      ? Array.from(el.options).filter(o => o.value !== '').map(o => o.text.trim()).filter(Boolean)
      : [];
    if (members.length > 1) {
      options = members.map(optionLabel).filter(Boolean);
      label = groupLabel(el) || {text: optionLabel(el), el: null};
    } else {
      label = explicit(el)
        || (wrap && text(wrap) && (type === 'checkbox' || type === 'radio' || !question(el) || text(wrap).length > 1) ? {text: text(wrap), el: wrap} : null)
        || question(el)
        || {text: (el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim(), el: null};
    }
    let current = null;
    if (members.length > 1) {
      const picked = members.filter(m => m.checked).map(optionLabel).filter(Boolean);
      current = picked.length ? (type === 'radio' ? picked[0] : picked) : null;
    } else if (type === 'checkbox' || type === 'radio') {
      current = el.checked ? 'Yes' : null;
    } else if (el.tagName === 'SELECT') {
      const chosen = el.selectedOptions[0];
      current = chosen && chosen.value !== '' ? chosen.text.trim() : null;
    } else if (type !== 'file' && !combo) {
      current = el.value.trim() || null;
    }
    const auto = (el.getAttribute('autocomplete') || '').trim().toLowerCase().split(/\s+/).pop();
    out.push({
      key, label: label.text, tag: el.tagName.toLowerCase(), type, combo,
      required: requiredBy(el, label), options, locator: null, current,
      autocomplete: auto && !['on', 'off'].includes(auto) ? auto : null,
    });
  }
  const seenGroups = new Set();
  for (const button of root.querySelectorAll('button[aria-pressed]')) {
    const group = button.parentElement;
    if (!group || seenGroups.has(group) || !shown(button)) continue;
    const buttons = Array.from(group.querySelectorAll(':scope > button[aria-pressed]'));
    if (buttons.length < 2) continue;
    seenGroups.add(group);
    const locator = pathOf(group);
    const hidden = group.closest('[data-field-path], [data-field]');
    const input = hidden && hidden.querySelector('input[name]');
    const key = (input && input.name) || (hidden && (hidden.getAttribute('data-field-path') || hidden.getAttribute('data-field')));
    if (!key || !locator) continue;
    const label = question(group) || {text: key, el: null};
    out.push({
      key, label: label.text, tag: 'buttons', type: 'buttons', combo: false,
      required: requiredBy(input || button, label), options: buttons.map(text), locator,
      current: null,
    });
  }
  return out;
}
