// 校验与任务: recompute the seal chain of the archived cases and the audit log's chain, and run the
// reminder sweep now instead of waiting for its schedule.
import { h, reactive } from '../lib.js';
import { get, post, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { heading } from '../parts/forms.js';

/** The server's reason when it is written in Chinese (the audit chain's reasons are not, yet). */
const why = (reason) => reason && /[\u4e00-\u9fa5]/.test(reason) ? '（' + reason + '）' : '';

function result(r, ok, broken) {
  if (!r) return null;
  return h('div', { class: 'alert mt-3 mb-0 ' + (r.intact ? 'alert-success' : 'alert-danger') }, r.intact ? ok(r) : broken(r));
}

export default {
  name: 'ChecksScreen',
  setup() {
    const state = reactive({ seal: null, audit: null, sweep: null, busy: '' });
    const is = (...roles) => roles.includes(session.me.role);
    async function task(key, fn) {
      state.busy = key;
      try { state[key] = await run(fn); } finally { state.busy = ''; }
    }
    function box(id, title, text, button, body) {
      return h('div', { class: 'col-md-6 col-xl-4' }, h('div', { class: 'card h-100', id }, h('div', { class: 'card-body' }, [
        h('h3', { class: 'h6' }, title), h('p', { class: 'small text-muted' }, text), button, body])));
    }
    const btn = (id, key, text, fn) => h('button', { type: 'button', class: 'btn btn-union btn-sm', id, disabled: !!state.busy,
      onClick: () => task(key, fn) }, state.busy === key ? '执行中…' : text);
    return () => h('div', [
      heading('校验与任务'),
      h('div', { class: 'row g-3' }, [
        is('SUPER_ADMIN', 'AUDITOR') ? box('seal-check', '已办结求助的哈希链', '重新计算每件归档求助（含办理记录与附件）的哈希，找出第一件被改动或删除的求助。',
          btn('seal-verify', 'seal', '校验归档哈希链', () => get('/cases/seal/verify')),
          result(state.seal, r => '完整：共校验 ' + r.checked + ' 件已办结求助。',
            r => '发现问题：求助 ' + (r.firstBrokenNumber || r.firstBrokenCaseId || '（最新一件）') + ' 起不可信' + why(r.reason) + '。')) : null,
        is('AUDITOR') ? box('audit-check', '审计日志的哈希链', '逐条核对审计日志的哈希与链接，发现被修改或删除的记录。',
          btn('audit-chain-verify', 'audit', '校验审计日志', () => get('/audit/verify')),
          result(state.audit, r => '完整：共校验 ' + r.checked + ' 条记录。',
            r => '发现篡改：第 ' + r.firstBrokenId + ' 条记录起不可信' + why(r.reason) + '。')) : null,
        is('SUPER_ADMIN') ? box('sweep', '提醒扫描', '立即执行一次到期提醒与超期督办扫描（平时每分钟自动执行），并更新统计汇总。',
          btn('sweep-now', 'sweep', '立即执行', () => post('/sla/sweep')),
          state.sweep ? h('div', { class: 'alert alert-info mt-3 mb-0', id: 'sweep-result' },
            state.sweep.ran ? '已完成：新提醒 ' + state.sweep.reminders + ' 条，督办 ' + state.sweep.escalations + ' 条，送达 ' + state.sweep.delivered + ' 条，用时 ' + state.sweep.millis + ' 毫秒。' : '其他节点正在扫描，本次未执行。') : null) : null,
      ]),
    ]);
  },
};
