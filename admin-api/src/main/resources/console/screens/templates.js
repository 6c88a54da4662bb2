// 常用语: the answer templates of a unit chosen from the tree (and its subtree), with the
// placeholders a template may use; new, edit and delete where the caller may change them.
import { h, reactive, onMounted } from '../lib.js';
import { get, api, query, session } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { Modal } from '../parts/modal.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, heading } from '../parts/forms.js';
import { minutes } from '../labels.js';

export default {
  name: 'TemplatesScreen',
  setup() {
    const f = reactive({ orgId: session.me.orgId, q: '' });
    const state = reactive({ items: [], total: 0, page: 1, size: 20, placeholders: [], loaded: false });
    const form = reactive({ open: false, id: null, orgId: null, title: '', content: '', error: '' });

    async function load() {
      const page = await get('/answer-templates' + query({ orgId: f.orgId, q: f.q.trim(), page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
      state.loaded = true;
    }
    onMounted(async () => {
      await run(load);
      state.placeholders = (await run(() => get('/answer-templates/placeholders'))) || [];
    });

    function edit(t) {
      Object.assign(form, t ? { open: true, id: t.id, orgId: t.orgId, title: t.title, content: t.content, error: '' }
        : { open: true, id: null, orgId: f.orgId || session.me.orgId, title: '', content: '', error: '' });
    }
    function insert(name) {
      form.content += '{' + name + '}';
    }
    async function save() {
      form.error = '';
      if (!form.id && !form.orgId) { form.error = '请选择单位'; return; }
      if (!form.title.trim() || !form.content.trim()) { form.error = '请填写标题和内容'; return; }
      try {
        if (form.id) {
          await api('PUT', '/answer-templates/' + form.id, { title: form.title.trim(), content: form.content.trim() });
        } else {
          await api('POST', '/answer-templates', { orgId: form.orgId, title: form.title.trim(), content: form.content.trim() });
        }
        toast(form.id ? '常用语已修改' : '常用语已添加');
        form.open = false;
        await run(load);
      } catch (e) { form.error = e.message; }
    }
    async function remove(t) {
      if (!window.confirm('删除常用语「' + t.title + '」？')) return;
      const r = await run(() => api('DELETE', '/answer-templates/' + t.id), '常用语已删除');
      if (r !== undefined) await run(load);
    }

    const columns = [
      { title: '标题', render: t => h('span', { class: 'template-title' }, t.title) },
      { title: '内容', render: t => h('span', { class: 'template-content' }, t.content) },
      { title: '单位', key: 'orgName' },
      { title: '修改', render: t => minutes(t.updatedAt) + ' · ' + (t.updatedBy || '—') },
      { title: '操作', render: t => t.editable ? h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm template-edit', 'data-title': t.title, onClick: () => edit(t) }, '修改'),
        h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm template-delete', 'data-title': t.title, onClick: () => remove(t) }, '删除'),
      ]) : h('span', { class: 'text-muted small' }, '上级单位的，只能选用') },
    ];

    return () => h('div', { id: 'templates' }, [
      heading('常用语', h('button', { type: 'button', class: 'btn btn-union btn-sm', id: 'template-new', onClick: () => edit(null) },
        [h('i', { class: 'bi bi-plus-lg me-1' }), '新增常用语'])),
      h('form', { class: 'card card-body mb-3', id: 'template-filters', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
        h('div', { class: 'row g-2 align-items-end' }, [
          labelled('单位（含下级）', h(OrgPicker, { id: 'template-org', modelValue: f.orgId, clearable: true,
            'onUpdate:modelValue': v => { f.orgId = v; state.page = 1; run(load); } }), 'col-12 col-md-5'),
          field('标题或内容', f, 'q', { col: 'col-8 col-md-4', props: { type: 'search', id: 'template-q' } }),
          h('div', { class: 'col-4 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-outline-secondary w-100' }, '查询')),
        ])),
      h('div', { class: 'card card-body mb-3 small', id: 'template-placeholders' }, [
        h('div', { class: 'fw-semibold mb-1' }, '可用的占位符（选用时按求助填入）'),
        h('ul', { class: 'list-unstyled mb-0' }, state.placeholders.map(p => h('li', { key: p.name }, [
          h('code', '{' + p.name + '}'), ' ', p.description]))),
      ]),
      h(DataTable, { id: 'template-list', columns, rows: state.items, empty: state.loaded ? '暂无常用语' : '加载中…' }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
      h(Modal, { show: form.open, title: form.id ? '修改常用语' : '新增常用语', id: 'template-dialog', onClose: () => { form.open = false; } }, {
        default: () => [
          form.id ? null : labelled('所属单位', h(OrgPicker, { id: 'template-form-org', modelValue: form.orgId,
            'onUpdate:modelValue': v => { form.orgId = v; } })),
          field('标题', form, 'title', { props: { id: 'template-title', maxlength: 50 } }),
          field('内容', form, 'content', { type: 'textarea', rows: 5, props: { id: 'template-content', maxlength: 1000 } }),
          h('div', { class: 'd-flex flex-wrap gap-1 mb-2 small' }, [h('span', { class: 'text-muted' }, '插入：'),
            ...state.placeholders.map(p => h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm py-0 placeholder-insert',
              'data-name': p.name, title: p.description, onClick: () => insert(p.name) }, '{' + p.name + '}'))]),
          h('p', { class: 'text-danger small mb-0', role: 'alert' }, form.error),
        ],
        footer: () => [
          h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { form.open = false; } }, '取消'),
          h('button', { type: 'button', class: 'btn btn-union', id: 'template-save', onClick: save }, '保存'),
        ],
      }),
    ]);
  },
};
