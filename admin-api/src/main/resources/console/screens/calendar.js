// 工作日历：the year's holidays and make-up workdays; warns when a year has no official data.
Console.screen({
  id: 'calendar', title: '工作日历',
  render: async (main, me) => {
    const {api, el, table, toast} = Console;
    const status = await api('GET', '/calendar/status');
    main.append(el('h2', {}, '工作日历'));
    if (status.missingYears.length) {
      main.append(el('div', {class: 'warn', id: 'calendar-warning'}, status.missingYears.join('、') +
        ' 年尚无国务院公布的节假日安排，期限暂按周一至周五计算。请在公布后录入。'));
    }
    const yearInput = el('input', {name: 'year', type: 'number', value: new Date().getFullYear(), min: 2000, max: 2100});
    const holder = el('div');
    async function load() {
      const y = await api('GET', '/calendar/years/' + yearInput.value);
      holder.innerHTML = '';
      if (y.officialDataMissing) holder.append(el('div', {class: 'warn'}, y.year + ' 年缺少官方节假日数据。'));
      holder.append(table([{title: '日期', key: 'date'}, {title: '类型', render: d => d.type === 'HOLIDAY' ? '休息' : '调休上班'},
        {title: '名称', key: 'name'}, {title: '来源', render: d => d.source === 'OFFICIAL' ? '官方' : '管理员'}], y.days));
    }
    main.append(el('div', {class: 'row'}, el('label', {}, '年份 ', yearInput),
      el('button', {type: 'button', onclick: () => load().catch(e => toast(e.message, true))}, '查看')));
    if (me.role === 'SUPER_ADMIN') {
      const f = el('form', {class: 'row', id: 'day-form'}, el('label', {}, '日期 ', el('input', {name: 'date', type: 'date', required: true})),
        el('label', {}, '类型 ', el('select', {name: 'type'}, el('option', {value: 'HOLIDAY'}, '休息'), el('option', {value: 'WORKDAY'}, '调休上班'))),
        el('label', {}, '名称 ', el('input', {name: 'name'})), el('button', {type: 'submit'}, '保存'));
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        try { await api('PUT', '/calendar/days/' + f.date.value, {type: f.type.value, name: f.name.value}); toast('已保存'); load(); }
        catch (err) { toast(err.message, true); }
      });
      main.append(f);
    }
    main.append(holder);
    await load();
  }
});
