// 党员: the roster — search, filters, add/edit with validation in the core — and each member's history:
// 转出/离开, 调整党小组, 转正 and 转入, every change with the date it takes effect.
import * as api from '../api.js';
import { confirmDialog, field, h, modal, replace, select, toast } from '../dom.js';
import { label, options } from '../labels.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { table } from '../components/table.js';

let filter = { query: '', status: '', group_id: '', membership: '', category: '' };

export async function render(root) {
  const groups = await api.listGroups();
  const tableBox = h('div', { class: 'card' });
  const count = h('span', { class: 'muted' });
  const reload = async () => {
    const list = await api.listMembers({
      query: filter.query || null,
      status: filter.status || null,
      group_id: filter.group_id ? Number(filter.group_id) : null,
      membership: filter.membership || null,
      category: filter.category || null,
    });
    count.textContent = `共 ${list.length} 人`;
    replace(tableBox, memberTable(list, reload, groups));
  };
  let timer;
  const search = h('input', { id: 'member-search', type: 'search', placeholder: '搜索姓名或工作岗位', value: filter.query,
    oninput: (e) => { filter.query = e.target.value; clearTimeout(timer); timer = setTimeout(reload, 250); } });
  const pick = (name, opts, empty) => {
    const el = select(name, opts, filter[name], { empty });
    el.addEventListener('change', () => { filter[name] = el.value; reload(); });
    return el;
  };
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '党员' }), count,
      h('button', { type: 'button', id: 'member-add', class: 'primary',
        onclick: () => editMember(null, groups, reload) }, '新增党员')),
    h('div', { class: 'toolbar' }, search,
      pick('status', [{ value: 'all', label: '全部状态' }, ...options('member_status', ['active'])], '在册'),
      pick('membership', options('membership'), '全部党员类别'),
      pick('category', options('category'), '全部人员类别'),
      pick('group_id', groups.map((g) => ({ value: g.id, label: g.name })), '全部党小组')),
    tableBox);
  await reload();
}

function memberTable(list, reload, groups) {
  return table({
    rows: list,
    empty: '没有符合条件的党员',
    row: (m) => ({ dataset: { memberId: m.id, memberName: m.name }, class: m.status === 'active' ? null : 'inactive' }),
    columns: [
      { header: '姓名', pin: true, nowrap: true, cell: (m) => h('strong', { text: m.name }) },
      { header: '性别', nowrap: true, cell: (m) => label('gender', m.gender) },
      { header: '党员类别', nowrap: true, cell: (m) => label('membership', m.membership) },
      { header: '人员类别', nowrap: true, cell: (m) => label('category', m.category) },
      { header: '党小组', nowrap: true, key: 'group_name' },
      { header: '入党日期', nowrap: true, key: 'joined_on' },
      { header: '转正日期', nowrap: true, key: 'confirmed_on' },
      { header: '党龄', nowrap: true, cell: (m) => (m.party_years === null ? (m.probation_until ? `预备期延至 ${m.probation_until}` : '') : `${m.party_years} 年`) },
      { header: '工作岗位', class: 'text', key: 'position' },
      { header: '联系电话', nowrap: true, class: 'mono', key: 'phone' },
      { header: '状态', nowrap: true, cell: (m) => [
        h('span', { class: m.status === 'active' ? 'badge ok' : 'badge', text: label('member_status', m.status) }),
        m.left_on ? h('span', { class: 'muted small', text: ` ${m.left_on}` }) : null] },
      { header: '', class: 'actions', nowrap: true, cell: (m) => [
        h('button', { type: 'button', class: 'link', onclick: () => editMember(m, groups, reload) }, '编辑'),
        h('button', { type: 'button', class: 'link member-changes', onclick: () => changes(m, groups, reload) }, '变动…')] },
    ],
  });
}

function input(name, value, attrs = {}) {
  return h('input', { name, value: value ?? '', ...attrs });
}

