// 支部上报: the packages the branches' secretaries sent up — which branch, its 党总支, the year, when
// each was exported and when taken in, its members and activities — and taking in a new one: the
// core checks it whole first, and the window asks before it replaces what was received.
import * as api from '../../api.js';
import { busy, confirmDialog, currentYear, h, replace, toast, yearSelect } from '../../dom.js';
import { table } from '../../components/table.js';
import { track } from '../../components/tasks.js';

/** The year last shown, kept while the app runs: after a package goes in, its year. */
let shown = currentYear();

/** Appends the 支部上报 card to `root` (showing `year`, else the year last shown); returns the card. */
export function mountPackages(root, year) {
  if (year) shown = year;
  const body = h('div', { id: 'packages-body' });
  const load = async () => {
    try {
      replace(body, receivedTable(await api.listPackages(shown)));
    } catch {
      replace(body);
    }
  };
  const years = yearSelect(shown, (y) => { shown = y; load(); });
  const take = h('button', { type: 'button', id: 'packages-import', class: 'primary', onclick: () => busy(take, async () => {
    const path = await api.dialog.open({ multiple: false, title: '选择支部上报包',
      filters: [{ name: '支部上报包', extensions: ['zbpkg'] }] });
    if (!path) return;
    let plan = await track('正在核验上报包', (onProgress) => api.importPackage(path, false, onProgress));
    if (!plan.applied) {
      if (!(await confirmDialog('导入支部上报包', question(plan), plan.confirm ? '仍然导入' : '替换'))) return;
      plan = await track('正在导入上报包', (onProgress) => api.importPackage(path, true, onProgress));
    }
    const notes = plan.notes.length ? `。${plan.notes.join('；')}` : '';
    toast(`已导入${plan.branch} ${plan.year} 年度上报包：党员 ${plan.members} 人，组织生活 ${plan.activities} 次${notes}`);
    shown = plan.year;
    years.value = String(shown);
    await load();
  }).catch(() => { /* the core's message is on screen; nothing was written */ }) }, '导入上报包…');
  const card = h('div', { class: 'card', id: 'college-packages' },
    h('div', { class: 'card-title' }, '支部上报', years, take),
    h('p', { class: 'muted small', text: '各支部在自己的台账中导出上报包（报表 → 支部上报包），交党委导入。导入前逐行核验：导出后被改动、增删或替换的上报包不会导入。同一支部同一年度再次上报时，以新包替换旧包，不会重复计算。' }),
    body);
  root.append(card);
  load();
  return card;
}

/** “2026-11-26T09:30:05+08:00” → “2026-11-26 09:30”. */
function when(stamp) {
  return stamp ? stamp.replace('T', ' ').slice(0, 16) : '—';
}

function receivedTable(rows) {
  return table({
    rows,
    id: 'packages-table',
    empty: `${shown} 年度还没有收到支部上报包`,
    row: (r) => ({ dataset: { branch: r.branch }, title: `文件 ${r.file_name}；审计链头 ${r.head}（可与该支部台账核对）` }),
    columns: [
      { header: '支部', pin: true, key: 'branch' },
      { header: '党总支', cell: (r) => r.parent_org ?? '—' },
      { header: '年度', nowrap: true, cell: (r) => String(r.year) },
      { header: '导出时间', nowrap: true, cell: (r) => when(r.exported_at) },
      { header: '导入时间', nowrap: true, cell: (r) => when(r.imported_at) },
      { header: '党员', nowrap: true, cell: (r) => `${r.members} 人` },
      { header: '活动', nowrap: true, cell: (r) => `${r.activities} 次` },
    ],
  });
}

/** What the confirmation says: the package, why it asks, and what it replaces. */
function question(plan) {
  const parent = plan.parent_org ? `（${plan.parent_org}）` : '';
  const lines = [`${plan.branch}${parent} ${plan.year} 年度上报包，导出于 ${when(plan.exported_at)}：党员 ${plan.members} 人，组织生活 ${plan.activities} 次。`];
  if (plan.confirm) lines.push(`${plan.confirm}。`);
  for (const r of plan.replaces) {
    lines.push(`将替换 ${when(r.imported_at)} 导入的${r.branch} ${r.year} 年度上报包（导出于 ${when(r.exported_at)}，党员 ${r.members} 人，组织生活 ${r.activities} 次）：那份上报包带来的记录将被删除，换成这一份的。`);
  }
  return lines.join('\n\n');
}
