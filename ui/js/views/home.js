// 首页: what is due soon and what is overdue (the compliance calendar's items), then this month and
// quarter at a glance.
import * as api from '../api.js';
import { currentYear, h, pct } from '../dom.js';
import { label } from '../labels.js';
import { table } from '../components/table.js';
import { anyItemLabel, deadlineText } from './calendar.js';

const SOON_DAYS = 30;
const OVERDUE_SHOWN = 6;

/**
 * The compliance calendar as a to-do list: {soon, overdue} lines of {deadline, text, count, left}
 * grouped by deadline. Soon: items still due within 30 days; overdue: items whose period ended
 * without them (latest first, the ones still worth making up); and every invalid 党员大会.
 */
function todo(c) {
  const untalked = c.heart_talk_missing.length ? c.heart_talk_missing : c.heart_talk_due;
  const text = (item) => (item !== 'heart_talk' ? anyItemLabel(item)
    : `与${untalked.slice(0, 3).join('、')}${untalked.length > 3 ? ` 等 ${untalked.length} 人` : ''}${label('activity_kinds', 'heart_talk')}`);
  const lines = (keep) => {
    const byDeadline = new Map();
    for (const i of c.items.filter(keep)) {
      const line = byDeadline.get(i.deadline)
        ?? { deadline: `${deadlineText(i.deadline)}前`, texts: [], left: i.days_left };
      line.texts.push(text(i.item));
      byDeadline.set(i.deadline, line);
    }
    return [...byDeadline.values()].map((l) => ({ ...l, text: l.texts.join('、'), count: l.texts.length }));
  };
  const soon = lines((i) => i.state === 'due' && i.days_left <= SOON_DAYS);
  const overdue = lines((i) => i.state === 'missing').sort((a, b) => b.left - a.left);
  const invalid = c.invalid_meetings.map((m) => ({ deadline: `${m.date} ${m.title}`, text: m.reason }));
  return { soon, overdue, invalid };
}

function todoCard(c) {
  const { soon, overdue, invalid } = todo(c);
  const line = (state, mark, l, note) => h('li', { class: state },
    h('span', { class: 'mark', text: mark }), h('strong', { class: 'nowrap', text: l.deadline }), note ? h('span', { class: 'muted nowrap', text: note }) : null,
    `：${l.text}`);
  const shown = overdue.slice(0, OVERDUE_SHOWN);
  const count = (lines) => lines.reduce((n, l) => n + l.count, 0);
  const late = count(overdue) + invalid.length;
  const open = () => document.querySelector('nav [data-view="calendar"]').click();
  return h('div', { class: 'card clickable-card', id: 'home-compliance', title: '打开合规日历', onclick: open },
    h('div', { class: 'card-title' }, '待办与缺项',
      h('span', { class: soon.length ? 'badge warn' : 'badge ok', text: soon.length ? `${SOON_DAYS} 天内到期 ${count(soon)} 项` : `${SOON_DAYS} 天内无到期事项` }),
      late ? h('span', { class: 'badge bad', text: `已逾期 ${late} 项` }) : null,
      h('button', { type: 'button', class: 'link' }, '查看合规日历 ›')),
    h('div', { class: 'todo-cols' },
      h('div', { id: 'home-compliance-soon' }, h('div', { class: 'todo-head', text: `${SOON_DAYS} 天内到期` }),
        soon.length ? h('ul', { class: 'check-list' }, soon.map((l) => line('due', '!', l, `（还有 ${l.left} 天）`)))
          : h('p', { class: 'muted', text: '近期没有到期事项。' })),
      h('div', { id: 'home-compliance-overdue' }, h('div', { class: 'todo-head', text: '已逾期' }),
        late ? h('ul', { class: 'check-list' },
          shown.map((l) => line('missing', '✗', l)),
          overdue.length > shown.length ? h('li', { class: 'muted', text: `更早还缺 ${count(overdue.slice(OVERDUE_SHOWN))} 项，见合规日历` }) : null,
          invalid.map((l) => line('missing', '✗', l)))
          : h('p', { class: 'muted', text: `${c.year} 年到目前没有缺项。` }))));
}

function periodCard(title, p, ids) {
  return h('div', { class: 'card stat-card' },
    h('div', { class: 'card-title' }, title, h('span', { class: 'muted', text: ` ${p.label}` })),
    h('div', { class: 'big', id: ids.rate, text: pct(p.rate) }),
    h('div', { class: 'stat-line' },
      h('span', { class: 'nowrap' }, '组织生活 ', h('strong', { id: ids.count, text: String(p.activities) }), ' 次'), '　',
      h('span', { class: 'nowrap', text: `应到 ${p.expected} 人次 · 实到 ${p.present} 人次` })));
}

export async function render(root) {
  const [d, c] = await Promise.all([api.dashboard(), api.compliance(currentYear())]);
  const absentees = d.absent_twice.length
    ? h('ul', { class: 'plain-list' }, d.absent_twice.map((a) => h('li', {}, h('strong', { class: 'nowrap', text: a.name }), `　无故缺席 ${a.absences} 次`)))
    : h('p', { class: 'muted', text: '无' });
  const recent = table({
    rows: d.recent,
    empty: '还没有组织生活记录',
    columns: [
      { header: '日期', nowrap: true, key: 'date' },
      { header: '主题', pin: true, class: 'title', key: 'title' },
      { header: '类型', cell: (a) => a.kinds.map((k) => h('span', { class: 'chip', text: label('activity_kinds', k) })) },
      { header: '应到', nowrap: true, cell: (a) => String(a.expected) },
      { header: '实到', nowrap: true, cell: (a) => String(a.present) },
      { header: '出席率', nowrap: true, cell: (a) => pct(a.rate) },
    ],
  });

  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '首页' }), h('span', { class: 'muted', text: `今天 ${d.today}` })),
    todoCard(c),
    h('div', { class: 'grid-3' },
      periodCard('本月出席率', d.month, { rate: 'home-month-rate', count: 'home-month-activities' }),
      periodCard('本季度出席率', d.quarter, { rate: 'home-quarter-rate', count: 'home-quarter-activities' }),
      h('div', { class: 'card', id: 'home-absentees' }, h('div', { class: 'card-title', text: '本季度无故缺席两次及以上' }), absentees)),
    h('div', { class: 'card' }, h('div', { class: 'card-title', text: '最近的组织生活' }), recent),
    h('p', { class: 'muted small', text: '出席率 = 实到 ÷ 应到；应到按活动当日在册党员计算（党小组会按该小组，支委会按支委）。' }));
}
