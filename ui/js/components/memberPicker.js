// Choosing a member: one <select> built the same way everywhere (host, recorder, pioneer, adjustment,
// group leader, committee, observers), with namesakes told apart by their 党小组.
import * as api from '../api.js';
import { h } from '../dom.js';

/** The members a picker offers; `filter` as api.listMembers takes it (default: 在册). */
export function loadMembers(filter = {}) {
  return api.listMembers(filter);
}

/** <select name> of `members`, value = member id (read back as a number by formValues). */
export function memberPicker(name, members, value, { empty } = {}) {
  const count = new Map();
  for (const m of members) count.set(m.name, (count.get(m.name) || 0) + 1);
  const el = h('select', { name, class: 'member-picker', dataset: { numeric: '' } });
  if (empty !== undefined) el.append(h('option', { value: '' }, empty));
  for (const m of members) {
    const text = count.get(m.name) > 1 ? `${m.name}（${m.group_name || m.joined_on || m.id}）` : m.name;
    el.append(h('option', { value: String(m.id), selected: String(m.id) === String(value ?? '') }, text));
  }
  return el;
}
