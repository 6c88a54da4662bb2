// 会员档案: members of the subtree, paged; ID numbers and phones masked (every list is audited).
import { h, reactive, onMounted } from '../lib.js';
import { get, query } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { field, heading } from '../parts/forms.js';

export default {
  name: 'MembersScreen',
  setup() {
    const f = reactive({ name: '' });
    const state = reactive({ items: [], total: 0, page: 1, size: 20 });
    async function load() {
      const page = await get('/members' + query({ name: f.name.trim(), page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    return () => h('div', [
      heading('会员档案'),
      h('form', { class: 'card card-body mb-3', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
        h('div', { class: 'row g-2 align-items-end' }, [
          field('姓名', f, 'name', { col: 'col-8 col-md-4', props: { type: 'search', id: 'member-name' } }),
          h('div', { class: 'col-4 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-union' }, '查询')),
        ])),
      h(DataTable, { id: 'member-list', rows: state.items, columns: [
        { title: '姓名', key: 'name' }, { title: '身份证号', key: 'idNumber' }, { title: '手机', key: 'mobile' },
        { title: '工作单位', key: 'employer' }, { title: '已绑定微信', render: m => m.wechatBound ? '是' : '否' }] }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
      h('p', { class: 'small text-muted mt-2' }, '身份证号、手机号已脱敏显示；查询记入审计日志。'),
    ]);
  },
};
