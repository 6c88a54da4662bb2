// Small helpers for forms written as render functions: a labelled field bound to a reactive object.
import { h } from '../lib.js';

/** <label>title</label><input> bound to state[key]. */
export function field(title, state, key, attrs = {}) {
  const input = attrs.type === 'select'
    ? h('select', { class: 'form-select', name: key, value: state[key], onChange: e => { state[key] = e.target.value; }, ...attrs.props },
        attrs.options.map(([v, t]) => h('option', { value: v, selected: String(state[key]) === String(v) }, t)))
    : attrs.type === 'textarea'
      ? h('textarea', { class: 'form-control', name: key, rows: attrs.rows || 3, value: state[key],
          onInput: e => { state[key] = e.target.value; }, ...attrs.props })
      : h('input', { class: 'form-control', name: key, type: attrs.type || 'text', value: state[key],
          onInput: e => { state[key] = e.target.value; }, ...attrs.props });
  return h('div', { class: attrs.col || 'mb-3' }, [h('label', { class: 'form-label small text-muted mb-1' }, title), input]);
}

/** A labelled slot for something else (e.g. an org picker). */
export function labelled(title, content, col) {
  return h('div', { class: col || 'mb-3' }, [h('label', { class: 'form-label small text-muted mb-1' }, title), content]);
}

export function badge(text, tone) {
  return h('span', { class: 'badge text-bg-' + (tone || 'secondary') }, text);
}

/** A page heading with buttons on the right. */
export function heading(title, ...tools) {
  return h('div', { class: 'd-flex align-items-center flex-wrap gap-2 mb-3 screen-head' },
    [h('h2', { class: 'h4 mb-0 me-auto' }, title), ...tools]);
}

export function card(title, value, id, hint) {
  return h('div', { class: 'col-6 col-md-4 col-xl-2' }, h('div', { class: 'card kpi h-100', id },
    h('div', { class: 'card-body py-2' }, [h('div', { class: 'kpi-title' }, title), h('div', { class: 'kpi-value' }, value),
      hint ? h('div', { class: 'small text-muted' }, hint) : null])));
}
