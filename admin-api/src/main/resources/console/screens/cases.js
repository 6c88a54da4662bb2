// 求助件: the cases of the caller's subtree, newest first, searched (number, phone, words) and
// filtered (status, overdue, category, unit and its subtree, period), a page at a time; the filtered
// list exported as CSV. New cases and follow-ups arrive live and refresh the list.
import { h, reactive, onMounted, onUnmounted } from '../lib.js';
import { get, query, download } from '../api.js';
import { onCaseEvent } from '../live.js';
import { toast, run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, badge, heading } from '../parts/forms.js';
import { caseStatus, caseStatusTone, label, minutes, today } from '../labels.js';
import { current } from '../router.js';

const EMPTY = { q: '', status: '', overdue: '', categoryId: '', orgId: null, from: '', to: '' };

export default {
  name: 'CasesScreen',
  setup() {
    // The filters live in the address (#/cases?status=…), so a reload or a link keeps them.
    const f = reactive({ ...EMPTY, ...current.query, orgId: current.query.orgId ? Number(current.query.orgId) : null });
    const state = reactive({ page: Number(current.query.page || 1), size: 20, items: [], total: 0, categories: [], loading: false,
      more: !!(current.query.categoryId || current.query.orgId || current.query.from || current.query.to) });
    let seen = null;

    const params = () => ({ q: f.q.trim(), status: f.status, overdue: f.overdue, categoryId: f.categoryId, orgId: f.orgId,
      from: f.from, to: f.to });

    async function load() {
      state.loading = true;
      try {
        const page = await get('/cases' + query({ ...params(), page: state.page, size: state.size }));
        const ids = page.items.map(c => c.id);
        if (seen && ids.some(id => !seen.includes(id)) && state.page === 1) toast('有新的求助件');
        seen = ids;
        state.items = page.items;
        state.total = page.total;
      } finally {
        state.loading = false;
      }
    }
    function search(e) {
      if (e) e.preventDefault();
      state.page = 1;
      history.replaceState(null, '', '#/cases' + query(params()));
      run(load);
    }
    function reset() {
      Object.assign(f, EMPTY);
      search();
    }
    onMounted(async () => {
      run(async () => { state.categories = await get('/cases/categories'); });
      await run(load);
    });
    const stop = onCaseEvent((news) => {
      if (news.kind === 'FOLLOW_UP') toast('求助 ' + news.number + ' 有职工补充');
      run(load);
    });
    // The stream is the fast path; the slow poll covers a stream that is down.
    const timer = setInterval(() => run(load), 30000);
    onUnmounted(() => { stop(); clearInterval(timer); });

    function rowClass(c) {
      if (c.overdue) return 'row-overdue';
      return c.dueDate <= today() && ['SUBMITTED', 'ACCEPTED', 'REOPENED', 'TRANSFERRED', 'RETURNED'].includes(c.status) ? 'row-due-soon' : '';
    }
    const columns = [
      { title: '编号', class: 'text-nowrap', render: c => h('a', { href: '#/cases/' + c.id, 'data-case': c.number, class: 'fw-semibold' }, c.number) },
      { title: '状态', class: 'text-nowrap', render: c => badge(label(caseStatus, c.status), caseStatusTone[c.status]) },
      { title: '类别', class: 'text-nowrap', key: 'category' },
      { title: '求助内容', render: c => h('span', { class: 'excerpt' }, c.excerpt) },
      { title: '承办单位', key: 'orgName' },
      { title: '提交时间', class: 'text-nowrap', render: c => minutes(c.submittedAt) },
      { title: '答复期限', class: 'text-nowrap', render: c => [c.dueDate, c.overdue ? h('span', { class: 'badge text-bg-danger ms-1' }, '已超期') : null] },
    ];

    return () => h('div', [
      heading('求助件',
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'cases-export',
          onClick: () => run(() => download('/cases/export.csv' + query(params()), '求助件-' + today() + '.csv'), '已开始下载') },
          [h('i', { class: 'bi bi-download me-1' }), '导出当前筛选'])),
      h('form', { class: 'card card-body mb-3 filters', id: 'case-filters', onSubmit: search }, [
        h('div', { class: 'row g-2 align-items-end' }, [
          field('搜索', f, 'q', { col: 'col-12 col-md-4', props: { id: 'case-q', placeholder: '编号、11位手机号或求助内容', type: 'search' } }),
          field('状态', f, 'status', { col: 'col-6 col-md-2', type: 'select', props: { id: 'case-status' },
            options: [['', '全部状态'], ...Object.entries(caseStatus)] }),
          field('是否超期', f, 'overdue', { col: 'col-6 col-md-2', type: 'select', props: { id: 'case-overdue' },
            options: [['', '全部'], ['true', '已超期'], ['false', '未超期']] }),
          h('div', { class: 'col-12 col-md-4 d-flex gap-2' }, [
            h('button', { type: 'submit', class: 'btn btn-union', id: 'case-search' }, [h('i', { class: 'bi bi-search me-1' }), '查询']),
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: reset }, '重置'),
            h('button', { type: 'button', class: 'btn btn-link', id: 'case-more', onClick: () => { state.more = !state.more; } },
              state.more ? '收起筛选' : '更多筛选'),
          ]),
        ]),
        state.more ? h('div', { class: 'row g-2 mt-1' }, [
          field('类别', f, 'categoryId', { col: 'col-6 col-md-3', type: 'select', props: { id: 'case-category' },
            options: [['', '全部类别'], ...state.categories.map(c => [c.id, c.name + (c.enabled ? '' : '（已停用）')])] }),
          labelled('承办单位（含下级）', h(OrgPicker, { id: 'case-org', modelValue: f.orgId, clearable: true, placeholder: '本辖区全部单位',
            'onUpdate:modelValue': v => { f.orgId = v; } }), 'col-12 col-md-3'),
          field('提交日期从', f, 'from', { col: 'col-6 col-md-3', type: 'date', props: { id: 'case-from' } }),
          field('至', f, 'to', { col: 'col-6 col-md-3', type: 'date', props: { id: 'case-to' } }),
        ]) : null,
      ]),
      h(DataTable, { id: 'case-list', columns, rows: state.items, rowClass, empty: state.loading ? '加载中…' : '没有符合条件的求助' }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
    ]);
  },
};
