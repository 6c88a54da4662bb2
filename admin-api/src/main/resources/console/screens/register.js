// 企业法人库: a super-admin imports the register from a CSV file (progress polled until it is done;
// a file with any bad line is refused whole, with the lines listed); everyone searches it by credit
// code or name.
import { h, reactive, onUnmounted } from '../lib.js';
import { get, upload, query, session } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { field, heading, badge } from '../parts/forms.js';
import { importStatus, label } from '../labels.js';

const HEADER = 'name,credit_code,address,region_code,has_union,union_org_id';

export default {
  name: 'RegisterScreen',
  setup() {
    const imp = reactive({ file: null, job: null, busy: false });
    const f = reactive({ q: '', region: '' });
    const state = reactive({ items: null, total: 0, page: 1, size: 20 });
    let timer = null;
    const stop = () => { if (timer) clearTimeout(timer); timer = null; };
    onUnmounted(stop);

    async function poll() {
      const job = await run(() => get('/register/imports/' + imp.job.id));
      if (!job) { imp.busy = false; return; }
      imp.job = job;
      if (job.status === 'RUNNING') timer = setTimeout(poll, 500);
      else {
        imp.busy = false;
        toast(job.status === 'DONE' ? '导入完成，共 ' + job.rowsSaved + ' 家企业' : '文件有错误行，未导入', job.status !== 'DONE');
      }
    }
    async function start(e) {
      e.preventDefault();
      if (!imp.file) { toast('请选择 CSV 文件', true); return; }
      stop();
      imp.busy = true;
      const job = await run(() => upload('/register/imports', imp.file, 'text/csv'));
      if (!job) { imp.busy = false; return; }
      imp.job = job;
      if (job.status === 'RUNNING') timer = setTimeout(poll, 300);
      else { imp.busy = false; await poll(); }
    }
    async function search() {
      const page = await get('/register/employers' + query({ q: f.q.trim(), region: f.region.trim(), page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }

    const columns = [
      { title: '企业名称', key: 'name' }, { title: '统一社会信用代码', key: 'creditCode' },
      { title: '地址', key: 'address' }, { title: '行政区划', key: 'regionCode' },
      { title: '工会', render: e => e.hasUnion ? badge('已建会', 'success') : badge('未建会', 'secondary') },
    ];

    return () => {
      const job = imp.job;
      return h('div', [
        heading('企业法人库'),
        session.me.role === 'SUPER_ADMIN' ? h('form', { class: 'card card-body mb-3', id: 'register-import', onSubmit: start }, [
          h('h3', { class: 'h6' }, '导入（CSV）'),
          h('p', { class: 'small text-muted mb-2' }, ['UTF-8 编码，第一行为表头 ', h('code', HEADER),
            '；has_union 填 true/false。任何一行有误则整批不导入，并列出出错的行；统一社会信用代码已存在的企业将被更新。']),
          h('div', { class: 'row g-2 align-items-end' }, [
            h('div', { class: 'col-12 col-md-6' }, h('input', { type: 'file', class: 'form-control', id: 'register-file', accept: '.csv,text/csv',
              onChange: e => { imp.file = e.target.files[0] || null; } })),
            h('div', { class: 'col-12 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-union', id: 'register-start', disabled: imp.busy },
              [h('i', { class: 'bi bi-upload me-1' }), imp.busy ? '导入中…' : '开始导入'])),
          ]),
          job ? h('div', { class: 'mt-3', id: 'import-progress', 'data-status': job.status }, [
            h('div', { class: 'small mb-1' }, ['状态：', badge(label(importStatus, job.status),
              job.status === 'DONE' ? 'success' : job.status === 'FAILED' ? 'danger' : 'info'),
              '　已检查 ' + job.rowsRead + ' 行，已写入 ' + job.rowsSaved + ' 行']),
            job.status === 'RUNNING' ? h('div', { class: 'progress', role: 'progressbar', 'aria-label': '导入进度' },
              h('div', { class: 'progress-bar progress-bar-striped progress-bar-animated w-100' })) : null,
            job.errors && job.errors.length ? h('div', { class: 'alert alert-danger mt-2 mb-0', id: 'import-errors' }, [
              h('div', { class: 'fw-semibold mb-1' }, '以下行有错误，整批未导入，请修改后重新导入：'),
              h('ul', { class: 'mb-0 small' }, job.errors.map(e => h('li', e)))]) : null,
          ]) : null,
        ]) : null,
        h('form', { class: 'card card-body mb-3', id: 'register-search', onSubmit: e => { e.preventDefault(); state.page = 1; run(search); } },
          h('div', { class: 'row g-2 align-items-end' }, [
            field('企业名称或统一社会信用代码', f, 'q', { col: 'col-12 col-md-5', props: { type: 'search', id: 'register-q', required: true } }),
            field('行政区划代码（前几位）', f, 'region', { col: 'col-8 col-md-3', props: { id: 'register-region', inputmode: 'numeric', maxlength: 6 } }),
            h('div', { class: 'col-4 col-md-2' }, h('button', { type: 'submit', class: 'btn btn-union', id: 'register-find' }, '检索')),
          ])),
        state.items ? h('div', [
          h(DataTable, { id: 'register-list', columns, rows: state.items, empty: '没有找到企业' }),
          h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(search); } }),
        ]) : null,
      ]);
    };
  },
};
