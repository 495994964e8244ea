// 导入: choose a spreadsheet, preview every row and every error, then apply it whole.
import * as api from '../api.js';
import { busy, h, replace, toast } from '../dom.js';
import { vocabulary } from '../labels.js';
import { progressBar, track } from '../components/tasks.js';
import { table } from '../components/table.js';

const ACTION = { create: '新增', update: '更新', unchanged: '不变' };

let kind = 'members';

/** The columns of a kind as the core matches them: "姓名*（或 学生姓名/用户名）、性别…". */
function headerHint(spec) {
  const cols = spec.columns.map((c) => `${c.name}${c.required ? '*' : ''}`).join('、');
  return spec.note ? `${cols}。${spec.note}` : cols;
}

export async function render(root) {
  const specs = vocabulary().imports;
  const kindSelect = h('select', { id: 'import-kind' }, specs.map((k) => h('option', { value: k.code, selected: k.code === kind }, k.label)));
  const headers = h('p', { class: 'muted' });
  const showHeaders = () => { headers.textContent = `表头（按名称匹配，顺序不限；* 为必填）：${headerHint(specs.find((k) => k.code === kind))}`; };
  const path = h('input', { id: 'import-path', class: 'grow', placeholder: '文件路径（.csv 或 .xlsx）' });
  const result = h('div', { id: 'import-result' });
  const apply = h('button', { type: 'button', id: 'import-apply', class: 'primary', disabled: true }, '确认导入');
  kindSelect.addEventListener('change', () => { kind = kindSelect.value; showHeaders(); apply.disabled = true; replace(result); });
  path.addEventListener('input', () => { apply.disabled = true; });
  showHeaders();

  const preview = h('button', { type: 'button', id: 'import-preview', onclick: () => busy(preview, async () => {
    apply.disabled = true;
    const bar = progressBar('正在检查');
    replace(result, bar.el);
    try {
      const report = await api.importPreview(kind, path.value.trim(), bar.update);
      replace(result, reportView(report));
      apply.disabled = report.errors.length > 0;
    } catch {
      replace(result);
    }
  }) }, '预览');

  apply.addEventListener('click', async () => {
    let applied = false;
    await busy(apply, async () => {
      const report = await track('正在导入', (onProgress) => api.importApply(kind, path.value.trim(), onProgress));
      toast(`导入完成：新增 ${report.created}，更新 ${report.updated}，不变 ${report.unchanged}`);
      replace(result, reportView(report));
      applied = true;
    }).catch(() => {});
    // Applied once: a second click would only find everything unchanged; preview again first.
    if (applied) apply.disabled = true;
  });

  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '导入' })),
    h('div', { class: 'card' },
      h('div', { class: 'toolbar' }, h('span', { text: '导入内容' }), kindSelect),
      headers,
      h('div', { class: 'toolbar' }, path,
        h('button', { type: 'button', onclick: async () => {
          const chosen = await api.dialog.open({ multiple: false, title: '选择表格文件',
            filters: [{ name: '表格文件', extensions: ['csv', 'xlsx'] }] });
          if (chosen) { path.value = chosen; apply.disabled = true; }
        } }, '选择文件…'),
        preview, apply),
      h('p', { class: 'muted small', text: '支持 Excel/WPS 保存的 .xlsx 和 .csv（UTF-8 或 GBK 编码）。整个文件没有错误才会写入；重复导入同一文件不会产生重复记录。' })),
    result);
}

function reportView(r) {
  const parts = [h('div', { class: 'card' },
    h('div', { class: 'card-title', text: r.applied ? '已导入' : '预览（尚未写入）' }),
    h('div', { class: 'stat-line' }, `共 ${r.rows} 行：新增 `, h('strong', { text: String(r.created) }),
      '，更新 ', h('strong', { text: String(r.updated) }), '，不变 ', h('strong', { text: String(r.unchanged) }),
      r.errors.length ? h('span', { class: 'error-text', text: `，错误 ${r.errors.length} 处（请修改文件后重新预览）` }) : null))];
  if (r.warnings.length) {
    parts.push(h('div', { class: 'card warn' }, h('div', { class: 'card-title', text: '提示' }),
      h('ul', { class: 'plain-list' }, r.warnings.map((w) => h('li', { text: w })))));
  }
  if (r.errors.length) {
    parts.push(h('div', { class: 'card error' }, h('div', { class: 'card-title', text: '错误' }),
      table({
        rows: r.errors,
        columns: [
          { header: '行', nowrap: true, cell: (e) => String(e.row) },
          { header: '列', nowrap: true, key: 'column' },
          { header: '值', class: 'text', key: 'value' },
          { header: '说明', class: 'text', key: 'message' },
        ],
      })));
  }
  if (r.changes.length) {
    parts.push(h('div', { class: 'card' }, h('div', { class: 'card-title', text: '逐行内容' }),
      table({
        rows: r.changes,
        row: (c) => ({ class: `action-${c.action}` }),
        columns: [
          { header: '行', nowrap: true, cell: (c) => String(c.row) },
          { header: '操作', nowrap: true, cell: (c) => ACTION[c.action] },
          { header: '内容', class: 'text', key: 'summary' },
        ],
      })));
  }
  return parts;
}
