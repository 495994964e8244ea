// 组织生活: activities by month, and the meeting record with a one-click roll call. 应到 comes from
// the core (the roll on the date for the kinds chosen); the counters here only mirror the clicks, and
// a 党员大会's verdict (quorum, election, vote) is the core's, asked again as the counts change.
import * as api from '../api.js';
import { confirmDialog, currentYear, field, formValues, h, monthTabs, num, pct, replace, select, toast, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { rateBar } from '../components/bar.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { pager, table } from '../components/table.js';

let year = currentYear();
let month = new Date().getMonth() + 1;
let pending = null; // an activity found elsewhere (search, 园地), opened once its month is drawn
/** Roll-call rows drawn at once. */
const ROLL_PAGE = 100;

/**
 * Opens an activity when the view shows next: by `id`, or (an attachment search found) the activity
 * on `date` holding the file named `attachment`.
 */
export function reveal({ id, date, attachment }) {
  year = Number(date.slice(0, 4));
  month = Number(date.slice(5, 7));
  pending = { id, date, attachment };
}

export async function render(root) {
  const listBox = h('div', { class: 'card' });
  const tabs = h('div');
  const reload = async () => {
    replace(tabs, monthTabs(month, (m) => { month = m; reload(); }));
    const list = await api.listActivities(year, month);
    replace(listBox, activityTable(list, reload));
    return list;
  };
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '组织生活' }),
      yearSelect(year, (y) => { year = y; reload(); }),
      h('button', { type: 'button', id: 'activity-add', class: 'primary', onclick: () => openEditor(null, reload) }, '新增活动')),
    tabs, listBox);
  const list = await reload();
  if (pending) await openPending(list, reload);
}

async function openPending(list, reload) {
  const { id, date, attachment } = pending;
  pending = null;
  let found = id;
  if (!found) {
    // An attachment's hit names its file and date, not its activity: look among that day's.
    for (const a of list.filter((x) => x.date === date && x.attachment_count)) {
      if ((await api.getActivity(a.id)).attachments.some((f) => f.file_name === attachment)) { found = a.id; break; }
    }
  }
  if (found) openEditor(found, reload);
}

function activityTable(list, reload) {
  return table({
    rows: list,
    className: 'clickable',
    empty: '这段时间还没有组织生活记录',
    row: (a) => ({ dataset: { activityId: a.id }, onclick: () => openEditor(a.id, reload) }),
    columns: [
      { header: '日期', nowrap: true, key: 'date' },
      { header: '主题', pin: true, class: 'title', cell: (a) => [h('strong', { text: a.title }),
        a.group_name ? h('span', { class: 'muted small nowrap', text: ` ${a.group_name}` }) : null] },
      { header: '类型', cell: (a) => a.kinds.map((k) => h('span', { class: 'chip', text: label('activity_kinds', k) })) },
      { header: '地点', class: 'text', key: 'location' },
      { header: '主持人', nowrap: true, key: 'host_name' },
      { header: '应到/实到', nowrap: true, cell: (a) => `${a.expected} / ${a.present}` },
      { header: '出席率', nowrap: true, cell: (a) => rateBar(a.rate) },
      { header: '学时', nowrap: true, cell: (a) => num(a.hours) },
      { header: '附件', nowrap: true, cell: (a) => (a.attachment_count ? String(a.attachment_count) : '') },
    ],
  });
}

