// 学习: study tasks with completion bars, a task's member list, each member's 学时 against the yearly line.
import * as api from '../api.js';
import { currentYear, field, h, modal, num, pct, replace, select, toast, today, yearSelect } from '../dom.js';
import { options, vocabulary } from '../labels.js';
import { bar, barCell } from '../components/bar.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers } from '../components/memberPicker.js';
import { table } from '../components/table.js';

let year = currentYear();
let pending = null; // a task found elsewhere (search, 园地): its members open once the list is drawn

/** Shows the year of `date` when the view shows next, with task `id`'s members open if given. */
export function reveal({ id, date }) {
  year = Number(date.slice(0, 4));
  pending = id ?? null;
}

export async function render(root) {
  const YEARLY_HOURS = vocabulary().yearly_hours;
  const tasksBox = h('div', { class: 'card' });
  const membersBox = h('div', { class: 'card' });
  const reload = async () => {
    const [tasks, people] = await Promise.all([api.listStudyTasks(year), api.memberStudy(year)]);
    const mean = tasks.length ? tasks.reduce((s, t) => s + t.completion_rate, 0) / tasks.length : null;
    replace(tasksBox, h('div', { class: 'card-title' }, `学习任务 ${tasks.length} 项`,
      h('span', { class: 'muted', text: `　平均完成率 ${pct(mean)}` }),
      h('button', { type: 'button', class: 'small', onclick: () => editTask(null, reload) }, '新增任务')),
    table({
      rows: tasks,
      className: 'clickable',
      empty: '本年度还没有学习任务。可在“导入”中导入学习任务和学习通/学习强国的完成记录。',
      row: (t) => ({ dataset: { taskId: t.id }, onclick: () => taskMembers(t, reload) }),
      columns: [
        { header: '任务名称', pin: true, class: 'title', cell: (t) => h('strong', { text: t.name }) },
        { header: '类别', nowrap: true, key: 'category' },
        { header: '发布', nowrap: true, key: 'published_on' },
        { header: '截止', nowrap: true, key: 'due_on' },
        { header: '学时', nowrap: true, cell: (t) => num(t.hours) },
        { header: '完成情况', nowrap: true, cell: (t) => barCell(bar(t.completion_rate), `${t.completed}/${t.required}　${pct(t.completion_rate)}`) },
        { header: '按时', nowrap: true, cell: (t) => pct(t.on_time_rate) },
      ],
    }));
    const maxHours = Math.max(YEARLY_HOURS * 1.25, ...people.map((p) => p.study_hours));
    replace(membersBox, h('div', { class: 'card-title' }, '党员学习情况',
      h('span', { class: 'muted', text: `　每名党员每年集中学习不少于 ${YEARLY_HOURS} 学时` })),
    table({
      rows: people,
      empty: '没有在册党员',
      row: (p) => ({ dataset: { memberName: p.name } }),
      columns: [
        { header: '姓名', pin: true, nowrap: true, cell: (p) => h('strong', { text: p.name }) },
        { header: '党小组', nowrap: true, key: 'group_name' },
        { header: '任务完成', nowrap: true, cell: (p) => `${p.completed}/${p.required}${p.late ? `（逾期 ${p.late}）` : ''}` },
        { header: '完成率', nowrap: true, cell: (p) => (p.required ? pct(p.completion_rate) : '—') },
        { header: '学时（任务 + 组织生活）', nowrap: true, cell: (p) => {
          const line = h('span', { class: 'hours-line' });
          line.style.left = `${(YEARLY_HOURS / maxHours) * 100}%`;
          return barCell(bar(p.study_hours / maxHours, { warn: !p.meets_yearly_hours, className: 'hours' }, line),
            `${num(p.study_hours)}（${num(p.task_hours)} + ${num(p.meeting_hours)}）`);
        } },
        { header: '', nowrap: true, cell: (p) => (p.meets_yearly_hours ? h('span', { class: 'badge ok', text: '达标' }) : h('span', { class: 'badge warn', text: `未达 ${YEARLY_HOURS}` })) },
      ],
    }));
    return tasks;
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '学习' }), yearSelect(year, (y) => { year = y; reload(); })),
    tasksBox, membersBox);
  const tasks = await reload();
  const found = pending && tasks.find((t) => t.id === pending);
  pending = null;
  if (found) taskMembers(found, reload);
}

