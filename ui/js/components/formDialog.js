// The one form dialog: title, labelled fields, 取消 and 保存. Saving disables the button while the
// core works; an error (already shown by api.js) leaves the dialog open with what was typed.
import { busy, formValues, h, modal } from '../dom.js';

/**
 * formDialog({title, fields, save, id, saveId, saveText, danger, wide, actions})
 * save(values, form) runs on 保存; the dialog closes when it resolves, unless it resolves to false
 * (the secretary declined a confirmation), so a view refreshes itself without awaiting it: a
 * failed refresh must not keep a saved form open to be saved twice. `actions` go left of 取消 (e.g. 删除).
 * Returns {form, body, close}: body holds the form; callers may append sections below it.
 */
export function formDialog({ title, fields, save, id, saveId, saveText = '保存', danger = false, wide = false, actions = [] }) {
  const form = h('form', { id, class: 'form-grid', onsubmit: (e) => e.preventDefault() }, fields);
  const body = h('div', { class: 'form-dialog' }, form);
  const ok = h('button', { type: 'button', id: saveId, class: danger ? 'danger' : 'primary' }, saveText);
  const dlg = modal(title, body, [actions, h('button', { type: 'button', onclick: () => dlg.close() }, '取消'), ok], { wide });
  ok.addEventListener('click', () => busy(ok, async () => {
    body.setAttribute('aria-busy', 'true');
    try {
      if ((await save(formValues(form), form)) !== false) dlg.close();
    } finally {
      body.removeAttribute('aria-busy');
    }
  }));
  const first = form.querySelector('input:not([type=checkbox]), select, textarea');
  if (first) first.focus();
  return { form, body, close: dlg.close };
}
