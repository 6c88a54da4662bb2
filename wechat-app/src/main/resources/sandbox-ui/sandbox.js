// The sandbox phone: every action is sent through /sandbox/api/send, which signs it like WeChat
// and posts it to the app's real /wx/portal. Later messages are polled from /sandbox/api/outbox.
(function () {
  const chat = document.getElementById('chat');
  const openidInput = document.getElementById('openid');
  let cursor = 0;

  function bubble(text, cls, tag) {
    const div = document.createElement('div');
    div.className = 'msg ' + cls;
    if (tag) {
      const t = document.createElement('span');
      t.className = 'tag';
      t.textContent = tag;
      div.appendChild(t);
    }
    div.appendChild(document.createTextNode(text));
    chat.appendChild(div);
    chat.scrollTop = chat.scrollHeight;
  }

  async function send(kind, value, shown) {
    if (shown) bubble(shown, 'me');
    try {
      const r = await fetch('/sandbox/api/send', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({openid: openidInput.value.trim(), kind: kind, value: value})
      });
      if (!r.ok) { bubble('发送失败（HTTP ' + r.status + '）', 'error'); return; }
      const a = await r.json();
      if (a.status !== 200) bubble('服务号返回 HTTP ' + a.status, 'error');
      else if (a.reply) bubble(a.reply, 'app');
    } catch (e) {
      bubble('无法连接服务：' + e.message, 'error');
    }
  }

  async function poll() {
    try {
      const r = await fetch('/sandbox/api/outbox?openid=' + encodeURIComponent(openidInput.value.trim()) + '&after=' + cursor);
      if (r.ok) {
        for (const m of await r.json()) {
          bubble(m.text, 'later', m.kind);
          cursor = Math.max(cursor, m.index);
        }
      }
    } catch (e) {
      // The next poll tries again; a restart of the app is the usual cause.
    }
    setTimeout(poll, 1500);
  }

  async function menu() {
    const nav = document.getElementById('menu');
    const r = await fetch('/sandbox/api/menu');
    const m = await r.json();
    for (const b of m.button) {
      if (b.sub_button && b.sub_button.length) {
        const g = document.createElement('div');
        g.className = 'group';
        const top = document.createElement('button');
        top.textContent = '≡ ' + b.name;
        top.onclick = () => g.classList.toggle('open');
        const sub = document.createElement('div');
        sub.className = 'sub';
        for (const s of b.sub_button) sub.appendChild(menuButton(s, () => g.classList.remove('open')));
        g.appendChild(sub);
        g.appendChild(top);
        nav.appendChild(g);
      } else {
        nav.appendChild(menuButton(b));
      }
    }
  }

  function menuButton(b, after) {
    const btn = document.createElement('button');
    btn.textContent = b.name;
    btn.dataset.key = b.key || '';
    btn.onclick = () => {
      if (after) after();
      if (b.type === 'click') send('click', b.key, '［点击菜单：' + b.name + '］');
      else bubble('（' + b.type + ' 按钮会在微信中打开页面）', 'app');
    };
    return btn;
  }

  document.getElementById('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = document.getElementById('text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send('text', text, text);
  });
  document.getElementById('follow').onclick = () => send('subscribe', '', '［关注公众号］');
  document.getElementById('scan').onclick = () => {
    const scene = document.getElementById('scene').value.trim();
    send('scan', scene, '［扫描海报 ' + scene + '］');
  };

  document.getElementById('image').onclick = () => send('image', '', '［图片］');
  document.getElementById('voice').onclick = () => send('voice', '', '［语音］');

  fetch('/sandbox/api/outbox/cursor').then(r => r.json()).then(c => { cursor = c.cursor; poll(); });
  menu();
})();
