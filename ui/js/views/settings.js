// 设置: the open ledger, the branch, 党小组, 支委 and the points rules.
import * as api from '../api.js';
import { busy, confirmDialog, field, formValues, h, num, select, toast } from '../dom.js';
import { label, options } from '../labels.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';
import { track } from '../components/tasks.js';

const changed = () => window.dispatchEvent(new Event('zhibu:ledger-changed'));

export async function render(root) {
  let info = null;
  try { info = await api.ledgerInfo(); } catch { /* no ledger open: offer to open or create one */ }
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '设置' })), ledgerCard(info));
  if (!info) return;
  const [groups, committee, members, ruleSets] = await Promise.all([
    api.listGroups(), api.listCommittee(), loadMembers(), api.pointRuleSets()]);
  root.append(branchCard(info), groupsCard(groups, members), committeeCard(committee, members), rulesCard(ruleSets));
}

function ledgerCard(info) {
  const open = async () => {
    const path = await api.dialog.open({ multiple: false, title: '打开台账', filters: [{ name: '支部台账', extensions: ['db', 'sqlite'] }] });
    if (!path) return;
    await api.openLedger(path);
    toast('已打开台账');
    changed();
  };
  const create = async () => {
    const path = await api.dialog.save({ title: '新建台账', defaultPath: '支部台账.db', filters: [{ name: '支部台账', extensions: ['db'] }] });
    if (!path) return;
    formDialog({
      title: '新建台账',
      saveText: '新建',
      fields: [
        field('支部名称', h('input', { name: 'branch', placeholder: '例如 机电工程学院教工第一党支部' }), { required: true }),
        field('上级党组织', h('input', { name: 'parent', placeholder: '例如 机电工程学院党总支' })),
      ],
      save: async (v) => {
        await api.createLedger(path, v.branch ?? '', v.parent);
        toast('已新建台账');
        changed();
      },
    });
  };
  // A copy taken while the app works on (it reads through its own connection), with its attachments.
  const backup = async () => {
    const stamp = new Date().toISOString().slice(0, 10);
    const out = await api.dialog.save({ title: '备份台账', defaultPath: `支部台账备份-${stamp}.db`, filters: [{ name: '支部台账', extensions: ['db'] }] });
    if (!out) return;
    await track('正在备份台账', (onProgress) => api.backupLedger(out, onProgress));
    toast(`已备份到 ${out}`);
  };
  return h('div', { class: 'card' }, h('div', { class: 'card-title', text: '当前台账' }),
    info ? h('dl', { class: 'facts' },
      h('dt', { text: '文件' }), h('dd', { class: 'mono', text: info.path }),
      h('dt', { text: '附件文件夹' }), h('dd', { class: 'mono', text: info.attachments_dir }),
      h('dt', { text: '在册党员' }), h('dd', { text: `${info.members_on_roll} 人` }),
      h('dt', { text: '组织生活' }), h('dd', { text: `${info.activity_count} 次` }),
      h('dt', { text: '数据结构版本' }), h('dd', { text: String(info.schema_version) }))
      : h('p', { class: 'error-text', text: '尚未打开台账。请打开已有台账或新建一个。' }),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: open }, '打开其他台账…'),
      h('button', { type: 'button', onclick: create }, '新建台账…'),
      info ? h('button', { type: 'button', id: 'ledger-backup', onclick: backup }, '备份台账…') : null));
}

function branchCard(info) {
  const branch = info.branches.find((b) => b.id === info.branch_id);
  const form = h('form', { class: 'form-grid', onsubmit: (e) => e.preventDefault() },
    field('支部名称', h('input', { name: 'name', value: branch.name }), { required: true }),
    field('上级党组织', h('input', { name: 'parent_org', value: branch.parent_org ?? '' })),
    field('成立日期', dateField('founded_on', branch.founded_on, { placeholder: '例如 2015-06-01' })));
  const save = h('button', { type: 'button', class: 'primary', onclick: () => busy(save, async () => {
    await api.updateBranch({ id: branch.id, ...formValues(form) });
    toast('支部信息已保存');
    changed();
  }) }, '保存');
  const picker = info.branches.length > 1 ? (() => {
    const el = select('branch', info.branches.map((b) => ({ value: b.id, label: b.name })), info.branch_id);
    el.addEventListener('change', async () => { await api.selectBranch(Number(el.value)); changed(); });
    return field('当前支部', el, { hint: '台账中有多个支部，各页面显示所选支部' });
  })() : null;
  return h('div', { class: 'card' }, h('div', { class: 'card-title', text: '支部' }), picker, form, h('div', { class: 'toolbar' }, save));
}

