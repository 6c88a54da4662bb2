// 审计日志: who did what, when and from where, newest first, paged and filtered; auditors read all
// of it and check its hash chain, admins read their subtree's entries.
import { h, reactive, onMounted } from '../lib.js';
import { get, query, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { field, heading } from '../parts/forms.js';
import { auditAction, auditTarget, auditDetail, role, label, seconds } from '../labels.js';

export default {
  name: 'AuditScreen',
  setup() {
    const f = reactive({ action: '', actor: '' });
    const state = reactive({ items: [], total: 0, page: 1, size: 20, chain: null });
    async function load() {
      const page = await get('/audit' + query({ action: f.action, actor: f.actor.trim(), page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    async function verify() {
      state.chain = await run(() => get('/audit/verify'));
    }
    const columns = [
      { title: '时间', render: a => seconds(a.at) },
      { title: '操作人', render: a => a.actor + (a.actorRole ? '（' + label(role, a.actorRole) + '）' : '') },
      { title: '操作', render: a => label(auditAction, a.action) },
      { title: '对象', render: a => a.targetType ? label(auditTarget, a.targetType) + ' ' + (a.targetId || '') : '—' },
      { title: '说明', render: a => auditDetail(a.detail) }, { title: '来源地址', key: 'ip' },
    ];
    return () => h('div', [
      heading('审计日志', session.me.role === 'AUDITOR' ? h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm',
        id: 'audit-verify', onClick: verify }, [h('i', { class: 'bi bi-shield-check me-1' }), '校验日志完整性']) : null),
      state.chain ? h('div', { class: 'alert ' + (state.chain.intact ? 'alert-success' : 'alert-danger'), id: 'chain-result' },
        state.chain.intact ? '哈希链完整，共校验 ' + state.chain.checked + ' 条记录。'
          : '发现篡改：第 ' + state.chain.firstBrokenId + ' 条记录起不可信，请联系系统管理员核查。') : null,
      h('form', { class: 'card card-body mb-3', id: 'audit-filters', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
        h('div', { class: 'row g-2 align-items-end' }, [
          field('操作', f, 'action', { col: 'col-6 col-md-4', type: 'select', props: { id: 'audit-action' },
            options: [['', '全部操作'], ...Object.entries(auditAction)] }),
          field('操作人（用户名）', f, 'actor', { col: 'col-6 col-md-4', props: { type: 'search', id: 'audit-actor' } }),
          h('div', { class: 'col-12 col-md-4' }, h('button', { type: 'submit', class: 'btn btn-union' }, '查询')),
        ])),
      h(DataTable, { id: 'audit-list', columns, rows: state.items }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
    ]);
  },
};
