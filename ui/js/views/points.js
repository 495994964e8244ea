// 积分: monthly and annual ranking, each member's points explained rule by rule, adjustments. When
// the ledger holds several branches, their ranking is the 党委 view's.
import * as api from '../api.js';
import { currentYear, field, h, modal, monthTabs, num, replace, toast, yearSelect } from '../dom.js';
import { bar } from '../components/bar.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';

let year = currentYear();
let month = null;

export async function render(root) {
  const tabs = h('div');
  const box = h('div', { class: 'card' });
  const info = await api.ledgerInfo();
  const toCollege = () => document.querySelector('nav [data-view="college"]').click();
  const reload = async () => {
    replace(tabs, monthTabs(month, (m) => { month = m; reload(); }, '年度'));
    const rows = await api.pointsRanking(year, month);
    const top = Math.max(1, ...rows.map((r) => r.points));
    replace(box, h('div', { class: 'card-title' }, month ? `${year} 年 ${month} 月积分排行` : `${year} 年度积分排行`,
      h('span', { class: 'muted small', text: '　同分同名次；点击姓名查看每一分的来源' })),
    table({
      rows,
      id: 'points-table',
      className: 'clickable',
      empty: '这段时间还没有积分',
      row: (r) => ({ dataset: { memberName: r.name, rank: r.rank }, onclick: () => explain(r) }),
      columns: [
        { header: '名次', nowrap: true, cell: (r) => h('span', { class: r.rank <= 3 ? `rank top${r.rank}` : 'rank', text: String(r.rank) }) },
        { header: '姓名', pin: true, nowrap: true, cell: (r) => h('strong', { text: r.name }) },
        { header: '党小组', nowrap: true, key: 'group_name' },
        { header: '积分', nowrap: true, class: 'points', cell: (r) => num(r.points) },
        { header: '', class: 'wide-bar', cell: (r) => bar(r.points / top, { warn: r.points < 0 }) },
      ],
    }));
  };
  const explain = async (r) => {
    const e = await api.pointsExplain(r.member_id, year, month);
    const dlg = modal(`${e.name} 的积分：${num(e.total)} 分`, h('div', {},
      h('p', { class: 'muted', text: `${e.from} 至 ${e.to}。每一分都来自一条记录和一条规则。` }),
      table({
        rows: e.by_rule,
        empty: '这段时间没有计分的记录',
        columns: [
          { header: '规则', pin: true, nowrap: true, key: 'rule_label' },
          { header: '次数', nowrap: true, cell: (b) => String(b.events) },
          { header: '积分', nowrap: true, cell: (b) => num(b.points) },
        ],
      }),
      h('h3', { text: '明细' }),
      table({
        rows: e.events,
        className: 'compact',
        row: (x) => ({ class: x.counted ? null : 'inactive' }),
        columns: [
          { header: '日期', pin: true, nowrap: true, key: 'date' },
          { header: '规则', nowrap: true, key: 'rule_label' },
          { header: '积分', nowrap: true, cell: (x) => `${x.points > 0 ? '+' : ''}${num(x.points)}` },
          { header: '记录', class: 'text', cell: (x) => (x.counted ? x.detail : `${x.detail}（已达上限，不计分）`) },
        ],
      })),
    [h('button', { type: 'button', onclick: () => dlg.close() }, '关闭')], { wide: true });
  };
  const adjust = async () => {
    const members = await loadMembers();
    formDialog({
      title: '手动加分/减分',
      fields: [
        field('党员', memberPicker('member_id', members, ''), { required: true }),
        field('日期', dateField('date', '', { placeholder: '例如 2026-06-12' }), { required: true }),
        field('分值', h('input', { name: 'points', type: 'number', step: '0.5', placeholder: '减分写负数，如 -2' }), { required: true }),
        field('事由', h('input', { name: 'reason', placeholder: '例如 获校级优秀共产党员表彰' }), { required: true }),
      ],
      save: async (v) => {
        await api.addPointAdjustment(v.member_id, v.date ?? '', v.points ?? 0, v.reason ?? '');
        toast('已记录加减分');
        reload();
      },
    });
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '积分' }), yearSelect(year, (y) => { year = y; reload(); }),
    h('button', { type: 'button', onclick: adjust }, '加分/减分…')), tabs, box,
  info.branches.length > 1 ? h('p', { class: 'muted small', id: 'points-to-college' }, '各党支部的工作排行和比较见',
    h('button', { type: 'button', class: 'link', onclick: toCollege }, '党委'), '页面。') : null,
  h('p', { class: 'muted small', text: '积分规则可在“设置”中修改；修改只影响施行日期之后的记录。' }));
  await reload();
}
