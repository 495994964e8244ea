// 民主评议党员: the year's sheet the secretary works through row by row — the guide's score and
// suggestion beside the branch's grade, 优秀 counted against its third of those graded.
import * as api from '../api.js';
import { busy, confirmDialog, currentYear, h, num, replace, select, toast, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { table } from '../components/table.js';

const DECIDED_BY = '支部委员会';
const GRADE_BADGE = { excellent: 'badge ok', qualified: 'badge', basic: 'badge warn', unqualified: 'badge warn' };

let year = currentYear();

export async function render(root) {
  const counter = h('div', { class: 'appraisal-counter' });
  const box = h('div');
  // The sheet on screen: its year, its rows, and each row's live cells by member id.
  let shown = null;

  const count = (rows) => {
    const graded = rows.filter((r) => r.graded).length;
    const cap = Math.floor(graded / 3);
    const excellent = rows.filter((r) => r.grade === 'excellent').length;
    const decided = rows.filter((r) => r.graded && r.grade).length;
    replace(counter,
      h('span', { id: 'appraisal-excellent-count', class: graded && excellent >= cap ? 'excellent-count full' : 'excellent-count',
        text: `优秀 ${excellent} / 上限 ${cap}（受评正式党员 ${graded} 人的三分之一）` }),
      h('span', { class: 'muted', text: `已评定 ${decided} / ${graded} 人` }));
  };

  // A saved score moves the member's score and can move everyone's suggestion (the third goes to the
  // best scores), so the computed cells are rewritten in place: the input tabbed into keeps its focus.
  const refresh = async () => {
    const sheet = shown;
    const rows = await api.appraisalSheet(sheet.year);
    if (sheet !== shown) return;
    sheet.rows = rows;
    for (const r of rows) sheet.cells.get(r.member_id)?.update(r);
    count(rows);
  };

  const draw = async () => {
    const y = year;
    const rows = await api.appraisalSheet(y);
    if (y !== year) return;
    const sheet = { year: y, rows, cells: new Map() };
    shown = sheet;
    const parts = (r) => {
      if (!sheet.cells.has(r.member_id)) sheet.cells.set(r.member_id, rowParts(r, y, refresh));
      return sheet.cells.get(r.member_id);
    };
    replace(box, table({
      rows,
      id: 'appraisal-table',
      className: 'appraisal-table',
      empty: `${y} 年底没有在册党员`,
      row: (r) => ({ dataset: { memberId: r.member_id, memberName: r.name, score: r.score ?? '' }, class: r.graded ? null : 'inactive' }),
      columns: [
        { header: '姓名', pin: true, nowrap: true, cell: (r) => h('strong', { text: r.name }) },
        { header: '积分', nowrap: true, cell: (r) => parts(r).points },
        { header: '加分', nowrap: true, cell: (r) => parts(r).bonus },
        { header: '减分', nowrap: true, cell: (r) => parts(r).deduction },
        { header: '互评得分', nowrap: true, cell: (r) => parts(r).peer },
        { header: '测评得分', nowrap: true, cell: (r) => parts(r).poll },
        { header: '评议得分', nowrap: true, class: 'points', cell: (r) => parts(r).score },
        { header: '建议等次', nowrap: true, cell: (r) => parts(r).suggested },
        { header: '评定等次', nowrap: true, cell: (r) => parts(r).grade },
      ],
    }));
    count(rows);
  };

  const fill = (button) => busy(button, async () => {
    const sheet = shown;
    const todo = sheet.rows.filter((r) => r.graded && !r.grade && r.suggested);
    if (!todo.length) {
      toast('每位正式党员都已评定等次');
      return;
    }
    const ok = await confirmDialog('按建议填写等次',
      `为 ${todo.length} 名尚未评定等次的正式党员填写评议得分建议的等次（评定人：${DECIDED_BY}）。\n填写后仍可逐人修改。`, '填写');
    if (!ok) return;
    let done = 0;
    try {
      for (const r of todo) {
        await api.decideAppraisal(r.member_id, sheet.year, r.suggested, DECIDED_BY);
        done += 1;
      }
      toast(`已按建议填写 ${done} 人的等次`);
    } catch {
      // The core's message (e.g. the third of 优秀 reached) is already on screen; the rest stay undecided.
    } finally {
      await refresh();
    }
  });

  const fillButton = h('button', { type: 'button', id: 'appraisal-fill', onclick: () => fill(fillButton) }, '按建议填写未评定的等次');
  root.append(
    h('header', { class: 'page-head' }, h('h1', { text: '民主评议党员' }),
      yearSelect(year, (y) => { year = y; draw(); }), fillButton),
    h('div', { class: 'card appraisal-card' }, counter,
      h('p', { class: 'muted small guide', text: '评议得分 = 基础分 60 + 加分（最多 30，按全年积分与本支部最高者相比）+ 测评得分（最多 10）− 减分。'
        + '90 分及以上建议优秀（不超过受评正式党员的三分之一），80–89 分合格，60–79 分基本合格，60 分以下不合格。建议仅供参考，等次由支部评定。' }),
      box));
  await draw();
}

const dash = (x) => (x === null || x === undefined ? '—' : num(x));

/** One row's live cells; update(row) rewrites what the core computes. */
function rowParts(r, y, refresh) {
  const points = h('span');
  const bonus = h('span');
  const deduction = h('span');
  const score = h('strong');
  const suggested = h('span');
  const grade = r.graded ? gradeSelect(r, y, refresh) : h('span', { class: 'muted small', text: '预备党员：参加评议，不评定等次' });
  const update = (x) => {
    points.textContent = num(x.points);
    bonus.textContent = x.bonus ? `+${num(x.bonus)}` : dash(x.bonus);
    deduction.textContent = x.deduction ? `−${num(x.deduction)}` : dash(x.deduction);
    score.textContent = dash(x.score);
    replace(suggested, x.suggested ? h('span', { class: GRADE_BADGE[x.suggested], text: label('appraisal_grades', x.suggested) }) : '—');
    if (r.graded) {
      grade.value = x.grade ?? '';
      grade.dataset.previous = grade.value;
    }
    const tr = score.closest('tr');
    if (tr) tr.dataset.score = x.score ?? '';
  };
  update(r);
  return {
    points, bonus, deduction, score, suggested, grade, update,
    peer: scoreInput(r, y, 'peer_score', 100, refresh),
    poll: scoreInput(r, y, 'poll_score', 10, refresh),
  };
}

/** A score saved when it changes; the core keeps a recorded score when given none, so it cannot be emptied. */
function scoreInput(r, y, key, max, refresh) {
  const input = h('input', { type: 'number', class: 'score-input', name: key, min: 0, max, step: 0.5,
    placeholder: `0–${max}`, value: r[key] ?? '', 'aria-label': `${r.name} ${key === 'peer_score' ? '互评得分' : '测评得分'}` });
  let saved = input.value;
  input.addEventListener('change', async () => {
    const text = input.value.trim();
    if (input.validity.badInput) {
      toast('请填写数字', true);
      input.value = saved;
      return;
    }
    if (text === '') {
      if (saved !== '') toast('已记录的得分不能清空，可以改为其他分数');
      input.value = saved;
      return;
    }
    const value = Number(text);
    try {
      await api.saveAppraisalScores(r.member_id, y, {
        self_grade: null, note: null,
        peer_score: key === 'peer_score' ? value : null,
        poll_score: key === 'poll_score' ? value : null,
      });
      saved = text;
    } catch {
      input.value = saved;
      return;
    }
    await refresh();
  });
  return input;
}

/** The branch's grade; a refused decision (the third of 优秀 reached) puts the previous grade back. */
function gradeSelect(r, y, refresh) {
  const el = select('grade', options('appraisal_grades'), r.grade ?? '', { empty: '未评定' });
  el.classList.add('appraisal-grade');
  el.setAttribute('aria-label', `${r.name} 评定等次`);
  el.addEventListener('change', () => busy(el, async () => {
    try {
      await api.decideAppraisal(r.member_id, y, el.value || null, DECIDED_BY);
    } catch {
      el.value = el.dataset.previous;
      return;
    }
    el.dataset.previous = el.value;
    await refresh();
  }));
  return el;
}
