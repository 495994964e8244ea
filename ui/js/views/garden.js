// 园地: the 数字党建园地 kept offline. The year as twelve monthly modules (the month's activities, study
// tasks, materials, announcements and polls in one place), the extension modules as topic collections,
// and the 资讯轮值. Files are copied into the ledger's folder by the core; the window shows where.
import * as api from '../api.js';
import { confirmDialog, currentYear, field, h, monthTabs, pct, replace, select, toast, today, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { bar } from '../components/bar.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';
import * as activities from './activities.js';
import * as study from './study.js';

const SECTIONS = [['months', '月度模块'], ['modules', '扩展模块'], ['rota', '资讯轮值']];
/** Items a month's card lists before “还有 N 项”. */
const PREVIEW = 4;

let year = currentYear();
let section = 'months';
let month = null; // null: the year's twelve cards
let moduleName = null; // the extension module shown
let pending = null; // a record search found: shown and highlighted once the view is drawn

/** Shows a record search found ({kind, id, date}) where it lives: its month, module or 资讯轮值. */
export function reveal(hit) {
  year = Number(hit.date.slice(0, 4));
  month = Number(hit.date.slice(5, 7));
  section = hit.kind === 'news' ? 'rota' : 'months';
  pending = { kind: hit.kind, id: hit.id };
}

const go = (view) => document.querySelector(`nav [data-view="${view}"]`).click();

/** 2026-03-02 → 3月2日 */
export function monthDay(date) {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 本周 for a turn of a week, 本月 for a longer one. */
export function turnPeriod(turn) {
  const days = (Date.parse(turn.ends_on) - Date.parse(turn.starts_on)) / 86400000 + 1;
  return days <= 7 ? '本周' : '本月';
}

const pad = (n) => String(n).padStart(2, '0');
const sizeText = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** A date to offer in a form: today when it falls in what is shown, else the first day shown. */
function defaultDate() {
  const now = today();
  if (month) return now.startsWith(`${year}-${pad(month)}`) ? now : `${year}-${pad(month)}-01`;
  return now.startsWith(String(year)) ? now : `${year}-01-01`;
}

export async function render(root) {
  const tabs = h('div');
  const body = h('div', { id: 'garden-body' });
  let data = null;
  let turns = [];
  let newsPoints = null;
  const ctx = {
    get data() { return data; },
    reload: async () => {
      const [g, t, rules] = await Promise.all([api.gardenYear(year), api.rotaTurns(year), api.pointRuleSets()]);
      data = g;
      turns = t;
      const now = today();
      const inForce = rules.filter((s) => s.effective_from <= now).pop() ?? rules[rules.length - 1];
      newsPoints = inForce?.rules.find((r) => r.rule === 'news_item')?.points ?? null;
      locatePending();
      draw();
    },
  };

  // A resource search found may sit in an extension module rather than its month.
  function locatePending() {
    if (pending?.kind !== 'resource') return;
    const home = data.modules.find((m) => m.resources.some((r) => r.id === pending.id));
    if (home) {
      section = 'modules';
      moduleName = home.name;
    }
  }

  function draw() {
    yearPicker.value = String(year);
    replace(tabs, h('div', { class: 'tabs section-tabs', id: 'garden-sections' }, SECTIONS.map(([code, name]) =>
      h('button', { type: 'button', class: code === section ? 'tab active' : 'tab', dataset: { section: code },
        onclick: () => { section = code; draw(); } }, name))));
    body.dataset.section = section;
    if (section === 'months') replace(body, month ? monthDetail(data.months[month - 1], ctx, pickMonth) : yearGrid(data, pickMonth));
    else if (section === 'modules') replace(body, modulesSection(data, ctx, (name) => { moduleName = name; draw(); }));
    else replace(body, rotaCard(turns, newsPoints, ctx));
    body.dataset.month = month ?? '';
    highlightPending();
  }
  const pickMonth = (m) => { month = m; draw(); root.scrollTop = 0; };

  function highlightPending() {
    if (!pending) return;
    const el = body.querySelector(`[data-record="${pending.kind}-${pending.id}"]`);
    pending = null;
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('flash');
  }

  const yearPicker = yearSelect(year, (y) => { year = y; ctx.reload(); });
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '园地' }), yearPicker,
      h('div', { class: 'head-actions' },
        h('button', { type: 'button', id: 'garden-add', class: 'primary', onclick: () => addResource(ctx) }, '添加资料'),
        h('button', { type: 'button', id: 'garden-import', onclick: () => importFolder(ctx) }, '导入文件夹…'),
        h('button', { type: 'button', id: 'garden-announce', onclick: () => announce(ctx) }, '发布通知'),
        h('button', { type: 'button', id: 'garden-poll', onclick: () => createPoll(ctx) }, '发起投票'))),
    tabs, body);
  await ctx.reload();
}