function editMember(m, groups, reload) {
  const birthHint = { placeholder: '例如 1985-06-30' };
  const joinHint = { placeholder: '例如 2018-06-30' };
  const sensitive = h('div', { class: 'sensitive' });
  let revealed = !m;
  const showSensitive = (phone, idNumber) => {
    replace(sensitive,
      field('联系电话', input('phone', phone, { placeholder: '11 位手机号' })),
      field('身份证号', input('id_number', idNumber, { placeholder: '18 位身份证号' })));
  };
  if (m) {
    replace(sensitive, h('div', { class: 'masked-row' },
      h('span', { text: `联系电话 ${m.phone || '未填'}　身份证号 ${m.id_number || '未填'}` }),
      h('button', { type: 'button', class: 'link', onclick: async () => {
        const full = await api.getMember(m.id, true);
        revealed = true;
        showSensitive(full.phone, full.id_number);
      } }, '显示并修改')));
  } else {
    showSensitive('', '');
  }
  formDialog({
    title: m ? `编辑党员：${m.name}` : '新增党员',
    id: 'member-form',
    saveId: 'member-save',
    wide: true,
    fields: [
      field('姓名', input('name', m?.name), { required: true }),
      field('性别', select('gender', options('gender'), m?.gender, { empty: '未填' })),
      field('民族', input('ethnicity', m?.ethnicity, { placeholder: '例如 汉族' })),
      field('出生日期', dateField('birth_date', m?.birth_date, birthHint)),
      field('学历', input('education', m?.education)),
      field('人员类别', select('category', options('category'), m?.category ?? 'staff')),
      field('党员类别', select('membership', options('membership'), m?.membership ?? 'full'), { required: true }),
      field('入党日期', dateField('joined_on', m?.joined_on, joinHint), { required: true, hint: '列为预备党员的日期' }),
      field('转正日期', dateField('confirmed_on', m?.confirmed_on, joinHint)),
      // An existing member changes group only with a date (调整党小组), so past meetings stay as they were.
      m ? field('党小组', h('span', { class: 'field-static', text: m.group_name || '无' }), { hint: '请用“调整党小组”，写明从哪天起' })
        : field('党小组', select('group_id', groups.map((g) => ({ value: g.id, label: g.name })), null, { empty: '无', numeric: true })),
      m ? null : field('转入日期', dateField('transferred_in_on', '', { placeholder: '从其他支部转入时填写' }), { hint: '自该日起在册；新入党的不填' }),
      m ? null : field('来源', input('came_from', '', { placeholder: '例如 某学院党委' })),
      field('工作岗位/职务', input('position', m?.position)),
      sensitive,
    ],
    save: async (v) => {
      // Masked numbers are never sent back: null keeps what the ledger holds, '' clears it.
      const payload = { ...v, id: m ? m.id : null, group_id: m ? m.group_id : v.group_id,
        phone: revealed ? v.phone ?? '' : null, id_number: revealed ? v.id_number ?? '' : null };
      const saved = await api.saveMember(payload);
      toast(`已保存党员“${saved.name}”`);
      reload();
    },
  });
}

function leave(m, reload) {
  formDialog({
    title: `转出/离开：${m.name}`,
    saveText: '记录',
    danger: true,
    fields: [
      field('离开方式', select('status', options('member_status', ['active']), 'transferred'), { required: true }),
      field('日期', dateField('left_on', '', { placeholder: '例如 2026-07-15' }), { required: true }),
      field('去向/说明', input('left_to', '', { placeholder: '例如 转往某学院党委' })),
    ],
    save: async (v) => {
      const sure = await confirmDialog('确认离开', `“${m.name}”将自${v.left_on || '所填日期'}起不再计入在册党员。档案和历史记录会完整保留，不会删除。`, '确认');
      if (!sure) return false;
      await api.leaveMember(m.id, v.status, v.left_on, v.left_to);
      toast(`已记录“${m.name}”${label('member_status', v.status)}`);
      reload();
    },
  });
}

