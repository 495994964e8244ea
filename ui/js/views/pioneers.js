// 先锋岗: posts by kind, with the public pledge, dated deeds and the year-end rating.
import * as api from '../api.js';
import { busy, confirmDialog, currentYear, field, h, modal, replace, select, toast, yearSelect } from '../dom.js';
import { label, options } from '../labels.js';
import { dateField } from '../components/dateField.js';
import { formDialog } from '../components/formDialog.js';
import { loadMembers, memberPicker } from '../components/memberPicker.js';

let year = currentYear();

export async function render(root) {
  const box = h('div');
  const reload = async () => {
    const [kinds, posts] = await Promise.all([api.pioneerKinds(), api.listPioneerPosts(year)]);
    replace(box, kinds.map((k) => h('div', { class: 'card' },
      h('div', { class: 'card-title' }, k.name, h('span', { class: 'muted small', text: `　${posts.filter((p) => p.kind_id === k.id).length} 个岗位` })),
      posts.filter((p) => p.kind_id === k.id).map((p) => postView(p, reload)),
      posts.some((p) => p.kind_id === k.id) ? null : h('p', { class: 'muted', text: '本年度暂无' }))));
  };
  const add = async () => {
    const [kinds, members] = await Promise.all([api.pioneerKinds(), loadMembers()]);
    formDialog({
      title: `设立 ${year} 年先锋示范岗`,
      fields: [
        field('党员', memberPicker('member_id', members, ''), { required: true }),
        field('类别', select('kind_id', kinds.map((k) => ({ value: k.id, label: k.name })), kinds[0]?.id, { numeric: true }), { required: true }),
        h('div', { class: 'field span-2' }, h('span', { class: 'field-label', text: '公开承诺' }), h('textarea', { name: 'pledge', rows: 3 })),
      ],
      save: async (v) => {
        await api.savePioneerPost({ id: null, member_id: v.member_id, kind_id: v.kind_id, year, pledge: v.pledge });
        toast('已设立先锋示范岗');
        reload();
      },
    });
  };
  const manageKinds = async () => {
    const list = h('div');
    const draw = async () => {
      const kinds = await api.pioneerKinds();
      replace(list, h('ul', { class: 'plain-list' }, kinds.map((k) => h('li', {}, k.name, h('span', { class: 'muted small', text: `　${k.posts} 个岗位` }),
        k.posts ? null : h('button', { type: 'button', class: 'link danger', onclick: async () => {
          if (!(await confirmDialog('删除类别', `删除先锋岗类别“${k.name}”？`, '删除'))) return;
          await api.deletePioneerKind(k.id);
          await draw();
        } }, '删除')))));
    };
    await draw();
    const name = h('input', { placeholder: '例如 服务先锋' });
    const dlg = modal('先锋岗类别', h('div', {}, list, h('div', { class: 'toolbar' }, name,
      h('button', { type: 'button', onclick: async () => { await api.addPioneerKind(name.value); name.value = ''; await draw(); } }, '添加'))),
    [h('button', { type: 'button', onclick: () => { dlg.close(); reload(); } }, '完成')]);
  };
  root.append(h('header', { class: 'page-head' }, h('h1', { text: '先锋示范岗' }), yearSelect(year, (y) => { year = y; reload(); }),
    h('button', { type: 'button', onclick: manageKinds }, '类别…'),
    h('button', { type: 'button', class: 'primary', onclick: add }, '设立先锋岗')), box);
  await reload();
}

function postView(p, reload) {
  const rating = select('rating', options('pioneer_ratings'), p.rating ?? '', { empty: '未评定' });
  const ratedOn = dateField('rated_on', p.rated_on, { placeholder: `${p.year}-12-31` });
  const save = h('button', { type: 'button', class: 'small', onclick: () => busy(save, async () => {
    await api.ratePioneerPost(p.id, rating.value || null, ratedOn.value.trim() || null);
    toast(rating.value ? `已评定为${label('pioneer_ratings', rating.value)}（计入积分）` : '已清除评定');
    await reload();
  }) }, '保存评定');
  const deedDate = dateField('deed_date', '', { placeholder: '日期' });
  const deedText = h('input', { class: 'grow', placeholder: '事迹，例如 指导学生获省赛一等奖' });
  return h('div', { class: 'post' },
    h('div', { class: 'post-head' }, h('strong', { class: 'nowrap', text: p.name }),
      p.rating ? h('span', { class: p.rating === 'unqualified' ? 'badge warn' : 'badge ok', text: label('pioneer_ratings', p.rating) }) : null),
    p.pledge ? h('p', { class: 'pledge', text: `承诺：${p.pledge}` }) : null,
    h('ul', { class: 'plain-list deeds' }, p.deeds.map((d) => h('li', {}, h('span', { class: 'muted nowrap', text: `${d.date}　` }), d.description,
      h('button', { type: 'button', class: 'link danger', onclick: async () => {
        if (!(await confirmDialog('删除事迹', `删除这条事迹？\n${d.description}`, '删除'))) return;
        await api.removePioneerDeed(d.id);
        await reload();
      } }, '删除')))),
    h('div', { class: 'toolbar' }, deedDate, deedText, h('button', { type: 'button', class: 'small', onclick: async () => {
      await api.addPioneerDeed(p.id, deedDate.value.trim(), deedText.value);
      await reload();
    } }, '添加事迹')),
    h('div', { class: 'toolbar' }, h('span', { text: '年终评定' }), rating, ratedOn, save));
}
