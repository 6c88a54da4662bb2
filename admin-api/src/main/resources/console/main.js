// The console: login, the frame (top bar, a menu that collapses on a phone) and the current screen.
import { createApp, h, reactive, computed, watch, defineAsyncComponent, markRaw } from './lib.js';
import { session, login, loadMe, logout } from './api.js';
import { current, allowed, go } from './router.js';
import { Toasts } from './parts/toasts.js';
import { label, role } from './labels.js';
import { PasswordForm } from './screens/password.js';

const Login = {
  name: 'Login',
  setup() {
    const form = reactive({ username: '', password: '', error: '', busy: false });
    async function submit(e) {
      e.preventDefault();
      form.busy = true;
      form.error = '';
      try {
        await login(form.username, form.password);
        form.password = '';
      } catch (err) {
        form.error = err.message;
      } finally {
        form.busy = false;
      }
    }
    return () => h('div', { class: 'login-page d-flex align-items-center justify-content-center' },
      h('form', { id: 'login-form', class: 'card shadow-sm login-card', onSubmit: submit }, h('div', { class: 'card-body p-4' }, [
        h('h1', { class: 'h4 mb-1 text-union' }, [h('i', { class: 'bi bi-shield-shaded me-2' }), '工会服务号管理后台']),
        h('p', { class: 'text-muted small mb-4' }, '职工求助 · 提醒督办 · 统计分析'),
        session.notice ? h('div', { class: 'alert alert-info py-2 small', id: 'login-notice' }, session.notice) : null,
        h('div', { class: 'mb-3' }, [h('label', { class: 'form-label', for: 'username' }, '用户名'),
          h('input', { id: 'username', name: 'username', class: 'form-control', autocomplete: 'username', required: true,
            value: form.username, onInput: e => { form.username = e.target.value; } })]),
        h('div', { class: 'mb-3' }, [h('label', { class: 'form-label', for: 'password' }, '密码'),
          h('input', { id: 'password', name: 'password', type: 'password', class: 'form-control', autocomplete: 'current-password',
            required: true, value: form.password, onInput: e => { form.password = e.target.value; } })]),
        h('button', { type: 'submit', class: 'btn btn-union w-100', disabled: form.busy }, form.busy ? '登录中…' : '登录'),
        h('p', { class: 'text-danger small mt-3 mb-0', id: 'login-error', role: 'alert' }, form.error),
      ])));
  },
};

const screens = new Map();
function screenOf(route) {
  if (!screens.has(route.path)) {
    screens.set(route.path, markRaw(defineAsyncComponent({
      loader: () => route.screen().then(m => m.default),
      errorComponent: { render: () => h('div', { class: 'alert alert-danger' }, '页面加载失败，请刷新重试') },
    })));
  }
  return screens.get(route.path);
}

const Shell = {
  name: 'Shell',
  setup() {
    const ui = reactive({ menuOpen: false });
    const menu = computed(() => allowed(session.me).filter(r => r.menu));
    watch(() => current.route, () => { ui.menuOpen = false; });
    return () => {
      const me = session.me;
      const mine = allowed(me);
      let route = current.route && mine.includes(current.route) ? current.route : null;
      if (!route) {
        // An unknown or forbidden address opens the first screen the role has.
        setTimeout(() => go(mine[0].path));
        route = mine[0];
      }
      const active = route.path.split('/')[0];
      return h('div', { class: 'shell' }, [
        h('header', { class: 'topbar navbar navbar-dark bg-union px-3' }, [
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-light d-md-none me-2', id: 'menu-toggle',
            'aria-label': '菜单', 'aria-expanded': String(ui.menuOpen), onClick: () => { ui.menuOpen = !ui.menuOpen; } },
            h('i', { class: 'bi bi-list' })),
          h('span', { class: 'navbar-brand mb-0 h1 me-auto' }, '工会服务号管理后台'),
          h('span', { class: 'text-white-50 small me-3 d-none d-sm-inline', id: 'who' },
            me.displayName + '（' + me.orgName + ' · ' + label(role, me.role) + '）'),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-light', id: 'logout', onClick: () => logout() },
            [h('i', { class: 'bi bi-box-arrow-right me-1' }), '退出']),
        ]),
        h('div', { class: 'frame' }, [
          h('nav', { id: 'nav', class: 'sidebar' + (ui.menuOpen ? ' open' : ''), 'aria-label': '功能' },
            h('div', { class: 'list-group list-group-flush' }, menu.value.map(r => h('a', {
              href: '#/' + r.path, id: 'nav-' + r.path,
              class: 'list-group-item list-group-item-action' + (active === r.path ? ' active' : ''),
              onClick: () => { ui.menuOpen = false; },
            }, [h('i', { class: 'bi bi-' + r.icon + ' me-2' }), r.menu])))),
          ui.menuOpen ? h('div', { class: 'sidebar-backdrop d-md-none', onClick: () => { ui.menuOpen = false; } }) : null,
          h('main', { id: 'screen', class: 'content' }, h(screenOf(route), { key: route.path + JSON.stringify(current.params) })),
        ]),
      ]);
    };
  },
};

const App = {
  name: 'App',
  setup() {
    if (session.token) loadMe().catch(() => { /* an expired token shows the login with its notice */ });
    return () => {
      let body;
      if (!session.token) body = h(Login);
      else if (!session.me) body = h('div', { class: 'p-5 text-center text-muted' }, '加载中…');
      else if (session.me.mustChangePassword) body = h('div', { class: 'container py-5', id: 'screen' },
        h('div', { class: 'row justify-content-center' }, h('div', { class: 'col-md-6' },
          h(PasswordForm, { forced: true, onDone: () => loadMe() }))));
      else body = h(Shell);
      return [body, h(Toasts)];
    };
  },
};

createApp(App).mount('#app');
