// 表彰: the year's honours of the branch's members, each scored in 积分 by its level, and a form to add one.
import * as api from '../api.js';
import { currentYear, field, h, replace, select, toast, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';

const LEVEL_BADGE = { school: 'badge', city: 'badge ok', province: 'badge ok', national: 'badge ok' };

let year = currentYear();

export async function render(root) {
  const box = h('div', { class: 'card' });
  const count = h('span', { class: 'muted' });
  const reload = async () => {
    const y = year;
    const awards = await api.listAwards(y);
    if (y !== year) return;
    count.textContent = `共 ${awards.length} 项`;
    replace(box, table({
      rows: awards,
      id: 'award-table',
      empty: `${y} 年还没有表彰记录`,
      row: (a) => ({ dataset: { awardId: a.id, memberName: a.name } }),
      columns: [
        { header: '姓名', pin: true, nowrap: true, cell: (a) => h('strong', { text: a.name }) },
        { header: '日期', nowrap: true, key: 'date' },
        { header: '级别', nowrap: true, cell: (a) => h('span', { class: LEVEL_BADGE[a.level] ?? 'badge', text: label('award_levels', a.level) }) },
        { header: '名称', class: 'title', key: 'title' },
      ],
    }));
  };
  const years = yearSelect(year, (y) => { year = y; reload(); });
  const add = async () => {
    const members = await loadMembers();
    formDialog({
      title: '新增表彰',
      id: 'award-form',
      saveId: 'award-save',
      fields: [
        field('姓名', memberPicker('member_id', members, '', { empty: '请选择' }), { required: true }),
        field('日期', dateField('date', ''), { hint: '不填则记为今天' }),
        field('级别', select('level', options('award_levels'), 'school'), { required: true }),
        field('名称', h('input', { name: 'title', placeholder: '例如 优秀共产党员' }), { required: true }),
      ],
      save: async (v) => {
        if (!v.member_id) {
          toast('请选择受表彰的党员', true);
          return false;
        }
        await api.addAward(v.member_id, v.date, v.level, v.title ?? '');
        toast('已记录表彰（按级别计入积分）');
        showYearOf(v.date, years);
        reload();
      },
    });
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '表彰' }), years, count,
    h('button', { type: 'button', id: 'award-add', class: 'primary', onclick: add }, '新增表彰')), box,
  h('p', { class: 'muted small', text: '表彰按级别计入当年积分（校级、市级、省级、国家级分值见“设置”中的积分规则）。' }));
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