// ——— The year: twelve monthly modules ———

function monthItems(m) {
  return [
    ...m.activities.map((a) => ({ date: a.date, kind: '活动', title: a.title })),
    ...m.tasks.map((t) => ({ date: t.published_on, kind: '任务', title: t.name })),
    ...m.resources.map((r) => ({ date: r.date, kind: label('resource_kinds', r.kind), title: r.title })),
    ...m.announcements.map((n) => ({ date: n.date, kind: '通知', title: n.title })),
    ...m.polls.map((p) => ({ date: p.opens_on, kind: '投票', title: p.question })),
  ].sort((a, b) => a.date.localeCompare(b.date));
}

function yearGrid(data, pick) {
  const now = today();
  return h('div', { class: 'month-grid', id: 'garden-months' }, data.months.map((m) => {
    const items = monthItems(m);
    const current = now.startsWith(`${data.year}-${pad(m.month)}`);
    const count = (n, what) => h('span', { class: n ? 'count' : 'count none' }, h('strong', { text: String(n) }), h('span', { text: what }));
    return h('div', { class: current ? 'card month-card current' : 'card month-card', dataset: { month: m.month },
      role: 'button', tabindex: '0', title: `打开${m.month}月`,
      onclick: () => pick(m.month), onkeydown: (e) => { if (e.key === 'Enter') pick(m.month); } },
    h('div', { class: 'card-title' }, `${m.month}月`, current ? h('span', { class: 'badge ok', text: '本月' }) : null),
    h('div', { class: 'month-counts' },
      count(m.activities.length, '活动'), count(m.tasks.length, '任务'), count(m.resources.length, '资料'),
      count(m.announcements.length, '通知'), count(m.polls.length, '投票')),
    items.length ? h('ul', { class: 'month-items' },
      items.slice(0, PREVIEW).map((i) => h('li', { title: i.title }, h('span', { class: 'item-kind', text: i.kind }), i.title)),
      items.length > PREVIEW ? h('li', { class: 'muted more', text: `还有 ${items.length - PREVIEW} 项` }) : null)
      : h('p', { class: 'muted small month-empty', text: '暂无内容' }));
  }));
}

// ——— One month ———

function monthDetail(m, ctx, pick) {
  const { data } = ctx;
  // An empty part of the month is one line: its title and what is missing.
  const block = (id, title, rows, unit, empty, action, content) => (rows.length
    ? h('div', { class: 'card', id }, h('div', { class: 'card-title' }, title, h('span', { class: 'muted', text: `${rows.length} ${unit}` }), action), content())
    : h('div', { class: 'card empty-part', id }, h('div', { class: 'card-title' }, title, h('span', { class: 'muted', text: empty }), action)));
  const add = (text, onclick) => h('button', { type: 'button', class: 'small', onclick }, text);
  return [
    monthTabs(m.month, pick, '全年'),
    block('garden-activities', `${m.month}月 组织生活`, m.activities, '次', '本月没有组织生活记录', null, () => table({
      rows: [...m.activities].sort((a, b) => a.date.localeCompare(b.date)),
      className: 'clickable',
      row: (a) => ({ dataset: { record: `activity-${a.id}` }, onclick: () => { activities.reveal({ id: a.id, date: a.date }); go('activities'); } }),
      columns: [
        { header: '日期', nowrap: true, key: 'date' },
        { header: '主题', pin: true, class: 'title', cell: (a) => h('strong', { text: a.title }) },
        { header: '类型', cell: (a) => a.kinds.map((k) => h('span', { class: 'chip', text: label('activity_kinds', k) })) },
        { header: '出席率', nowrap: true, cell: (a) => pct(a.rate) },
        { header: '材料', nowrap: true, cell: (a) => (a.attachment_count ? `附件 ${a.attachment_count}` : '') },
      ],
    })),
    block('garden-tasks', '学习任务', m.tasks, '项', '本月没有发布学习任务', null, () => table({
      rows: m.tasks,
      className: 'clickable',
      row: (t) => ({ dataset: { record: `task-${t.id}` }, onclick: () => { study.reveal({ id: t.id, date: t.published_on }); go('study'); } }),
      columns: [
        { header: '发布', nowrap: true, key: 'published_on' },
        { header: '任务名称', pin: true, class: 'title', cell: (t) => h('strong', { text: t.name }) },
        { header: '类别', nowrap: true, key: 'category' },
        { header: '完成', nowrap: true, cell: (t) => `${t.completed}/${t.required}　${pct(t.completion_rate)}` },
      ],
    })),
    block('garden-resources', '资料', m.resources, '份', '本月还没有资料：可添加文件或链接，或导入一个文件夹',
      add('添加资料', () => addResource(ctx, { date: defaultDate() })),
      () => resourceTable(m.resources, ctx, '')),
    block('garden-announcements', '通知公告', m.announcements, '条', '本月没有通知',
      add('发布通知', () => announce(ctx)),
      () => h('div', {}, m.announcements.map((n) => announcementBlock(n, m, ctx)))),
    block('garden-polls', '投票', m.polls, '项', '本月没有投票',
      add('发起投票', () => createPoll(ctx)),
      () => h('div', {}, m.polls.map((p) => pollBlock(p, ctx)))),
    data.modules.length ? h('p', { class: 'muted small', text: '归入扩展模块的资料不在月度模块中列出，见“扩展模块”。' }) : null,
  ];
}

