// A case: what the worker asked, the timeline, and the actions its state allows now (the API says
// which, in `actions`). After every action and every live event about it, the case is read again.
import { h, reactive, onMounted, onUnmounted } from '../lib.js';
import { get, post, blobUrl, download } from '../api.js';
import { onCaseEvent } from '../live.js';
import { toast, run } from '../parts/toasts.js';
import { Modal } from '../parts/modal.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, badge } from '../parts/forms.js';
import { caseStatus, caseStatusTone, timelineKind, rating, actor, deliveryVia, deliveryStatus, mediaType, label, minutes, seconds,
  attachmentStatus, attachmentStatusTone, attachmentSource }
  from '../labels.js';
import { current } from '../router.js';

/**
 * The buttons of the actions that take a dialog or none. Another action of the API is one entry
 * here (and its label); REPLY and REVEAL_MOBILE have their own places on the screen.
 */
const BUTTONS = {
  ACCEPT: { text: '签收', icon: 'check2-circle', tone: 'btn-union', id: 'accept' },
  PHONE_ANSWER: { text: '电话答复', icon: 'telephone-outbound', tone: 'btn-outline-primary', id: 'phone-answer',
    dialog: { title: '记录电话答复（计为答复，职工将收到微信通知）', phone: true, reason: '通话要点', path: 'phone-answers', done: '电话答复已记录' } },
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

/** The file name a download of an attachment gets. */
function fileName(c, m) {
  const ext = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'audio/amr': 'amr', 'audio/mpeg': 'mp3' }[m.contentType] || 'bin';
  return c.number + '-' + label(mediaType, m.type) + '-' + m.id + '.' + ext;
}

function deliveryText(r) {
  return label(deliveryVia, r.deliveredVia) + '：' + label(deliveryStatus, r.status);
}