function groupsCard(groups, members) {
  const edit = (g) => formDialog({
    title: g ? `编辑党小组：${g.name}` : '新增党小组',
    fields: [
      field('党小组名称', h('input', { name: 'name', value: g?.name ?? '' }), { required: true }),
      field('组长', memberPicker('leader_id', members, g?.leader_id, { empty: '未设' })),
    ],
    save: async (v) => {
      await api.saveGroup({ id: g?.id ?? null, name: v.name ?? '', leader_id: v.leader_id });
      toast('党小组已保存');
      changed();
    },
  });
  return h('div', { class: 'card' }, h('div', { class: 'card-title' }, '党小组',
    h('button', { type: 'button', class: 'small', onclick: () => edit(null) }, '新增党小组')),
  table({
    rows: groups,
    empty: '还没有党小组',
    columns: [
      { header: '名称', pin: true, nowrap: true, key: 'name' },
      { header: '组长', nowrap: true, cell: (g) => g.leader_name || '未设' },
      { header: '在册人数', nowrap: true, cell: (g) => String(g.member_count) },
      { header: '', class: 'actions', cell: (g) => [
        h('button', { type: 'button', class: 'link', onclick: () => edit(g) }, '编辑'),
        h('button', { type: 'button', class: 'link danger', onclick: async () => {
          if (!(await confirmDialog('删除党小组', `删除党小组“${g.name}”？仅当它没有党员和会议记录时才能删除。`, '删除'))) return;
          await api.deleteGroup(g.id);
          changed();
        } }, '删除')] },
    ],
  }));
}

function committeeCard(committee, members) {
  const edit = (c) => formDialog({
    title: c ? '编辑支委' : '新增支委',
    fields: [
      field('党员', memberPicker('member_id', members, c?.member_id), { required: true }),
      field('职务', select('role', options('committee_roles'), c?.role), { required: true }),
      field('任期开始', dateField('term_start', c?.term_start, { placeholder: '例如 2024-01-05' }), { required: true }),
      field('任期结束', dateField('term_end', c?.term_end, { placeholder: '现任可不填' })),
    ],
    save: async (v) => {
      await api.saveCommitteeRole({ id: c?.id ?? null, ...v });
      toast('支委已保存');
      changed();
    },
  });
  return h('div', { class: 'card' }, h('div', { class: 'card-title' }, '支部委员会',
    h('button', { type: 'button', class: 'small', onclick: () => edit(null) }, '新增支委')),
  table({
    rows: committee,
    empty: '还没有支委任职记录',
    row: (c) => ({ class: c.current ? null : 'inactive' }),
    columns: [
      { header: '姓名', pin: true, nowrap: true, key: 'name' },
      { header: '职务', nowrap: true, cell: (c) => label('committee_roles', c.role) },
      { header: '任期开始', nowrap: true, key: 'term_start' },
      { header: '任期结束', nowrap: true, key: 'term_end' },
      { header: '现任', nowrap: true, cell: (c) => (c.current ? '✓' : '') },
      { header: '', class: 'actions', cell: (c) => [
        h('button', { type: 'button', class: 'link', onclick: () => edit(c) }, '编辑'),
        h('button', { type: 'button', class: 'link danger', onclick: async () => {
          if (!(await confirmDialog('删除支委记录', `删除“${c.name}”的${label('committee_roles', c.role)}任职记录？`, '删除'))) return;
          await api.deleteCommitteeRole(c.id);
          changed();
        } }, '删除')] },
    ],
  }));
}

function rulesCard(sets) {
  const current = sets[sets.length - 1];
  const rules = table({
    rows: current.rules,
    row: (r) => ({ dataset: { rule: r.rule } }),
    columns: [
      { header: '规则', pin: true, nowrap: true, key: 'label' },
      { header: '分值', cell: (r) => h('input', { type: 'number', step: '0.5', class: 'narrow', name: `points-${r.rule}`, value: num(r.points) }) },
      { header: '上限（次）', cell: (r) => h('input', { type: 'number', step: '1', min: '1', class: 'narrow', name: `cap-${r.rule}`, value: r.cap ?? '', placeholder: '不限' }) },
    ],
  });
  const from = dateField('effective_from', '', { placeholder: '例如 2026-09-01' });
  const note = h('input', { name: 'note', placeholder: '例如 支委会决定提高出席分' });
  const save = h('button', { type: 'button', class: 'primary', onclick: () => busy(save, async () => {
    const rules = current.rules.map((r) => {
      const cap = document.querySelector(`[name="cap-${r.rule}"]`).value.trim();
      return { rule: r.rule, points: Number(document.querySelector(`[name="points-${r.rule}"]`).value), cap: cap ? Number(cap) : null };
    });
    await api.savePointRules(from.value.trim(), note.value.trim() || null, rules);
    toast('新积分规则已保存：此前各月的积分不受影响');
    changed();
  }) }, '保存为新规则');
  return h('div', { class: 'card' }, h('div', { class: 'card-title', text: '积分规则' }),
    h('p', { class: 'muted small', text: `当前规则自 ${current.effective_from === '1900-01-01' ? '建账起' : current.effective_from} 施行${current.note ? `（${current.note}）` : ''}。修改后须填写施行日期：此后的记录按新规则计分，之前的月份保持不变。上限指每人每月最多计分的次数（先锋岗为每年）。` }),
    rules,
    h('div', { class: 'toolbar' }, field('施行日期', from, { required: true }), field('说明', note), save),
    sets.length > 1 ? h('p', { class: 'muted small', text: `历次规则：${sets.map((s) => (s.effective_from === '1900-01-01' ? '建账时' : s.effective_from)).join('、')}` }) : null);
}