/** What a resource belongs to, found in the year shown (an activity, a task or an announcement). */
function attachedTo(r, data) {
  const find = (key, id) => data.months.flatMap((m) => m[key]).find((x) => x.id === id);
  if (r.activity_id) {
    const a = find('activities', r.activity_id);
    return h('button', { type: 'button', class: 'link', onclick: () => { activities.reveal({ id: r.activity_id, date: a ? a.date : r.date }); go('activities'); } },
      a ? `活动：${monthDay(a.date)} ${a.title}` : '所属活动');
  }
  if (r.task_id) {
    const t = find('tasks', r.task_id);
    return h('button', { type: 'button', class: 'link', onclick: () => { study.reveal({ id: r.task_id, date: t ? t.published_on : r.date }); go('study'); } },
      t ? `学习任务：${t.name}` : '所属学习任务');
  }
  if (r.announcement_id) {
    const n = find('announcements', r.announcement_id);
    return h('span', { text: n ? `通知：${n.title}` : '通知附件' });
  }
  return '';
}

/** Where a resource is: the copy in the ledger's folder or its link, with 打开 (the system's program). */
function whereCell(r) {
  const open = h('button', { type: 'button', class: 'link', dataset: { action: 'open' },
    onclick: () => api.openResource(r.id) }, r.file_name ? '打开' : '打开链接');
  if (r.file_name) {
    return [h('div', { class: 'nowrap' }, r.file_name, h('span', { class: 'muted small', text: `　${sizeText(r.size ?? 0)}` }),
      r.has_text ? h('span', { class: 'badge ok', title: '文件中的文字可以搜索', text: '全文可搜' }) : null, open),
    r.path ? h('div', { class: 'path mono', title: '台账文件夹中的副本', text: r.path }) : null];
  }
  return r.link ? [h('div', { class: 'path mono', text: r.link }), open] : '';
}

function resourceTable(rows, ctx, empty) {
  return table({
    rows,
    empty,
    className: 'resource-table',
    row: (r) => ({ dataset: { record: `resource-${r.id}` } }),
    columns: [
      { header: '日期', nowrap: true, key: 'date' },
      { header: '类型', nowrap: true, cell: (r) => h('span', { class: 'chip', text: label('resource_kinds', r.kind) }) },
      { header: '标题', pin: true, class: 'title', cell: (r) => [h('strong', { text: r.title }),
        r.summary ? h('div', { class: 'muted small summary', text: r.summary }) : null,
        r.tags.length ? h('div', {}, r.tags.map((t) => h('span', { class: 'tag', text: t }))) : null] },
      { header: '来源', class: 'source', cell: (r) => r.source ?? '' },
      { header: '文件或链接', class: 'where', cell: whereCell },
      { header: '所属', cell: (r) => attachedTo(r, ctx.data) },
      { header: '', class: 'actions', cell: (r) => h('button', { type: 'button', class: 'link danger', onclick: async () => {
        const copy = r.file_name ? '台账文件夹中的文件副本会一并删除，' : '';
        if (!(await confirmDialog('删除资料', `删除“${r.title}”？${copy}此操作不能撤销。`, '删除'))) return;
        await api.removeResource(r.id);
        toast('资料已删除');
        ctx.reload();
      } }, '删除') },
    ],
  });
}

