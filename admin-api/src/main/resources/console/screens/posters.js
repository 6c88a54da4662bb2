// 入会海报: QR codes per unit (permanent ones use the account's lifetime allowance, shown on top;
// temporary ones live 1–30 days), the printable poster previewed in a dialog and downloaded as PNG.
import { h, reactive, onMounted, onUnmounted } from '../lib.js';
import { get, post, query, blobUrl, download, session } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { OrgPicker } from '../parts/org-picker.js';
import { Modal } from '../parts/modal.js';
import { field, labelled, heading, card, badge } from '../parts/forms.js';
import { minutes } from '../labels.js';

export default {
  name: 'PostersScreen',
  setup() {
    const f = reactive({ orgId: session.me.orgId, label: '', kind: 'temporary', expireDays: '30', busy: false });
    const state = reactive({ quota: null, items: [], total: 0, page: 1, size: 20, preview: null, previewUrl: null });

    let shown = 0; // which preview is current; a late image of an earlier one is dropped
    async function load() {
      const [quota, page] = await Promise.all([get('/qrcodes/quota'), get('/qrcodes' + query({ page: state.page, size: state.size }))]);
      state.quota = quota;
      state.items = page.items;
      state.total = page.total;
    }
    async function create(e) {
      e.preventDefault();
      if (!f.orgId) { toast('请选择单位', true); return; }
      f.busy = true;
      const permanent = f.kind === 'permanent';
      const created = await run(() => post('/qrcodes', { orgId: f.orgId, label: f.label.trim(), permanent,
        expireDays: permanent ? null : Number(f.expireDays) }), '二维码已生成');
      f.busy = false;
      if (created) {
        f.label = '';
        state.page = 1;
        await run(load);
        await preview(created);
      }
    }
    function closePreview() {
      shown++;
      if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
      state.preview = null;
      state.previewUrl = null;
    }
    async function preview(q) {
      closePreview();
      const mine = ++shown;
      state.preview = q;
      const url = await run(() => blobUrl('/qrcodes/' + q.id + '/poster.png', 'image/png'));
      // Another preview opened (or this one closed) meanwhile: this image is not wanted any more.
      if (mine === shown && state.preview && url) state.previewUrl = url;
      else if (url) URL.revokeObjectURL(url);
    }
    const save = (q) => run(() => download('/qrcodes/' + q.id + '/poster.png', '入会海报-' + q.orgName + '-' + q.id + '.png', 'image/png'));
    onMounted(() => run(load));
    onUnmounted(closePreview);

    const expired = q => q.expiresAt && new Date(q.expiresAt) < new Date();
    const columns = [
      { title: '海报名称', key: 'label' },
      { title: '单位', key: 'orgName' },
      { title: '类型', render: q => q.permanent ? badge('永久', 'primary') : badge('临时', 'secondary') },
      { title: '有效期至', render: q => q.permanent ? '长期有效' : expired(q) ? h('span', { class: 'text-danger' }, minutes(q.expiresAt) + '（已失效）') : minutes(q.expiresAt) },
      { title: '生成时间', render: q => minutes(q.createdAt) },
      { title: '操作', render: q => h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary poster-preview', 'data-id': q.id, 'data-scene': q.sceneStr,
          onClick: () => preview(q) }, [h('i', { class: 'bi bi-eye me-1' }), '预览']),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary poster-download', 'data-id': q.id,
          onClick: () => save(q) }, [h('i', { class: 'bi bi-download me-1' }), '下载']),
      ]) },
    ];

    return () => {
      const quota = state.quota;
      return h('div', [
        heading('入会海报'),
        h('div', { class: 'row g-2 mb-3', id: 'qr-quota' }, quota ? [
          card('永久二维码已用', quota.used, 'quota-used'), card('剩余可用', quota.left, 'quota-left', '公众号终身限额 ' + quota.limit + ' 个'),
        ] : []),
        h('form', { class: 'card card-body mb-3', id: 'poster-form', onSubmit: create },
          h('div', { class: 'row g-2 align-items-end' }, [
            labelled('单位', h(OrgPicker, { id: 'poster-org', modelValue: f.orgId, 'onUpdate:modelValue': v => { f.orgId = v; } }), 'col-12 col-md-3'),
            field('海报名称', f, 'label', { col: 'col-12 col-md-3', props: { id: 'poster-label', required: true, maxlength: 60,
              placeholder: '如：园区门口宣传栏' } }),
            field('类型', f, 'kind', { col: 'col-6 col-md-2', type: 'select', props: { id: 'poster-kind' },
              options: [['temporary', '临时（最长30天）'], ['permanent', '永久（占用限额）']] }),
            f.kind === 'temporary'
              ? field('有效天数', f, 'expireDays', { col: 'col-6 col-md-2', type: 'number', props: { id: 'poster-days', min: 1, max: 30, required: true } })
              : h('div', { class: 'col-6 col-md-2 small text-muted' }, '永久二维码生成后不能收回'),
            h('div', { class: 'col-12 col-md-2' }, h('button', { type: 'submit', class: 'btn btn-union w-100', id: 'poster-create', disabled: f.busy },
              [h('i', { class: 'bi bi-qr-code me-1' }), '生成海报'])),
          ])),
        h(DataTable, { id: 'poster-list', columns, rows: state.items, empty: '还没有入会海报' }),
        h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
        h(Modal, { show: !!state.preview, title: state.preview ? '海报预览：' + state.preview.label : '', id: 'poster-dialog', size: 'lg',
          onClose: closePreview }, {
          default: () => state.previewUrl
            ? h('img', { src: state.previewUrl, id: 'poster-image', class: 'img-fluid border', alt: '入会海报' })
            : h('p', { class: 'text-muted' }, '海报生成中…'),
          footer: () => [
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: closePreview }, '关闭'),
            h('button', { type: 'button', class: 'btn btn-union', id: 'poster-dialog-download', onClick: () => save(state.preview) },
              [h('i', { class: 'bi bi-download me-1' }), '下载海报']),
          ],
        }),
      ]);
    };
  },
};
