// 我的账号: who I am, my WeChat binding (for reminders and 督办 notices) and my password.
import { h, ref, onMounted } from '../lib.js';
import { get, post, api, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { heading } from '../parts/forms.js';
import { label, role, orgLevel, minutes } from '../labels.js';
import { PasswordForm } from './password.js';

export default {
  name: 'AccountScreen',
  setup() {
    const bound = ref(null);
    const code = ref(null);
    async function load() { bound.value = (await get('/me/wechat-binding')).bound; }
    onMounted(() => run(load));
    async function issue() {
      const c = await run(() => post('/me/wechat-binding'));
      if (c) code.value = c;
    }
    async function unbind() {
      if (!confirm('解除后，提醒与督办将只在后台显示。确定解除微信绑定吗？')) return;
      await run(() => api('DELETE', '/me/wechat-binding'), '已解除微信绑定');
      code.value = null;
      await run(load);
    }
    return () => {
      const me = session.me;
      return h('div', [
        heading('我的账号'),
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-lg-6' }, [
            h('div', { class: 'card mb-3' }, h('div', { class: 'card-body' }, [
              h('h2', { class: 'h5' }, '账号信息'),
              h('dl', { class: 'row mb-0 small' }, [
                h('dt', { class: 'col-4' }, '用户名'), h('dd', { class: 'col-8' }, me.username),
                h('dt', { class: 'col-4' }, '姓名'), h('dd', { class: 'col-8' }, me.displayName),
                h('dt', { class: 'col-4' }, '角色'), h('dd', { class: 'col-8' }, label(role, me.role)),
                h('dt', { class: 'col-4' }, '所在单位'), h('dd', { class: 'col-8' }, me.orgName + '（' + label(orgLevel, me.orgLevel) + '）'),
              ]),
            ])),
            h('div', { class: 'card mb-3', id: 'wechat-binding' }, h('div', { class: 'card-body' }, [
              h('h2', { class: 'h5' }, '微信绑定'),
              h('p', { class: 'small', id: 'binding-state' }, bound.value === null ? '查询中…'
                : bound.value ? '本人微信已绑定：到期提醒和督办会发到微信。' : '本人微信未绑定：提醒和督办只在后台显示。'),
              h('div', { class: 'd-flex gap-2 flex-wrap' }, [
                h('button', { type: 'button', class: 'btn btn-union btn-sm', id: 'bind-wechat', onClick: issue },
                  bound.value ? '重新绑定' : '绑定微信'),
                bound.value ? h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', id: 'unbind-wechat', onClick: unbind },
                  '解除绑定') : null,
              ]),
              code.value ? h('div', { class: 'alert alert-warning mt-3 mb-0', id: 'binding-code' }, [
                h('div', { class: 'fs-3 fw-bold letter-space' }, code.value.code),
                h('div', { class: 'small' }, code.value.instruction + '（' + minutes(code.value.expiresAt) + ' 前有效，仅可使用一次）'),
              ]) : null,
            ])),
          ]),
          h('div', { class: 'col-lg-6' }, h(PasswordForm)),
        ]),
      ]);
    };
  },
};
