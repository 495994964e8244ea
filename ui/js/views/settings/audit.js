// 设置 → 审计日志: every change made to the ledger, newest first, a page at a time — when, from which
// window or command, which record, what changed — and the whole log saved as a workbook.
import * as api from '../../api.js';
import { busy, h, replace, toast, today } from '../../dom.js';
import { table } from '../../components/table.js';
import { track } from '../../components/tasks.js';

export const PAGE = 50;

/** `first`: the newest page, {total, entries}, as audit_log returns it. */
export function auditCard(first) {
  const card = h('div', { class: 'card', id: 'settings-audit' });
  const exportLog = h('button', { type: 'button', id: 'audit-export', onclick: () => busy(exportLog, async () => {
    const out = await api.dialog.save({ title: '导出审计日志', defaultPath: `审计日志-${today()}.xlsx`, filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] });
    if (!out) return;
    await track('正在导出审计日志', (onProgress) => api.exportAuditLog(out, onProgress));
    toast(`审计日志已导出到 ${out}`);
  }) }, '导出…');
  const show = async (offset) => draw(offset, await api.auditLog(offset, PAGE));
  const draw = (offset, { total, entries }) => {
    const newer = h('button', { type: 'button', id: 'audit-newer', disabled: offset === 0, onclick: () => busy(newer, () => show(Math.max(0, offset - PAGE))) }, '较新');
    const older = h('button', { type: 'button', id: 'audit-older', disabled: offset + entries.length >= total, onclick: () => busy(older, () => show(offset + PAGE)) }, '更早');
    replace(card,
      h('div', { class: 'card-title' }, '审计日志', exportLog),
      h('p', { class: 'muted small', text: '台账的每一次修改都自动记入日志：何时、从哪个窗口或命令、改了哪条记录、改了什么。日志与台账一起保存，不能修改；身份证号、手机号只记部分。' }),
      table({
        rows: entries,
        id: 'audit-log',
        className: 'audit-table',
        empty: '日志中还没有记录',
        row: (e) => ({ dataset: { seq: e.seq } }),
        columns: [
          { header: '时间', nowrap: true, key: 'at' },
          { header: '来源', nowrap: true, key: 'origin' },
          { header: '表', nowrap: true, key: 'table_label' },
          { header: '行', nowrap: true, key: 'row_key' },
          { header: '操作', nowrap: true, key: 'op_label' },
          { header: '内容', class: 'text described', key: 'described' },
        ],
      }),
      h('div', { class: 'toolbar' }, newer, older,
        h('span', { class: 'muted small', id: 'audit-total', text: entries.length ? `第 ${offset + 1}–${offset + entries.length} 条，共 ${total} 条` : `共 ${total} 条` })));
  };
  draw(0, first);
  return card;
}