export default {
  name: 'CaseScreen',
  setup() {
    const id = Number(current.params.id);
    const state = reactive({ c: null, error: '', reply: '', replyStatus: '', mobile: null, busy: false });
    const dialog = reactive({ action: null, reason: '', orgId: null, calledAt: '', calledBy: '', error: '' });
    // Pictures are fetched with the token and shown through blob: URLs (one per attachment, revoked on leaving).
    const pics = reactive({});
    const templates = reactive({ items: null, pick: '' });
    let again = null;

    async function thumbnails(c) {
      for (const m of c.media) {
        if (m.type === 'image' && m.downloadPath && !pics[m.id]) {
          pics[m.id] = 'loading';
          try {
            pics[m.id] = await blobUrl(m.downloadPath, 'image/*');
          } catch (e) {
            delete pics[m.id];
            toast(e.message, true);
          }
        }
      }
    }
    async function load() {
      try {
        state.c = await get('/cases/' + id);
      } catch (e) {
        state.error = e.message;
        return;
      }
      // An attachment still being fetched from WeChat: look again shortly.
      clearTimeout(again);
      if (state.c.media.some(m => m.status === 'PENDING')) again = setTimeout(load, 2000);
      thumbnails(state.c);
      if (state.c.actions.includes('REPLY') && templates.items === null) {
        templates.items = [];
        const r = await run(() => get('/cases/' + id + '/answer-templates'));
        templates.items = r ? r.items : [];
      }
    }
    onMounted(load);
    onUnmounted(() => {
      clearTimeout(again);
      Object.values(pics).forEach(u => { if (u !== 'loading') URL.revokeObjectURL(u); });
    });
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
        Object.assign(dialog, { action: name, reason: '', orgId: null, calledAt: '', calledBy: '', error: '' });
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
      const body = d.phone ? { calledAt: dialog.calledAt ? dialog.calledAt + ':00+08:00' : undefined,
        calledBy: dialog.calledBy.trim() || undefined, summary: dialog.reason.trim() }
        : d.note ? { note: dialog.reason } : d.org ? { orgId: dialog.orgId, reason: dialog.reason } : { reason: dialog.reason };
      const r = await act(d.path, body, d.done);
      if (r) dialog.action = null;
      if (r && d.phone && r.noteStatus) {
        state.replyStatus = '已记录电话答复；通知职工（' + label(deliveryVia, r.noteVia) + '）：' + label(deliveryStatus, r.noteStatus);
      }
    }
    async function sendReply() {
      const r = await act('replies', { content: state.reply }, '答复已提交');
      if (r && r.status) {
        state.replyStatus = state.c && state.c.status === 'REVIEW' ? '已提交，等待上级工会审核通过后发送' : deliveryText(r);
        // Kept for sending again by hand when it failed or may not have arrived.
        if (r.status !== 'FAILED' && r.status !== 'UNCERTAIN') state.reply = '';
      }
    }
    /** A 常用语 goes in where the cursor is (or at the end), already filled in for this case. */
    function useTemplate(value) {
      const t = (templates.items || []).find(x => String(x.id) === value);
      templates.pick = '';
      if (!t) return;
      const box = document.getElementById('reply-text');
      const at = box && document.activeElement === box ? box.selectionStart : state.reply.length;
      const before = state.reply.substring(0, at);
      state.reply = (before + (before && !/\s$/.test(before) ? '\n' : '') + t.rendered + state.reply.substring(at)).substring(0, 1000);
    }
    function attachments(c) {
      if (!c.media.length) return null;
      return h('div', { id: 'case-media', class: 'mb-3' }, [
        h('div', { class: 'small text-muted mb-1' }, '职工发送的附件'),
        h('div', { class: 'd-flex flex-wrap gap-2' }, c.media.map(m => h('div', { key: m.id, class: 'card attachment', 'data-status': m.status,
          'data-type': m.type }, h('div', { class: 'card-body p-2 small' }, [
          m.type === 'image' && pics[m.id] && pics[m.id] !== 'loading'
            ? h('a', { href: pics[m.id], target: '_blank', rel: 'noopener', title: '查看原图' },
              h('img', { src: pics[m.id], class: 'attachment-thumb d-block mb-1', alt: '职工发送的图片' }))
            : null,
          h('div', { class: 'd-flex flex-wrap gap-1 align-items-center' }, [
            h('i', { class: 'bi ' + (m.type === 'image' ? 'bi-image' : 'bi-mic') }),
            h('span', label(mediaType, m.type)),
            badge(label(attachmentStatus, m.status), attachmentStatusTone[m.status]),
          ]),
          h('div', { class: 'text-muted' }, label(attachmentSource, m.source) + (m.sizeBytes ? ' · ' + Math.max(1, Math.round(m.sizeBytes / 1024)) + ' KB' : '')),
          m.downloadPath ? h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 attachment-download',
            onClick: () => run(() => download(m.downloadPath, fileName(c, m), m.contentType)) },
            [h('i', { class: 'bi bi-download me-1' }), m.type === 'voice' ? '下载语音' : '下载原图']) : null,
        ])))),
      ]);
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
            e.deliveryStatus === 'SENT' ? 'success' : e.deliveryStatus === 'FAILED' ? 'danger'
              : e.deliveryStatus === 'UNCERTAIN' ? 'warning' : 'secondary') : null,
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
              attachments(c),
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
              h('div', { class: 'd-flex flex-wrap align-items-center gap-2 mb-2' }, [
                h('h3', { class: 'h6 mb-0 me-auto' }, c.repliedAt ? '再次答复职工' : '答复职工'),
                h('select', { class: 'form-select form-select-sm w-auto mw-100', id: 'reply-template', 'aria-label': '插入常用语',
                  value: templates.pick, disabled: !templates.items || !templates.items.length,
                  onChange: e => { useTemplate(e.target.value); e.target.value = ''; } }, [
                  h('option', { value: '' }, templates.items && templates.items.length ? '插入常用语…' : '暂无常用语'),
                  ...(templates.items || []).map(t => h('option', { value: String(t.id) }, t.title + (t.orgName ? '（' + t.orgName + '）' : ''))),
                ]),
              ]),
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
            d.phone ? h('div', { class: 'row g-2' }, [
              field('通话时间（不填为现在）', dialog, 'calledAt', { type: 'datetime-local', col: 'col-12 col-sm-6 mb-3', props: { id: 'phone-called-at' } }),
              field('通话人（不填为本人）', dialog, 'calledBy', { col: 'col-12 col-sm-6 mb-3', props: { id: 'phone-called-by', maxlength: 32 } }),
            ]) : null,
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
