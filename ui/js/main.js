// The shell of the window: sidebar navigation, the open ledger's name, one view at a time.
import * as api from './api.js';
import { clear, h, toast } from './dom.js';
import { loadLabels } from './labels.js';
import * as home from './views/home.js';
import * as college from './views/college.js';
import * as members from './views/members.js';
import * as activities from './views/activities.js';
import * as calendar from './views/calendar.js';
import * as study from './views/study.js';
import * as garden from './views/garden.js';
import * as points from './views/points.js';
import * as pioneers from './views/pioneers.js';
import * as appraisal from './views/appraisal.js';
import * as talks from './views/talks.js';
import * as awards from './views/awards.js';
import * as reports from './views/reports.js';
import * as importView from './views/import.js';
import * as settings from './views/settings.js';
import * as search from './views/search.js';

// Every view, in sidebar order: a new view is its module plus one line here. `short` is what the
// collapsed sidebar shows; a `hidden` view has no button (查找 opens from the search box); a
// `several` view's button shows only while the ledger has more than one branch.
const VIEWS = [
  { name: 'home', label: '首页', short: '首页', module: home },
  { name: 'college', label: '党委', short: '党委', module: college, several: true },
  { name: 'members', label: '党员', short: '党员', module: members },
  { name: 'activities', label: '组织生活', short: '组织', module: activities },
  { name: 'calendar', label: '合规日历', short: '日历', module: calendar },
  { name: 'study', label: '学习', short: '学习', module: study },
  { name: 'garden', label: '园地', short: '园地', module: garden },
  { name: 'points', label: '积分', short: '积分', module: points },
  { name: 'pioneers', label: '先锋岗', short: '先锋', module: pioneers },
  { name: 'appraisal', label: '民主评议', short: '评议', module: appraisal },
  { name: 'talks', label: '谈心谈话', short: '谈心', module: talks },
  { name: 'awards', label: '表彰', short: '表彰', module: awards },
  { name: 'reports', label: '报表', short: '报表', module: reports },
  { name: 'import', label: '导入', short: '导入', module: importView },
  { name: 'settings', label: '设置', short: '设置', module: settings },
  { name: 'search', label: '查找', module: search, hidden: true },
];

const container = document.getElementById('view');
const nav = document.querySelector('nav');
let rendering = 0;
let showing = null; // the view being drawn or shown

for (const v of VIEWS.filter((x) => !x.hidden)) {
  nav.append(h('button', { type: 'button', dataset: { view: v.name }, title: v.label, hidden: v.several, onclick: () => show(v.name) },
    h('span', { class: 'nav-label', text: v.label }), h('span', { class: 'nav-short', text: v.short })));
}

export async function show(name) {
  const ticket = ++rendering;
  showing = name;
  if (name !== 'search') restoreRail();
  for (const b of nav.querySelectorAll('[data-view]')) b.classList.toggle('active', b.dataset.view === name);
  container.dataset.current = '';
  clear(container);
  try {
    await VIEWS.find((v) => v.name === name).module.render(container);
  } catch (err) {
    if (ticket === rendering) container.append(h('div', { class: 'card empty' }, '无法显示此页面：', err.message || String(err)));
  }
  if (ticket === rendering) container.dataset.current = name;
}

// A narrow window (a 1366×768 laptop at 125% is about 1093 CSS px wide) gets the sidebar as a rail;
// the toggle overrides that until the window crosses the width again.
const narrow = window.matchMedia('(max-width: 1199px)');
const toggle = document.getElementById('nav-toggle');
function setRail(on) {
  document.body.classList.toggle('rail', on);
  toggle.textContent = on ? '»' : '«';
  toggle.title = on ? '展开侧栏' : '收起侧栏';
  toggle.setAttribute('aria-label', toggle.title);
}
setRail(narrow.matches);
narrow.addEventListener('change', () => setRail(narrow.matches));
toggle.addEventListener('click', () => {
  openedForSearch = false;
  setRail(!document.body.classList.contains('rail'));
});

// The search box: typing searches after a pause (Enter at once; not mid-composition of an IME's
// pinyin) and shows the hits in the 查找 view. On the rail the box is a button that opens the
// sidebar for the search, and the rail comes back once a hit or another view is chosen.
const searchBox = document.getElementById('search-box');
let searchTimer;
let openedForSearch = false;
function searchNow() {
  clearTimeout(searchTimer);
  if (showing === 'search') search.run(searchBox.value);
  else if (searchBox.value.trim()) {
    search.setQuery(searchBox.value);
    show('search');
  }
}
searchBox.addEventListener('input', (e) => {
  clearTimeout(searchTimer);
  if (!e.isComposing) searchTimer = setTimeout(searchNow, 200);
});
searchBox.addEventListener('compositionend', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(searchNow, 200);
});
searchBox.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.isComposing) searchNow();
  else if (e.key === 'Escape') {
    searchBox.value = '';
    searchNow();
  }
});
function focusSearch() {
  if (document.body.classList.contains('rail')) {
    openedForSearch = true;
    setRail(false);
  }
  searchBox.focus();
  searchBox.select();
}
function restoreRail() {
  if (!openedForSearch) return;
  openedForSearch = false;
  setRail(narrow.matches);
}
document.getElementById('search-open').addEventListener('click', focusSearch);
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && (e.key === 'f' || e.key === 'k') && !document.querySelector('.backdrop')) {
    e.preventDefault();
    focusSearch();
  }
});

export async function refreshHeader() {
  try {
    const info = await api.ledgerInfo();
    const branch = info.branches.find((b) => b.id === info.branch_id);
    document.getElementById('branch-name').textContent = branch ? branch.name : '—';
    document.querySelector('.brand').title = branch ? branch.name : '';
    document.getElementById('ledger-path').textContent = info.path;
    for (const v of VIEWS.filter((x) => x.several)) {
      nav.querySelector(`[data-view="${v.name}"]`).hidden = info.branches.length < 2;
    }
    return info;
  } catch {
    document.getElementById('branch-name').textContent = '未打开台账';
    return null;
  }
}

// 党委 announces a branch chosen there: the sidebar names it, the view stays.
window.addEventListener('zhibu:branch-changed', refreshHeader);

// Settings announces a switched ledger or branch: re-read everything.
window.addEventListener('zhibu:ledger-changed', async () => {
  await refreshHeader();
  await show('settings');
});

(async () => {
  try {
    await loadLabels();
  } catch {
    toast('无法读取程序数据', true);
  }
  const info = await refreshHeader();
  await show(info ? 'home' : 'settings');
})();
