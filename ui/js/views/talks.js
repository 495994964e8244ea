// 谈心谈话: the year's talks — who talked with whom, on what, and what follows — and a form to add one.
import * as api from '../api.js';
import { currentYear, field, h, replace, toast, yearSelect } from '../dom.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';

let year = currentYear();

export async function render(root) {
  const box = h('div', { class: 'card' });
  const count = h('span', { class: 'muted' });
  const reload = async () => {
    const y = year;
    const talks = await api.listHeartTalks(y);
    if (y !== year) return;
    count.textContent = `共 ${talks.length} 次`;
    replace(box, table({
      rows: talks,
      id: 'talk-table',
      empty: `${y} 年还没有谈心谈话记录`,
      row: (t) => ({ dataset: { talkId: t.id } }),
      columns: [
        { header: '日期', pin: true, nowrap: true, key: 'date' },
        { header: '谈话人', nowrap: true, cell: (t) => h('strong', { text: t.talker }) },
        { header: '谈话对象', class: 'text', cell: (t) => t.parties.map((p) => h('span', { class: 'chip', text: p })) },
        { header: '主题', class: 'title', cell: (t) => t.topic ?? '' },
        { header: '后续事项', class: 'text', cell: (t) => t.follow_up ?? '' },
      ],
    }));
  };
  const years = yearSelect(year, (y) => { year = y; reload(); });
  const add = async () => {
    const members = await loadMembers();
    const talker = memberPicker('talker_id', members, '', { empty: '请选择' });
    const outsider = h('input', { name: 'talker', placeholder: '例如 党委副书记 李明' });
    // One talker: picking a member clears the typed name, typing a name clears the pick.
    talker.addEventListener('change', () => { if (talker.value) outsider.value = ''; });
    outsider.addEventListener('input', () => { if (outsider.value.trim()) talker.value = ''; });
    const parties = h('div', { class: 'party-boxes' }, members.map((m) => h('label', { class: 'kind', dataset: { memberName: m.name } },
      h('input', { type: 'checkbox', name: 'party', value: m.id }), m.name)));
    formDialog({
      title: '新增谈心谈话',
      id: 'talk-form',
      saveId: 'talk-save',
      wide: true,
      fields: [
        field('日期', dateField('date', ''), { required: true }),
        field('主题', h('input', { name: 'topic', placeholder: '例如 思想动态、工作困难' })),
        field('谈话人', talker, { required: true }),
        field('或填写非本支部谈话人', outsider, { hint: '如党委领导，不在本支部名册中' }),
        h('div', { class: 'field span-2' }, h('span', { class: 'field-label' }, '谈话对象', h('em', { text: ' *' })), parties),
        h('label', { class: 'field span-2' }, h('span', { class: 'field-label', text: '后续事项' }),
          h('input', { name: 'follow_up', placeholder: '例如 协调解决子女入学问题' })),
      ],
      save: async (v, form) => {
        const chosen = members.find((m) => m.id === v.talker_id);
        const picked = [...form.querySelectorAll('input[name=party]:checked')].map((c) => Number(c.value));
        if (!chosen && !v.talker) {
          toast('请选择谈话人，或填写非本支部谈话人', true);
          return false;
        }
        if (!picked.length) {
          toast('请勾选至少一名谈话对象', true);
          return false;
        }
        await api.addHeartTalk({ date: v.date ?? '', talker: chosen ? chosen.name : v.talker, talker_id: chosen ? chosen.id : null,
          parties: picked, topic: v.topic, follow_up: v.follow_up });
        toast('已记录谈心谈话');
        showYearOf(v.date, years);
        reload();
      },
    });
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '谈心谈话' }), years, count,
    h('button', { type: 'button', id: 'talk-add', class: 'primary', onclick: add }, '新增谈心谈话')), box);
  await reload();
}

/** A record saved in another year than the one shown: show that year, so it does not seem lost. */
function showYearOf(date, years) {
  // The core reads dates year first (2026-03-05, 2026/3/5, 2026年3月5日).
  const y = Number((String(date).match(/^\s*(\d{4})/) || [])[1]);
  if (y && y !== year && [...years.options].some((o) => Number(o.value) === y)) {
    year = y;
    years.value = String(y);
  }
}
