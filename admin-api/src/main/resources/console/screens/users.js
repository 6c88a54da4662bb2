// 账号：accounts of the subtree; create, disable, reset password.
Console.screen({
  id: 'users', title: '账号管理', roles: ['SUPER_ADMIN', 'ORG_ADMIN'],
  render: async (main, me) => {
    const {api, el, table, toast, roleName} = Console;
    const page = await api('GET', '/users?size=100');
    const roles = me.role === 'SUPER_ADMIN' ? ['INFORMANT', 'ORG_ADMIN', 'AUDITOR', 'SUPER_ADMIN'] : ['INFORMANT', 'ORG_ADMIN'];
    const form = el('form', {class: 'row', id: 'user-form'},
      el('label', {}, '用户名 ', el('input', {name: 'username', required: true})),
      el('label', {}, '姓名 ', el('input', {name: 'displayName', required: true})),
      el('label', {}, '初始密码 ', el('input', {name: 'password', required: true})),
      el('label', {}, '角色 ', el('select', {name: 'role'}, roles.map(r => el('option', {value: r}, roleName(r))))),
      el('label', {}, '单位ID ', el('input', {name: 'orgId', value: me.orgId, size: 6})),
      el('button', {type: 'submit'}, '创建账号'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/users', {username: form.username.value, displayName: form.displayName.value,
          password: form.password.value, role: form.role.value, orgId: Number(form.orgId.value)});
        toast('账号已创建，首次登录须修改密码');
        Console.rerender();
      } catch (err) { toast(err.message, true); }
    });
    const act = (u) => el('span', {},
      el('button', {class: 'secondary', type: 'button', onclick: async () => {
        try { await api('POST', '/users/' + u.id + (u.enabled ? '/disable' : '/enable')); Console.rerender(); }
        catch (e) { toast(e.message, true); }
      }}, u.enabled ? '停用' : '启用'), ' ',
      el('button', {class: 'secondary', type: 'button', onclick: async () => {
        try { const r = await api('POST', '/users/' + u.id + '/reset-password'); alert('临时密码（仅显示一次）：' + r.temporaryPassword); }
        catch (e) { toast(e.message, true); }
      }}, '重置密码'));
    main.append(el('h2', {}, '账号管理'), form, table([
      {title: '用户名', key: 'username'}, {title: '姓名', key: 'displayName'},
      {title: '角色', render: u => roleName(u.role)}, {title: '单位', key: 'orgName'},
      {title: '状态', render: u => (u.enabled ? '正常' : '已停用') + (u.locked ? '（已锁定）' : '')},
      {title: '操作', render: act}], page.items));
  }
});
