// 党委: the ledger's branches side by side, for a 党总支 or 党委 that keeps several in one ledger — the
// 党支部工作排行 with its index explained, 出席率, 学习完成率, 人均学时 and 合规率 compared in a table that
// sorts by any of them, and the whole college's figures (全院). Choosing a branch here makes it the one
// 首页, 党员, 组织生活 and every other view work on. The sidebar shows this view only when the ledger has
// more than one branch. The 支部上报 card (which branches have reported, and taking in a package) and
// the college's book (导出全院台账) close the page.
import * as api from '../api.js';
import { busy, currentYear, h, pct, replace, tenth, toast, yearSelect } from '../dom.js';
import { bar } from '../components/bar.js';
import { table } from '../components/table.js';
import { track } from '../components/tasks.js';
import { mountPackages } from './college/packages.js';

let year = currentYear();
/** 'all' (全院) or the chosen branch's id. */
let scope = 'all';
let sort = { key: 'attendance_rate', desc: true };

/** The comparison's figures: how each reads, and how full its bar is. */
const MEASURES = [
  { key: 'attendance_rate', header: '出席率', text: (v) => pct(v), fraction: (v) => v },
  { key: 'study_completion', header: '学习完成率', text: (v) => pct(v), fraction: (v) => v },
  // Against the 32-学时 yearly line, or the best branch when it is past it.
  { key: 'study_hours_avg', header: '人均学时', text: tenth, fraction: (v, top) => v / Math.max(32, top) },
  { key: 'compliance', header: '组织生活合规率', text: (v) => pct(v), fraction: (v) => v },
];

export async function render(root) {
  const info = await api.ledgerInfo();
  if (scope !== 'all' && scope !== info.branch_id) scope = info.branch_id;
  const figures = h('div', { id: 'college-figures' });
  const ranking = h('div', { class: 'card', id: 'college-ranking' });
  const compare = h('div', { class: 'card', id: 'college-compare' });
  const picker = scopePicker(info.branches, (value) => choose(value));
  picker.value = String(scope);
  let data = null;
  let loading = 0;

  async function choose(value) {
    if (value === 'all') {
      scope = 'all';
    } else {
      const switched = await api.selectBranch(value);
      scope = switched.branch_id;
      window.dispatchEvent(new Event('zhibu:branch-changed'));
    }
    picker.value = String(scope);
    if (data) draw();
  }
  // The figures of 60 branches take the core a moment: the page is usable meanwhile, and only the
  // newest year asked for is drawn.
  async function load() {
    const ticket = ++loading;
    replace(figures, h('div', { class: 'card' }, h('p', { class: 'muted loading', text: `正在统计 ${info.branches.length} 个支部的 ${year} 年数据……` })));
    replace(ranking);
    replace(compare);
    ranking.hidden = compare.hidden = true;
    let got;
    try {
      got = await api.collegeOverview(year);
    } catch {
      if (ticket === loading) replace(figures);
      return;
    }
    if (ticket !== loading) return;
    data = got;
    ranking.hidden = compare.hidden = false;
    draw();
  }
  function draw() {
    replace(figures, figuresCard(data, scope));
    replace(ranking, rankingTable(data, scope, choose));
    replace(compare, comparison(data, scope, draw));
  }

  const packages = h('div', { id: 'college-packages-slot' });
  const book = exportCard();
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '党委' }),
      yearSelect(year, (y) => { year = y; load(); }),
      h('label', { class: 'kind nowrap' }, '查看', picker),
      h('button', { type: 'button', class: 'primary', onclick: () => { book.scrollIntoView({ block: 'start' }); book.querySelector('#college-export').click(); } }, '导出全院台账…')),
    figures,
    ranking,
    compare,
    packages,
    book);
  mountPackages(packages, year);
  load();
}

