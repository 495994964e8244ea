// 报表: the year's charts previewed in the window, the 电子台账 workbook, the charts and the 佐证材料
// folder saved where the secretary chooses, and 演示模式 — a full-screen slideshow for the branch meeting.
import * as api from '../api.js';
import { busy, confirmDialog, currentYear, h, replace, select, toast, yearSelect } from '../dom.js';
import { progressBar, track } from '../components/tasks.js';

let year = currentYear();
let top = 10;
let anonymize = false;
let slides = [];
// 演示模式's slides at full size: drawn when first presented, kept until the charts change.
let fullSlides = null;

export async function render(root) {
  const info = await api.ledgerInfo();
  const branchPicker = info.branches.length > 1 ? (() => {
    const el = select('branch', info.branches.map((b) => ({ value: b.id, label: b.name })), info.branch_id);
    el.addEventListener('change', async () => {
      await api.selectBranch(Number(el.value));
      window.dispatchEvent(new Event('zhibu:ledger-changed'));
    });
    return el;
  })() : h('span', { class: 'muted', text: info.branches[0]?.name ?? '' });

  const previews = h('div', { class: 'chart-grid', id: 'report-charts' });
  const result = h('div', { id: 'report-result' });
  const topInput = h('input', { type: 'number', min: '1', max: '50', class: 'narrow', value: top,
    onchange: (e) => { top = Math.max(1, Number(e.target.value) || 10); refresh(); } });
  const anonBox = h('input', { type: 'checkbox', checked: anonymize, onchange: (e) => { anonymize = e.target.checked; refresh(); } });

  // Only the newest drawing shows: a year or a number changed meanwhile asks again.
  let drawing = 0;
  async function refresh() {
    const ticket = ++drawing;
    slides = [];
    fullSlides = null;
    const bar = progressBar('正在绘制图表');
    replace(previews, bar.el);
    let drawn;
    try {
      drawn = await api.chartPreviews(year, top, anonymize, false, bar.update);
    } catch {
      if (ticket === drawing) replace(previews);
      return;
    }
    if (ticket !== drawing) return;
    // The slides: the core draws no A4 poster for the screen.
    slides = drawn;
    replace(previews, slides.map((c, i) => h('figure', { class: 'chart-preview', dataset: { file: c.file_name } },
      h('img', { src: c.data_url, alt: c.title, onclick: () => present(i) }),
      h('figcaption', { text: `${c.title}（${c.file_name}）` }))));
  }

  const workbookPath = h('input', { id: 'report-workbook-path', class: 'grow', placeholder: '保存位置，例如 D:\\台账\\2026年电子台账.xlsx' });
  const sensitive = h('input', { type: 'checkbox', id: 'report-sensitive' });
  const details = h('input', { type: 'checkbox', id: 'report-details' });
  const a3 = h('input', { type: 'checkbox', id: 'report-a3' });
  const exportWorkbook = h('button', { type: 'button', id: 'report-export-workbook', class: 'primary', onclick: () => busy(exportWorkbook, async () => {
    let out = workbookPath.value.trim();
    if (!out) {
      out = await api.dialog.save({ title: '保存电子台账', defaultPath: `${year}年电子台账.xlsx`, filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] });
      if (!out) return;
      workbookPath.value = out;
    }
    if (sensitive.checked && !(await confirmSensitive())) return;
    replace(result);
    try {
      // The export runs in the background: its bar stays in the tray while other views are used.
      const report = await track('正在导出电子台账', (onProgress) => api.exportWorkbook(year, out, sensitive.checked, details.checked, a3.checked, onProgress));
      replace(result, h('div', { class: 'card' }, h('div', { class: 'card-title', text: '已导出电子台账' }),
        h('p', { class: 'mono', text: report.path }),
        h('ul', { class: 'plain-list' }, report.sheets.map((s) => h('li', { text: `${s.name}：${s.rows} 行` })))));
      toast('电子台账已导出');
    } catch {
      replace(result);
    }
  }) }, '导出电子台账');

  const chartsDir = h('input', { id: 'report-charts-dir', class: 'grow', placeholder: '图表保存文件夹' });
  const exportCharts = h('button', { type: 'button', id: 'report-export-charts', onclick: () => busy(exportCharts, async () => {
    let dir = chartsDir.value.trim();
    if (!dir) {
      dir = await api.dialog.open({ title: '选择保存图表的文件夹', directory: true });
      if (!dir) return;
      chartsDir.value = dir;
    }
    replace(result);
    try {
      const written = await track('正在保存图表', (onProgress) => api.exportCharts(year, dir, top, anonymize, onProgress));
      replace(result, h('div', { class: 'card' }, h('div', { class: 'card-title', text: `已保存 ${written.length} 张图表` }),
        h('p', { class: 'mono', text: dir }),
        h('ul', { class: 'plain-list' }, written.map((c) => h('li', { text: `${c.file_name}　${c.title}` })))));
      toast('图表已保存');
    } catch {
      replace(result);
    }
  }) }, '保存图表');

  const evidenceDir = h('input', { id: 'report-evidence-dir', class: 'grow', placeholder: '新文件夹的位置，例如 D:\\台账\\2026年佐证材料' });
  const exportEvidence = h('button', { type: 'button', id: 'report-export-evidence', onclick: () => busy(exportEvidence, async () => {
    let out = evidenceDir.value.trim();
    if (!out) {
      out = await api.dialog.save({ title: '导出佐证材料：新文件夹的名称和位置', defaultPath: `${year}年佐证材料` });
      if (!out) return;
      evidenceDir.value = out;
    }
    replace(result);
    try {
      const r = await track('正在导出佐证材料', (onProgress) => api.exportEvidence(year, out, onProgress));
      evidenceDir.value = ''; // the folder now exists: the next export asks for a new one
      const missing = r.missing.length ? `；${r.missing.length} 个文件在台账文件夹中找不到，未能导出` : '';
      replace(result, h('div', { class: r.missing.length ? 'card warn' : 'card', id: 'report-evidence-result' },
        h('div', { class: 'card-title', text: `已导出佐证材料：${r.files} 个文件、${r.links} 个链接` }),
        h('p', { class: 'mono', text: r.dir }),
        h('p', { class: 'muted small', text: '每月、每个扩展模块一个文件夹，文件以“日期 活动 名称”命名；索引工作簿列出每个文件所属的记录。' }),
        r.missing.length ? [h('p', { class: 'error-text', text: '以下文件在台账文件夹中找不到：' }),
          h('ul', { class: 'plain-list' }, r.missing.map((m) => h('li', { class: 'mono', text: m })))] : null));
      toast(`佐证材料已导出：${r.files} 个文件、${r.links} 个链接${missing}`, r.missing.length > 0);
    } catch {
      replace(result);
    }
  }) }, '导出佐证材料…');

  const minutesPath = h('input', { id: 'report-minutes-path', class: 'grow', placeholder: '保存位置，例如 D:\\台账\\2026年会议记录.xlsx' });
  const exportMinutes = h('button', { type: 'button', id: 'report-export-minutes', onclick: () => busy(exportMinutes, async () => {
    let out = minutesPath.value.trim();
    if (!out) {
      out = await api.dialog.save({ title: '保存会议记录', defaultPath: `${year}年会议记录.xlsx`, filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] });
      if (!out) return;
      minutesPath.value = out;
    }
    try {
      const report = await track('正在导出会议记录', (onProgress) => api.exportMinutes(year, out, onProgress));
      toast(`会议记录已导出：${report.sheets[0].rows} 次组织生活，每次一页`);
    } catch {
      // The core's message is already on screen.
    }
  }) }, '导出会议记录…');

  const packagePath = h('input', { id: 'report-package-path', class: 'grow', placeholder: '保存位置，例如 D:\\台账\\2026年支部上报包.zbpkg' });
  const exportPackage = h('button', { type: 'button', id: 'report-export-package', onclick: () => busy(exportPackage, async () => {
    let out = packagePath.value.trim();
    if (!out) {
      const branch = info.branches.find((b) => b.id === info.branch_id)?.name ?? '支部';
      out = await api.dialog.save({ title: '保存支部上报包', defaultPath: `${branch}-${year}年上报包.zbpkg`, filters: [{ name: '支部上报包', extensions: ['zbpkg'] }] });
      if (!out) return;
      packagePath.value = out;
    }
    try {
      const r = await track('正在导出支部上报包', (onProgress) => api.exportPackage(year, out, onProgress));
      replace(result, h('div', { class: 'card', id: 'report-package-result' },
        h('div', { class: 'card-title', text: `已导出 ${r.year} 年度支部上报包` }),
        h('p', { class: 'mono', text: r.path }),
        h('p', { text: `党员 ${r.members} 人，组织生活 ${r.activities} 次，共 ${r.rows} 行记录。` }),
        h('p', { class: 'muted small', text: `审计链头：${r.head}。党委导入时显示同一链头，可据此核对上报包确实出自本台账。` })));
      toast('支部上报包已导出');
    } catch {
      // The core's message is already on screen.
    }
  }) }, '导出上报包…');

  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '报表' }), yearSelect(year, (y) => { year = y; refresh(); }), branchPicker,
      h('button', { type: 'button', id: 'report-present', class: 'primary', onclick: () => present(0) }, '演示模式')),
    h('div', { class: 'card' },
      h('div', { class: 'card-title', text: '年度电子台账（Excel）' }),
      h('p', { class: 'muted small', text: '年度统计、花名册、组织生活记录、考勤表、学习任务、学时统计、关注名单、积分排行、先锋示范岗、民主评议、合规日历、谈心谈话、表彰，每张表 A4 打印、表头每页重复、带页码。' }),
      h('div', { class: 'toolbar' }, workbookPath, exportWorkbook),
      h('label', { class: 'kind' }, details, '完整版：另附积分明细和学习记录（默认不含，供审阅的台账更精炼）'),
      h('label', { class: 'kind' }, a3, '宽表用 A3 纸打印（默认 A4：放不下的宽表分成几页，首列每页重复；A3 上页数更少）'),
      h('label', { class: 'kind' }, sensitive, '包含完整的联系电话和身份证号（默认隐藏）')),
    h('div', { class: 'card', id: 'report-minutes' },
      h('div', { class: 'card-title', text: '会议记录（打印装订）' }),
      h('p', { class: 'muted small', text: '每次组织生活一页：时间、地点、主持人、记录人、应到实到、缺席人员及原因、列席、议题、内容摘要、决议与表决、学时，按日期排列，附主持人、记录人签字栏。' }),
      h('div', { class: 'toolbar' }, minutesPath, exportMinutes)),
    h('div', { class: 'card', id: 'report-evidence' },
      h('div', { class: 'card-title', text: '佐证材料（文件夹）' }),
      h('p', { class: 'muted small', text: '把全年的活动附件（签到表、照片、课件）、园地资料和通知附件按月份和模块整理到一个新文件夹，附索引工作簿，交考核时可直接浏览。' }),
      h('div', { class: 'toolbar' }, evidenceDir, exportEvidence)),
    h('div', { class: 'card', id: 'report-package' },
      h('div', { class: 'card-title', text: '支部上报包（交党委）' }),
      h('p', { class: 'muted small', text: '把本支部全年的记录（党员与党小组、支委、组织生活与考勤、学习任务与完成情况、讨论心得测验、积分加减分、先锋岗、民主评议、谈心谈话、表彰）连同审计链存证导出为一个文件，交党委导入后汇总排行。活动附件不在包内（请用“佐证材料”单独提交）。' }),
      h('div', { class: 'toolbar' }, packagePath, exportPackage)),
    h('div', { class: 'card' },
      h('div', { class: 'card-title', text: '会议图表' }),
      h('div', { class: 'toolbar' }, '积分排行显示前', topInput, '名',
        h('label', { class: 'kind' }, anonBox, '只显示前几名的姓名'), chartsDir, exportCharts),
      previews),
    result);
  // The previews take their time (the core draws every chart): the page and its exports are usable
  // meanwhile, the previews' progress bar in their place.
  refresh();
}