function announcementBlock(n, m, ctx) {
  const files = m.resources.filter((r) => r.announcement_id === n.id);
  return h('div', { class: 'notice', dataset: { record: `announcement-${n.id}` } },
    h('div', { class: 'notice-head' }, h('span', { class: 'muted nowrap', text: n.date }), h('strong', { text: n.title }),
      h('button', { type: 'button', class: 'link danger', onclick: async () => {
        const more = n.attachments ? `及其 ${n.attachments} 份附件` : '';
        if (!(await confirmDialog('删除通知', `删除通知“${n.title}”${more}？此操作不能撤销。`, '删除'))) return;
        await api.removeAnnouncement(n.id);
        toast('通知已删除');
        ctx.reload();
      } }, '删除')),
    n.body ? h('p', { class: 'notice-body', text: n.body }) : null,
    n.attachments ? h('div', { class: 'muted small' }, `附件 ${n.attachments} 份：`,
      files.map((f) => h('span', { class: 'tag', title: f.path ?? '', text: f.file_name ?? f.title }))) : null);
}

// ——— Polls ———

function pollState(p) {
  const now = today();
  if (now < p.opens_on) return ['未开始', 'badge'];
  if (p.closes_on && p.closes_on < now) return ['已截止', 'badge'];
  if (p.closes_on === now) return ['今日截止', 'badge warn'];
  return ['进行中', 'badge ok'];
}

function pollBlock(p, ctx) {
  const [state, stateClass] = pollState(p);
  const total = p.options.reduce((s, o) => s + o.votes, 0);
  const most = Math.max(1, ...p.options.map((o) => o.votes));
  const rows = p.options.flatMap((o) => {
    const recorded = o.votes - (o.counted ?? 0);
    const parts = [o.counted !== null && o.counted !== undefined ? `统计 ${o.counted}` : null, recorded && o.counted !== null && o.counted !== undefined ? `记名 ${recorded}` : null].filter(Boolean);
    return [
      h('span', { class: 'poll-label', text: o.label }),
      bar(o.votes / most, { className: 'poll-bar' }),
      h('span', { class: 'poll-count', dataset: { option: o.label } }, h('strong', { text: `${o.votes} 票` }),
        !p.multiple && total ? h('span', { class: 'muted', text: ` ${pct(o.votes / total)}` }) : null,
        parts.length ? h('span', { class: 'muted small', text: `（${parts.join('，')}）` }) : null),
      o.voters.length ? h('span', { class: 'poll-voters muted small', text: `投票人：${o.voters.join('、')}` }) : null,
    ];
  });
  const dates = `${p.opens_on} 起${p.closes_on ? `，${p.closes_on} 截止` : '，未定截止日期'}`;
  const act = (action, text, onclick, cls = 'link') => h('button', { type: 'button', class: cls, dataset: { action }, onclick }, text);
  return h('div', { class: 'poll', dataset: { record: `poll-${p.id}`, pollId: p.id } },
    h('div', { class: 'poll-head' }, h('strong', { class: 'poll-question', text: p.question }),
      h('span', { class: 'badge', text: p.multiple ? '多选' : '单选' }), h('span', { class: stateClass, text: state })),
    h('div', { class: 'muted small', text: `${dates}　已记名投票 ${p.voted} 人，开始当日在册 ${p.eligible} 人` }),
    h('div', { class: 'poll-options' }, rows),
    h('div', { class: 'poll-actions' },
      act('vote', '记录投票…', () => votePoll(p, ctx)),
      act('count', '录入统计票数…', () => countPoll(p, ctx)),
      state === '已截止' ? null : act('close', '截止投票…', () => closePoll(p, ctx)),
      act('remove', '删除', async () => {
        if (!(await confirmDialog('删除投票', `删除投票“${p.question}”及全部投票结果？此操作不能撤销。`, '删除'))) return;
        await api.removePoll(p.id);
        toast('投票已删除');
        ctx.reload();
      }, 'link danger')));
}

/** A date inside the poll's open days: today when it can be, else the nearest end. */
function pollDate(p) {
  const now = today();
  if (now < p.opens_on) return p.opens_on;
  if (p.closes_on && now > p.closes_on) return p.closes_on;
  return now;
}