async function openEditor(id, reload) {
  const [activity, members, groups] = await Promise.all([
    id ? api.getActivity(id) : null,
    loadMembers({ status: 'all' }),
    api.listGroups(),
  ]);
  const a = activity || { kinds: [], form: 'offline', hours: 0 };
  const input = (name, value, attrs = {}) => h('input', { name, value: value ?? '', ...attrs });
  const kindBoxes = h('div', { class: 'kind-boxes' }, options('activity_kinds').map((k) =>
    h('label', { class: 'kind' }, h('input', { type: 'checkbox', name: 'kind', value: k.value, checked: a.kinds.includes(k.value) }), k.label)));
  const groupSelect = select('group_id', groups.map((g) => ({ value: g.id, label: g.name })), a.group_id, { empty: '（党小组会时选择）', numeric: true });
  const electionBox = h('input', { type: 'checkbox', name: 'election', checked: a.election });
  const electionField = h('label', { class: 'kind span-2 election-field' }, electionBox, '本次表决为选举（须五分之四正式党员到会）');

  // Roll-call state: member id → {status, reason}; kept across roll refreshes for those still on it.
  const marks = new Map((a.roll ? a.roll.entries : []).map((e) => [e.member_id, { status: e.status, reason: e.reason || '' }]));
  let roll = a.roll || null;
  const counters = h('div', { class: 'roll-counters' });
  const grid = h('div', { class: 'roll-grid' });
  const observerPick = h('div', { class: 'observer-pick' });

  const del = id ? h('button', { type: 'button', class: 'danger left', onclick: async () => {
    if (!(await confirmDialog('删除活动', `删除“${a.title}”及其考勤和附件？此操作不能撤销。`, '删除'))) return;
    await api.deleteActivity(id);
    dlg.close();
    toast('活动已删除');
    reload();
  } }, '删除活动') : null;

  const dlg = formDialog({
    title: id ? `组织生活：${a.title}` : '新增组织生活',
    id: 'activity-form',
    saveId: 'activity-save',
    wide: true,
    actions: [del],
    fields: [
      field('日期', dateField('date', a.date), { required: true }),
      field('主题', input('title', a.title, { placeholder: '例如 3月主题党日：学习新修订的条例' }), { required: true }),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label' }, '类型', h('em', { text: ' *' }), h('span', { class: 'muted small', text: '　可多选：一次活动可同时算作几种' })), kindBoxes),
      field('党小组', groupSelect),
      field('形式', select('form', options('form'), a.form)),
      field('开始时间', input('start_time', a.start_time, { placeholder: '14:30' })),
      field('结束时间', input('end_time', a.end_time, { placeholder: '16:30' })),
      field('地点', input('location', a.location)),
      field('学时', input('hours', a.hours ?? 0, { type: 'number', step: '0.5', min: '0', max: '24' }), { hint: '计入出席者的学时；半天 4 学时，一天 8 学时' }),
      field('主持人', memberPicker('host_id', members, a.host_id, { empty: '未填' })),
      field('记录人', memberPicker('recorder_id', members, a.recorder_id, { empty: '未填' })),
      field('主讲人', memberPicker('speaker_id', members, a.speaker_id, { empty: '同主持人' })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '议题' }), h('textarea', { name: 'agenda', rows: 2, value: a.agenda ?? '' })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '内容摘要/发言' }), h('textarea', { name: 'summary', rows: 3, value: a.summary ?? '' })),
      h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '决议' }), h('textarea', { name: 'resolution', rows: 2, value: a.resolution ?? '' })),
      electionField,
      field('表决：赞成', input('votes_yes', a.votes_yes, { type: 'number', min: '0' })),
      field('反对', input('votes_no', a.votes_no, { type: 'number', min: '0' })),
      field('弃权', input('votes_abstain', a.votes_abstain, { type: 'number', min: '0' })),
    ],
    save: async (v) => {
      const verdict = await judge();
      if (verdict && !verdict.valid) {
        const title = verdict.election ? '选举未达到法定人数' : `${label('activity_kinds', verdict.meeting)}未达到法定人数`;
        const sure = await confirmDialog(title,
          `${verdict.text}：按规定${verdict.election ? '选举无效，选举结果不成立' : '会议无效，作出的决议不成立'}。仍要保存这条记录吗？`, '仍要保存');
        if (!sure) return false;
      }
      // A mark of someone not on that day's roll counts nowhere; saving drops it (列席 stay).
      const attendance = roll ? roll.entries.flatMap((e) => {
        const m = marks.get(e.member_id) || { status: 'present', reason: '' };
        if (!e.on_roll && m.status !== 'observer') return [];
        return [{ member_id: e.member_id, status: m.status, reason: m.reason || null }];
      }) : [];
      const saved = await api.saveActivity({ ...v, id, kinds: chosenKinds(), election: electing(), attendance });
      toast(`已保存：应到 ${saved.roll.expected}，实到 ${saved.roll.present}，出席率 ${pct(saved.roll.rate)}`);
      reload();
    },
  });
  const { form } = dlg;

  const chosenKinds = () => [...form.querySelectorAll('input[name=kind]:checked')].map((c) => c.value);
  const generalMeeting = () => chosenKinds().includes('general_meeting');
  // 选举 belongs to a 党员大会 only: the box shows, and counts, with that kind chosen.
  const electing = () => generalMeeting() && electionBox.checked;
  const syncKinds = () => {
    groupSelect.disabled = !chosenKinds().includes('group_meeting');
    electionField.classList.toggle('hidden', !generalMeeting());
    electionBox.disabled = !generalMeeting();
  };

  function drawCounters() {
    const onRoll = roll ? roll.entries.filter((e) => e.on_roll) : [];
    const by = (s) => onRoll.filter((e) => (marks.get(e.member_id)?.status ?? 'present') === s).length;
    const expected = onRoll.length;
    const present = by('present');
    replace(counters,
      h('span', {}, '应到 ', h('strong', { id: 'roll-expected', text: String(expected) })),
      h('span', {}, '实到 ', h('strong', { id: 'roll-present', text: String(present) })),
      h('span', {}, '请假 ', h('strong', { text: String(by('leave')) })),
      h('span', {}, '缺席 ', h('strong', { text: String(by('absent')) })),
      h('span', {}, '出席率 ', h('strong', { id: 'roll-rate', text: expected ? pct(present / expected) : '—' })),
      roll && quorate() ? verdictBadge : null);
    rejudge();
  }

  // The places on the day's roll as marked so far; the core decides who of them counts.
  const seats = () => (roll ? roll.entries : []).filter((e) => e.on_roll)
    .map((e) => ({ voting: e.voting, present: (marks.get(e.member_id)?.status ?? 'present') === 'present' }));
  const quorate = () => chosenKinds().some((k) => k === 'general_meeting' || k === 'committee_meeting');

  function votesYes() {
    const el = form.querySelector('[name=votes_yes]');
    const n = Number(el.value.trim());
    return el.value.trim() === '' || el.validity.badInput || !Number.isInteger(n) ? null : n;
  }

  // The core's verdict on the roll as it stands (null unless a 党员大会 or 支委会 is being recorded);
  // the badge shows only the answer to the latest question, however the answers arrive.
  const verdictBadge = h('span', { id: 'roll-verdict', class: 'badge hidden' });
  let verdictTicket = 0;
  async function judge() {
    if (!roll || !quorate()) return null;
    const ticket = ++verdictTicket;
    const v = await api.meetingVerdict(chosenKinds(), seats(), electing(), votesYes());
    if (ticket === verdictTicket && v) {
      verdictBadge.textContent = v.text;
      verdictBadge.className = v.valid ? 'badge ok' : 'badge warn';
    }
    return v;
  }
  const rejudge = () => judge().catch(() => { /* the core's message is already shown */ });

  let rollPage = 0;
  let rollQuery = '';
  const rollFind = h('input', { type: 'search', class: 'roll-find', placeholder: '查找姓名', 'aria-label': '在应到人员中查找姓名',
    oninput: (ev) => { rollQuery = ev.target.value.trim(); rollPage = 0; drawGrid(); } });
  const rollPages = h('span', { class: 'roll-pages' });
  const rollFinder = h('div', { class: 'roll-finder', hidden: true }, rollFind, rollPages);

  function drawGrid() {
    if (!roll) {
      rollFinder.hidden = true;
      replace(grid, h('p', { class: 'muted', text: '填写日期并选择类型后，这里列出应到人员。' }));
      replace(observerPick);
      drawCounters();
      return;
    }
    for (const e of roll.entries) {
      if (!marks.has(e.member_id)) marks.set(e.member_id, { status: e.on_roll ? 'present' : 'observer', reason: '' });
    }
    // A long roll (a meeting of 3,000) a page at a time, or the names found: every mark is kept in
    // `marks` whichever page shows it.
    const found = rollQuery ? roll.entries.filter((e) => e.name.includes(rollQuery)) : roll.entries;
    const pages = Math.max(1, Math.ceil(found.length / ROLL_PAGE));
    rollPage = Math.max(0, Math.min(rollPage, pages - 1));
    const rows = found.slice(rollPage * ROLL_PAGE, (rollPage + 1) * ROLL_PAGE).map((e) => {
      const mark = marks.get(e.member_id);
      const reason = h('input', { class: 'reason', placeholder: '原因', value: mark.reason,
        oninput: (ev) => { mark.reason = ev.target.value; } });
      const row = h('div', { class: `roll-row status-${mark.status}`, dataset: { memberId: e.member_id, memberName: e.name } },
        h('span', { class: 'roll-name', text: e.name }),
        h('span', { class: 'muted small roll-group', text: e.group_name || '' }));
      if (e.on_roll) {
        const seg = h('span', { class: 'segmented' }, ['present', 'leave', 'absent'].map((s) =>
          h('button', { type: 'button', dataset: { status: s }, class: mark.status === s ? 'selected' : '',
            onclick: () => {
              mark.status = s;
              row.className = `roll-row status-${s}`;
              for (const b of seg.children) b.classList.toggle('selected', b.dataset.status === s);
              reason.classList.toggle('hidden', s === 'present');
              drawCounters();
            } }, label('attendance', s))));
        reason.classList.toggle('hidden', mark.status === 'present');
        row.append(seg, reason);
      } else if (mark.status !== 'observer') {
        // Recorded before the member's period changed (a 转出 entered later): shown, not counted.
        row.append(h('span', { class: 'badge warn', text: `当日不在册，原记为${label('attendance', mark.status)}，不计入` }));
      } else {
        row.append(h('span', { class: 'chip', text: '列席' }), reason,
          h('button', { type: 'button', class: 'link danger', onclick: () => {
            marks.delete(e.member_id);
            roll.entries = roll.entries.filter((x) => x.member_id !== e.member_id);
            drawGrid();
          } }, '移除'));
      }
      return row;
    });
    replace(grid, rows.length ? rows : h('p', { class: 'muted', text: `应到人员中没有名字含“${rollQuery}”的` }));
    // The find box stays put (it keeps the focus while typing); the pager is drawn anew.
    rollFinder.hidden = roll.entries.length <= ROLL_PAGE;
    const p = pager(found.length, ROLL_PAGE, (page) => { rollPage = page; drawGrid(); }, '人');
    p.set(rollPage);
    replace(rollPages, found.length > ROLL_PAGE ? p.el : null);
    const listed = new Set(roll.entries.map((e) => e.member_id));
    const notOnRoll = members.filter((m) => !listed.has(m.id));
    const pick = memberPicker('observer', notOnRoll, '', { empty: '添加列席人员…' });
    pick.addEventListener('change', () => {
      const m = members.find((x) => String(x.id) === pick.value);
      if (!m) return;
      roll.entries.push({ member_id: m.id, name: m.name, group_name: m.group_name, on_roll: false, status: 'observer' });
      marks.set(m.id, { status: 'observer', reason: '' });
      drawGrid();
    });
    replace(observerPick, notOnRoll.length ? pick : null);
    drawCounters();
  }

  let rollTicket = 0;
  async function refreshRoll() {
    syncKinds();
    const v = formValues(form);
    const kinds = chosenKinds();
    if (!v.date || !kinds.length || (kinds.includes('group_meeting') && !v.group_id)) {
      roll = null;
      drawGrid();
      return;
    }
    const ticket = ++rollTicket;
    try {
      const fresh = await api.activityRoll(v.date, kinds, v.group_id, id);
      if (ticket !== rollTicket) return;
      const observers = roll ? roll.entries.filter((e) => !e.on_roll && !fresh.entries.some((f) => f.member_id === e.member_id)) : [];
      roll = { ...fresh, entries: [...fresh.entries, ...observers] };
      drawGrid();
    } catch {
      // The core said why (bad date…); the toast shows it and the grid waits for a fix.
    }
  }
  form.querySelector('[name=date]').addEventListener('change', refreshRoll);
  form.querySelector('[name=date]').addEventListener('blur', refreshRoll);
  groupSelect.addEventListener('change', refreshRoll);
  for (const c of form.querySelectorAll('input[name=kind]')) c.addEventListener('change', refreshRoll);
  electionBox.addEventListener('change', rejudge);
  form.querySelector('[name=votes_yes]').addEventListener('input', rejudge);

  const allPresent = h('button', { type: 'button', onclick: () => {
    if (!roll) return;
    for (const e of roll.entries.filter((x) => x.on_roll)) marks.set(e.member_id, { status: 'present', reason: '' });
    drawGrid();
  } }, '全部出席');

  const attachments = h('div', { class: 'attachments' });
  const drawAttachments = (list) => replace(attachments,
    list.length ? h('ul', { class: 'plain-list' }, list.map((f) => h('li', {},
      h('span', { text: f.file_name }), h('span', { class: 'muted small', text: `　${Math.max(1, Math.round(f.size / 1024))} KB` }),
      h('button', { type: 'button', class: 'link danger', onclick: async () => {
        if (!(await confirmDialog('移除附件', `从台账中移除附件“${f.file_name}”？台账文件夹中的副本会一并删除。`, '移除'))) return;
        await api.removeAttachment(f.id);
        drawAttachments((await api.getActivity(id)).attachments);
      } }, '移除')))) : h('p', { class: 'muted', text: '暂无附件（照片、签到表扫描件、课件等）' }),
    id ? h('button', { type: 'button', onclick: async () => {
      const source = await api.dialog.open({ multiple: false, title: '选择附件' });
      if (!source) return;
      await api.addAttachment(id, source);
      toast('附件已复制到台账文件夹');
      drawAttachments((await api.getActivity(id)).attachments);
    } }, '添加附件…') : h('p', { class: 'muted small', text: '保存活动后可添加附件。' }));
  drawAttachments(a.attachments || []);

  dlg.body.append(
    h('section', { class: 'roll-section' },
      h('div', { class: 'roll-head' }, h('h3', { text: '考勤' }), counters, allPresent),
      rollFinder, grid, observerPick),
    h('section', {}, h('h3', { text: '附件' }), attachments));
  syncKinds();
  drawGrid();
}
