// 设置: the open ledger, the branch, 党小组, 支委 and the rules — points, the 组织生活 calendar and the
// 民主评议 guide — each kept as dated versions; the 园地's extension modules and the 关注名单's threshold;
// the automatic backups and the audit log (each in its own module under settings/).
import * as api from '../api.js';
import { busy, confirmDialog, field, formValues, h, num, replace, select, toast, today } from '../dom.js';
import { label, options, vocabulary } from '../labels.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';
import { table } from '../components/table.js';
import { track } from '../components/tasks.js';
import { auditCard, PAGE } from './settings/audit.js';
import { backupsCard } from './settings/backups.js';
import { mountPackages } from './college/packages.js';

const changed = () => window.dispatchEvent(new Event('zhibu:ledger-changed'));

export async function render(root) {
  let info = null;
  try { info = await api.ledgerInfo(); } catch { /* no ledger open: say why, offer to open or create one */ }
  const unopened = info ? null : await api.unopenedLedger();
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '设置' })), ledgerCard(info, unopened));
  if (!info) return;
  // The 关注名单's threshold comes with the rules: the list itself (seconds on a large branch) is 首页's.
  const [groups, committee, members, ruleSets, other, modules, backups, log] = await Promise.all([
    api.listGroups(), api.listCommittee(), loadMembers(), api.pointRuleSets(), api.lifeRules(),
    api.gardenModules(), api.listBackups(), api.auditLog(0, PAGE)]);
  root.append(branchCard(info), groupsCard(groups, members), committeeCard(committee, members), rulesCard(ruleSets),
    lifeRulesCard(other.life), guideCard(other.guides),
    h('div', { class: 'grid-2 settings-pair' }, modulesCard(modules), attentionCard(other.attention_threshold)),
    backupsCard(backups, changed), auditCard(log));
  // 支部上报 is the 党委 view's, which shows once the ledger has several branches; a 党委's new ledger
  // of one branch takes its first package in here.
  if (info.branches.length < 2) mountPackages(root);
}

/** `unopened`: the ledger the app tried and could not open ({path, message}), when none is open. */
function ledgerCard(info, unopened) {
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
      : [unopened ? h('dl', { class: 'facts', id: 'ledger-unopened' },
        h('dt', { text: '无法打开' }), h('dd', { class: 'mono', text: unopened.path }),
        h('dt', { text: '原因' }), h('dd', { class: 'error-text', text: unopened.message })) : null,
      unopened?.kind === 'locked' ? unlockForm(unopened.path)
        : h('p', { class: 'error-text', text: '尚未打开台账。请打开已有台账或新建一个。' })],
    info ? h('dl', { class: 'facts' }, h('dt', { text: '加密' }),
      h('dd', { id: 'ledger-encrypted', text: info.encrypted ? '已加密：打开时须输入密码' : '未加密' })) : null,
    h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: open }, '打开其他台账…'),
      h('button', { type: 'button', onclick: create }, '新建台账…'),
      info ? h('button', { type: 'button', id: 'ledger-backup', onclick: backup }, '备份台账…') : null,
      info ? encryptionButton(info) : null));
}

/** The password of an encrypted ledger the app could not open without it. */
function unlockForm(path) {
  const password = h('input', { type: 'password', name: 'password', id: 'ledger-password', autocomplete: 'current-password' });
  const unlock = h('button', { type: 'button', class: 'primary', id: 'ledger-unlock', onclick: () => busy(unlock, async () => {
    await api.unlockLedger(path, password.value);
    toast('已打开台账');
    changed();
  }) }, '打开');
  password.addEventListener('keydown', (e) => { if (e.key === 'Enter') unlock.click(); });
  return h('form', { class: 'form-grid', onsubmit: (e) => e.preventDefault() },
    field('台账密码', password, { hint: '此台账已加密。密码只在本次运行中记在内存里。' }), h('div', { class: 'toolbar' }, unlock));
}

/** 加密台账… or 取消加密…: the ledger and its automatic backups, together. */
function encryptionButton(info) {
  if (info.encrypted) {
    const off = h('button', { type: 'button', id: 'ledger-decrypt', onclick: () => busy(off, async () => {
      if (!await confirmDialog('取消加密', '取消加密后，台账及其自动备份不再需要密码即可打开，任何能读到这些文件的人都能看到其中的个人信息。确定取消加密吗？', '取消加密')) return;
      await api.setLedgerPassword(null, null);
      toast('已取消加密');
      changed();
    }) }, '取消加密…');
    return off;
  }
  return h('button', { type: 'button', id: 'ledger-encrypt', onclick: () => formDialog({
    title: '加密台账',
    saveText: '加密',
    fields: [
      h('p', { text: '台账及其自动备份将用密码加密。忘记密码将无法打开台账，请务必牢记。' }),
      field('密码（至少 6 个字符）', h('input', { type: 'password', name: 'password', autocomplete: 'new-password' }), { required: true }),
      field('再输入一次', h('input', { type: 'password', name: 'again', autocomplete: 'new-password' }), { required: true }),
    ],
    save: async (v) => {
      await api.setLedgerPassword(v.password ?? '', v.again ?? '');
      toast('台账已加密');
      changed();
    },
  }) }, '加密台账…');
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
    h('div', { class: 'rule-form' }, field('施行日期', from, { required: true }), field('说明', note), save),
    sets.length > 1 ? h('p', { class: 'muted small', text: `历次规则：${sets.map((s) => (s.effective_from === '1900-01-01' ? '建账时' : s.effective_from)).join('、')}` }) : null);
}

