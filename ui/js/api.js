// The one door to the core: every call goes through invoke, and every error the core reports
// ({kind, message}, message in Chinese) is shown once, here, before it reaches the view.
import { toast } from './dom.js';

const invoke = (...args) => window.__TAURI__.core.invoke(...args);

/** A Channel the core reports progress on ({done, total, stage}); `onProgress` may be omitted. */
function progress(onProgress) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = (p) => { if (onProgress) onProgress(p); };
  return channel;
}

// Each call's time, from the call to its answer (the core's work, serialisation and the IPC), is a
// performance measure named `invoke <command>`, as the browser's profiler shows them; the desktop
// bench reads them. Cleared now and then, so a long session keeps no more than a few hundred.
let measured = 0;
function measure(command, start) {
  if (++measured > 500) {
    performance.clearMeasures();
    measured = 0;
  }
  performance.measure(`invoke ${command}`, { start });
}

/** `quiet`: the caller shows the message where it belongs (search as you type) instead of a toast. */
async function call(command, args = {}, { quiet = false } = {}) {
  const start = performance.now();
  try {
    const value = await invoke(command, args);
    measure(command, start);
    return value;
  } catch (err) {
    measure(command, start);
    const message = typeof err === 'string' ? err : (err && err.message) || '操作失败';
    if (!quiet) toast(message, true);
    const e = new Error(message);
    e.kind = err && err.kind;
    throw e;
  }
}

export const dialog = {
  open: (options) => window.__TAURI__.dialog.open(options),
  save: (options) => window.__TAURI__.dialog.save(options),
};

export const ledgerInfo = () => call('ledger_info');
export const openLedger = (path) => call('open_ledger', { path });
export const createLedger = (path, branch, parent) => call('create_ledger', { path, branch, parent });
export const selectBranch = (id) => call('select_branch', { id });
export const vocabulary = () => call('vocabulary');
export const dashboard = (today) => call('dashboard', { today });
export const compliance = (year, as_of) => call('compliance', { year, as_of });
export const appraisalSheet = (year) => call('appraisal_sheet', { year });
export const saveAppraisalScores = (member_id, year, scores) =>
  call('save_appraisal_scores', { member_id, year, ...scores });
export const decideAppraisal = (member_id, year, grade, decided_by) =>
  call('decide_appraisal', { member_id, year, grade, decided_by });
export const excellentCap = (graded) => call('excellent_cap', { graded });
export const listHeartTalks = (year) => call('list_heart_talks', { year });
export const addHeartTalk = (talk) => call('add_heart_talk', talk);
export const listAwards = (year) => call('list_awards', { year });
export const addAward = (member_id, date, level, title) => call('add_award', { member_id, date, level, title });

export const listMembers = (filter) => call('list_members', { filter });
export const getMember = (id, reveal) => call('get_member', { id, reveal });
export const saveMember = (input) => call('save_member', { input });
export const leaveMember = (id, status, left_on, left_to) => call('leave_member', { id, status, left_on, left_to });
export const moveMember = (id, group_id, from) => call('move_member', { id, group_id, from });
export const regularizeMember = (id, on) => call('regularize_member', { id, on });
export const extendProbation = (id, decided_on, until) => call('extend_probation', { id, decided_on, until });
export const transferMemberIn = (id, on, came_from) => call('transfer_member_in', { id, on, came_from });
export const memberHistory = (id) => call('member_history', { id });

export const listActivities = (year, month) => call('list_activities', { year, month });
export const getActivity = (id) => call('get_activity', { id });
export const activityRoll = (date, kinds, group_id, activity_id) =>
  call('activity_roll', { date, kinds, group_id, activity_id });
export const saveActivity = (input) => call('save_activity', { input });
export const deleteActivity = (id) => call('delete_activity', { id });
export const addAttachment = (activity_id, source) => call('add_attachment', { activity_id, source });
export const removeAttachment = (id) => call('remove_attachment', { id });

export const importPreview = (kind, path, onProgress) => call('import_preview', { kind, path, on_progress: progress(onProgress) });
export const importApply = (kind, path, onProgress) => call('import_apply', { kind, path, on_progress: progress(onProgress) });

export const exportPackage = (year, out, onProgress) => call('export_package', { year, out, on_progress: progress(onProgress) });
export const importPackage = (path, confirmed, onProgress) =>
  call('import_package', { path, confirmed, on_progress: progress(onProgress) });
export const listPackages = (year) => call('list_packages', { year });

export const updateBranch = (input) => call('update_branch', { input });
export const listGroups = () => call('list_groups');
export const saveGroup = (input) => call('save_group', { input });
export const deleteGroup = (id) => call('delete_group', { id });
export const listCommittee = () => call('list_committee');
export const saveCommitteeRole = (input) => call('save_committee_role', { input });
export const deleteCommitteeRole = (id) => call('delete_committee_role', { id });

export const listStudyTasks = (year) => call('list_study_tasks', { year });
export const studyTaskMembers = (task_id) => call('study_task_members', { task_id });
export const saveStudyTask = (input) => call('save_study_task', { input });
export const recordStudy = (task_id, member_id, completed_on, source) =>
  call('record_study', { task_id, member_id, completed_on, source });
export const removeStudyRecord = (task_id, member_id) => call('remove_study_record', { task_id, member_id });
export const memberStudy = (year) => call('member_study', { year });