async function votePoll(p, ctx) {
  const members = await loadMembers();
  const type = p.multiple ? 'checkbox' : 'radio';
  formDialog({
    title: `记录投票：${p.question}`,
    id: 'vote-form',
    saveId: 'vote-save',
    fields: [
      field('党员', memberPicker('member_id', members, null, { empty: '请选择' }), { required: true }),
      field('投票日期', dateField('date', pollDate(p)), { hint: '须在投票开放期间；同一人再投会替换原来的选择' }),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label' }, p.multiple ? '选择（可多选）' : '选择（单选）', h('em', { text: ' *' })),
        h('div', { class: 'kind-boxes', id: 'vote-choices' }, p.options.map((o) =>
          h('label', { class: 'kind' }, h('input', { type, name: 'choice', value: o.label }), o.label)))),
    ],
    save: async (v, form) => {
      const choices = [...form.querySelectorAll('input[name=choice]:checked')].map((c) => c.value);
      if (!v.member_id) {
        toast('请选择投票的党员', true);
        return false;
      }
      if (!choices.length) {
        toast('请至少选择一个选项', true);
        return false;
      }
      await api.votePoll(p.id, v.member_id, choices, v.date);
      toast('投票已记录');
      ctx.reload();
    },
  });
}

function countPoll(p, ctx) {
  formDialog({
    title: `录入统计票数：${p.question}`,
    id: 'count-form',
    saveId: 'count-save',
    fields: [
      h('p', { class: 'muted small span-2', text: '线下纸质投票或平台上统计的票数，按选项填写；与记名投票相加计入结果。清空一项即撤销该项的统计。' }),
      p.options.map((o) => field(o.label, h('input', { type: 'number', min: '0', step: '1', name: `count-${o.id}`, value: o.counted ?? '' }))),
    ],
    save: async (v) => {
      const changed = p.options.filter((o) => (v[`count-${o.id}`] ?? null) !== (o.counted ?? null));
      for (const o of changed) await api.countPoll(p.id, o.label, v[`count-${o.id}`]);
      toast(changed.length ? '统计票数已保存' : '票数没有变化');
      ctx.reload();
    },
  });
}

function closePoll(p, ctx) {
  formDialog({
    title: `截止投票：${p.question}`,
    saveText: '截止投票',
    fields: [field('截止日期', dateField('date', today() < p.opens_on ? p.opens_on : today()), { required: true, hint: '截止日当天仍可记录投票' })],
    save: async (v) => {
      await api.closePoll(p.id, v.date ?? '');
      toast('投票已截止');
      ctx.reload();
    },
  });
}

function createPoll(ctx) {
  const rows = h('div', { class: 'option-rows', id: 'poll-options' });
  const addRow = (value = '') => {
    const row = h('div', { class: 'option-row' },
      h('input', { class: 'poll-option', value, placeholder: `选项 ${rows.children.length + 1}` }),
      h('button', { type: 'button', class: 'link danger', title: '删除此选项', onclick: () => {
        if (rows.children.length > 2) row.remove();
        else toast('投票至少需要两个选项', true);
      } }, '删除'));
    rows.append(row);
    return row;
  };
  addRow();
  addRow();
  formDialog({
    title: '发起投票',
    id: 'poll-form',
    saveId: 'poll-save',
    fields: [
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label' }, '问题', h('em', { text: ' *' })),
        h('input', { name: 'question', placeholder: '例如 下月主题党日的学习主题' })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label' }, '选项', h('em', { text: ' *' })), rows,
        h('button', { type: 'button', class: 'small add-option', id: 'poll-add-option', onclick: () => addRow().querySelector('input').focus() }, '添加选项')),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '方式' }),
        h('div', { class: 'kind-boxes' },
          h('label', { class: 'kind' }, h('input', { type: 'radio', name: 'multiple', value: 'single', checked: true }), '单选'),
          h('label', { class: 'kind' }, h('input', { type: 'radio', name: 'multiple', value: 'multiple' }), '多选'))),
      field('开始日期', dateField('opens_on', defaultDate()), { required: true }),
      field('截止日期', dateField('closes_on', '', { placeholder: '可不填' })),
    ],
    save: async (v, form) => {
      const poll = await api.createPoll({
        question: v.question ?? '',
        options: [...rows.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean),
        multiple: form.querySelector('input[name=multiple]:checked').value === 'multiple',
        opens_on: v.opens_on ?? '',
        closes_on: v.closes_on,
      });
      toast(`已发起投票：${poll.question}`);
      year = Number(poll.opens_on.slice(0, 4));
      month = Number(poll.opens_on.slice(5, 7));
      section = 'months';
      pending = { kind: 'poll', id: poll.id };
      ctx.reload();
    },
  });
}

// ——— Adding materials ———

