// Horizontal bars for rates, points and 学时, drawn the same way in every table.
import { h, pct } from '../dom.js';

/** A bar filled to `fraction` (0…1, clamped); `warn` colours it amber. Extra children overlay the track. */
export function bar(fraction, { warn = false, className = '' } = {}, ...overlay) {
  const fill = h('span', { class: warn ? 'bar-fill warn' : 'bar-fill' });
  fill.style.width = `${Math.max(0, Math.min(100, (fraction ?? 0) * 100))}%`;
  return h('span', { class: className ? `bar ${className}` : 'bar' }, fill, overlay);
}

/** A bar with its figure beside it, kept on one line. */
export function barCell(track, text) {
  return h('span', { class: 'bar-cell' }, track, h('span', { text }));
}

/** A rate as a bar and a percentage. */
export function rateBar(rate) {
  return barCell(bar(rate), pct(rate));
}
