// A list as a table on wide screens and as cards on a phone (below 768 px), from one column list:
// [{title, key | render(row), class}]. The card shows each column's title beside its value.
import { h } from '../lib.js';

function cell(col, row) {
  if (col.render) return col.render(row);
  const v = row[col.key];
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

export const DataTable = {
  name: 'DataTable',
  props: { columns: Array, rows: Array, rowKey: { type: String, default: 'id' }, rowClass: Function, id: String,
    empty: { type: String, default: '暂无数据' } },
  setup(props) {
    return () => {
      const rows = props.rows || [];
      const cls = (r) => (props.rowClass && props.rowClass(r)) || '';
      return h('div', { class: 'data-table', id: props.id }, [
        h('div', { class: 'table-responsive d-none d-md-block' },
          h('table', { class: 'table table-hover align-middle mb-0' }, [
            h('thead', { class: 'table-light' }, h('tr', props.columns.map(c => h('th', { class: c.class }, c.title)))),
            h('tbody', rows.length
              ? rows.map(r => h('tr', { key: r[props.rowKey], class: cls(r) }, props.columns.map(c => h('td', { class: c.class }, cell(c, r)))))
              : [h('tr', h('td', { colspan: props.columns.length, class: 'text-center text-muted py-4' }, props.empty))]),
          ])),
        h('div', { class: 'd-md-none card-list' }, rows.length
          ? rows.map(r => h('div', { key: r[props.rowKey], class: 'card mb-2 ' + cls(r) }, h('div', { class: 'card-body py-2' },
              props.columns.map(c => h('div', { class: 'card-field' }, [h('span', { class: 'card-label' }, c.title), h('span', { class: 'card-value' }, cell(c, r))])))))
          : [h('p', { class: 'text-center text-muted py-3' }, props.empty)]),
      ]);
    };
  },
};

/** 共 N 条 · 上一页 · 第 x / y 页 · 下一页 */
export const Pager = {
  name: 'Pager',
  props: { page: Number, size: Number, total: Number },
  emits: ['go'],
  setup(props, { emit }) {
    return () => {
      const pages = Math.max(1, Math.ceil((props.total || 0) / (props.size || 20)));
      return h('nav', { class: 'd-flex align-items-center gap-2 mt-2 flex-wrap pager' }, [
        h('span', { class: 'text-muted small' }, '共 ' + (props.total || 0) + ' 条'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', disabled: props.page <= 1,
          onClick: () => emit('go', props.page - 1) }, '上一页'),
        h('span', { class: 'small' }, '第 ' + props.page + ' / ' + pages + ' 页'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary page-next', disabled: props.page >= pages,
          onClick: () => emit('go', props.page + 1) }, '下一页'),
      ]);
    };
  },
};