/** The year's activities and tasks, newest first, as `a:ID` / `t:ID` options for “所属”. */
function ownerOptions(data) {
  const acts = data.months.flatMap((m) => m.activities).sort((a, b) => b.date.localeCompare(a.date));
  const tasks = data.months.flatMap((m) => m.tasks).sort((a, b) => b.published_on.localeCompare(a.published_on));
  const el = h('select', { name: 'owner' }, h('option', { value: '' }, '不属于某次活动或任务'));
  if (acts.length) el.append(h('optgroup', { label: '组织生活' }, acts.map((a) => h('option', { value: `a:${a.id}` }, `${a.date} ${a.title}`))));
  if (tasks.length) el.append(h('optgroup', { label: '学习任务' }, tasks.map((t) => h('option', { value: `t:${t.id}` }, `${t.published_on} ${t.name}`))));
  return el;
}

const moduleOptions = (data) => data.modules.map((m) => ({ value: m.name, label: m.name }));

function addResource(ctx, preset = {}) {
  const { data } = ctx;
  let file = null;
  const fileName = h('span', { class: 'muted file-chosen', text: '未选择文件' });
  const pickFile = h('button', { type: 'button', id: 'resource-pick-file', onclick: async () => {
    const path = await api.dialog.open({ multiple: false, title: '选择资料文件' });
    if (!path) return;
    file = path;
    fileName.textContent = path.split(/[\\/]/).pop();
    fileName.title = path;
    const title = dlg.form.querySelector('[name=title]');
    if (!title.value.trim()) title.value = fileName.textContent.replace(/\.[^.]+$/, '');
  } }, '选择文件…');
  const link = h('input', { name: 'link', placeholder: 'https://…' });
  const fileRow = h('div', { class: 'file-row' }, pickFile, fileName);
  const useLink = (on) => {
    fileRow.classList.toggle('hidden', on);
    link.classList.toggle('hidden', !on);
  };
  const sourceChoice = h('div', { class: 'kind-boxes' },
    h('label', { class: 'kind' }, h('input', { type: 'radio', name: 'carrier', value: 'file', checked: true, onchange: () => useLink(false) }), '文件（复制进台账）'),
    h('label', { class: 'kind' }, h('input', { type: 'radio', name: 'carrier', value: 'link', onchange: () => useLink(true) }), '链接'));
  useLink(false);
  const inModule = preset.module ?? (section === 'modules' ? moduleName : null);
  const dlg = formDialog({
    title: '添加资料',
    id: 'resource-form',
    saveId: 'resource-save',
    wide: false,
    fields: [
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label' }, '标题', h('em', { text: ' *' })), h('input', { name: 'title' })),
      field('类型', select('kind', options('resource_kinds'), '', { empty: '自动（按文件判断）' })),
      field('模块', select('module', moduleOptions(data), inModule ?? '', { empty: '当月模块（按日期）' })),
      field('日期', dateField('date', preset.date ?? defaultDate()), { required: true }),
      field('来源', h('input', { name: 'source', placeholder: '例如 学习强国、人民网、学院党总支' })),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '摘要' }), h('textarea', { name: 'summary', rows: 2 })),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '标签' }), h('input', { name: 'tags', placeholder: '用“、”分隔，例如 党史、微党课' })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label' }, '文件或链接', h('em', { text: ' *' })), sourceChoice, fileRow, link),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '所属' }), ownerOptions(data)),
    ],
    save: async (v, form) => {
      const asLink = form.querySelector('input[name=carrier]:checked').value === 'link';
      const [ownerKind, ownerId] = (v.owner ?? '').split(':');
      await api.addResource({
        title: v.title ?? '', kind: v.kind, module: v.module, date: v.date ?? '', source: v.source,
        summary: v.summary, tags: v.tags, link: asLink ? v.link : null, file: asLink ? null : file,
        activity_id: ownerKind === 'a' ? Number(ownerId) : null,
        task_id: ownerKind === 't' ? Number(ownerId) : null,
        announcement_id: null,
      });
      toast(asLink || !file ? '资料已添加' : '资料已添加，文件已复制到台账文件夹');
      ctx.reload();
    },
  });
}

async function importFolder(ctx) {
  const dir = await api.dialog.open({ directory: true, multiple: false, title: '选择要导入的文件夹' });
  if (!dir) return;
  const inModule = section === 'modules' ? moduleName : '';
  formDialog({
    title: '导入文件夹',
    saveText: '导入',
    id: 'import-folder-form',
    fields: [
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '文件夹' }), h('span', { class: 'mono path', text: dir })),
      field('模块', select('module', moduleOptions(ctx.data), inModule, { empty: '当月模块（按日期）' })),
      field('日期', dateField('date', '', { placeholder: '可不填' }), { hint: '文件名以日期开头的按该日期；其余用这里的日期，不填则用文件的修改日期' }),
    ],
    save: async (v) => {
      const r = await api.importResourceFolder(dir, v.date, v.module);
      const again = r.unchanged ? `，${r.unchanged} 份已在台账中` : '';
      toast(`已导入 ${r.created} 份资料${again}；其中 ${r.searchable} 份的文字可以搜索`);
      ctx.reload();
    },
  });
}

