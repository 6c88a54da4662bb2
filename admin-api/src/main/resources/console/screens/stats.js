// 统计：KPI cards of an org subtree over a period, its child orgs, the ranking and CSV downloads.
Console.screen({
  id: 'stats', title: '统计分析', roles: ['SUPER_ADMIN', 'ORG_ADMIN', 'INFORMANT'],
  render: async (main, me) => {
    const {api, el, table, toast} = Console;
    // Periods are Shanghai dates (as the API counts them), whatever zone the browser is in.
    const today = new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date());
    const from = el('input', {type: 'date', id: 'stats-from', value: today.slice(0, 8) + '01'});
    const to = el('input', {type: 'date', id: 'stats-to', value: today});
    const by = el('select', {id: 'stats-rank-by'}, el('option', {value: 'onTimeRate'}, '按期办结率'),
      el('option', {value: 'satisfactionRate'}, '满意率'));
    const holder = el('div', {id: 'stats-body'});
    let orgId = me.orgId;
    const pct = v => v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
    const query = () => '?orgId=' + orgId + '&from=' + from.value + '&to=' + to.value;

    // Downloads carry the session token, so they go through fetch rather than a plain link.
    async function download(path, name) {
      const r = await fetch('/admin/api/v1' + path, {headers: {'Authorization': 'Bearer ' + sessionStorage.getItem('token')}});
      if (!r.ok) { toast('下载失败（' + r.status + '）', true); return; }
      const url = URL.createObjectURL(await r.blob());
      const a = el('a', {href: url, download: name});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function card(title, value, id) {
      return el('div', {class: 'card kpi', id: id}, el('div', {class: 'kpi-title'}, title), el('div', {class: 'kpi-value'}, value));
    }

    async function load() {
      const o = await api('GET', '/stats/overview' + query());
      const rank = await api('GET', '/stats/ranking' + query() + '&by=' + by.value);
      holder.innerHTML = '';
      holder.append(el('h3', {}, o.orgName + '（' + o.from + ' 至 ' + o.to + '）'));
      holder.append(el('div', {class: 'kpis'},
        card('受理量', o.received, 'kpi-received'), card('已办结', o.closed, 'kpi-closed'),
        card('按期办结率', pct(o.onTimeRate), 'kpi-on-time'), card('超期件', o.overdue, 'kpi-overdue'),
        card('满意率', pct(o.satisfactionRate), 'kpi-satisfaction'),
        card('平均答复时长', o.avgReplyWorkingHours === null ? '—' : o.avgReplyWorkingHours + ' 工作小时', 'kpi-hours')));
      const cats = Object.entries(o.byCategory || {});
      if (cats.length) holder.append(el('p', {id: 'kpi-categories'}, '按类别：' + cats.map(([k, v]) => k + ' ' + v).join('，')));
      holder.append(el('h3', {}, '下级单位'));
      holder.append(table([
        {title: '单位', render: c => el('a', {href: '#stats', onclick: (e) => { e.preventDefault(); orgId = c.orgId; load().catch(err => toast(err.message, true)); }}, c.orgName)},
        {title: '受理量', key: 'received'}, {title: '已办结', key: 'closed'},
        {title: '按期办结率', render: c => pct(c.onTimeRate)}, {title: '超期件', key: 'overdue'},
        {title: '满意率', render: c => pct(c.satisfactionRate)},
        {title: '平均答复时长（工作小时）', render: c => c.avgReplyWorkingHours ?? '—'}], o.children));
      holder.append(el('h3', {}, '排行榜（' + by.options[by.selectedIndex].text + '）'));
      holder.append(el('div', {id: 'stats-ranking'}, table([{title: '名次', key: 'rank'}, {title: '单位', key: 'orgName'},
        {title: by.options[by.selectedIndex].text, render: r => pct(r.value)}, {title: '受理量', key: 'received'}], rank.items)));
      if (orgId !== me.orgId) {
        holder.append(el('p', {}, el('button', {type: 'button', class: 'secondary',
          onclick: () => { orgId = me.orgId; load().catch(err => toast(err.message, true)); }}, '返回本单位')));
      }
    }

    main.append(el('h2', {}, '统计分析'));
    main.append(el('div', {class: 'row'}, el('label', {}, '开始 ', from), el('label', {}, '结束 ', to),
      el('label', {}, '排行依据 ', by),
      el('button', {type: 'button', id: 'stats-load', onclick: () => load().catch(e => toast(e.message, true))}, '查询'),
      el('button', {type: 'button', class: 'secondary', id: 'stats-csv',
        onclick: () => download('/stats/overview.csv' + query(), '统计-' + from.value + '至' + to.value + '.csv')}, '导出统计 CSV'),
      el('button', {type: 'button', class: 'secondary', id: 'cases-csv',
        onclick: () => download('/cases/export.csv' + query(), '求助件-' + from.value + '至' + to.value + '.csv')}, '导出求助件 CSV')));
    main.append(holder);
    await load();
  }
});