/** 导出全院台账: the college's book, in the background (its bar stays in the tray). */
function exportCard() {
  const path = h('input', { id: 'college-export-path', class: 'grow', placeholder: '保存位置，例如 D:\\台账\\2026年全院台账.xlsx' });
  const result = h('div', { id: 'college-export-result' });
  const button = h('button', { type: 'button', id: 'college-export', class: 'primary', onclick: () => busy(button, async () => {
    let out = path.value.trim();
    if (!out) {
      out = await api.dialog.save({ title: '保存全院台账', defaultPath: `${year}年全院台账.xlsx`, filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] });
      if (!out) return;
      path.value = out;
    }
    replace(result);
    try {
      const report = await track('正在导出全院台账', (onProgress) => api.exportCollegeWorkbook(year, out, onProgress));
      replace(result, h('p', { class: 'mono', text: report.path }),
        h('ul', { class: 'plain-list' }, report.sheets.map((s) => h('li', { text: `${s.name}：${s.rows} 行` }))));
      toast('全院台账已导出');
    } catch {
      // The core's message is already on screen.
    }
  }) }, '导出全院台账');
  return h('div', { class: 'card', id: 'college-export-card' },
    h('div', { class: 'card-title', text: '全院台账（Excel）' }),
    h('p', { class: 'muted small', text: '支部汇总、支部排行、合规情况，以及带“支部”列的花名册、组织生活记录、考勤明细、学习记录、学时统计、积分排行；所选年度的全部支部，合规情况截至今天。导出在后台进行，可以继续使用其他页面。' }),
    h('div', { class: 'toolbar' }, path, button),
    result);
}

/** 全院, then each 党总支's branches under its name. */
function scopePicker(branches, onpick) {
  const el = h('select', { id: 'college-scope', name: 'scope' }, h('option', { value: 'all' }, '全院（所有支部）'));
  const byParent = new Map();
  for (const b of branches) {
    const parent = b.parent_org || '未填上级党组织';
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(b);
  }
  for (const [parent, list] of byParent) {
    el.append(h('optgroup', { label: parent }, list.map((b) => h('option', { value: String(b.id) }, b.name))));
  }
  el.addEventListener('change', () => onpick(el.value === 'all' ? 'all' : Number(el.value)));
  return el;
}

function tile(label, value, note, id) {
  return h('div', { class: 'college-tile' },
    h('div', { class: 'tile-label', text: label }),
    h('div', { class: 'tile-value', id, text: value }),
    note ? h('div', { class: 'tile-note muted small', text: note }) : null);
}

function figuresCard(c, scope) {
  const b = scope === 'all' ? null : c.branches.find((x) => x.branch_id === scope);
  const f = b ?? c.total;
  const title = b
    ? h('div', { class: 'card-title' }, `${b.name} ${c.year} 年`,
      h('span', { class: 'badge ok', text: `排行第 ${b.rank} 名（共 ${c.branches.length} 个支部）` }),
      b.parent_org ? h('span', { class: 'muted', text: b.parent_org }) : null)
    : h('div', { class: 'card-title' }, `全院 ${c.year} 年`, h('span', { class: 'muted', text: `${c.total.branches} 个支部` }));
  return h('div', { class: 'card' }, title,
    h('div', { class: 'college-tiles' },
      tile('党员', `${f.members} 人`, '年末在册', 'college-members'),
      tile('组织生活', `${f.activities} 次`, `实到 ${f.present} / 应到 ${f.expected} 人次`, 'college-activities'),
      tile('出席率', pct(f.attendance_rate), '实到 ÷ 应到', 'college-attendance'),
      tile('学习完成率', pct(f.study_completion), `${f.study_tasks} 项任务的平均`, 'college-study'),
      tile('人均学时', tenth(f.study_hours_avg), '任务 + 组织生活', 'college-hours'),
      tile('组织生活合规率', pct(f.compliance), `按时开 ${f.held_items} / 到期 ${f.required_items} 项`, 'college-compliance'),
      b ? tile('综合指数', tenth(b.index), `人均积分 ${tenth(b.points_avg)}`, 'college-index') : null),
    b ? h('p', { class: 'muted small', id: 'college-switched', text: `首页、党员、组织生活等页面现在显示“${b.name}”。要看全院，请在“查看”中选择全院。` })
      : h('p', { class: 'muted small', text: `合规率截至 ${c.as_of}。在“查看”中选择一个支部，可看它的数字，其他页面也会切换到该支部。` }));
}