function announce(ctx) {
  const files = [];
  const list = h('ul', { class: 'plain-list' });
  const drawFiles = () => replace(list, files.map((f, i) => h('li', {}, h('span', { text: f.split(/[\\/]/).pop(), title: f }),
    h('button', { type: 'button', class: 'link danger', onclick: () => { files.splice(i, 1); drawFiles(); } }, '移除'))));
  formDialog({
    title: '发布通知',
    id: 'announce-form',
    saveId: 'announce-save',
    fields: [
      field('日期', dateField('date', defaultDate()), { required: true }),
      field('标题', h('input', { name: 'title' }), { required: true }),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '正文' }), h('textarea', { name: 'body', rows: 5 })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '附件（可不添加）' }), list,
        h('div', {}, h('button', { type: 'button', class: 'small', onclick: async () => {
          const picked = await api.dialog.open({ multiple: true, title: '选择通知附件' });
          if (!picked) return;
          files.push(...(Array.isArray(picked) ? picked : [picked]).filter((p) => !files.includes(p)));
          drawFiles();
        } }, '添加附件…'))),
    ],
    save: async (v) => {
      await api.announce(v.date ?? '', v.title ?? '', v.body, files);
      toast(files.length ? `通知已发布，${files.length} 份附件已复制到台账文件夹` : '通知已发布');
      ctx.reload();
    },
  });
}

// ——— Extension modules ———

function modulesSection(data, ctx, pick) {
  if (!data.modules.length) {
    return h('div', { class: 'card' }, h('p', { class: 'muted', text: '还没有扩展模块。可在“设置 › 园地扩展模块”中添加，例如 党建基础知识、先锋模范。' }));
  }
  const current = data.modules.find((m) => m.name === moduleName) ?? data.modules[0];
  return [
    h('div', { class: 'tabs', id: 'garden-module-tabs' }, data.modules.map((m) =>
      h('button', { type: 'button', class: m === current ? 'tab active' : 'tab', dataset: { module: m.name }, onclick: () => pick(m.name) },
        `${m.name} ${m.resources.length}`))),
    h('div', { class: 'card', id: 'garden-module' },
      h('div', { class: 'card-title' }, current.name, h('span', { class: 'muted', text: `${data.year} 年 ${current.resources.length} 份资料` }),
        h('button', { type: 'button', class: 'small', onclick: () => addResource(ctx, { module: current.name }) }, '添加到此模块')),
      resourceTable(current.resources, ctx, `${data.year} 年“${current.name}”中还没有资料。`),
      h('p', { class: 'muted small', text: '扩展模块是按专题收集的资料，可在“设置 › 园地扩展模块”中增删。' })),
  ];
}

// ——— 资讯轮值 ———

function rotaCard(turns, newsPoints, ctx) {
  const now = today();
  const rule = newsPoints === null ? '按积分规则' : `计 ${newsPoints > 0 ? '+' : ''}${newsPoints} 分`;
  return h('div', { class: 'card', id: 'garden-rota' },
    h('div', { class: 'card-title' }, '资讯轮值', h('span', { class: 'muted', text: `${year} 年 ${turns.length} 期` }),
      h('span', { class: 'title-actions' },
        h('button', { type: 'button', class: 'small', id: 'rota-deal', onclick: () => dealRota(ctx) }, '排轮值…'),
        h('button', { type: 'button', class: 'small', id: 'rota-clear', onclick: () => clearRota(ctx) }, '清除未采集的轮值…'))),
    h('p', { class: 'muted small', text: `轮值人负责采集科技动态、国之工匠、大国重器等资讯。每采集一条${rule}（积分规则“资讯轮值采集一条”，默认 +1 分，可在设置中修改）。排轮值按在册党员轮流：人人轮到一次后才轮第二次。` }),
    table({
      rows: turns,
      id: 'rota-table',
      empty: `${year} 年还没有排资讯轮值。点击“排轮值”，从某天起按周或按月排定。`,
      row: (t) => ({ class: t.starts_on <= now && now <= t.ends_on ? 'current-turn' : null, dataset: { turnId: t.id, memberName: t.name } }),
      columns: [
        { header: '期间', nowrap: true, cell: (t) => [`${t.starts_on} 至 ${t.ends_on}`,
          t.starts_on <= now && now <= t.ends_on ? [' ', h('span', { class: 'badge ok', text: '本期' })] : null] },
        { header: '轮值人', pin: true, nowrap: true, cell: (t) => h('strong', { text: t.name }) },
        { header: '主题', nowrap: true, key: 'topic' },
        { header: '已采集', class: 'text', cell: (t) => (t.items.length ? h('ul', { class: 'news-items' }, t.items.map((i) =>
          h('li', { dataset: { record: `news-${i.id}` } }, h('span', { class: 'muted nowrap', text: monthDay(i.date) }), ' ', i.title,
            i.link ? h('span', { class: 'path mono', text: i.link }) : null,
            i.note ? h('span', { class: 'muted small', text: `（${i.note}）` }) : null)))
          : h('span', { class: 'muted', text: '—' })) },
        { header: '', class: 'actions', cell: (t) => h('button', { type: 'button', class: 'link', dataset: { action: 'news' }, onclick: () => addNews(t, ctx) }, '记录资讯') },
      ],
    }));
}