// The rules the ledger starts with are dated 1900-01-01: they read as in force since the ledger began.
const since = (date) => (date <= '1900-01-01' ? '建账起' : date);

/** The versions of a rule, oldest first, with the one in force today and any still to come marked. */
function versionDate(versions) {
  const now = today();
  const current = versions.filter((v) => v.effective_from <= now).pop();
  return (v) => [since(v.effective_from),
    v === current ? h('span', { class: 'badge ok', text: '现行' }) : null,
    v.effective_from > now ? h('span', { class: 'badge warn', text: '待施行' }) : null];
}


/** A card whose versions table and form are redrawn in place after a save, so the page stays where it is. */
function versionsCard(id, title, versions, draw) {
  const card = h('div', { class: 'card', id });
  const redraw = (list) => replace(card, h('div', { class: 'card-title', text: title }), draw(list, redraw));
  redraw(versions);
  return card;
}

function lifeRulesCard(versions) {
  return versionsCard('settings-life-rules', '组织生活规则', versions, (list, redraw) => {
    const latest = list[list.length - 1];
    const form = h('form', { class: 'rule-form', onsubmit: (e) => e.preventDefault() },
      field('施行日期', dateField('effective_from', '', { placeholder: '例如 2026-09-01' }), { required: true }),
      field('党课频次', select('party_lecture_every', options('cadences'), latest?.party_lecture_every ?? 'quarter')),
      field('主题党日固定日', h('input', { type: 'number', name: 'theme_day_of_month', min: 1, max: 31, step: 1,
        value: latest?.theme_day_of_month ?? '', placeholder: '任意一天' })),
      field('备注', h('input', { name: 'note', placeholder: '例如 支委会会议决定' })));
    const save = h('button', { type: 'button', id: 'life-rules-save', class: 'primary', onclick: () => busy(save, async () => {
      const day = form.querySelector('[name=theme_day_of_month]');
      const v = formValues(form);
      if (day.validity.badInput || (v.theme_day_of_month !== null && !Number.isInteger(v.theme_day_of_month))) {
        toast('主题党日固定日：请填写 1–31 之间的整数，或留空表示当月任意一天', true);
        return;
      }
      const saved = await api.saveLifeRules({ ...v, effective_from: v.effective_from ?? '' });
      toast(`组织生活规则已保存：自 ${saved.effective_from} 起施行`);
      redraw((await api.lifeRules()).life);
    }) }, '保存为新规则');
    form.append(save);
    const dated = versionDate(list);
    return [
      h('p', { class: 'muted small', text: '用于合规日历和首页的待办与缺项。每个月、季度、年度按其最后一天施行的规则检查，此前结束的时段不受新规则影响。主题党日固定日即当月的截止日，超过当月天数时按月末。' }),
      table({
        rows: list,
        id: 'life-rules-table',
        columns: [
          { header: '施行日期', nowrap: true, cell: dated },
          { header: '党课频次', nowrap: true, cell: (r) => label('cadences', r.party_lecture_every) },
          { header: '主题党日', nowrap: true, cell: (r) => (r.theme_day_of_month ? `每月 ${r.theme_day_of_month} 日前` : '每月任意一天') },
          { header: '备注', class: 'text', cell: (r) => r.note ?? '' },
        ],
      }),
      h('div', { class: 'rule-form-head', text: '新规则' }),
      form,
    ];
  });
}

const GUIDE_FIELDS = [
  ['base', '基础分'], ['bonus_max', '加分上限'], ['poll_max', '测评上限'],
  ['excellent_min', '优秀分数线'], ['qualified_min', '合格分数线'], ['basic_min', '基本合格分数线'],
];