/** The dated changes that apply to this member, each opening its own form. */
function changes(m, groups, reload) {
  const item = (id, text, hint, open, danger = false) => h('button', { type: 'button', id, class: danger ? 'danger' : '',
    onclick: () => { dlg.close(); open(); } }, h('strong', { text }), h('span', { class: 'muted small', text: `　${hint}` }));
  const items = m.status === 'active' ? [
    item('change-move', '调整党小组', `现在：${m.group_name || '无'}`, () => moveGroup(m, groups, reload)),
    m.membership === 'probationary' ? item('change-regularize', '转正', '预备党员转为正式党员', () => regularize(m, reload)) : null,
    m.membership === 'probationary' && !m.probation_until
      ? item('change-extend', '延长预备期', '一次，6 至 12 个月', () => extendProbation(m, reload)) : null,
    item('change-leave', '转出/离开', '转出、停止党籍、出党或去世', () => leave(m, reload), true),
  ] : [item('change-transfer-in', '转入', `${m.left_on} ${label('member_status', m.status)}后重新在册`, () => transferIn(m, reload))];
  const dlg = modal(`党员变动：${m.name}`, h('div', { class: 'change-menu' }, items),
    [h('button', { type: 'button', onclick: () => dlg.close() }, '取消')]);
}

function moveGroup(m, groups, reload) {
  formDialog({
    title: `调整党小组：${m.name}`,
    id: 'member-move-form',
    saveId: 'member-move-save',
    saveText: '调整',
    fields: [
      h('p', { class: 'muted', text: `现在：${m.group_name || '无党小组'}。调整日期之前的党小组会不受影响。` }),
      field('新的党小组', select('group_id', groups.filter((g) => g.id !== m.group_id).map((g) => ({ value: g.id, label: g.name })), null, { empty: '无', numeric: true })),
      field('自哪天起', dateField('from', '', { placeholder: '例如 2026-09-01' }), { required: true }),
    ],
    save: async (v) => {
      const saved = await api.moveMember(m.id, v.group_id, v.from);
      toast(`“${m.name}”自 ${v.from} 起属于${saved.group_name || '无党小组'}`);
      reload();
    },
  });
}

function regularize(m, reload) {
  formDialog({
    title: `转正：${m.name}`,
    id: 'member-regularize-form',
    saveId: 'member-regularize-save',
    saveText: '记录转正',
    fields: [
      h('p', { class: 'muted', text: `入党日期 ${m.joined_on}；预备期一般为一年。党龄自转正之日算起。` }),
      field('转正日期', dateField('on', '', { placeholder: '例如 2027-03-15' }), { required: true }),
    ],
    save: async (v) => {
      await api.regularizeMember(m.id, v.on);
      toast(`已记录“${m.name}”于 ${v.on} 转正`);
      reload();
    },
  });
}

function transferIn(m, reload) {
  formDialog({
    title: `转入：${m.name}`,
    saveText: '记录转入',
    fields: [
      h('p', { class: 'muted', text: `${m.name} 于 ${m.left_on} ${label('member_status', m.status)}。转入后自所填日期起重新在册，此前的记录不变。` }),
      field('转入日期', dateField('on', '', { placeholder: '例如 2026-11-01' }), { required: true }),
      field('来源', input('came_from', '', { placeholder: '例如 某学院党委' })),
    ],
    save: async (v) => {
      await api.transferMemberIn(m.id, v.on, v.came_from);
      toast(`已记录“${m.name}”转入`);
      reload();
    },
  });
}

function extendProbation(m, reload) {
  formDialog({
    title: `延长预备期：${m.name}`,
    saveText: '记录',
    fields: [
      h('p', { class: 'muted', text: `入党日期 ${m.joined_on}。预备期只能延长一次，时间为 6 至 12 个月，须在预备期内决定。` }),
      field('决定日期', dateField('decided_on', '', { placeholder: '例如 2026-12-20' }), { required: true }),
      field('延长至', dateField('until', '', { placeholder: '例如 2027-09-15' }), { required: true }),
    ],
    save: async (v) => {
      await api.extendProbation(m.id, v.decided_on, v.until);
      toast(`已记录“${m.name}”延长预备期至 ${v.until}`);
      reload();
    },
  });
}
