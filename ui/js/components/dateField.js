// Dates are typed, not picked: WebKitGTK's <input type=date> is unreliable, and the core reads every
// common way of writing a date (2026-03-05, 2026/3/5, 2026年3月5日) and names the field when it can't.
import { h } from '../dom.js';

/** A one-line date input; `placeholder` shows an example in the expected form. */
export function dateField(name, value, { placeholder = '例如 2026-03-05', id } = {}) {
  return h('input', { name, id, value: value ?? '', class: 'date-input', placeholder,
    inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false' });
}
