// Changing one's own password: forced at first login (or after a reset), and from 我的账号.
import { h, reactive } from '../lib.js';
import { post } from '../api.js';
import { toast } from '../parts/toasts.js';
import { field } from '../parts/forms.js';

export const PasswordForm = {
  name: 'PasswordForm',
  props: { forced: Boolean },
  emits: ['done'],
  setup(props, { emit }) {
    const f = reactive({ oldPassword: '', newPassword: '', again: '', error: '' });
    async function submit(e) {
      e.preventDefault();
      f.error = '';
      if (f.newPassword !== f.again) { f.error = '两次输入的新密码不一致'; return; }
      try {
        await post('/auth/password', { oldPassword: f.oldPassword, newPassword: f.newPassword });
        f.oldPassword = f.newPassword = f.again = '';
        toast('密码已修改');
        emit('done');
      } catch (err) { f.error = err.message; }
    }
    return () => h('form', { class: 'card', id: 'password-form', onSubmit: submit }, h('div', { class: 'card-body' }, [
      h('h2', { class: 'h5' }, props.forced ? '首次登录，请先修改密码' : '修改密码'),
      field('原密码', f, 'oldPassword', { type: 'password', props: { required: true, autocomplete: 'current-password' } }),
      field('新密码', f, 'newPassword', { type: 'password', props: { required: true, autocomplete: 'new-password' } }),
      field('再次输入新密码', f, 'again', { type: 'password', props: { required: true, autocomplete: 'new-password' } }),
      h('p', { class: 'small text-muted' }, '至少 8 位，包含大写字母、小写字母、数字、符号中的三类，且不能与最近 5 次相同。'),
      h('p', { class: 'text-danger small', role: 'alert' }, f.error),
      h('button', { type: 'submit', class: 'btn btn-union' }, '保存'),
    ]));
  },
};
