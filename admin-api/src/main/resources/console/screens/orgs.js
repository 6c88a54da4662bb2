// 组织：the caller's subtree as a tree; admins add child units.
Console.screen({
  id: 'orgs', title: '组织架构',
  render: async (main, me) => {
    const {api, el, toast} = Console;
    const tree = await api('GET', '/orgs/tree');
    const levels = {PROVINCE: '省', CITY: '市', COUNTY: '县/区', TOWN: '乡镇/街道', GRASSROOTS: '社区/企业'};
    const next = {PROVINCE: 'CITY', CITY: 'COUNTY', COUNTY: 'TOWN', TOWN: 'GRASSROOTS'};
    const canEdit = me.role === 'SUPER_ADMIN' || me.role === 'ORG_ADMIN';
    function node(n) {
      const add = canEdit && next[n.level] ? el('button', {class: 'secondary', type: 'button', onclick: async () => {
        const name = prompt('新建下级单位（' + levels[next[n.level]] + '）名称：');
        if (!name) return;
        try { await api('POST', '/orgs', {parentId: n.id, name, level: next[n.level]}); toast('已创建'); Console.rerender(); }
        catch (e) { toast(e.message, true); }
      }}, '＋下级') : null;
      return el('li', {}, n.name, el('span', {class: 'badge'}, levels[n.level]),
        n.requiresReview ? el('span', {class: 'badge'}, '答复需上级审核') : null, ' ', add,
        n.children.length ? el('ul', {}, n.children.map(node)) : null);
    }
    main.append(el('h2', {}, '组织架构'), el('div', {class: 'tree'}, el('ul', {}, tree.map(node))));
  }
});
Console.rerender = () => window.onhashchange && window.onhashchange();
