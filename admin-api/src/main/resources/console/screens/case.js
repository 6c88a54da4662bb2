// A case: what the worker asked, the timeline, and the actions its state allows now (the API says
// which, in `actions`). After every action and every live event about it, the case is read again.
import { h, reactive, onMounted, onUnmounted } from '../lib.js';
import { get, post } from '../api.js';
import { onCaseEvent } from '../live.js';
import { toast, run } from '../parts/toasts.js';
import { Modal } from '../parts/modal.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, badge } from '../parts/forms.js';
import { caseStatus, caseStatusTone, timelineKind, rating, actor, deliveryVia, deliveryStatus, mediaType, label, minutes, seconds }
  from '../labels.js';
import { current } from '../router.js';

/**
 * The buttons of the actions that take a dialog or none. Another action of the API is one entry
 * here (and its label); REPLY and REVEAL_MOBILE have their own places on the screen.
 */
const BUTTONS = {
  ACCEPT: { text: '签收', icon: 'check2-circle', tone: 'btn-union', id: 'accept' },
  TRANSFER: { text: '改派', icon: 'arrow-left-right', tone: 'btn-outline-secondary', id: 'transfer',
    dialog: { title: '改派到辖区内单位', org: true, reason: '改派原因', path: 'transfer', done: '已改派' } },
  RETURN: { text: '退回上级', icon: 'arrow-90deg-up', tone: 'btn-outline-secondary', id: 'return',
    dialog: { title: '退回上级单位', reason: '退回原因', path: 'return', done: '已退回' } },
  APPROVE: { text: '审核通过并发送', icon: 'send-check', tone: 'btn-success', id: 'review-approve' },
  REJECT: { text: '审核驳回', icon: 'x-circle', tone: 'btn-outline-danger', id: 'review-reject',
    dialog: { title: '驳回答复', reason: '驳回原因', path: 'review/reject', done: '已驳回，退回承办人修改' } },
  SUPERVISE: { text: '督办', icon: 'megaphone', tone: 'btn-outline-warning', id: 'supervise',
    dialog: { title: '督办（通知承办单位信息员）', note: '督办意见', path: 'supervise', done: '已督办，承办单位信息员将收到通知' } },
};

function deliveryText(r) {
  return label(deliveryVia, r.deliveredVia) + '：' + label(deliveryStatus, r.status);
}

