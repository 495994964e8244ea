// 查找: the sidebar's box searches everything the ledger holds in words (activities, tasks, 心得,
// discussions, 园地 materials and the text inside their files, announcements, polls, news); the hits
// show here, best first, their matches marked. A hit opens where its record lives.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { label } from '../labels.js';
import * as activities from './activities.js';
import * as garden from './garden.js';
import * as study from './study.js';

let query = '';
let results = null; // the box hits are drawn into while this view shows
let ticket = 0;

const go = (view) => document.querySelector(`nav [data-view="${view}"]`).click();

/**
 * `text` with the character ranges `marks` ([start, end) in characters, as the core counts them:
 * code points, hence Array.from) wrapped in <mark>, as nodes: nothing is parsed as HTML.
 */
export function marked(text, marks) {
  const chars = Array.from(text);
  const out = [];
  let at = 0;
  for (const [start, end] of marks) {
    const s = Math.max(start, at);
    const e = Math.min(end, chars.length);
    if (e <= s) continue;
    if (s > at) out.push(chars.slice(at, s).join(''));
    out.push(h('mark', { text: chars.slice(s, e).join('') }));
    at = e;
  }
  if (at < chars.length) out.push(chars.slice(at).join(''));
  return out;
}

/** Opens a hit's record in its own view. */
function open(hit) {
  switch (hit.kind) {
    case 'activity':
      activities.reveal({ id: hit.id, date: hit.date });
      return go('activities');
    case 'attachment':
      activities.reveal({ date: hit.date, attachment: hit.title });
      return go('activities');
    case 'task':
      study.reveal({ id: hit.id, date: hit.date });
      return go('study');
    case 'reflection':
    case 'discussion':
      // 心得 and discussions have no page of their own: 学习 of their year is where they belong.
      study.reveal({ date: hit.date });
      return go('study');
    default:
      garden.reveal(hit);
      return go('garden');
  }
}

function hitRow(hit) {
  return h('li', {},
    h('button', { type: 'button', class: 'search-hit', dataset: { kind: hit.kind, id: hit.id }, onclick: () => open(hit) },
      h('span', { class: 'hit-meta' }, h('span', { class: 'chip', text: label('record_kinds', hit.kind) }),
        h('span', { class: 'muted nowrap', text: hit.date })),
      h('span', { class: 'hit-title' }, marked(hit.title, hit.title_marks)),
      hit.snippet ? h('span', { class: 'hit-snippet' }, marked(hit.snippet, hit.marks)) : null));
}

/** Searches for `q` and shows the hits, if the view is showing; the latest query wins. */
export async function run(q) {
  query = q.trim();
  if (!results || !results.isConnected) return;
  const mine = ++ticket;
  const head = document.getElementById('search-query');
  if (!query) {
    if (head) head.textContent = '';
    replace(results, h('p', { class: 'muted empty', text: '在左上角的搜索框输入字词（两个字即可，例如“党建”），查找组织生活、学习任务、心得体会、讨论、园地资料（含文件中的文字）、通知、投票和资讯。' }));
    return;
  }
  results.setAttribute('aria-busy', 'true');
  let hits;
  try {
    hits = await api.searchLedger(query);
  } catch (err) {
    if (mine !== ticket) return;
    results.removeAttribute('aria-busy');
    replace(results, h('p', { class: 'error-text', id: 'search-error', text: err.message }));
    return;
  }
  if (mine !== ticket) return;
  results.removeAttribute('aria-busy');
  if (head) head.textContent = hits.length >= 50 ? `“${query}”：最相关的 50 条` : `“${query}”：${hits.length} 条`;
  replace(results, hits.length ? h('ul', { class: 'search-hits' }, hits.map(hitRow))
    : h('p', { class: 'muted empty', id: 'search-empty', text: `没有找到“${query}”。可换一个词，或少写几个字。` }));
}

export async function render(root) {
  results = h('div', { class: 'card', id: 'search-results' });
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '查找' }), h('span', { class: 'muted', id: 'search-query' })), results);
  await run(query);
}

/** The query the view shows when it is drawn next. */
export function setQuery(q) {
  query = q.trim();
}
