// 合规日历: the year's required organisational life on one page — each month's 支委会, 主题党日 and
// every group's 党小组会, each quarter's 党员大会 and 党课, the year's items and 谈心谈话 — each held,
// missing or due, readable at a glance and printable on one A4 landscape page for the branch's file.
import * as api from '../api.js';
import { currentYear, h, replace, yearSelect } from '../dom.js';
import { label } from '../labels.js';
import { table } from '../components/table.js';

// The core lists every required item with its state and deadline (`items`); this view only draws them.
const SECRETARY_LECTURE = 'secretary_party_lecture';
const QUARTER_NAMES = ['一', '二', '三', '四'];

const MARK = { held: '✓', missing: '✗ 缺', due: '待开', none: '—' };
const WIDE_MARK = { held: '✓ 已开', missing: '✗ 缺', due: '待开', none: '—' };
const MEANING = { held: '已召开', missing: '未召开，已逾期', due: '尚未召开，期限未到', none: '本月无此党小组，不需召开' };

let year = currentYear();

/** A required item as the secretary calls it: the kind's name, or 书记讲党课 (not a kind of its own). */
export function itemLabel(code) {
  return code === SECRETARY_LECTURE ? '书记讲党课' : label('activity_kinds', code);
}

export function groupItemLabel(name) {
  return `${name}的${label('activity_kinds', 'group_meeting')}`;
}

/** Any item of the core's `items`: a kind, 书记讲党课, or `group:<name>`. */
export function anyItemLabel(item) {
  return item.startsWith('group:') ? groupItemLabel(item.slice(6)) : itemLabel(item);
}

/** A deadline as it reads: "2026-03-31" → "3月31日". */
export function deadlineText(iso) {
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

export async function render(root) {
  const body = h('div', { id: 'calendar-body' });
  const printTitle = h('span', { class: 'print-only' });
  const asOf = h('span', { class: 'muted' });
  const reload = async () => {
    const [c, info] = await Promise.all([api.compliance(year), api.ledgerInfo()]);
    const branch = info.branches.find((b) => b.id === info.branch_id);
    printTitle.textContent = `${branch ? branch.name : ''} ${year} 年`;
    asOf.textContent = `截至 ${c.as_of}`;
    replace(body, calendar(c));
  };
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '合规日历' }), printTitle,
      yearSelect(year, (y) => { year = y; reload(); }), asOf,
      h('button', { type: 'button', id: 'calendar-print', onclick: () => window.print() }, '打印')),
    body);
  await reload();
}

