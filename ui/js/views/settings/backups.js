// 设置 → 备份与恢复: the backups the app takes by itself beside the ledger (on every opening, then
// daily), what each holds, putting one back — after a backup of the ledger as it is, so nothing is
// lost — and how many to keep.
import * as api from '../../api.js';
import { busy, confirmDialog, field, h, toast } from '../../dom.js';
import { table } from '../../components/table.js';
import { track } from '../../components/tasks.js';

/** `restored()` is called after a restore, done or not: the whole window reads the ledger afresh. */
export function backupsCard({ dir, keep, backups }, restored) {
  const restore = async (b) => {
    if (!(await confirmDialog('从备份恢复台账', holds(b), '恢复'))) return;
    try {
      const r = await track('正在恢复台账', (onProgress) => api.restoreLedger(b.path, onProgress));
      toast(`已恢复 ${b.taken_at} 的备份。恢复前的台账已备份到 ${r.safety_copy}`);
    } catch {
      // The core's message is on screen; the ledger may have been closed and opened again all the same.
    }
    restored();
  };
  const fromFile = h('button', { type: 'button', id: 'backup-restore-file', onclick: () => busy(fromFile, async () => {
    const path = await api.dialog.open({ multiple: false, title: '选择用来恢复的备份文件', filters: [{ name: '支部台账', extensions: ['db', 'sqlite'] }] });
    if (path) await restore(await api.inspectBackup(path));
  }) }, '从其他备份文件恢复…');

  const count = h('input', { type: 'number', id: 'backup-keep', name: 'backup_keep', min: 1, max: 365, step: 1, value: keep });
  const save = h('button', { type: 'button', id: 'backup-keep-save', class: 'primary', onclick: () => busy(save, async () => {
    const n = Number(count.value);
    if (count.validity.badInput || !Number.isInteger(n) || n < 1 || n > 365) {
      toast('保留份数：请填写 1–365 之间的整数', true);
      return;
    }
    toast(`自动备份保留最近 ${await api.setBackupKeep(n)} 份`);
  }) }, '保存');

  return h('div', { class: 'card', id: 'settings-backups' },
    h('div', { class: 'card-title' }, '备份与恢复', fromFile),
    h('p', { class: 'muted small', text: '每次打开台账时，以及台账一直开着时每天一次，程序自动把台账连同附件备份到下面的文件夹，只保留最近的若干份。恢复时会先把当前的台账再备份一份，恢复错了也可以恢复回来。' }),
    h('dl', { class: 'facts' }, h('dt', { text: '备份文件夹' }), h('dd', { class: 'mono', id: 'backup-dir', text: dir })),
    table({
      rows: backups,
      id: 'backups-table',
      empty: '还没有自动备份',
      row: (b) => ({ dataset: { reason: b.reason ?? '' } }),
      columns: [
        { header: '时间', pin: true, nowrap: true, key: 'taken_at' },
        { header: '原因', nowrap: true, key: 'reason_label' },
        { header: '在册党员', nowrap: true, cell: (b) => `${b.members} 人` },
        { header: '组织生活', nowrap: true, cell: (b) => `${b.activities} 次` },
        { header: '最近一次活动', nowrap: true, cell: (b) => b.latest_activity ?? '—' },
        { header: '大小', nowrap: true, cell: (b) => size(b.bytes) },
        { header: '', class: 'actions', cell: (b) =>
          h('button', { type: 'button', class: 'link backup-restore', onclick: () => restore(b) }, '恢复…') },
      ],
    }),
    h('div', { class: 'rule-form' }, field('保留份数', count, { hint: '1–365，默认 30' }), save));
}

/** The confirmation: what the backup holds, and that the ledger as it is is kept first. */
function holds(b) {
  const branches = b.branches > 1 ? `${b.branches} 个支部，` : '';
  const activities = b.latest_activity ? `组织生活 ${b.activities} 次，最近一次在 ${b.latest_activity}` : '没有组织生活记录';
  return `用 ${b.taken_at} 的备份（${b.reason_label}）替换当前台账？\n\n这份备份中有${branches}在册党员 ${b.members} 人，${activities}。备份之后对台账所做的修改，恢复后将看不到。\n\n恢复前会先把当前台账备份一份，需要时可以再恢复回来。`;
}

function size(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
