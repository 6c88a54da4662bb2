// 组织架构: the caller's subtree as a tree with a name search; a unit's details, its 答复需上级审核
// switch and new child units (admins).
import { h, reactive, onMounted } from '../lib.js';
import { get, api, post, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { Modal } from '../parts/modal.js';
import { field, heading, badge } from '../parts/forms.js';
import { forgetOrgTree, findOrg } from '../parts/org-picker.js';
import { orgLevel, nextLevel, label } from '../labels.js';

export default {
  name: 'OrgsScreen',
  setup() {
    const state = reactive({ tree: [], q: '', selected: null, expanded: new Set(), adding: false, name: '', error: '' });
    const admin = () => ['SUPER_ADMIN', 'ORG_ADMIN'].includes(session.me.role);

    async function load() {
      forgetOrgTree();
      state.tree = await get('/orgs/tree');
      if (!state.expanded.size) state.tree.forEach(n => state.expanded.add(n.id));
      const id = state.selected ? state.selected.id : state.tree[0].id;
      await select(findOrg(state.tree, id) || state.tree[0]);
    }
    async function select(node) {
      const detail = await get('/orgs/' + node.id);
      state.selected = { ...detail, children: node.children || [] };
    }
    onMounted(() => run(load));

    async function setReview(on) {
      const s = state.selected;
      const done = on ? '已开启：本单位的答复须经上级工会审核后发送' : '已关闭答复审核';
      await run(() => api('PATCH', '/orgs/' + s.id, { requiresReview: on }), done);
      await run(load);
    }
    async function addChild() {
      state.error = '';
      if (!state.name.trim()) { state.error = '请填写单位名称'; return; }
      try {
        await post('/orgs', { parentId: state.selected.id, name: state.name.trim(), level: nextLevel[state.selected.level] });
        state.adding = false;
        state.name = '';
        await run(load, '已创建下级单位');
      } catch (e) { state.error = e.message; }
    }
    const visible = (n, q) => !q || n.name.includes(q) || (n.children || []).some(c => visible(c, q));
    function branch(nodes) {
      const q = state.q.trim();
      return h('ul', { class: 'org-tree' }, nodes.filter(n => visible(n, q)).map(n => {
        const open = q || state.expanded.has(n.id);
        return h('li', { key: n.id }, [
          h('div', { class: 'org-row' + (state.selected && state.selected.id === n.id ? ' active' : '') }, [
            n.children.length ? h('button', { type: 'button', class: 'btn btn-sm btn-link p-0 org-toggle', 'aria-label': open ? '收起' : '展开',
              onClick: () => { if (state.expanded.has(n.id)) state.expanded.delete(n.id); else state.expanded.add(n.id); } },
              h('i', { class: 'bi ' + (open ? 'bi-caret-down-fill' : 'bi-caret-right-fill') })) : h('span', { class: 'org-toggle' }),
            h('button', { type: 'button', class: 'btn btn-sm btn-link org-name text-start', onClick: () => run(() => select(n)) }, n.name),
            n.requiresReview ? badge('答复需审核', 'warning') : null,
          ]),
          n.children.length && open ? branch(n.children) : null,
        ]);
      }));
    }
    return () => {
      const s = state.selected;
      return h('div', [
        heading('组织架构'),
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-md-7' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('input', { class: 'form-control mb-2', id: 'org-search', type: 'search', placeholder: '按名称查找单位', value: state.q,
              onInput: e => { state.q = e.target.value; } }),
            h('div', { class: 'tree', id: 'org-tree' }, branch(state.tree)),
          ]))),
          h('div', { class: 'col-md-5' }, s ? h('div', { class: 'card', id: 'org-detail' }, h('div', { class: 'card-body' }, [
            h('h3', { class: 'h5' }, s.name),
            h('p', { class: 'small text-muted' }, label(orgLevel, s.level) + (s.demo ? ' · 演示数据' : '') + ' · 下级单位 ' + s.children.length + ' 个'),
            h('div', { class: 'form-check form-switch mb-2' }, [
              h('input', { class: 'form-check-input', type: 'checkbox', role: 'switch', id: 'org-review', checked: s.requiresReview,
                disabled: !admin(), onChange: e => setReview(e.target.checked) }),
              h('label', { class: 'form-check-label', for: 'org-review' }, '答复需上级审核'),
            ]),
            h('p', { class: 'small text-muted' }, '开启后，本单位人员的答复先进入“待审核”，由上级工会管理员审核通过后才发送给职工。'),
            admin() && nextLevel[s.level] ? h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'org-add',
              onClick: () => { state.adding = true; state.error = ''; } }, [h('i', { class: 'bi bi-plus-lg me-1' }), '新建下级单位']) : null,
          ])) : null),
        ]),
        h(Modal, { show: state.adding, title: s ? '在「' + s.name + '」下新建' + label(orgLevel, nextLevel[s.level]) + '单位' : '',
          id: 'org-add-dialog', onClose: () => { state.adding = false; } }, {
          default: () => [field('单位名称', state, 'name', { props: { id: 'org-name', maxlength: 128 } }),
            h('p', { class: 'text-danger small mb-0', role: 'alert' }, state.error)],
          footer: () => [h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { state.adding = false; } }, '取消'),
            h('button', { type: 'button', class: 'btn btn-union', id: 'org-add-ok', onClick: addChild }, '创建')],
        }),
      ]);
    };
  },
};
