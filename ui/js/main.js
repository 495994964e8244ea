// The shell of the window: sidebar navigation, the open ledger's name, one view at a time.
import * as api from './api.js';
import { clear, h, toast } from './dom.js';
import { loadLabels } from './labels.js';
import * as home from './views/home.js';
import * as members from './views/members.js';
import * as activities from './views/activities.js';
import * as study from './views/study.js';
import * as points from './views/points.js';
import * as pioneers from './views/pioneers.js';
import * as importView from './views/import.js';
import * as reports from './views/reports.js';
import * as settings from './views/settings.js';

const views = { home, members, activities, study, points, pioneers, reports, import: importView, settings };
const container = document.getElementById('view');
let rendering = 0;

export async function show(name) {
  const ticket = ++rendering;
  for (const b of document.querySelectorAll('nav [data-view]')) b.classList.toggle('active', b.dataset.view === name);
  container.dataset.current = '';
  clear(container);
  try {
    await views[name].render(container);
  } catch (err) {
    if (ticket === rendering) container.append(h('div', { class: 'card empty' }, '无法显示此页面：', err.message || String(err)));
  }
  if (ticket === rendering) container.dataset.current = name;
}

export async function refreshHeader() {
  try {
    const info = await api.ledgerInfo();
    const branch = info.branches.find((b) => b.id === info.branch_id);
    document.getElementById('branch-name').textContent = branch ? branch.name : '—';
    document.getElementById('ledger-path').textContent = info.path;
    return info;
  } catch {
    document.getElementById('branch-name').textContent = '未打开台账';
    return null;
  }
}

// Settings announces a switched ledger or branch: re-read everything.
window.addEventListener('zhibu:ledger-changed', async () => {
  await refreshHeader();
  await show('settings');
});

for (const b of document.querySelectorAll('nav [data-view]')) {
  b.addEventListener('click', () => show(b.dataset.view));
}

(async () => {
  try {
    await loadLabels();
  } catch {
    toast('无法读取程序数据', true);
  }
  const info = await refreshHeader();
  await show(info ? 'home' : 'settings');
})();
