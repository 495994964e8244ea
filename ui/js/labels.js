// The core's label tables (code → Chinese), loaded once.
import * as api from './api.js';

let tables = null;

export async function loadLabels() {
  tables = await api.labels();
}

export function label(group, code) {
  const hit = tables && tables[group] && tables[group].find((l) => l.code === code);
  return hit ? hit.label : (code ?? '');
}

export function options(group, except = []) {
  return (tables ? tables[group] : []).filter((l) => !except.includes(l.code))
    .map((l) => ({ value: l.code, label: l.label }));
}