function rankingTable(c, scope, choose) {
  return [
    h('div', { class: 'card-title' }, '党支部工作排行', h('span', { class: 'muted small', text: '点击支部可切换到该支部' })),
    table({
      rows: c.branches,
      id: 'college-ranking-table',
      className: 'clickable',
      row: (b) => ({ dataset: { branchId: b.branch_id, rank: b.rank }, class: b.branch_id === scope ? 'chosen' : null,
        title: b.missing.length ? `未按时召开：${b.missing.join('；')}` : '必开事项均已按时召开', onclick: () => choose(b.branch_id) }),
      columns: [
        { header: '名次', nowrap: true, cell: (b) => h('span', { class: b.rank <= 3 ? `rank top${b.rank}` : 'rank', text: String(b.rank) }) },
        { header: '支部', pin: true, nowrap: true, cell: (b) => h('strong', { text: b.name }) },
        { header: '党总支', nowrap: true, cell: (b) => b.parent_org ?? '' },
        { header: '合规率', nowrap: true, cell: (b) => pct(b.compliance) },
        { header: '出席率', nowrap: true, cell: (b) => pct(b.attendance_rate) },
        { header: '学习完成率', nowrap: true, cell: (b) => pct(b.study_completion) },
        { header: '人均积分', nowrap: true, cell: (b) => tenth(b.points_avg) },
        { header: '综合指数', nowrap: true, class: 'points', cell: (b) => tenth(b.index) },
      ],
    }),
    h('p', { class: 'muted small formula', id: 'college-formula' },
      h('strong', { text: '综合指数怎么算（满分 100）：' }),
      '组织生活合规率 × 30 + 出席率 × 30 + 学习完成率 × 20 + 人均积分得分 × 20。',
      `组织生活合规率：截至 ${c.as_of} 已到期的必开事项（每月支委会、主题党日、各党小组会，每季度党员大会、党课等）中按时召开的比例；`,
      '出席率：全年组织生活实到人次 ÷ 应到人次；学习完成率：全年各项学习任务完成率的平均；',
      '人均积分得分：本支部党员人均年度积分 ÷ 各支部中最高的人均积分（为负时按 0 计）。指数相同的支部名次相同。'),
  ];
}

function comparison(c, scope, redraw) {
  const tops = Object.fromEntries(MEASURES.map((m) => [m.key, Math.max(0, ...c.branches.map((b) => b[m.key]))]));
  const rows = [...c.branches].sort((a, z) => {
    const d = sort.key === 'name' ? a.name.localeCompare(z.name, 'zh-CN') : a[sort.key] - z[sort.key];
    return (sort.desc ? -d : d) || a.branch_id - z.branch_id;
  });
  const header = (key, text) => {
    const on = sort.key === key;
    return h('button', { type: 'button', class: on ? 'sort active' : 'sort', dataset: { sort: key },
      title: '点击按此列排序，再点击反向',
      onclick: () => { sort = { key, desc: on ? !sort.desc : key !== 'name' }; redraw(); } },
    text, on ? (sort.desc ? ' ▼' : ' ▲') : '');
  };
  const measure = (m) => ({
    header: header(m.key, m.header),
    nowrap: true,
    cell: (b) => h('span', { class: 'bar-cell' },
      bar(m.fraction(b[m.key], tops[m.key]), { warn: m.key === 'compliance' && b[m.key] < 0.6 }),
      h('span', { text: m.text(b[m.key]) })),
  });
  return [
    h('div', { class: 'card-title' }, '支部比较', h('span', { class: 'muted small', text: '点击列名排序' })),
    h('div', { class: 'college-total', id: 'college-total' },
      h('strong', { text: '全院：' }),
      MEASURES.map((m) => h('span', { class: 'nowrap', text: `${m.header} ${m.text(c.total[m.key])}` }))),
    table({
      rows,
      id: 'college-compare-table',
      row: (b) => ({ dataset: { branchId: b.branch_id }, class: b.branch_id === scope ? 'chosen' : null }),
      columns: [
        { header: header('name', '支部'), pin: true, nowrap: true, cell: (b) => h('strong', { text: b.name }) },
        { header: header('members', '党员'), nowrap: true, cell: (b) => String(b.members) },
        ...MEASURES.map(measure),
      ],
    }),
    h('p', { class: 'muted small', text: '各列的条：比率以 100% 为满，人均学时以最高的支部为满（都不到 32 学时时以 32 学时为满）；合规率低于 60% 的显示为橙色。' }),
  ];
}
