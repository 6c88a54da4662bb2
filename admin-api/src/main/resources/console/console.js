// The console shell: login, navigation, API calls and errors in plain Chinese. Each feature adds
// its screen with Console.screen({...}) from its own file under screens/, touching nothing else.
const Console = (function () {
  const API = '/admin/api/v1';
  const screens = [];
  let me = null;

  function token() { return sessionStorage.getItem('token'); }

  async function api(method, path, body) {
    const headers = {'Content-Type': 'application/json'};
    if (token()) headers['Authorization'] = 'Bearer ' + token();
    let r;
    try {
      r = await fetch(API + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new Error('无法连接服务器，请检查网络后重试');
    }
    if (r.status === 401 && path !== '/auth/login') {
      sessionStorage.removeItem('token');
      showLogin('登录已过期，请重新登录');
      throw new Error('登录已过期，请重新登录');
    }
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) {
      const err = new Error((data && data.detail) || ('操作失败（' + r.status + '）'));
      err.code = data && data.code;
      throw err;
    }
    return data;
  }

  function toast(message, isError) {
    const t = document.getElementById('toast');
    t.textContent = message;
    t.className = 'toast' + (isError ? ' error' : '');
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function table(columns, rows, rowClass) {
    return el('table', {},
      el('thead', {}, el('tr', {}, columns.map(c => el('th', {}, c.title)))),
      el('tbody', {}, rows.length ? rows.map(r => el('tr', {class: rowClass ? rowClass(r) : null},
        columns.map(c => el('td', {}, c.render ? c.render(r) : (r[c.key] ?? ''))))) :
        [el('tr', {}, el('td', {colspan: columns.length}, '暂无数据'))]));
  }

  function screen(def) { screens.push(def); }

  function showLogin(message) {
    document.getElementById('app').hidden = true;
    document.getElementById('login').hidden = false;
    document.getElementById('login-error').textContent = message || '';
  }

  async function start() {
    if (!token()) { showLogin(); return; }
    try {
      me = await api('GET', '/me');
    } catch (e) {
      return;
    }
    document.getElementById('login').hidden = true;
    document.getElementById('app').hidden = false;
    document.getElementById('who').textContent = me.displayName + '（' + me.orgName + ' · ' + roleName(me.role) + '）';
    if (me.mustChangePassword) { passwordScreen(true); return; }
    const nav = document.getElementById('nav');
    nav.innerHTML = '';
    const mine = screens.filter(s => !s.roles || s.roles.includes(me.role));
    for (const s of mine) {
      nav.append(el('a', {href: '#' + s.id, id: 'nav-' + s.id}, s.title));
    }
    nav.append(el('a', {href: '#password', id: 'nav-password'}, '修改密码'));
    window.onhashchange = route;
    route();
  }

  function route() {
    const id = location.hash.substring(1);
    const mine = screens.filter(s => !s.roles || s.roles.includes(me.role));
    document.querySelectorAll('.nav a').forEach(a => a.classList.toggle('active', a.id === 'nav-' + id));
    if (id === 'password') { passwordScreen(false); return; }
    const s = mine.find(x => x.id === id) || mine[0];
    if (!s) return;
    document.getElementById('nav-' + s.id).classList.add('active');
    const main = document.getElementById('screen');
    main.innerHTML = '';
    if (Console.stop) { Console.stop(); Console.stop = null; }
    Promise.resolve(s.render(main, me)).catch(e => toast(e.message, true));
  }

  function passwordScreen(forced) {
    const main = document.getElementById('screen');
    main.innerHTML = '';
    const form = el('form', {class: 'card', id: 'password-form'},
      el('h2', {}, forced ? '首次登录，请先修改密码' : '修改密码'),
      el('label', {}, '原密码 ', el('input', {name: 'old', type: 'password', required: true})),
      el('label', {}, '新密码 ', el('input', {name: 'new', type: 'password', required: true})),
      el('p', {}, '至少 8 位，包含大写字母、小写字母、数字、符号中的三类，且不能与最近 5 次相同。'),
      el('button', {type: 'submit'}, '保存'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/auth/password', {oldPassword: form.old.value, newPassword: form.new.value});
        toast('密码已修改');
        start();
      } catch (err) { toast(err.message, true); }
    });
    main.append(form);
  }

  function roleName(r) {
    return {SUPER_ADMIN: '超级管理员', ORG_ADMIN: '单位管理员', INFORMANT: '信息员', AUDITOR: '审计员'}[r] || r;
  }

  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      const r = await api('POST', '/auth/login', {username: f.username.value, password: f.password.value});
      sessionStorage.setItem('token', r.token);
      f.password.value = '';
      start();
    } catch (err) {
      document.getElementById('login-error').textContent = err.message;
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/auth/logout'); } catch (e) { /* the session is gone either way */ }
    sessionStorage.removeItem('token');
    showLogin('已退出');
  });

  window.addEventListener('DOMContentLoaded', start);
  return {api, el, table, toast, screen, roleName, stop: null};
})();
