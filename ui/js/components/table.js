// The one data table: a header row, one row per record, and a container that scrolls sideways so a
// wide table never pushes the page wider than the window. The pinned column (the name) stays in view.
import { h } from '../dom.js';

/**
 * table({columns, rows, row, empty, className, id})
 * columns: [{header, key | cell(record), class, pin, nowrap}]: `header` is text or a node (a sort
 * button); `cell` returns text, a node or a list
 * of them; `pin` keeps the column at the left edge while scrolling (one per table: the name);
 * `nowrap` keeps names and dates on one line.
 * row(record) gives the <tr>'s props (dataset, class, onclick).
 */
export function table({ columns, rows, row = () => ({}), empty = '没有记录', className = '', id }) {
  if (!rows.length) return h('p', { class: 'muted empty', text: empty });
  const classes = columns.map((c) => [c.class, c.pin && 'pin', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || null);
  return h('div', { class: 'table-scroll' },
    h('table', { class: className ? `table ${className}` : 'table', id },
      h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { class: classes[i] }, c.header ?? '')))),
      h('tbody', {}, rows.map((r) => h('tr', row(r),
        columns.map((c, i) => h('td', { class: classes[i] }, c.cell ? c.cell(r) : r[c.key])))))));
}
