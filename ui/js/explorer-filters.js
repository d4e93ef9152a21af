//! The explorer's filter form: edition, version, status, severity and year lists and a free-text field, read into and
//! set from a filter object; `onChange(filter, typing)` is told after every change (`typing`: from the text field).

import { h } from './dom.js';
import { SEVERITIES, emptyFilter } from './explorer-model.js';

function select(id, label, all, values) {
  const el = h('select', { id, name: id.replace(/^explorer-/, '') },
    h('option', { value: '' }, all),
    values.map((v) => (typeof v === 'string' ? h('option', { value: v }, v) : h('option', { value: v.value }, v.label))));
  return { el, field: h('div', { class: 'explorer-field' }, h('label', { for: id }, label), el) };
}

/** Select `value`, adding it as an option first when the list lacks it (a deep link may name anything). */
function choose(sel, value) {
  if (value && ![...sel.options].some((o) => o.value === value)) sel.append(h('option', { value }, value));
  sel.value = value || '';
}

/**
 * The form. `choices`: `{ editions, versions, statuses, years }` (what the snapshot's advisories name).
 */
export function createFilters(choices, onChange) {
  const edition = select('explorer-edition', 'Edition', 'All editions', choices.editions);
  const version = select('explorer-version', 'Version', 'All versions', choices.versions);
  const status = select('explorer-status', 'Status', 'Any status', choices.statuses);
  const severity = select('explorer-severity', 'Severity', 'Any severity', SEVERITIES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })));
  const year = select('explorer-year', 'Published in', 'Any year', choices.years);
  const text = h('input', {
    type: 'search', id: 'explorer-text', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Id, component, summary', 'aria-keyshortcuts': '/', 'aria-controls': 'explorer-table',
  });
  const textField = h('div', { class: 'explorer-field explorer-field-text' }, h('label', { for: 'explorer-text' }, 'Contains'), text);
  const form = h('form', { class: 'explorer-filters', role: 'search', 'aria-label': 'Filter advisories' },
    textField, edition.field, version.field, status.field, severity.field, year.field);
  form.addEventListener('submit', (e) => e.preventDefault());

  const read = () => ({
    ...emptyFilter(),
    edition: edition.el.value,
    version: version.el.value,
    status: status.el.value,
    severity: severity.el.value,
    year: year.el.value,
    q: text.value.trim(),
  });
  for (const s of [edition, version, status, severity, year]) s.el.addEventListener('change', () => onChange(read(), false));
  text.addEventListener('input', () => onChange(read(), true));
  text.addEventListener('keydown', (e) => {
    // Enter in the field moves to the rows it kept.
    if (e.key === 'Enter') {
      e.preventDefault();
      form.dispatchEvent(new CustomEvent('explorer:rows'));
    }
  });

  return {
    el: form,
    read,
    /** Show `f` in the form (after a deep link or back/forward). */
    set(f) {
      choose(edition.el, f.edition);
      choose(version.el, f.version);
      choose(status.el, f.status);
      choose(severity.el, f.severity);
      choose(year.el, f.year);
      if (text.value.trim() !== f.q) text.value = f.q;
    },
    focusText() {
      text.focus();
      text.select();
    },
  };
}
