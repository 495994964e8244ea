// 首页: this month and quarter at a glance.
import * as api from '../api.js';
import { h, pct } from '../dom.js';
import { label } from '../labels.js';

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
    ? h('ul', { class: 'plain-list' }, d.absent_twice.map((a) => h('li', {}, h('strong', { text: a.name }), `　无故缺席 ${a.absences} 次`)))
    : h('p', { class: 'muted', text: '无' });
  const recent = d.recent.length
    ? h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['日期', '主题', '类型', '应到', '实到', '出席率'].map((t) => h('th', { text: t })))),
      h('tbody', {}, d.recent.map((a) => h('tr', {},
        h('td', { text: a.date }), h('td', { text: a.title }),
        h('td', {}, a.kinds.map((k) => h('span', { class: 'chip', text: label('activity_kinds', k) }))),
        h('td', { text: String(a.expected) }), h('td', { text: String(a.present) }), h('td', { text: pct(a.rate) })))))
    : h('p', { class: 'muted', text: '还没有组织生活记录' });

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
