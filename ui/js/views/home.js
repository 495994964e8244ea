// 首页: what is due soon and what is overdue (the compliance calendar's items), whose turn the news
// is, this month and quarter at a glance, and the 关注名单: whom to talk with and what the next 三会一课
// could aim at, from the records already kept.
import * as api from '../api.js';
import { currentYear, h, pct } from '../dom.js';
import { label } from '../labels.js';
import { table } from '../components/table.js';
import { anyItemLabel, deadlineText } from './calendar.js';
import { openRota, turnPeriod, turnText } from './garden.js';

const SOON_DAYS = 30;
const OVERDUE_SHOWN = 6;
/** Members the 关注名单 card lists before “等 N 人”; task categories it suggests. */
const ATTENTION_SHOWN = 8;
const CATEGORIES_SHOWN = 3;

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

function rotaStrip(turn) {
  const toGarden = h('button', { type: 'button', class: 'link', onclick: openRota }, turn ? '资讯轮值 ›' : '去园地排轮值 ›');
  return h('div', { class: 'card strip', id: 'home-rota' },
    turn ? [h('span', { id: 'home-rota-turn' }, h('strong', { class: 'strip-label', text: `${turnPeriod(turn)}资讯轮值：` }), turnText(turn)),
      turn.items.length ? h('span', { class: 'muted nowrap', text: `已采集 ${turn.items.length} 条` }) : null]
      : h('span', { class: 'muted', text: '尚未排资讯轮值' }),
    toGarden);
}

function attentionCard(a) {
  const open = (view) => document.querySelector(`nav [data-view="${view}"]`).click();
  const shown = a.members.slice(0, ATTENTION_SHOWN);
  const weak = a.categories.filter((c) => c.completion < 1).slice(0, CATEGORIES_SHOWN);
  return h('div', { class: 'card', id: 'home-attention' },
    h('div', { class: 'card-title' }, '关注名单',
      h('span', { class: 'muted', text: `截至 ${a.as_of}` }),
      h('button', { type: 'button', class: 'link', onclick: () => open('study') }, '查看学习情况 ›')),
    h('p', { class: 'muted small', text: `学时落后于全年进度、一个季度无故缺席两次及以上、或学习任务完成率低于 ${Math.round(a.threshold * 100)}% 的党员，供谈心谈话和安排学习时参考。` }),
    a.members.length ? h('ul', { class: 'attention-list' }, shown.map((m) => h('li', { dataset: { memberId: m.member_id } },
      h('strong', { class: 'nowrap', text: m.name }), h('span', { class: 'muted', text: m.reasons.join('；') }))),
    a.members.length > shown.length ? h('li', { class: 'muted', text: `等 ${a.members.length} 人，见“学习”和“组织生活”` }) : null)
      : h('p', { text: '目前没有需要关注的党员。' }),
    weak.length ? h('p', { class: 'attention-topics', id: 'home-attention-topics' }, h('strong', { text: '下次三会一课可侧重：' }),
      weak.map((c) => `${c.category}（完成 ${pct(c.completion)}）`).join('、')) : null);
}

export async function render(root) {
  const [d, c, turn, attention] = await Promise.all([api.dashboard(), api.compliance(currentYear()),
    api.rotaNow(), api.attentionList(currentYear())]);
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
    rotaStrip(turn),
    h('div', { class: 'grid-3' },
      periodCard('本月出席率', d.month, { rate: 'home-month-rate', count: 'home-month-activities' }),
      periodCard('本季度出席率', d.quarter, { rate: 'home-quarter-rate', count: 'home-quarter-activities' }),
      h('div', { class: 'card', id: 'home-absentees' }, h('div', { class: 'card-title', text: '本季度无故缺席两次及以上' }), absentees)),
    attentionCard(attention),
    h('div', { class: 'card' }, h('div', { class: 'card-title', text: '最近的组织生活' }), recent),
    h('p', { class: 'muted small', text: '出席率 = 实到 ÷ 应到；应到按活动当日在册党员计算（党小组会按该小组，支委会按支委）。' }));
}