async function editTask(t, reload) {
  const members = await loadMembers();
  const listed = new Set(t?.listed_members ?? []);
  formDialog({
    title: t ? '编辑学习任务' : '新增学习任务',
    wide: true,
    fields: [
      field('任务名称', h('input', { name: 'name', value: t?.name ?? '' }), { required: true }),
      field('类别', h('input', { name: 'category', value: t?.category ?? '', placeholder: '理论学习 / 政策文件 / 党史 / 专业技能' })),
      field('发布日期', dateField('published_on', t?.published_on, { placeholder: '例如 2026-03-01' }), { required: true }),
      field('截止日期', dateField('due_on', t?.due_on, { placeholder: '例如 2026-03-15' })),
      field('学时', h('input', { name: 'hours', type: 'number', step: '0.5', min: '0', value: t?.hours ?? 1 })),
      h('div', { class: 'field span-2' },
        h('span', { class: 'field-label' }, '应完成的党员', h('span', { class: 'muted small', text: '　都不勾选＝发布当日全体在册党员' })),
        h('div', { class: 'kind-boxes', id: 'task-members' }, members.map((m) =>
          h('label', { class: 'kind' }, h('input', { type: 'checkbox', value: m.id, checked: listed.has(m.id) }), m.name)))),
    ],
    save: async (v, form) => {
      const chosen = [...form.querySelectorAll('#task-members input:checked')].map((c) => Number(c.value));
      await api.saveStudyTask({ ...v, id: t?.id ?? null, name: v.name ?? '', members: chosen });
      toast('学习任务已保存');
      reload();
    },
  });
}

async function taskMembers(t, reload) {
  const box = h('div');
  const draw = async () => {
    const rows = await api.studyTaskMembers(t.id);
    replace(box, table({
      rows,
      empty: '这项任务没有应完成的党员',
      row: (r) => ({ class: r.completed_on ? (r.late ? 'late' : null) : 'pending' }),
      columns: [
        { header: '姓名', pin: true, nowrap: true, key: 'name' },
        { header: '党小组', nowrap: true, key: 'group_name' },
        { header: '完成日期', nowrap: true, cell: (r) => [dateField('completed_on', r.completed_on ?? today(), { placeholder: '完成日期' }),
          r.late ? h('span', { class: 'badge warn', text: '逾期' }) : null] },
        { header: '来源', cell: (r) => select('source', options('study_sources'), r.source ?? 'offline') },
        { header: '', class: 'actions', cell: (r) => [
          h('button', { type: 'button', class: 'link', onclick: async (e) => {
            const tr = e.currentTarget.closest('tr');
            await api.recordStudy(t.id, r.member_id, tr.querySelector('[name=completed_on]').value.trim(), tr.querySelector('[name=source]').value);
            await draw();
            await reload();
          } }, r.completed_on ? '更正' : '记为完成'),
          r.completed_on ? h('button', { type: 'button', class: 'link danger', onclick: async () => {
            await api.removeStudyRecord(t.id, r.member_id);
            await draw();
            await reload();
          } }, '撤销') : null] },
      ],
    }));
  };
  await draw();
  const dlg = modal(`${t.name}`, h('div', {},
    h('p', { class: 'muted', text: `发布 ${t.published_on}${t.due_on ? `，截止 ${t.due_on}` : ''}，${num(t.hours)} 学时。应完成的是发布当日在册的党员；逾期完成也算完成，但单独标出。` }),
    h('button', { type: 'button', class: 'small', onclick: () => { dlg.close(); editTask(t, reload); } }, '编辑任务'),
    box), [h('button', { type: 'button', onclick: () => dlg.close() }, '关闭')], { wide: true });
}