function guideCard(versions) {
  return versionsCard('settings-appraisal-guide', '民主评议指引', versions, (list, redraw) => {
    // The ledger always holds the default version (migration 008): the form starts from the latest.
    const latest = list[list.length - 1] ?? {};
    const number = (key) => h('input', { type: 'number', name: key, min: 0, max: 100, step: 0.5, value: num(latest[key]) });
    const form = h('form', { class: 'rule-form', onsubmit: (e) => e.preventDefault() },
      field('施行日期', dateField('effective_from', '', { placeholder: '例如 2026-12-01' }), { required: true }),
      GUIDE_FIELDS.map(([key, name]) => field(name, number(key), { required: true })),
      field('备注', h('input', { name: 'note', placeholder: '例如 支部党员大会通过' })));
    const save = h('button', { type: 'button', id: 'guide-save', class: 'primary', onclick: () => busy(save, async () => {
      const v = formValues(form);
      const missing = GUIDE_FIELDS.find(([key]) => v[key] === null || form.querySelector(`[name=${key}]`).validity.badInput);
      if (missing) {
        toast(`${missing[1]}：请填写分数`, true);
        return;
      }
      const saved = await api.saveAppraisalGuide({ ...v, effective_from: v.effective_from ?? '' });
      toast(`民主评议指引已保存：自 ${saved.effective_from} 起施行`);
      redraw((await api.lifeRules()).guides);
    }) }, '保存为新指引');
    form.append(save);
    return [
      h('p', { class: 'muted small' }, '评议得分 = 基础分 + 加分（按全年积分，不超过加分上限）+ 测评得分（不超过测评上限）− 减分；达到分数线即建议相应等次。每年的民主评议按当年',
        h('span', { class: 'nowrap', text: ' 12月31日 ' }), '施行的指引计算。'),
      table({
        rows: list,
        id: 'guide-table',
        columns: [
          { header: '施行日期', nowrap: true, cell: versionDate(list) },
          ...GUIDE_FIELDS.map(([key, name]) => ({ header: name, nowrap: true, cell: (g) => num(g[key]) })),
          { header: '备注', class: 'text', cell: (g) => g.note ?? '' },
        ],
      }),
      h('div', { class: 'rule-form-head', text: '新指引' }),
      form,
    ];
  });
}

/** 园地扩展模块: topic collections beside the twelve monthly modules; one still holding materials stays. */
function modulesCard(modules) {
  return versionsCard('settings-garden-modules', '园地扩展模块', modules, (list, redraw) => {
    const name = h('input', { name: 'module', placeholder: '例如 廉政教育', maxlength: 40 });
    const add = h('button', { type: 'button', id: 'garden-module-add', onclick: () => busy(add, async () => {
      const m = await api.addGardenModule(name.value.trim());
      toast(`已添加扩展模块“${m.name}”`);
      redraw(await api.gardenModules());
    }) }, '添加');
    name.addEventListener('keydown', (e) => { if (e.key === 'Enter') add.click(); });
    return [
      h('p', { class: 'muted small', text: '园地中每月的活动、学习任务、资料、通知和投票自成一个月度模块；扩展模块按专题收集资料。' }),
      table({
        rows: list,
        id: 'garden-modules-table',
        empty: '还没有扩展模块',
        row: (m) => ({ dataset: { module: m.name } }),
        columns: [
          { header: '名称', pin: true, nowrap: true, key: 'name' },
          { header: '资料', nowrap: true, cell: (m) => `${m.resources} 份` },
          { header: '', class: 'actions', cell: (m) => h('button', { type: 'button', class: 'link danger', onclick: async () => {
            if (!(await confirmDialog('删除扩展模块', `删除扩展模块“${m.name}”？只有其中没有资料时才能删除。`, '删除'))) return;
            await api.removeGardenModule(m.name);
            toast(`已删除扩展模块“${m.name}”`);
            redraw(await api.gardenModules());
          } }, '删除') },
        ],
      }),
      h('div', { class: 'rule-form' }, field('新模块', name), add),
    ];
  });
}

/** 关注名单: the task-completion rate below which a member is listed on 首页. */
function attentionCard(threshold) {
  return versionsCard('settings-attention', '关注名单', threshold, (value, redraw) => {
    const percent = h('input', { type: 'number', name: 'attention_percent', min: 0, max: 100, step: 1, value: num(Math.round(value * 1000) / 10) });
    const save = h('button', { type: 'button', id: 'attention-save', class: 'primary', onclick: () => busy(save, async () => {
      const n = Number(percent.value);
      if (percent.value.trim() === '' || percent.validity.badInput || !(n >= 0 && n <= 100)) {
        toast('完成率标准：请填写 0–100 之间的数', true);
        return;
      }
      const saved = await api.setAttentionThreshold(n);
      toast(`关注名单标准已保存：学习任务完成率低于 ${num(Math.round(saved * 1000) / 10)}%`);
      redraw(saved);
    }) }, '保存');
    return [
      h('p', { class: 'muted small', text: `首页的关注名单列出：学时落后于全年 ${vocabulary().yearly_hours} 学时的进度、一个季度无故缺席两次及以上、或学习任务完成率低于下面标准的党员，只看台账中已有的学时、考勤和学习任务记录。` }),
      h('div', { class: 'rule-form' }, field('学习任务完成率低于（%）', percent, { hint: '默认 80' }), save),
    ];
  });
}
