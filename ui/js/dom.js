// Building the page without innerHTML: every piece of user text goes in through textContent.

/** h('button', {class: 'primary', onclick: f, dataset: {id: 3}}, '保存') */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'disabled' || key === 'selected') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

let toastTimer;
export function toast(message, isError = false) {
  const el = document.getElementById('toast');
  replace(el, h('span', { class: 'toast-text', text: message }),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': '关闭', onclick: () => el.classList.add('hidden') }, '×'));
  el.classList.toggle('error', isError);
  el.classList.remove('hidden');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.add('hidden'), isError ? 8000 : 4000);
}

/** A modal dialog; Esc or 取消 closes it. Returns {el, body, close}. */
export function modal(title, body, actions = [], { wide = false } = {}) {
  const backdrop = h('div', { class: 'backdrop' });
  const box = h('div', { class: wide ? 'modal wide' : 'modal', role: 'dialog', 'aria-modal': 'true' },
    h('div', { class: 'modal-head' }, h('h2', { text: title }),
      h('button', { type: 'button', class: 'icon', 'aria-label': '关闭', onclick: () => close() }, '×')),
    h('div', { class: 'modal-body' }, body),
    h('div', { class: 'modal-actions' }, actions));
  backdrop.append(box);
  const onKey = (e) => { if (e.key === 'Escape') close(); };
  function close() {
    document.removeEventListener('keydown', onKey);
    backdrop.remove();
  }
  document.addEventListener('keydown', onKey);
  document.body.append(backdrop);
  return { el: box, body, close };
}

/** Asks before a destructive action; resolves true when confirmed. */
export function confirmDialog(title, message, okText = '确定') {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v) => { if (!settled) { settled = true; m.close(); resolve(v); } };
    const m = modal(title, h('p', { class: 'confirm-text', text: message }), [
      h('button', { type: 'button', onclick: () => done(false) }, '取消'),
      h('button', { type: 'button', id: 'confirm-ok', class: 'danger', onclick: () => done(true) }, okText),
    ]);
    const observer = new MutationObserver(() => { if (!m.el.isConnected) { observer.disconnect(); done(false); } });
    observer.observe(document.body, { childList: true });
  });
}

/** A labelled form row. */
export function field(label, input, { required = false, hint } = {}) {
  return h('label', { class: 'field' },
    h('span', { class: 'field-label' }, label, required ? h('em', { text: ' *' }) : null),
    input,
    hint ? h('span', { class: 'field-hint', text: hint }) : null);
}

/** A <select>; `numeric` makes formValues read its value as a number (ids). */
export function select(name, options, value, { empty, numeric = false } = {}) {
  const el = h('select', { name, dataset: numeric ? { numeric: '' } : undefined });
  if (empty !== undefined) el.append(h('option', { value: '' }, empty));
  for (const o of options) {
    el.append(h('option', { value: String(o.value), selected: String(o.value) === String(value ?? '') }, o.label));
  }
  return el;
}

/** 0.875 → "87.5%"; null → "—". */
export function pct(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function num(x) {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 10) / 10);
}

/** An average to one decimal, trailing zero kept so a column lines up: 121 → "121.0". */
export function tenth(x) {
  return (Math.round(x * 10) / 10).toFixed(1);
}

/** Reads a form's named fields into an object: '' → null, number inputs and numeric selects → numbers. */
export function formValues(form) {
  const out = {};
  for (const el of form.querySelectorAll('[name]')) {
    if (el.type === 'checkbox' || el.type === 'radio' || el.tagName === 'BUTTON') continue;
    const v = el.value.trim();
    out[el.name] = v === '' ? null : el.type === 'number' || el.dataset.numeric !== undefined ? Number(v) : v;
  }
  return out;
}

/** A disabled-while-busy button action; an error propagates, so whatever form it belongs to stays open. */
export async function busy(button, work) {
  button.disabled = true;
  try { return await work(); } finally { button.disabled = false; }
}

export function currentYear() {
  return new Date().getFullYear();
}

/** Today as YYYY-MM-DD in local time. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function yearSelect(value, onchange) {
  const y = currentYear();
  const years = [];
  for (let i = y + 1; i >= y - 5; i--) years.push({ value: i, label: `${i} 年` });
  const el = select('year', years, value);
  el.addEventListener('change', () => onchange(Number(el.value)));
  return el;
}

/** 全年/1月…12月 (month null = the whole year); picking one calls onpick(month). */
export function monthTabs(month, onpick, wholeYear = '全年') {
  return h('div', { class: 'tabs' }, [null, ...Array.from({ length: 12 }, (_, i) => i + 1)].map((m) =>
    h('button', { type: 'button', class: m === month ? 'tab active' : 'tab', onclick: () => onpick(m) },
      m === null ? wholeYear : `${m}月`)));
}
