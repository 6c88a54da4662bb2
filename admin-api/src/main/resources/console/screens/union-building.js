// 建会跟进: applications whose employer has no union of its own; they were routed to the city
// federation above the poster's unit, which follows up on founding a union there.
import { h, reactive, onMounted } from '../lib.js';
import { get, query } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { heading, badge } from '../parts/forms.js';
import { enrollmentStatus, enrollmentStatusTone, label, minutes } from '../labels.js';

export default {
  name: 'UnionBuildingScreen',
  setup() {
    const state = reactive({ items: [], total: 0, page: 1, size: 20 });
    async function load() {
      const page = await get('/enrollments/union-building' + query({ page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    const columns = [
      { title: '工作单位', render: e => e.employer || '—' },
      { title: '统一社会信用代码', render: e => e.creditCode || '未填写' },
      { title: '职工', key: 'name' },
      { title: '手机', key: 'mobile' },
      { title: '跟进单位', key: 'orgName' },
      { title: '提交时间', render: e => minutes(e.submittedAt) },
      { title: '入会申请', render: e => badge(label(enrollmentStatus, e.status), enrollmentStatusTone[e.status]) },
    ];
    return () => h('div', [
      heading('建会跟进', h('a', { href: '#/enrollments', class: 'btn btn-outline-secondary btn-sm' },
        [h('i', { class: 'bi bi-person-check me-1' }), '入会审核'])),
      h('p', { class: 'text-muted small' }, '以下职工所在单位尚未建立工会（企业法人库中无工会），申请已转至市总工会；请联系用人单位推动建会。'),
      h(DataTable, { id: 'union-building-list', columns, rows: state.items, empty: '暂无待建会的单位' }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
    ]);
  },
};