function dealRota(ctx) {
  formDialog({
    title: '排资讯轮值',
    id: 'rota-form',
    saveId: 'rota-save',
    saveText: '排定',
    fields: [
      field('开始日期', dateField('from', today()), { required: true }),
      field('期数', h('input', { type: 'number', name: 'count', min: '1', max: '104', step: '1', value: 4 }), { required: true }),
      field('每期', select('length', [{ value: 'week', label: '一周' }, { value: 'month', label: '一个月' }], 'week')),
      field('主题', h('input', { name: 'topic', placeholder: '可不填' }), { hint: '不填则轮流为 科技动态、国之工匠、大国重器' }),
      h('p', { class: 'muted small span-2', text: '每期轮到在册党员中轮值次数最少的人；已排的轮值不变，新的接在后面。' }),
    ],
    save: async (v) => {
      if (!Number.isInteger(v.count) || v.count < 1) {
        toast('期数：请填写正整数', true);
        return false;
      }
      const dealt = await api.dealRota(v.from ?? '', v.count, v.length, v.topic);
      const names = dealt.map((t) => t.name);
      toast(`已排 ${dealt.length} 期：${names.slice(0, 6).join('、')}${names.length > 6 ? ' 等' : ''}`);
      section = 'rota';
      ctx.reload();
    },
  });
}

function clearRota(ctx) {
  formDialog({
    title: '清除未采集的轮值',
    saveText: '清除',
    danger: true,
    fields: [
      field('从哪天起', dateField('from', today()), { required: true }),
      h('p', { class: 'muted small span-2', text: '人员变动后可清除此日起尚未采集资讯的轮值，再重新排。已采集资讯的轮值保留。' }),
    ],
    save: async (v) => {
      const from = v.from ?? '';
      if (!(await confirmDialog('清除轮值', `清除 ${from} 起尚未采集资讯的轮值？`, '清除'))) return false;
      const n = await api.clearRota(from);
      toast(n ? `已清除 ${n} 期轮值` : '没有可清除的轮值');
      ctx.reload();
    },
  });
}

function addNews(t, ctx) {
  const now = today();
  formDialog({
    title: `记录资讯：${t.name}（${t.topic}）`,
    id: 'news-form',
    saveId: 'news-save',
    fields: [
      field('日期', dateField('date', t.starts_on <= now && now <= t.ends_on ? now : t.starts_on), { required: true, hint: `本期 ${t.starts_on} 至 ${t.ends_on}` }),
      field('标题', h('input', { name: 'title' }), { required: true }),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '链接' }), h('input', { name: 'link', placeholder: 'https://…' })),
      h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '备注' }), h('input', { name: 'note' })),
    ],
    save: async (v) => {
      await api.addNewsItem(v.date ?? '', v.title ?? '', v.link, v.note);
      toast('资讯已记录');
      ctx.reload();
    },
  });
}

/** For 首页: the turn as “姓名（主题，3月2日—3月8日）”. */
export function turnText(turn) {
  return `${turn.name}（${turn.topic}，${monthDay(turn.starts_on)}—${monthDay(turn.ends_on)}）`;
}

/** For 首页: opens 园地 on its 资讯轮值. */
export function openRota() {
  section = 'rota';
  year = currentYear();
  go('garden');
}
