// 学习: study tasks with completion bars, a task's member list, each member's 学时 against the yearly line.
import * as api from '../api.js';
import { busy, currentYear, field, formValues, h, modal, num, pct, replace, select, toast, yearSelect } from '../dom.js';
import { options, vocabulary } from '../labels.js';

let year = currentYear();

function bar(rate, cls = '') {
  const fill = h('span', { class: `bar-fill ${cls}` });
  fill.style.width = `${Math.min(100, Math.round((rate ?? 0) * 100))}%`;
  return h('span', { class: 'bar' }, fill);
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
    tasks.length ? h('table', { class: 'table clickable' },
      h('thead', {}, h('tr', {}, ['任务名称', '类别', '发布', '截止', '学时', '完成情况', '按时'].map((t) => h('th', { text: t })))),
      h('tbody', {}, tasks.map((t) => h('tr', { dataset: { taskId: t.id }, onclick: () => taskMembers(t, reload) },
        h('td', {}, h('strong', { text: t.name })), h('td', { text: t.category || '' }),
        h('td', { text: t.published_on }), h('td', { text: t.due_on || '' }), h('td', { text: num(t.hours) }),
        h('td', {}, h('span', { class: 'bar-cell' }, bar(t.completion_rate), h('span', { text: `${t.completed}/${t.required}　${pct(t.completion_rate)}` }))),
        h('td', { text: pct(t.on_time_rate) })))))
      : h('p', { class: 'muted empty', text: '本年度还没有学习任务。可在“导入”中导入学习任务和学习通/学习强国的完成记录。' }));
    const maxHours = Math.max(YEARLY_HOURS * 1.25, ...people.map((p) => p.study_hours));
    replace(membersBox, h('div', { class: 'card-title' }, '党员学习情况',
      h('span', { class: 'muted', text: `　每名党员每年集中学习不少于 ${YEARLY_HOURS} 学时` })),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['姓名', '党小组', '任务完成', '完成率', '学时（任务 + 组织生活）', ''].map((t) => h('th', { text: t })))),
      h('tbody', {}, people.map((p) => {
        const line = h('span', { class: 'hours-line' });
        line.style.left = `${(YEARLY_HOURS / maxHours) * 100}%`;
        const track = h('span', { class: 'bar hours' }, line);
        const fill = h('span', { class: p.meets_yearly_hours ? 'bar-fill' : 'bar-fill warn' });
        fill.style.width = `${(p.study_hours / maxHours) * 100}%`;
        track.prepend(fill);
        return h('tr', { dataset: { memberName: p.name } },
          h('td', {}, h('strong', { text: p.name })), h('td', { text: p.group_name || '' }),
          h('td', { text: `${p.completed}/${p.required}${p.late ? `（逾期 ${p.late}）` : ''}` }),
          h('td', { text: p.required ? pct(p.completion_rate) : '—' }),
          h('td', {}, h('span', { class: 'bar-cell' }, track, h('span', { text: `${num(p.study_hours)}（${num(p.task_hours)} + ${num(p.meeting_hours)}）` }))),
          h('td', {}, p.meets_yearly_hours ? h('span', { class: 'badge ok', text: '达标' }) : h('span', { class: 'badge warn', text: `未达 ${YEARLY_HOURS}` })));
      }))));
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '学习' }), yearSelect(year, (y) => { year = y; reload(); })),
    tasksBox, membersBox);
  await reload();
}

async function editTask(t, reload) {
  const members = await api.listMembers({});
  const listed = new Set(t?.listed_members ?? []);
  const form = h('form', { class: 'form-grid', onsubmit: (e) => e.preventDefault() },
    field('任务名称', h('input', { name: 'name', value: t?.name ?? '' }), { required: true }),
    field('类别', h('input', { name: 'category', value: t?.category ?? '', placeholder: '理论学习 / 政策文件 / 党史 / 专业技能' })),
    field('发布日期', h('input', { name: 'published_on', value: t?.published_on ?? '', placeholder: '例如 2026-03-01' }), { required: true }),
    field('截止日期', h('input', { name: 'due_on', value: t?.due_on ?? '', placeholder: '例如 2026-03-15' })),
    field('学时', h('input', { name: 'hours', type: 'number', step: '0.5', min: '0', value: t?.hours ?? 1 })),
    h('div', { class: 'field span-2' },
      h('span', { class: 'field-label' }, '应完成的党员', h('span', { class: 'muted small', text: '　都不勾选＝发布当日全体在册党员' })),
      h('div', { class: 'kind-boxes', id: 'task-members' }, members.map((m) =>
        h('label', { class: 'kind' }, h('input', { type: 'checkbox', value: m.id, checked: listed.has(m.id) }), m.name)))));
  const ok = h('button', { type: 'button', class: 'primary', onclick: () => busy(ok, async () => {
    const v = formValues(form);
    const chosen = [...form.querySelectorAll('#task-members input:checked')].map((c) => Number(c.value));
    await api.saveStudyTask({ ...v, id: t?.id ?? null, name: v.name ?? '', members: chosen });
    dlg.close();
    toast('学习任务已保存');
    await reload();
  }) }, '保存');
  const dlg = modal(t ? '编辑学习任务' : '新增学习任务', form, [h('button', { type: 'button', onclick: () => dlg.close() }, '取消'), ok], { wide: true });
}

/** Today as YYYY-MM-DD in local time: the usual completion date when ticking a member off. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function taskMembers(t, reload) {
  const box = h('div');
  const draw = async () => {
    const rows = await api.studyTaskMembers(t.id);
    replace(box, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['姓名', '党小组', '完成日期', '来源', ''].map((x) => h('th', { text: x })))),
      h('tbody', {}, rows.map((r) => {
        const date = h('input', { class: 'narrow-date', placeholder: '完成日期', value: r.completed_on ?? today() });
        const source = select('source', options('study_sources'), r.source ?? 'offline');
        return h('tr', { class: r.completed_on ? (r.late ? 'late' : '') : 'pending' },
          h('td', { text: r.name }), h('td', { text: r.group_name || '' }),
          h('td', {}, date, r.late ? h('span', { class: 'badge warn', text: '逾期' }) : null),
          h('td', {}, source),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'link', onclick: async () => {
              await api.recordStudy(t.id, r.member_id, date.value.trim(), source.value);
              await draw();
              await reload();
            } }, r.completed_on ? '更正' : '记为完成'),
            r.completed_on ? h('button', { type: 'button', class: 'link danger', onclick: async () => {
              await api.removeStudyRecord(t.id, r.member_id);
              await draw();
              await reload();
            } }, '撤销') : null));
      }))));
  };
  await draw();
  const dlg = modal(`${t.name}`, h('div', {},
    h('p', { class: 'muted', text: `发布 ${t.published_on}${t.due_on ? `，截止 ${t.due_on}` : ''}，${num(t.hours)} 学时。应完成的是发布当日在册的党员；逾期完成也算完成，但单独标出。` }),
    h('button', { type: 'button', class: 'small', onclick: () => { dlg.close(); editTask(t, reload); } }, '编辑任务'),
    box), [h('button', { type: 'button', onclick: () => dlg.close() }, '关闭')], { wide: true });
}
