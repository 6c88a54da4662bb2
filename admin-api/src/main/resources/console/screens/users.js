// 账号管理: the accounts of the subtree, searched and paged; new accounts placed in a unit chosen
// from the tree; disable, enable, reset a password.
import { h, reactive, onMounted } from '../lib.js';
import { get, post, query, session } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { Modal } from '../parts/modal.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, heading, badge } from '../parts/forms.js';
import { role, label } from '../labels.js';

export default {
  name: 'UsersScreen',
  setup() {
    const f = reactive({ q: '', role: '' });
    const state = reactive({ items: [], total: 0, page: 1, size: 20, creating: false, temp: null });
    const form = reactive({ username: '', displayName: '', password: '', role: 'INFORMANT', orgId: session.me.orgId, error: '' });
    const roles = () => session.me.role === 'SUPER_ADMIN' ? ['INFORMANT', 'ORG_ADMIN', 'AUDITOR', 'SUPER_ADMIN'] : ['INFORMANT', 'ORG_ADMIN'];

    async function load() {
      const page = await get('/users' + query({ q: f.q.trim(), role: f.role, page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    async function create() {
      form.error = '';
      if (!form.orgId) { form.error = '请选择所属单位'; return; }
      try {
        await post('/users', { username: form.username.trim(), displayName: form.displayName.trim(), password: form.password,
          role: form.role, orgId: form.orgId });
        state.creating = false;
        Object.assign(form, { username: '', displayName: '', password: '' });
        toast('账号已创建，首次登录须修改密码');
        await run(load);
      } catch (e) { form.error = e.message; }
    }
    async function toggle(u) {
      await run(() => post('/users/' + u.id + (u.enabled ? '/disable' : '/enable')), u.enabled ? '已停用' : '已启用');
      await run(load);
    }
    async function reset(u) {
      const r = await run(() => post('/users/' + u.id + '/reset-password'));
      if (r) state.temp = { username: u.username, password: r.temporaryPassword };
    }
    const columns = [
      { title: '用户名', key: 'username' }, { title: '姓名', key: 'displayName' },
      { title: '角色', render: u => label(role, u.role) }, { title: '所属单位', key: 'orgName' },
      { title: '状态', render: u => [u.enabled ? badge('正常', 'success') : badge('已停用', 'secondary'),
        u.locked ? badge('已锁定', 'danger') : null, u.mustChangePassword ? badge('待改密码', 'info') : null] },
      { title: '操作', render: u => h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onClick: () => toggle(u) }, u.enabled ? '停用' : '启用'),
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onClick: () => reset(u) }, '重置密码')]) },
    ];
    return () => h('div', [
      heading('账号管理', h('button', { type: 'button', class: 'btn btn-union btn-sm', id: 'user-new',
        onClick: () => { state.creating = true; form.error = ''; } }, [h('i', { class: 'bi bi-person-plus me-1' }), '新建账号'])),
      h('form', { class: 'card card-body mb-3', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
        h('div', { class: 'row g-2 align-items-end' }, [
          field('用户名或姓名', f, 'q', { col: 'col-12 col-md-4', props: { type: 'search', id: 'user-q' } }),
          field('角色', f, 'role', { col: 'col-6 col-md-3', type: 'select', options: [['', '全部角色'], ...Object.entries(role)] }),
          h('div', { class: 'col-6 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-union' }, '查询')),
        ])),
      h(DataTable, { id: 'user-list', columns, rows: state.items }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
      h(Modal, { show: state.creating, title: '新建账号', id: 'user-dialog', onClose: () => { state.creating = false; } }, {
        default: () => [
          field('用户名', form, 'username', { props: { id: 'user-username', autocomplete: 'off' } }),
          field('姓名', form, 'displayName', { props: { id: 'user-display-name' } }),
          field('初始密码（首次登录须修改）', form, 'password', { props: { id: 'user-password', autocomplete: 'new-password' } }),
          field('角色', form, 'role', { type: 'select', props: { id: 'user-role' }, options: roles().map(r => [r, label(role, r)]) }),
          labelled('所属单位', h(OrgPicker, { id: 'user-org', modelValue: form.orgId, 'onUpdate:modelValue': v => { form.orgId = v; } })),
          h('p', { class: 'text-danger small mb-0', role: 'alert' }, form.error),
        ],
        footer: () => [h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { state.creating = false; } }, '取消'),
          h('button', { type: 'button', class: 'btn btn-union', id: 'user-create', onClick: create }, '创建')],
      }),
      h(Modal, { show: !!state.temp, title: '临时密码', id: 'temp-password', onClose: () => { state.temp = null; } }, {
        default: () => state.temp ? [h('p', '账号 ' + state.temp.username + ' 的临时密码（仅显示这一次，登录后须修改）：'),
          h('p', { class: 'fs-4 fw-bold font-monospace' }, state.temp.password)] : null,
      }),
    ]);
  },
};
