// Choosing a member: one <select> built the same way everywhere (host, recorder, pioneer, adjustment,
// group leader, committee, observers), with namesakes told apart by their 党小组.
import * as api from '../api.js';
import { h } from '../dom.js';

/** The members a picker offers; `filter` as api.listMembers takes it (default: 在册). */
export function loadMembers(filter = {}) {
  return api.listMembers(filter);
}

// A form with several pickers over one list (主持人, 记录人, 主讲人 of 3,000 members) builds its options
// once and copies them: a copy is the browser's work, a fraction of building them again.
const built = new WeakMap();

function optionsOf(members) {
  let template = built.get(members);
  if (!template) {
    const count = new Map();
    for (const m of members) count.set(m.name, (count.get(m.name) || 0) + 1);
    template = document.createDocumentFragment();
    for (const m of members) {
      const text = count.get(m.name) > 1 ? `${m.name}（${m.group_name || m.joined_on || m.id}）` : m.name;
      template.append(new Option(text, String(m.id)));
    }
    built.set(members, template);
  }
  return template.cloneNode(true);
}

/** <select name> of `members`, value = member id (read back as a number by formValues). */
export function memberPicker(name, members, value, { empty } = {}) {
  const el = h('select', { name, class: 'member-picker', dataset: { numeric: '' } });
  if (empty !== undefined) el.append(h('option', { value: '' }, empty));
  el.append(optionsOf(members));
  el.value = String(value ?? '');
  // No such member (or none chosen) and no empty choice: the first, as a <select> shows it.
  if (el.selectedIndex < 0 && el.options.length) el.selectedIndex = 0;
  return el;
}
