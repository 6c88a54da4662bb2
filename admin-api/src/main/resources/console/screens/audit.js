// 审计日志：auditors read everything and check the hash chain; admins read their subtree.
Console.screen({
  id: 'audit', title: '审计日志', roles: ['AUDITOR', 'SUPER_ADMIN', 'ORG_ADMIN'],
  render: async (main, me) => {
    const {api, el, table, toast} = Console;
    const page = await api('GET', '/audit?size=100');
    main.append(el('h2', {}, '审计日志'));
    if (me.role === 'AUDITOR') {
      const out = el('span', {id: 'chain-result'});
      main.append(el('div', {class: 'row'}, el('button', {type: 'button', onclick: async () => {
        try {
          const r = await api('GET', '/audit/verify');
          out.textContent = r.intact ? '哈希链完整，共校验 ' + r.checked + ' 条' : '发现篡改：记录 ' + r.firstBrokenId + '（' + r.reason + '）';
        } catch (e) { toast(e.message, true); }
      }}, '校验日志完整性'), out));
    }
    main.append(table([{title: '时间', render: a => a.at.replace('T', ' ').substring(0, 19)}, {title: '操作人', key: 'actor'},
      {title: '操作', key: 'action'}, {title: '对象', render: a => (a.targetType || '') + ' ' + (a.targetId || '')},
      {title: '说明', key: 'detail'}, {title: '来源地址', key: 'ip'}], page.items));
  }
});
