// Long work (exports, imports, chart drawing, backups) runs in the core off the window's thread and
// reports {done, total, stage} over a Channel. Each piece of work gets a progress bar in a tray that
// stays put while the secretary moves between views; the bar leaves when the work ends.
import { h } from '../dom.js';

/** A progress bar: {el, update({done, total, stage})}. */
export function progressBar(label) {
  const fill = h('span', { class: 'progress-fill' });
  const text = h('span', { class: 'progress-text', text: `${label}……` });
  const el = h('div', { class: 'progress-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' },
    text, h('span', { class: 'progress-track' }, fill));
  return {
    el,
    update({ done, total, stage }) {
      const pct = total > 0 ? Math.min(100, Math.round((done * 100) / total)) : 0;
      fill.style.width = `${pct}%`;
      el.setAttribute('aria-valuenow', String(pct));
      text.textContent = `${label}：${stage}（${pct}%）`;
    },
  };
}

function tray() {
  let el = document.getElementById('tasks');
  if (!el) {
    el = h('div', { id: 'tasks', class: 'tasks', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

/** Runs `work(onProgress)` with a bar in the tray; resolves or rejects as the work does. */
export async function track(label, work) {
  const bar = progressBar(label);
  tray().append(bar.el);
  try {
    return await work((p) => bar.update(p));
  } finally {
    bar.el.remove();
  }
}