export default {
  name: 'CaseScreen',
  setup() {
    const id = Number(current.params.id);
    const state = reactive({ c: null, error: '', reply: '', replyStatus: '', mobile: null, busy: false });
    const dialog = reactive({ action: null, reason: '', orgId: null, error: '' });

    async function load() {
      try {
        state.c = await get('/cases/' + id);
      } catch (e) {
        state.error = e.message;
      }
    }
    onMounted(load);
    const stop = onCaseEvent((news) => {
      if (news.caseId === id) {
        if (news.kind === 'FOLLOW_UP') toast('求助 ' + news.number + ' 有职工补充');
        load();
      }
    });
    onUnmounted(stop);

    async function act(path, body, done) {
      state.busy = true;
      try {
        const r = await post('/cases/' + id + '/' + path, body);
        toast(done);
        return r === null ? true : r;
      } catch (e) {
        toast(e.message, true);
        return null;
      } finally {
        state.busy = false;
        await load();
      }
    }
    async function press(name) {
      const b = BUTTONS[name];
      if (b.dialog) {
        Object.assign(dialog, { action: name, reason: '', orgId: null, error: '' });
        return;
      }
      if (name === 'ACCEPT') await act('accept', undefined, '已签收');
      if (name === 'APPROVE') {
        const r = await act('review/approve', undefined, '审核通过，答复已发出');
        if (r && r.status) state.replyStatus = deliveryText(r);
      }
    }
    async function confirmDialog() {
      const d = BUTTONS[dialog.action].dialog;
      if (d.org && !dialog.orgId) { dialog.error = '请选择单位'; return; }
      if (!dialog.reason.trim()) { dialog.error = '请填写' + (d.note || d.reason); return; }
      const body = d.note ? { note: dialog.reason } : d.org ? { orgId: dialog.orgId, reason: dialog.reason } : { reason: dialog.reason };
      const r = await act(d.path, body, d.done);
      if (r) dialog.action = null;
    }
    async function sendReply() {
      const r = await act('replies', { content: state.reply }, '答复已提交');
      if (r && r.status) {
        state.replyStatus = state.c && state.c.status === 'REVIEW' ? '已提交，等待上级工会审核通过后发送' : deliveryText(r);
        if (r.status !== 'FAILED') state.reply = '';
      }
    }
    async function reveal() {
      const r = await run(() => get('/cases/' + id + '/mobile'));
      if (r) state.mobile = r.mobile;
    }

    function info(title, value) {
      return [h('dt', { class: 'col-4 col-lg-3 text-muted fw-normal' }, title), h('dd', { class: 'col-8 col-lg-9' }, value)];
    }
    function timeline(c) {
      return h('ol', { class: 'timeline list-unstyled', id: 'case-timeline' }, c.timeline.map((e, i) => h('li', { key: i, class: 'timeline-item' }, [
        h('div', { class: 'd-flex flex-wrap gap-2 align-items-baseline' }, [
          h('strong', label(timelineKind, e.kind)),
          h('span', { class: 'text-muted small' }, seconds(e.at) + ' · ' + actor(e.actor)),
          e.deliveryVia ? badge(label(deliveryVia, e.deliveryVia) + ' ' + label(deliveryStatus, e.deliveryStatus),
            e.deliveryStatus === 'SENT' ? 'success' : e.deliveryStatus === 'FAILED' ? 'danger' : 'secondary') : null,
        ]),
        e.content ? h('div', { class: 'timeline-content' }, e.content) : null,
        e.detail ? h('div', { class: 'small text-muted' }, e.detail) : null,
      ])));
    }

    return () => {
      const c = state.c;
      if (!c) return h('div', [h('a', { href: '#/cases', class: 'small' }, '← 返回求助件'),
        h('p', { class: state.error ? 'text-danger mt-3' : 'text-muted mt-3' }, state.error || '加载中…')]);
      const can = (a) => c.actions.includes(a);
      const d = dialog.action ? BUTTONS[dialog.action].dialog : null;
      return h('div', { id: 'case-detail' }, [
        h('a', { href: '#/cases', class: 'small', id: 'back-to-cases' }, [h('i', { class: 'bi bi-arrow-left me-1' }), '返回求助件']),
        h('div', { class: 'd-flex flex-wrap align-items-center gap-2 my-2' }, [
          h('h2', { class: 'h4 mb-0', id: 'case-title' }, '求助 ' + c.number),
          h('span', { id: 'case-status', class: 'badge fs-6 text-bg-' + (caseStatusTone[c.status] || 'secondary') }, label(caseStatus, c.status)),
          c.overdue ? badge('已超期', 'danger') : null,
        ]),
        h('div', { class: 'd-flex flex-wrap gap-2 mb-3', id: 'case-actions' },
          Object.keys(BUTTONS).filter(can).map(a => h('button', { type: 'button', class: 'btn btn-sm ' + BUTTONS[a].tone, id: BUTTONS[a].id,
            disabled: state.busy, onClick: () => press(a) }, [h('i', { class: 'bi bi-' + BUTTONS[a].icon + ' me-1' }), BUTTONS[a].text]))),
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-lg-5' }, [
            h('div', { class: 'card mb-3' }, h('div', { class: 'card-body' }, [
              h('h3', { class: 'h6' }, '求助内容'),
              h('p', { class: 'description', id: 'case-description' }, c.description),
              c.media.length ? h('p', { class: 'small text-muted' }, '附件：' + c.media.map(m => label(mediaType, m.type)).join('、')) : null,
              h('dl', { class: 'row small mb-0' }, [
                ...info('类别', c.category),
                ...info('承办单位', c.orgName),
                ...info('职工手机', h('span', { id: 'case-mobile' }, [
                  state.mobile || c.mobile || '—',
                  can('REVEAL_MOBILE') && !state.mobile ? h('button', { type: 'button', class: 'btn btn-link btn-sm py-0', id: 'reveal-mobile',
                    title: '查看完整号码（记入审计日志）', onClick: reveal }, [h('i', { class: 'bi bi-eye me-1' }), '显示']) : null,
                  state.mobile ? h('a', { class: 'btn btn-link btn-sm py-0', href: 'tel:' + state.mobile }, [h('i', { class: 'bi bi-telephone me-1' }), '拨打']) : null,
                ])),
                ...info('提交时间', minutes(c.submittedAt)),
                ...info('答复期限', minutes(c.dueAt)),
                ...info('签收时间', minutes(c.acceptedAt)),
                ...info('答复时间', minutes(c.repliedAt)),
                ...info('评价', label(rating, c.rating) + (c.reopened ? '（已重新办理一次）' : '')),
              ]),
            ])),
            can('REPLY') ? h('div', { class: 'card mb-3', id: 'reply-box' }, h('div', { class: 'card-body' }, [
              h('h3', { class: 'h6' }, '答复职工'),
              h('textarea', { class: 'form-control mb-2', id: 'reply-text', rows: 4, maxlength: 1000, value: state.reply,
                placeholder: '答复内容将点对点发送给求助职工', onInput: e => { state.reply = e.target.value; } }),
              h('div', { class: 'd-flex align-items-center gap-2 flex-wrap' }, [
                h('button', { type: 'button', class: 'btn btn-union btn-sm', id: 'send-reply', disabled: state.busy, onClick: sendReply },
                  [h('i', { class: 'bi bi-send me-1' }), '发送答复']),
                h('span', { class: 'small text-muted' }, state.reply.length + ' / 1000'),
              ]),
            ])) : null,
            h('p', { class: 'small fw-semibold', id: 'reply-status' }, state.replyStatus),
          ]),
          h('div', { class: 'col-lg-7' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h3', { class: 'h6' }, '办理记录'), timeline(c)]))),
        ]),
        h(Modal, { show: !!d, title: d ? d.title : '', id: 'case-dialog', onClose: () => { dialog.action = null; } }, {
          default: () => d ? [
            d.org ? labelled('改派到', h(OrgPicker, { id: 'transfer-org', modelValue: dialog.orgId,
              'onUpdate:modelValue': v => { dialog.orgId = v; } })) : null,
            field(d.note || d.reason, dialog, 'reason', { type: 'textarea', props: { id: 'dialog-reason', maxlength: 200 } }),
            h('p', { class: 'text-danger small mb-0', role: 'alert' }, dialog.error),
          ] : null,
          footer: () => [
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { dialog.action = null; } }, '取消'),
            h('button', { type: 'button', class: 'btn btn-union', id: 'dialog-ok', disabled: state.busy, onClick: confirmDialog }, '确定'),
          ],
        }),
      ]);
    };
  },
};
