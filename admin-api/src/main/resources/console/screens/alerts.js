// 提醒督办: the subtree's overdue count and the reminders, escalations and 督办 notes raised about its
// cases, with how each reached people.
import { h, reactive, onMounted } from '../lib.js';
import { get, query } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { field, heading, card, badge } from '../parts/forms.js';
import { alertKind, alertStatus, label, minutes } from '../labels.js';

export default {
  name: 'AlertsScreen',
  setup() {
    const f = reactive({ kind: '', status: '' });
    const state = reactive({ summary: null, items: [], total: 0, page: 1, size: 20 });
    async function load() {
      state.summary = await get('/alerts/summary');
      const page = await get('/alerts' + query({ kind: f.kind, status: f.status, page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    const columns = [
      { title: '时间', render: a => minutes(a.createdAt) },
      { title: '类型', render: a => badge(label(alertKind, a.kind), a.kind === 'REMINDER' ? 'info' : 'warning') },
      { title: '求助编号', render: a => h('a', { href: '#/cases/' + a.caseId }, a.caseNumber) },
      { title: '承办单位', key: 'orgName' },
      { title: '通知单位', key: 'targetOrgName' },
      { title: '答复期限', render: a => minutes(a.dueAt) },
      { title: '督办意见', key: 'note' },
      { title: '送达', render: a => label(alertStatus, a.status) + '（' + a.delivered + '/' + a.recipients + ' 人）' },
      { title: '错误', key: 'error' },
    ];
    return () => {
      const s = state.summary;
      return h('div', [
        heading('提醒与督办', h('a', { href: '#/account', class: 'btn btn-outline-secondary btn-sm' },
          [h('i', { class: 'bi bi-wechat me-1' }), '绑定微信接收提醒'])),
        h('div', { class: 'row g-2 mb-3', id: 'alert-summary' }, s ? [
          card('超期未答复', s.overdue, 'alert-overdue'), card('今日到期', s.dueToday, 'alert-due-today'),
          card('待发送', s.pendingAlerts, 'alert-pending'), card('发送失败', s.failedAlerts, 'alert-failed'),
        ] : []),
        h('form', { class: 'card card-body mb-3', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
          h('div', { class: 'row g-2 align-items-end' }, [
            field('类型', f, 'kind', { col: 'col-6 col-md-3', type: 'select', props: { id: 'alert-kind' },
              options: [['', '全部类型'], ...Object.entries(alertKind)] }),
            field('送达情况', f, 'status', { col: 'col-6 col-md-3', type: 'select', props: { id: 'alert-status' },
              options: [['', '全部'], ...Object.entries(alertStatus)] }),
            h('div', { class: 'col-12 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-union' }, '查询')),
          ])),
        h(DataTable, { id: 'alert-list', columns, rows: state.items, rowClass: a => a.status === 'FAILED' ? 'row-overdue' : '' }),
        h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
      ]);
    };
  },
};
