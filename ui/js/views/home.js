// 首页: this month and quarter at a glance.
import * as api from '../api.js';
import { h, pct } from '../dom.js';
import { label } from '../labels.js';
import { table } from '../components/table.js';

function periodCard(title, p, ids) {
  return h('div', { class: 'card stat-card' },
    h('div', { class: 'card-title' }, title, h('span', { class: 'muted', text: ` ${p.label}` })),
    h('div', { class: 'big', id: ids.rate, text: pct(p.rate) }),
    h('div', { class: 'stat-line' },
      '组织生活 ', h('strong', { id: ids.count, text: String(p.activities) }), ' 次　',
      `应到 ${p.expected} 人次 · 实到 ${p.present} 人次`));
}

export async function render(root) {
  const d = await api.dashboard();
  const compliance = h('ul', { class: 'check-list' },
    d.quarter_compliance.map((k) => h('li', { class: k.held > 0 ? 'ok' : 'missing' },
      h('span', { class: 'mark', text: k.held > 0 ? '✓' : '✗' }), `${k.label}`,
      h('span', { class: 'muted', text: `　已开 ${k.held} 次` }))));
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
    h('div', { class: 'grid-2' },
      periodCard('本月出席率', d.month, { rate: 'home-month-rate', count: 'home-month-activities' }),
      periodCard('本季度出席率', d.quarter, { rate: 'home-quarter-rate', count: 'home-quarter-activities' })),
    h('div', { class: 'grid-2' },
      h('div', { class: 'card' },
        h('div', { class: 'card-title' }, '本季度“三会一课”',
          h('span', { class: d.quarter_complete ? 'badge ok' : 'badge warn', text: d.quarter_complete ? '已全部开展' : '尚未开齐' })),
        compliance),
      h('div', { class: 'card' }, h('div', { class: 'card-title', text: '本季度无故缺席两次及以上' }), absentees)),
    h('div', { class: 'card' }, h('div', { class: 'card-title', text: '最近的组织生活' }), recent),
    h('p', { class: 'muted small', text: '出席率 = 实到 ÷ 应到；应到按活动当日在册党员计算（党小组会按该小组，支委会按支委）。' }));
}