/** Personal data leaves the app only on an explicit, confirmed choice. */
function confirmSensitive() {
  return confirmDialog('导出敏感信息', '导出的工作簿将包含完整的联系电话和身份证号。请妥善保管，不要通过公共渠道传送。', '仍要导出');
}

/** 演示模式: the charts one at a time, full screen; ← → to move, Esc to leave. */
function present(start) {
  if (!slides.length) {
    toast('图表还在绘制，请稍候再点“演示模式”');
    return;
  }
  let i = start;
  const img = h('img', { class: 'slide-img' });
  const caption = h('div', { class: 'slide-caption' });
  const show = () => {
    img.src = (fullSlides ?? slides)[i].data_url;
    img.alt = slides[i].title;
    caption.textContent = `${i + 1} / ${slides.length}　${slides[i].title}　（← → 切换，Esc 退出）`;
  };
  const overlay = h('div', { class: 'slideshow', id: 'slideshow', tabindex: '-1' }, img, caption);
  const onKey = (e) => {
    if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') { i = (i + 1) % slides.length; show(); }
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { i = (i - 1 + slides.length) % slides.length; show(); }
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };
  function close() {
    document.removeEventListener('keydown', onKey, true);
    overlay.remove();
    api.setFullscreen(false);
  }
  overlay.addEventListener('click', () => { i = (i + 1) % slides.length; show(); });
  document.addEventListener('keydown', onKey, true);
  document.body.append(overlay);
  show();
  // The previews show at once, enlarged; the full-size slides replace them when drawn.
  if (!fullSlides) {
    const shown = slides;
    api.chartPreviews(year, top, anonymize, true).then((full) => {
      if (slides !== shown) return;
      fullSlides = full;
      if (overlay.isConnected) show();
    }, () => {});
  }
  overlay.focus();
  api.setFullscreen(true);
}
