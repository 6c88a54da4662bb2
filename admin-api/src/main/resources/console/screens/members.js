// 会员：members of the subtree, numbers masked.
Console.screen({
  id: 'members', title: '会员档案', roles: ['SUPER_ADMIN', 'ORG_ADMIN', 'INFORMANT'],
  render: async (main, me) => {
    const {api, el, table} = Console;
    const search = el('form', {class: 'row'}, el('label', {}, '姓名 ', el('input', {name: 'name'})),
      el('button', {type: 'submit'}, '查询'));
    const list = el('div');
    async function load() {
      const q = search.name.value ? '&name=' + encodeURIComponent(search.name.value) : '';
      const page = await api('GET', '/members?size=50' + q);
      list.innerHTML = '';
      list.append(table([{title: '姓名', key: 'name'}, {title: '身份证号', key: 'idNumber'}, {title: '手机', key: 'mobile'},
        {title: '工作单位', key: 'employer'}, {title: '已绑定微信', render: m => m.wechatBound ? '是' : '否'}], page.items),
        el('p', {}, '共 ' + page.total + ' 人；身份证号、手机号已脱敏显示。'));
    }
    search.addEventListener('submit', (e) => { e.preventDefault(); load().catch(err => Console.toast(err.message, true)); });
    main.append(el('h2', {}, '会员档案'), search, list);
    await load();
  }
});