function calendar(c) {
  const asOf = c.as_of;
  const iso = (m, d) => `${c.year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Periods that have not begun are drawn paler: only the current ones need the secretary now.
  const future = (firstMonth) => iso(firstMonth, 1) > asOf;
  const currentMonth = asOf.startsWith(`${c.year}-`) ? Number(asOf.slice(5, 7)) : null;
  const months = c.months.map((m) => m.month);

  const at = new Map(c.items.map((i) => [`${i.period}|${i.number}|${i.item}`, i]));
  // A group with no members in a month has no item there: nothing was required of it.
  const stateAt = (period, number, item) => at.get(`${period}|${number}|${item}`)?.state ?? 'none';
  const itemsOf = (period, keep) => [...new Set(c.items.filter((i) => i.period === period && keep(i.item)).map((i) => i.item))];
  const MONTHLY = itemsOf('month', (x) => !x.startsWith('group:'));
  const groupNames = itemsOf('month', (x) => x.startsWith('group:')).map((x) => x.slice(6));
  const QUARTERLY = itemsOf('quarter', () => true);
  const YEARLY = itemsOf('year', (x) => x !== 'heart_talk');

  const cell = (state, text, dataset, what, { span, isFuture = false, invalid = 0 } = {}) =>
    h('td', {
      class: [isFuture && state === 'due' ? 'cal-cell due future' : `cal-cell ${state}`, invalid ? 'invalid' : null].filter(Boolean).join(' '),
      colspan: span, dataset: { ...dataset, state },
      title: `${what}：${MEANING[state]}${invalid ? `，其中 ${invalid} 次到会不足半数、会议无效` : ''}`,
    }, text);
  const freq = (text, rows) => h('th', { class: 'cal-freq', rowspan: rows, scope: 'rowgroup', text });
  const item = (...text) => h('th', { class: 'cal-item', scope: 'row' }, text);

  const rows = [];
  const monthlyRows = MONTHLY.length + groupNames.length;
  for (const code of MONTHLY) {
    rows.push(h('tr', {}, rows.length === 0 ? freq('每月', monthlyRows) : null, item(itemLabel(code)),
      c.months.map((m) => cell(stateAt('month', m.month, code), MARK[stateAt('month', m.month, code)], { month: m.month, item: code },
        `${m.month}月 ${itemLabel(code)}`, { isFuture: future(m.month) }))));
  }
  for (const g of groupNames) {
    rows.push(h('tr', {}, item(g, h('span', { class: 'muted small', text: ` ${label('activity_kinds', 'group_meeting')}` })),
      c.months.map((m) => {
        const state = stateAt('month', m.month, `group:${g}`);
        return cell(state, MARK[state], { month: m.month, item: `group:${g}` }, `${m.month}月 ${groupItemLabel(g)}`,
          { isFuture: future(m.month) });
      })));
  }
  // An invalid 党员大会 still counts as held; its quarter says so, the list below says why.
  QUARTERLY.forEach((code, i) => {
    rows.push(h('tr', { class: i === 0 ? 'cal-band' : null }, i === 0 ? freq('每季度', QUARTERLY.length) : null, item(itemLabel(code)),
      c.quarters.map((q) => {
        const state = stateAt('quarter', q.quarter, code);
        const invalid = state === 'held' ? at.get(`quarter|${q.quarter}|${code}`).invalid : 0;
        return cell(state, `${QUARTER_NAMES[q.quarter - 1]}季度 ${WIDE_MARK[state]}${invalid ? `（${invalid} 次无效）` : ''}`,
          { quarter: q.quarter, item: code }, `第${QUARTER_NAMES[q.quarter - 1]}季度 ${itemLabel(code)}`,
          { span: 3, isFuture: future(q.quarter * 3 - 2), invalid });
      })));
  });
  YEARLY.forEach((code, i) => {
    const state = stateAt('year', c.year, code);
    rows.push(h('tr', { class: i === 0 ? 'cal-band' : null }, i === 0 ? freq('每年', YEARLY.length + 1) : null, item(itemLabel(code)),
      cell(state, `全年 ${WIDE_MARK[state]}`, { period: 'year', item: code }, `${c.year}年 ${itemLabel(code)}`,
        { span: 12, isFuture: future(1) })));
  });
  const untalked = c.heart_talk_missing.length ? c.heart_talk_missing : c.heart_talk_due;
  const talkItem = at.get(`year|${c.year}|heart_talk`);
  const talkState = talkItem.state;
  const talkText = { held: '✓ 已与全体党员谈过', missing: `✗ 缺：${untalked.length} 人未谈`, due: `待开：还有 ${untalked.length} 人未谈` }[talkState];
  rows.push(h('tr', {}, item(label('activity_kinds', 'heart_talk')),
    cell(talkState, talkText, { period: 'year', item: 'heart_talk' }, `${c.year}年 ${label('activity_kinds', 'heart_talk')}`,
      { span: 12 })));

  const grid = h('div', { class: 'table-scroll' }, h('table', { class: 'table cal-grid', id: 'calendar-grid' },
    h('thead', {}, h('tr', {}, h('th', { class: 'cal-freq' }), h('th', { class: 'cal-item', text: '项目' }),
      months.map((m) => h('th', { class: m === currentMonth ? 'current' : null, text: `${m}月` })))),
    h('tbody', {}, rows)));

  const missingCount = c.items.filter((i) => i.state === 'missing').length;
  const summary = missingCount + c.invalid_meetings.length
    ? h('span', { class: 'badge bad', id: 'calendar-missing-count', text: `缺 ${missingCount} 项${c.invalid_meetings.length ? `，无效会议 ${c.invalid_meetings.length} 次` : ''}` })
    : h('span', { class: 'badge ok', id: 'calendar-missing-count', text: '到目前没有缺项' });

  const legend = h('div', { class: 'cal-legend' },
    h('span', { class: 'cal-key held', text: MARK.held }), '已召开',
    h('span', { class: 'cal-key missing', text: MARK.missing }), '期限已过、未召开',
    h('span', { class: 'cal-key due', text: MARK.due }), '本期尚未召开',
    h('span', { class: 'cal-key due future', text: MARK.due }), '以后的月份',
    h('span', { class: 'cal-key none', text: MARK.none }), '该党小组当月无需召开');

  const talks = h('div', { class: 'card', id: 'calendar-heart-talk' },
    h('div', { class: 'card-title' }, `${label('activity_kinds', 'heart_talk')}：尚未谈话的党员`,
      h('span', { class: untalked.length ? `badge ${talkState === 'missing' ? 'bad' : 'warn'}` : 'badge ok',
        text: untalked.length ? `${untalked.length} 人${talkState === 'missing' ? '，已逾期' : `，${deadlineText(talkItem.deadline)}前`}` : '全部谈过' })),
    untalked.length ? h('div', { class: 'name-chips' }, untalked.map((n) => h('span', { class: 'chip', text: n })))
      : h('p', { class: 'muted', text: '本年已与全体在册党员谈心谈话。' }));
  const invalid = h('div', { class: 'card', id: 'calendar-invalid' },
    h('div', { class: 'card-title' }, `无效的${label('activity_kinds', 'general_meeting')}`,
      h('span', { class: c.invalid_meetings.length ? 'badge bad' : 'badge ok', text: c.invalid_meetings.length ? `${c.invalid_meetings.length} 次` : '无' })),
    table({
      rows: c.invalid_meetings,
      empty: `没有实到正式党员未过半数的${label('activity_kinds', 'general_meeting')}。`,
      columns: [
        { header: '日期', nowrap: true, key: 'date' },
        { header: '会议', pin: true, class: 'title', key: 'title' },
        { header: '原因', class: 'text', key: 'reason' },
      ],
    }));

  return [
    h('div', { class: 'card cal-card' },
      h('div', { class: 'card-title' }, `${c.year} 年“三会一课”及组织生活`, summary),
      grid, legend),
    h('div', { class: 'grid-2 cal-lists' }, talks, invalid),
  ];
}
