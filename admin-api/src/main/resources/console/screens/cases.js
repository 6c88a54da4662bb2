// 求助件：the inbox of the caller's subtree (overdue and due-soon highlighted, new cases and
// follow-ups arrive by Server-Sent Events, with a slow poll as a safety net) and a case's detail
// with its timeline, 签收, point-to-point reply, 审核, 改派 and 退回.
Console.screen({
  id: 'cases', title: '求助件', roles: ['SUPER_ADMIN', 'ORG_ADMIN', 'INFORMANT'],
  render: async (main, me) => {
    const {api, el, table, toast} = Console;
    const statusNames = {SUBMITTED: '待签收', ACCEPTED: '办理中', REPLIED: '已答复', REVIEW: '待审核',
      AWAITING_RATING: '待评价', RATED: '已评价', SEALED: '已归档', RETURNED: '已退回', TRANSFERRED: '已改派', REOPENED: '重新办理'};
    const filter = el('select', {id: 'case-status'}, el('option', {value: ''}, '全部状态'),
      Object.entries(statusNames).map(([k, v]) => el('option', {value: k}, v)));
    const overdueOnly = el('input', {type: 'checkbox', id: 'case-overdue'});
    const list = el('div', {id: 'case-list'});
    const detail = el('div', {id: 'case-detail'});
    let seen = null;

    function rowClass(c) {
      if (c.overdue) return 'overdue';
      const today = new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date());
      return c.dueDate <= today && ['SUBMITTED', 'ACCEPTED', 'REOPENED', 'TRANSFERRED'].includes(c.status) ? 'due-soon' : null;
    }

    async function load() {
      const q = (filter.value ? '&status=' + filter.value : '') + (overdueOnly.checked ? '&overdue=true' : '');
      const page = await api('GET', '/cases?size=50' + q);
      const ids = page.items.map(c => c.id);
      if (seen && ids.some(id => !seen.includes(id))) toast('有新的求助件');
      seen = ids;
      list.innerHTML = '';
      list.append(table([
        {title: '编号', render: c => el('a', {href: '#cases', 'data-case': c.number, onclick: (e) => { e.preventDefault(); open(c.id); }}, c.number)},
        {title: '类别', key: 'category'}, {title: '承办单位', key: 'orgName'},
        {title: '状态', render: c => statusNames[c.status] || c.status},
        {title: '提交时间', render: c => c.submittedAt.replace('T', ' ').substring(0, 16)},
        {title: '答复期限', render: c => c.dueDate + (c.overdue ? '（已超期）' : '')}], page.items, rowClass),
        el('p', {}, '共 ' + page.total + ' 件'));
    }

    async function open(id) {
      const c = await api('GET', '/cases/' + id);
      detail.innerHTML = '';
      const reply = el('textarea', {id: 'reply-text', rows: 4, cols: 60, placeholder: '答复内容将点对点发送给求助职工'});
      const delivery = el('span', {id: 'reply-status'});
      const review = c.status === 'REVIEW' && ['ORG_ADMIN', 'SUPER_ADMIN'].includes(me.role) ? el('div', {class: 'row'},
        el('button', {type: 'button', id: 'review-approve', onclick: async () => {
          try {
            const r = await api('POST', '/cases/' + id + '/review/approve');
            toast('审核通过：' + deliveryText(r));
            await open(id); await load();
          } catch (e) { toast(e.message, true); }
        }}, '审核通过并发送'),
        el('button', {type: 'button', class: 'secondary', id: 'review-reject', onclick: async () => {
          const reason = prompt('驳回原因：');
          if (reason) act('/cases/' + id + '/review/reject', {reason}, '已驳回');
        }}, '驳回')) : '';
      const actions = el('div', {class: 'row'},
        el('button', {type: 'button', id: 'accept', onclick: () => act('/cases/' + id + '/accept', undefined, '已签收')}, '签收'),
        el('button', {type: 'button', class: 'secondary', onclick: async () => {
          const orgId = prompt('改派到单位ID：');
          const reason = orgId && prompt('改派原因：');
          if (reason) act('/cases/' + id + '/transfer', {orgId: Number(orgId), reason}, '已改派');
        }}, '改派'),
        el('button', {type: 'button', class: 'secondary', onclick: async () => {
          const reason = prompt('退回原因：');
          if (reason) act('/cases/' + id + '/return', {reason}, '已退回');
        }}, '退回'));
      async function act(path, body, done) {
        try { await api('POST', path, body); toast(done); await open(id); await load(); } catch (e) { toast(e.message, true); }
      }
      const send = el('button', {type: 'button', id: 'send-reply', onclick: async () => {
        try {
          const r = await api('POST', '/cases/' + id + '/replies', {content: reply.value});
          await open(id);
          document.querySelector('#reply-status').textContent = deliveryText(r);
          await load();
        } catch (e) { toast(e.message, true); }
      }}, '答复职工');
      detail.append(el('h3', {}, '求助 ' + c.number + '（' + (statusNames[c.status] || c.status) + '）'),
        el('p', {}, '类别：' + c.category + '　承办单位：' + c.orgName + '　手机：' + (c.mobile || '—') +
          '　期限：' + c.dueDate + (c.overdue ? '（已超期）' : '') + (c.rating ? '　评价：' + c.rating : '')),
        el('p', {}, '描述：' + c.description), review, actions,
        el('div', {class: 'row'}, reply, send, delivery),
        el('h4', {}, '办理记录'),
        table([{title: '时间', render: e => e.at.replace('T', ' ').substring(0, 19)}, {title: '事项', key: 'kind'},
          {title: '人员', key: 'actor'}, {title: '内容', key: 'content'},
          {title: '送达', render: e => e.deliveryVia ? viaNames[e.deliveryVia] + ' ' + (statusOfDelivery[e.deliveryStatus] || '') : ''},
          {title: '说明', render: e => e.detail || ''}], c.timeline));
    }

    const viaNames = {CUSTOM: '客服消息', TEMPLATE: '模板消息', SUBSCRIBE: '订阅通知'};
    const statusOfDelivery = {SENT: '已送达', PENDING: '待发送', FAILED: '发送失败'};
    function deliveryText(r) {
      return (viaNames[r.deliveredVia] || r.deliveredVia) + '：' + (statusOfDelivery[r.status] || r.status);
    }

    filter.addEventListener('change', () => load().catch(e => toast(e.message, true)));
    overdueOnly.addEventListener('change', () => load().catch(e => toast(e.message, true)));
    main.append(el('h2', {}, '求助件'), el('div', {class: 'row'}, filter, el('label', {}, overdueOnly, ' 只看超期')), list, detail);
    await load();
    // News of the subtree arrives as events; the slow poll only covers a stream that is down.
    let source = null, retry = null, stopped = false;
    async function subscribe() {
      try {
        const t = await api('POST', '/cases/events/ticket');
        if (stopped) return;
        source = new EventSource('/admin/api/v1/cases/events?ticket=' + encodeURIComponent(t.ticket));
        source.addEventListener('case', (ev) => {
          const news = JSON.parse(ev.data);
          if (news.kind === 'FOLLOW_UP') toast('求助 ' + news.number + ' 有职工补充');
          load().catch(e => toast(e.message, true));
        });
        // A ticket works once: reconnect with a new one instead of letting EventSource retry the old.
        source.onerror = () => { source.close(); source = null; if (!stopped) retry = setTimeout(subscribe, 5000); };
      } catch (e) {
        if (!stopped) retry = setTimeout(subscribe, 15000);
      }
    }
    subscribe();
    const timer = setInterval(() => load().catch(e => toast(e.message, true)), 30000);
    Console.stop = () => { stopped = true; clearInterval(timer); clearTimeout(retry); if (source) source.close(); };
  }
});