export const pointsRanking = (year, month) => call('points_ranking', { year, month });
export const pointsExplain = (member_id, year, month) => call('points_explain', { member_id, year, month });
export const addPointAdjustment = (member_id, date, points, reason) =>
  call('add_point_adjustment', { member_id, date, points, reason });
export const pointRuleSets = () => call('point_rule_sets');
export const savePointRules = (effective_from, note, rules) => call('save_point_rules', { effective_from, note, rules });
export const collegeOverview = (year) => call('college_overview', { year });
export const exportCollegeWorkbook = (year, out, onProgress) =>
  call('export_college_workbook', { year, out, on_progress: progress(onProgress) });
export const lifeRules = () => call('life_rules');
export const saveLifeRules = (input) => call('save_life_rules', { input });
export const saveAppraisalGuide = (input) => call('save_appraisal_guide', { input });
export const appraisalGuide = (year) => call('appraisal_guide', { year });
export const meetingVerdict = (kinds, seats, election, votes_yes) =>
  call('meeting_verdict', { kinds, seats, election, votes_yes });

export const pioneerKinds = () => call('pioneer_kinds');
export const addPioneerKind = (name) => call('add_pioneer_kind', { name });
export const deletePioneerKind = (id) => call('delete_pioneer_kind', { id });
export const listPioneerPosts = (year) => call('list_pioneer_posts', { year });
export const savePioneerPost = (input) => call('save_pioneer_post', { input });
export const addPioneerDeed = (post_id, date, description) => call('add_pioneer_deed', { post_id, date, description });
export const removePioneerDeed = (id) => call('remove_pioneer_deed', { id });
export const ratePioneerPost = (post_id, rating, rated_on) => call('rate_pioneer_post', { post_id, rating, rated_on });

/** `full`: the slides at full size (演示模式); else previews of a quarter of their pixels. */
export const chartPreviews = (year, top, anonymize, full, onProgress) =>
  call('chart_previews', { year, top, anonymize, full, on_progress: progress(onProgress) });
export const exportCharts = (year, dir, top, anonymize, onProgress) =>
  call('export_charts', { year, dir, top, anonymize, on_progress: progress(onProgress) });
export const exportWorkbook = (year, out, include_sensitive, include_details, a3, onProgress) =>
  call('export_workbook', { year, out, include_sensitive, include_details, a3, on_progress: progress(onProgress) });
export const exportMinutes = (year, out, onProgress) =>
  call('export_minutes', { year, out, on_progress: progress(onProgress) });

export const backupLedger = (out, onProgress) => call('backup_ledger', { out, on_progress: progress(onProgress) });
export const unopenedLedger = () => call('unopened_ledger');
export const unlockLedger = (path, password) => call('unlock_ledger', { path, password });
export const setLedgerPassword = (password, again) => call('set_ledger_password', { password, again });
export const listBackups = () => call('list_backups');
export const inspectBackup = (path) => call('inspect_backup', { path });
export const setBackupKeep = (count) => call('set_backup_keep', { count });
export const restoreLedger = (from, onProgress) => call('restore_ledger', { from, on_progress: progress(onProgress) });
export const auditLog = (offset, limit) => call('audit_log', { offset, limit });
export const exportAuditLog = (out, onProgress) => call('export_audit_log', { out, on_progress: progress(onProgress) });

// 数字党建园地: months and modules, resources, announcements, polls, 资讯轮值, search, 关注名单, 佐证材料.
export const gardenYear = (year, month) => call('garden_year', { year, month });
export const gardenModules = () => call('garden_modules');
export const addGardenModule = (name) => call('add_garden_module', { name });
export const removeGardenModule = (name) => call('remove_garden_module', { name });
export const addResource = (input) => call('add_resource', { input });
export const openResource = (id) => call('open_resource', { id });
export const removeResource = (id) => call('remove_resource', { id });
export const importResourceFolder = (dir, date, module) => call('import_resource_folder', { dir, date, module });
export const announce = (date, title, body, files) => call('announce', { date, title, body, files });
export const removeAnnouncement = (id) => call('remove_announcement', { id });
export const createPoll = (input) => call('create_poll', { input });
export const votePoll = (poll_id, member_id, choices, date) => call('vote_poll', { poll_id, member_id, choices, date });
export const countPoll = (poll_id, option, votes) => call('count_poll', { poll_id, option, votes });
export const closePoll = (poll_id, date) => call('close_poll', { poll_id, date });
export const removePoll = (poll_id) => call('remove_poll', { poll_id });
export const rotaTurns = (year) => call('rota_turns', { year });
export const rotaNow = (date) => call('rota_now', { date });
export const dealRota = (from, count, length, topic) => call('deal_rota', { from, count, length, topic });
export const addNewsItem = (date, title, link, note) => call('add_news_item', { date, title, link, note });
export const clearRota = (from) => call('clear_rota', { from });
/** Quiet: the search panel shows a query's error in place of its hits. */
export const searchLedger = (query) => call('search_ledger', { query }, { quiet: true });
export const attentionList = (year, as_of) => call('attention_list', { year, as_of });
export const setAttentionThreshold = (percent) => call('set_attention_threshold', { percent });
export const exportEvidence = (year, out, onProgress) =>
  call('export_evidence', { year, out, on_progress: progress(onProgress) });

/** Full screen for 演示模式; a window system that refuses it leaves the overlay filling the window. */
export async function setFullscreen(on) {
  try {
    await window.__TAURI__.window.getCurrentWindow().setFullscreen(on);
  } catch {
    // The overlay still covers the whole window.
  }
}
