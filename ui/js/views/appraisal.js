// 民主评议党员: the year's sheet the secretary works through row by row — each member's 自评, 互评,
// 测评 and 备注, the guide's score and suggestion (the guide in force on 31 December, from 设置)
// beside the branch's grade, 优秀 counted against its third of those graded.
import * as api from '../api.js';
import { busy, confirmDialog, currentYear, h, num, replace, select, toast, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { table } from '../components/table.js';

const DECIDED_BY = '支部委员会';
const GRADE_BADGE = { excellent: 'badge ok', qualified: 'badge', basic: 'badge warn', unqualified: 'badge warn' };

let year = currentYear();

export async function render(root) {
  const counter = h('div', { class: 'appraisal-counter' });
  const guide = h('p', { id: 'appraisal-guide', class: 'muted small guide' });
  const box = h('div');
  // The sheet on screen: its year, its rows, and each row's live cells by member id.
  let shown = null;

  // The cap is the core's rule; only the answer to the latest count is drawn.
  let counted = 0;
  const count = async (rows) => {
    const ticket = ++counted;
    const graded = rows.filter((r) => r.graded).length;
    const cap = await api.excellentCap(graded);
    if (ticket !== counted) return;
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
    const [rows, g] = await Promise.all([api.appraisalSheet(y), api.appraisalGuide(y)]);
    if (y !== year) return;
    const sheet = { year: y, rows, cells: new Map() };
    shown = sheet;
    guide.textContent = guideText(g, y);
    const parts = (r) => {
      if (!sheet.cells.has(r.member_id)) sheet.cells.set(r.member_id, rowParts(r, y, g, refresh));
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
        { header: '自评等次', nowrap: true, cell: (r) => parts(r).self },
        { header: '互评得分', nowrap: true, cell: (r) => parts(r).peer },
        { header: '测评得分', nowrap: true, cell: (r) => parts(r).poll },
        { header: '评议得分', nowrap: true, class: 'points', cell: (r) => parts(r).score },
        { header: '建议等次', nowrap: true, cell: (r) => parts(r).suggested },
        { header: '评定等次', nowrap: true, cell: (r) => parts(r).grade },
        { header: '备注', cell: (r) => parts(r).note },
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
    h('div', { class: 'card appraisal-card' }, counter, guide, box));
  await draw();
}

/** The year's guide (设置 → 民主评议指引, the version in force on 31 December) in one sentence. */
function guideText(g, y) {
  const from = g.effective_from <= '1900-01-01' ? '' : `${y} 年按 ${g.effective_from} 起施行的评议指引。`;
  return `评议得分 = 基础分 ${num(g.base)} + 加分（最多 ${num(g.bonus_max)}，按全年积分与本支部最高者相比）`
    + `+ 测评得分（最多 ${num(g.poll_max)}）− 减分。${num(g.excellent_min)} 分及以上建议优秀（不超过受评正式党员的三分之一），`
    + `${num(g.qualified_min)} 分及以上合格，${num(g.basic_min)} 分及以上基本合格，${num(g.basic_min)} 分以下不合格。`
    + `建议仅供参考，等次由支部评定。${from}`;
}

const dash = (x) => (x === null || x === undefined ? '—' : num(x));

/** One row's live cells; update(row) rewrites what the core computes. */
function rowParts(r, y, g, refresh) {
  const points = h('span');
  const bonus = h('span');
  const deduction = h('span');
  const score = h('strong');
  const suggested = h('span');
  const grade = r.graded ? gradeSelect(r, y, refresh) : h('span', { class: 'muted small', text: '预备党员不评定等次', title: '预备党员参加评议，不评定等次' });
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
  const save = rowSaver(r, y, refresh);
  return {
    points, bonus, deduction, score, suggested, grade, update,
    self: selfGradeSelect(r, save),
    peer: scoreInput(r, save, 'peer_score', '互评得分', 100),
    poll: scoreInput(r, save, 'poll_score', '测评得分', g.poll_max),
    note: noteInput(r, save),
  };
}

/**
 * The core replaces the whole row (自评, 互评, 测评, 备注; null clears), so every save sends the
 * row as the secretary sees it. Saves of a row run one after another, each sending the row as it
 * is then, so the last write always holds what is on screen. save(key, value, revert): a refused
 * value is put back (revert(previous)) and the rest of the row stays.
 */
function rowSaver(r, y, refresh) {
  let confirmed = { self_grade: r.self_grade ?? null, peer_score: r.peer_score ?? null, poll_score: r.poll_score ?? null, note: r.note ?? null };
  const onScreen = { ...confirmed };
  let queue = Promise.resolve();
  return (key, value, revert) => {
    onScreen[key] = value;
    queue = queue.then(async () => {
      const sent = { ...onScreen };
      try {
        await api.saveAppraisalScores(r.member_id, y, sent);
        confirmed = sent;
      } catch {
        if (onScreen[key] === value) {
          onScreen[key] = confirmed[key];
          revert(confirmed[key]);
        }
        return;
      }
      await refresh();
    }).catch(() => { /* a failed refresh: the core's message is already shown */ });
    return queue;
  };
}

/** 自评等次 (预备党员 too); 未填 clears it. */
function selfGradeSelect(r, save) {
  const el = select('self_grade', options('appraisal_grades'), r.self_grade ?? '', { empty: '未填' });
  el.classList.add('appraisal-self');
  el.setAttribute('aria-label', `${r.name} 自评等次`);
  el.addEventListener('change', () => save('self_grade', el.value || null, (v) => { el.value = v ?? ''; }));
  return el;
}

/** A score saved when it changes; emptied, the score is cleared. */
function scoreInput(r, save, key, name, max) {
  const input = h('input', { type: 'number', class: 'score-input', name: key, min: 0, max, step: 0.5,
    placeholder: `0–${num(max)}`, value: r[key] ?? '', 'aria-label': `${r.name} ${name}` });
  let last = input.value;
  const revert = (v) => { input.value = v === null ? '' : String(v); last = input.value; };
  input.addEventListener('change', () => {
    if (input.validity.badInput) {
      toast('请填写数字', true);
      input.value = last;
      return;
    }
    const text = input.value.trim();
    last = text;
    save(key, text === '' ? null : Number(text), revert);
  });
  return input;
}

/** 备注: a line of text, saved when it changes; emptied, it is cleared. */
function noteInput(r, save) {
  const input = h('input', { class: 'note-input', name: 'note', value: r.note ?? '', 'aria-label': `${r.name} 备注` });
  input.addEventListener('change', () => {
    input.title = input.value.trim();
    save('note', input.value.trim() || null, (v) => { input.value = v ?? ''; input.title = input.value; });
  });
  input.title = input.value;
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
