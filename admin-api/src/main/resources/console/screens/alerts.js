// 提醒/督办：the reminders and escalations raised about the subtree's cases, how they were
// delivered, the overdue count, and binding one's own WeChat to receive them.
Console.screen({
  id: 'alerts', title: '提醒督办', roles: ['SUPER_ADMIN', 'ORG_ADMIN', 'INFORMANT'],
  render: async (main, me) => {
    const {api, el, table, toast} = Console;
    const statusNames = {PENDING: '待发送', SENT: '已送达', CONSOLE_ONLY: '仅后台显示（未绑定微信）', FAILED: '发送失败'};
    const kind = el('select', {id: 'alert-kind'}, el('option', {value: ''}, '全部'),
      el('option', {value: 'REMINDER'}, '到期提醒'), el('option', {value: 'ESCALATION'}, '超期督办'),
      el('option', {value: 'SUPERVISION'}, '督办意见'));
    const summary = el('div', {class: 'kpis', id: 'alert-summary'});
    const list = el('div', {id: 'alert-list'});
    const binding = el('div', {id: 'wechat-binding'});
    const time = s => s ? s.substring(0, 16).replace('T', ' ') : '';

    async function load() {
      const s = await api('GET', '/alerts/summary');
      summary.innerHTML = '';
      for (const [title, value, id] of [['超期未答复', s.overdue, 'alert-overdue'], ['今日到期', s.dueToday, 'alert-due-today'],
        ['待发送', s.pendingAlerts, 'alert-pending'], ['发送失败', s.failedAlerts, 'alert-failed']]) {
        summary.append(el('div', {class: 'card kpi', id: id}, el('div', {class: 'kpi-title'}, title), el('div', {class: 'kpi-value'}, value)));
      }
      const page = await api('GET', '/alerts?size=50' + (kind.value ? '&kind=' + kind.value : ''));
      list.innerHTML = '';
      list.append(table([
        {title: '时间', render: a => time(a.createdAt)}, {title: '类型', key: 'kindLabel'},
        {title: '求助编号', key: 'caseNumber'}, {title: '承办单位', key: 'orgName'}, {title: '通知单位', key: 'targetOrgName'},
        {title: '答复期限', render: a => time(a.dueAt)}, {title: '督办意见', key: 'note'},
        {title: '送达', render: a => (statusNames[a.status] || a.status) + '（' + a.delivered + '/' + a.recipients + '人）'},
        {title: '错误', key: 'error'}], page.items, a => a.status === 'FAILED' ? 'overdue' : null));
      const b = await api('GET', '/me/wechat-binding');
      binding.innerHTML = '';
      binding.append(el('p', {}, b.bound ? '本人微信已绑定，提醒将发送到微信。' : '本人微信未绑定，提醒仅在后台显示。',
        el('button', {type: 'button', id: 'bind-wechat', onclick: async () => {
          try {
            const c = await api('POST', '/me/wechat-binding');
            binding.append(el('div', {class: 'warn', id: 'binding-code'}, c.instruction + '（10分钟内有效）'));
          } catch (e) { toast(e.message, true); }
        }}, b.bound ? '重新绑定' : '绑定微信')));
    }

    main.append(el('h2', {}, '提醒与督办'));
    main.append(summary);
    main.append(el('div', {class: 'row'}, el('label', {}, '类型 ', kind),
      el('button', {type: 'button', onclick: () => load().catch(e => toast(e.message, true))}, '查询')));
    main.append(list, binding);
    await load();
  }
});
