// 入会审核: applications of the caller's subtree, due first, with the review's due date (3 working
// days) and those past it marked; 通过 creates the member, 驳回 asks for the reason the worker is told.
// 督办 (an org above the reviewing one) presses an application with a note its admins receive.
// 核验会员卡 checks the code on a worker's electronic member card.
import { h, reactive, onMounted } from '../lib.js';
import { get, post, query } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { Modal } from '../parts/modal.js';
import { field, heading, badge } from '../parts/forms.js';
import { enrollmentStatus, enrollmentStatusTone, enrollmentNotice, enrollmentNoticeTone, label, minutes } from '../labels.js';

export default {
  name: 'EnrollmentsScreen',
  setup() {
    const f = reactive({ status: 'SUBMITTED' });
    const state = reactive({ items: [], total: 0, page: 1, size: 20, busy: false });
    const dialog = reactive({ row: null, mode: 'reject', reason: '', error: '' });
    const cardCheck = reactive({ show: false, code: '', result: null });

    async function load() {
      const page = await get('/enrollments' + query({ status: f.status, page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    async function approve(e) {
      state.busy = true;
      const done = await run(() => post('/enrollments/' + e.id + '/approve'));
      state.busy = false;
      if (done) {
        toast('已通过，会员编号 ' + done.memberNumber + '；' + label(enrollmentNotice, done.noticeStatus));
        await run(load);
      }
    }
    async function reject() {
      const supervise = dialog.mode === 'supervise';
      if (!dialog.reason.trim()) {
        dialog.error = supervise ? '请填写督办意见，审核单位管理员会收到通知' : '请填写驳回原因，职工会收到这条说明';
        return;
      }
      state.busy = true;
      const done = supervise
        ? await run(() => post('/enrollments/' + dialog.row.id + '/supervise', { note: dialog.reason.trim() }), '已督办，审核单位管理员将收到通知')
        : await run(() => post('/enrollments/' + dialog.row.id + '/reject', { reason: dialog.reason.trim() }));
      if (done && !supervise) {
        toast('已驳回；' + label(enrollmentNotice, done.noticeStatus));
      }
      state.busy = false;
      if (done) {
        dialog.row = null;
        await run(load);
      }
    }
    async function check(e) {
      e.preventDefault();
      cardCheck.result = await run(() => get('/member-cards/' + encodeURIComponent(cardCheck.code.trim())));
    }
    onMounted(() => run(load));

    const columns = [
      { title: '姓名', key: 'name' },
      { title: '身份证号', key: 'idNumber' },
      { title: '手机', key: 'mobile' },
      { title: '工作单位', render: e => e.creditCodeWarning
        ? h('span', [e.employer || '—', ' ', badge('信用代码校验位有误', 'warning')]) : (e.employer || '—') },
      { title: '审核单位', render: e => e.unionBuilding ? h('span', [e.orgName, ' ', badge('待建会', 'info')]) : e.orgName },
      { title: '提交时间', render: e => minutes(e.submittedAt) },
      { title: '审核期限', render: e => e.status !== 'SUBMITTED' ? (e.dueDate || '—') : h('span', [
        e.overdue ? h('span', { class: 'text-danger fw-semibold' }, e.dueDate + '（已超期）') : e.dueDate,
        e.escalated ? [' ', badge('已告知上级', 'danger')] : null,
        e.supervisedCount > 0 ? [' ', h('span', { class: 'supervised', title: e.supervisionNote || '' },
          badge('督办 ' + e.supervisedCount + ' 次', 'warning'))] : null,
      ]) },
      { title: '状态', render: e => badge(label(enrollmentStatus, e.status), enrollmentStatusTone[e.status]) },
      { title: '结果', render: e => h('span', [e.memberNumber ? '会员编号 ' + e.memberNumber : (e.reason || '—'),
        e.noticeStatus ? [' ', h('span', { class: 'enrollment-notice', 'data-status': e.noticeStatus },
          badge(label(enrollmentNotice, e.noticeStatus), enrollmentNoticeTone[e.noticeStatus]))] : null]) },
      { title: '操作', render: e => e.status === 'SUBMITTED' ? h('div', { class: 'd-flex gap-1' }, [
        h('button', { type: 'button', class: 'btn btn-sm btn-success enrollment-approve', 'data-id': e.id, 'data-name': e.name,
          disabled: state.busy, onClick: () => approve(e) }, '通过'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger enrollment-reject', 'data-id': e.id, 'data-name': e.name,
          disabled: state.busy, onClick: () => { Object.assign(dialog, { row: e, mode: 'reject', reason: '', error: '' }); } }, '驳回'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-warning enrollment-supervise', 'data-id': e.id, 'data-name': e.name,
          disabled: state.busy, onClick: () => { Object.assign(dialog, { row: e, mode: 'supervise', reason: '', error: '' }); } }, '督办'),
      ]) : '—' },
    ];

    return () => {
      const r = cardCheck.result;
      return h('div', [
        heading('入会审核',
          h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'card-check-open',
            onClick: () => Object.assign(cardCheck, { show: true, code: '', result: null }) },
            [h('i', { class: 'bi bi-person-badge me-1' }), '核验会员卡'])),
        h('form', { class: 'card card-body mb-3', id: 'enrollment-filters', onSubmit: e => { e.preventDefault(); state.page = 1; run(load); } },
          h('div', { class: 'row g-2 align-items-end' }, [
            field('状态', f, 'status', { col: 'col-8 col-md-3', type: 'select', props: { id: 'enrollment-status' },
              options: [['', '全部（不含填写中、已取消）'], ['SUBMITTED', '待审核'], ['APPROVED', '已通过'], ['REJECTED', '已驳回']] }),
            h('div', { class: 'col-4 col-md-3' }, h('button', { type: 'submit', class: 'btn btn-union' }, '查询')),
          ])),
        h(DataTable, { id: 'enrollment-list', columns, rows: state.items, empty: '没有符合条件的入会申请',
          rowClass: e => e.overdue ? 'row-overdue' : '' }),
        h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
        h('p', { class: 'small text-muted mt-2' }, '审核期限为提交后 3 个工作日：到期当天提醒审核单位管理员，超期告知上级单位；'
          + '身份证号、手机号已脱敏显示，查询、审核与督办记入审计日志。'),
        h(Modal, { show: !!dialog.row, id: 'enrollment-dialog',
          title: !dialog.row ? '' : (dialog.mode === 'supervise' ? '督办 ' : '驳回 ') + dialog.row.name + ' 的入会申请',
          onClose: () => { dialog.row = null; } }, {
          default: () => [
            field(dialog.mode === 'supervise' ? '督办意见（将通知审核单位管理员）' : '驳回原因（将发送给职工）', dialog, 'reason',
              { type: 'textarea', props: { id: 'dialog-reason', maxlength: 200 } }),
            h('p', { class: 'text-danger small mb-0', role: 'alert' }, dialog.error),
          ],
          footer: () => [
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { dialog.row = null; } }, '取消'),
            h('button', { type: 'button', class: dialog.mode === 'supervise' ? 'btn btn-warning' : 'btn btn-danger', id: 'dialog-ok',
              disabled: state.busy, onClick: reject }, dialog.mode === 'supervise' ? '督办' : '驳回'),
          ],
        }),
        h(Modal, { show: cardCheck.show, title: '核验电子会员卡', id: 'card-dialog', onClose: () => { cardCheck.show = false; } }, {
          default: () => h('form', { onSubmit: check }, [
            field('会员卡上的核验码', cardCheck, 'code', { props: { id: 'card-code', required: true, placeholder: '如 2026-00000001-AB12' } }),
            h('button', { type: 'submit', class: 'btn btn-union', id: 'card-check' }, '核验'),
            r ? h('div', { id: 'card-result', class: 'alert mt-3 mb-0 ' + (r.valid ? 'alert-success' : 'alert-danger') }, r.valid
              ? '有效：' + r.name + '，会员编号 ' + r.memberNumber + '，' + r.orgName
              : '无效：核验码不正确，或该会员不在您的管辖范围内') : null,
          ]),
        }),
      ]);
    };
  },
};
