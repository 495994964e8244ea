// The core's vocabulary — label tables (code → Chinese), import columns, rule constants — loaded once.
import * as api from './api.js';

let vocab = null;

export async function loadLabels() {
  vocab = await api.vocabulary();
}

/** The whole vocabulary: {labels, imports, yearly_hours}. */
export function vocabulary() {
  return vocab;
}

export function label(group, code) {
  const hit = vocab && vocab.labels[group] && vocab.labels[group].find((l) => l.code === code);
  return hit ? hit.label : (code ?? '');
}

export function options(group, except = []) {
  return (vocab ? vocab.labels[group] : []).filter((l) => !except.includes(l.code))
    .map((l) => ({ value: l.code, label: l.label }));
}
