// 积分: monthly and annual ranking, each member's points explained rule by rule, adjustments,
// and — when the ledger holds several branches — the branch ranking.
import * as api from '../api.js';
import { busy, currentYear, field, formValues, h, modal, num, pct, replace, select, toast, yearSelect } from '../dom.js';

let year = currentYear();
let month = null;

export async function render(root) {
  const tabs = h('div', { class: 'tabs' });
  const box = h('div', { class: 'card' });
  const branches = h('div');
  const reload = async () => {
    replace(tabs, [null, ...Array.from({ length: 12 }, (_, i) => i + 1)].map((m) =>
      h('button', { type: 'button', class: m === month ? 'tab active' : 'tab', onclick: () => { month = m; reload(); } },
        m === null ? '年度' : `${m}月`)));
    const rows = await api.pointsRanking(year, month);
    const top = Math.max(1, ...rows.map((r) => r.points));
    replace(box, h('div', { class: 'card-title' }, month ? `${year} 年 ${month} 月积分排行` : `${year} 年度积分排行`,
      h('span', { class: 'muted small', text: '　同分同名次；点击姓名查看每一分的来源' })),
    h('table', { class: 'table clickable', id: 'points-table' },
      h('thead', {}, h('tr', {}, ['名次', '姓名', '党小组', '积分', ''].map((t) => h('th', { text: t })))),
      h('tbody', {}, rows.map((r) => {
        const fill = h('span', { class: r.points < 0 ? 'bar-fill warn' : 'bar-fill' });
        fill.style.width = `${Math.max(0, (r.points / top) * 100)}%`;
        return h('tr', { dataset: { memberName: r.name, rank: r.rank }, onclick: () => explain(r) },
          h('td', {}, h('span', { class: r.rank <= 3 ? `rank top${r.rank}` : 'rank', text: String(r.rank) })),
          h('td', {}, h('strong', { text: r.name })), h('td', { text: r.group_name || '' }),
          h('td', { class: 'points', text: num(r.points) }),
          h('td', {}, h('span', { class: 'bar' }, fill)));
      }))));
    const ranking = await api.branchRanking(year);
    replace(branches, ranking.length > 1 ? h('div', { class: 'card' },
      h('div', { class: 'card-title', text: '党支部工作排行' }),
      h('p', { class: 'muted small', text: '指数 = 30% “三会一课”按季开齐率 + 30% 平均出席率 + 20% 学习任务平均完成率 + 20% 人均积分（与最高支部相比）。' }),
      h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ['名次', '支部', '三会一课', '出席率', '学习完成', '人均积分', '指数'].map((t) => h('th', { text: t })))),
        h('tbody', {}, ranking.map((b) => h('tr', {}, h('td', { text: String(b.rank) }), h('td', { text: b.name }),
          h('td', { text: pct(b.compliance) }), h('td', { text: pct(b.attendance_rate) }), h('td', { text: pct(b.study_completion) }),
          h('td', { text: num(b.points_avg) }), h('td', {}, h('strong', { text: num(b.index) }))))))) : null);
  };
  const explain = async (r) => {
    const e = await api.pointsExplain(r.member_id, year, month);
    const dlg = modal(`${e.name} 的积分：${num(e.total)} 分`, h('div', {},
      h('p', { class: 'muted', text: `${e.from} 至 ${e.to}。每一分都来自一条记录和一条规则。` }),
      h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ['规则', '次数', '积分'].map((t) => h('th', { text: t })))),
        h('tbody', {}, e.by_rule.map((b) => h('tr', {}, h('td', { text: b.rule_label }), h('td', { text: String(b.events) }), h('td', { text: num(b.points) }))))),
      h('h3', { text: '明细' }),
      h('table', { class: 'table compact' }, h('thead', {}, h('tr', {}, ['日期', '规则', '积分', '记录'].map((t) => h('th', { text: t })))),
        h('tbody', {}, e.events.map((x) => h('tr', { class: x.counted ? '' : 'inactive' }, h('td', { text: x.date }), h('td', { text: x.rule_label }),
          h('td', { text: `${x.points > 0 ? '+' : ''}${num(x.points)}` }),
          h('td', { text: x.counted ? x.detail : `${x.detail}（已达上限，不计分）` })))))),
    [h('button', { type: 'button', onclick: () => dlg.close() }, '关闭')], { wide: true });
  };
  const adjust = async () => {
    const members = await api.listMembers({});
    const form = h('form', { class: 'form-grid', onsubmit: (e) => e.preventDefault() },
      field('党员', select('member_id', members.map((m) => ({ value: m.id, label: m.name })), ''), { required: true }),
      field('日期', h('input', { name: 'date', placeholder: '例如 2026-06-12' }), { required: true }),
      field('分值', h('input', { name: 'points', type: 'number', step: '0.5', placeholder: '减分写负数，如 -2' }), { required: true }),
      field('事由', h('input', { name: 'reason', placeholder: '例如 获校级优秀共产党员表彰' }), { required: true }));
    const ok = h('button', { type: 'button', class: 'primary', onclick: () => busy(ok, async () => {
      const v = formValues(form);
      await api.addPointAdjustment(Number(v.member_id), v.date ?? '', v.points ?? 0, v.reason ?? '');
      dlg.close();
      toast('已记录加减分');
      await reload();
    }) }, '保存');
    const dlg = modal('手动加分/减分', form, [h('button', { type: 'button', onclick: () => dlg.close() }, '取消'), ok]);
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '积分' }), yearSelect(year, (y) => { year = y; reload(); }),
    h('button', { type: 'button', onclick: adjust }, '加分/减分…')), tabs, box, branches,
  h('p', { class: 'muted small', text: '积分规则可在“设置”中修改；修改只影响施行日期之后的记录。' }));
  await reload();
}
