// The one data table: a header row, one row per record, and a container that scrolls sideways so a
// wide table never pushes the page wider than the window. The pinned column (the name) stays in view.
// A long list (3,000 members, a 100,000-row import) is drawn a page at a time, so it shows as fast as a
// short one: a pager above and below chooses the page.
import { h, replace } from '../dom.js';

/** Rows drawn at once. */
export const PAGE_SIZE = 100;

/**
 * table({columns, rows, row, empty, className, id, pageSize})
 * columns: [{header, key | cell(record), class, pin, nowrap}]: `header` is text or a node (a sort
 * button); `cell` returns text, a node or a list
 * of them; `pin` keeps the column at the left edge while scrolling (one per table: the name);
 * `nowrap` keeps names and dates on one line.
 * row(record) gives the <tr>'s props (dataset, class, onclick).
 * pageSize: rows a page (Infinity: every row at once, for a page that prints whole).
 */
export function table({ columns, rows, row = () => ({}), empty = '没有记录', className = '', id, pageSize = PAGE_SIZE }) {
  if (!rows.length) return h('p', { class: 'muted empty', text: empty });
  const classes = columns.map((c) => [c.class, c.pin && 'pin', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || null);
  const body = h('tbody');
  const draw = (from, to) => replace(body, rows.slice(from, to).map((r) => h('tr', row(r),
    columns.map((c, i) => h('td', { class: classes[i] }, c.cell ? c.cell(r) : r[c.key])))));
  const scroll = h('div', { class: 'table-scroll' },
    h('table', { class: className ? `table ${className}` : 'table', id },
      h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { class: classes[i] }, c.header ?? '')))),
      body));
  if (rows.length <= pageSize) {
    draw(0, rows.length);
    return scroll;
  }
  const pagers = [pager(rows.length, pageSize, (page) => go(page, false)), pager(rows.length, pageSize, (page) => go(page, true))];
  const go = (page, fromBottom) => {
    draw(page * pageSize, (page + 1) * pageSize);
    for (const p of pagers) p.set(page);
    if (fromBottom) scroll.scrollIntoView({ block: 'start' });
  };
  go(0, false);
  return h('div', { class: 'paged', id: id ? `${id}-pages` : null }, pagers[0].el, scroll, pagers[1].el);
}

/**
 * A pager over `total` items (counted in `unit`: 条, 人), `pageSize` a page: {el, set(page)}; choosing
 * a page calls onpage(page) (0-based), which draws it and calls set.
 */
export function pager(total, pageSize, onpage, unit = '条') {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pick = h('select', { class: 'pager-page', 'aria-label': '页码' },
    Array.from({ length: pages }, (_, i) => h('option', { value: String(i) },
      `第 ${i + 1} 页（${i * pageSize + 1}–${Math.min(total, (i + 1) * pageSize)}）`)));
  const prev = h('button', { type: 'button', class: 'small pager-prev' }, '‹ 上一页');
  const next = h('button', { type: 'button', class: 'small pager-next' }, '下一页 ›');
  pick.addEventListener('change', () => onpage(Number(pick.value)));
  prev.addEventListener('click', () => onpage(Number(pick.value) - 1));
  next.addEventListener('click', () => onpage(Number(pick.value) + 1));
  return {
    el: h('div', { class: 'pager' }, h('span', { class: 'muted nowrap', text: `共 ${total} ${unit}，每页 ${pageSize} ${unit}` }), prev, pick, next),
    set(page) {
      pick.value = String(page);
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
    },
  };
}
