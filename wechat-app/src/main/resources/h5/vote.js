(() => {
  const id = location.pathname.split('/').pop();
  const list = document.getElementById('list');
  const toast = document.getElementById('toast');
  let query = '';
  let busy = false;

  function show(text, ok) {
    toast.textContent = text;
    toast.className = ok ? 'ok' : '';
    toast.style.display = 'block';
    clearTimeout(show.timer);
    show.timer = setTimeout(() => { toast.style.display = 'none'; }, 3500);
  }

  function key() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  }

  function row(c, open) {
    const li = document.createElement('li');
    li.dataset.number = c.number;
    const img = document.createElement(c.photoUrl ? 'img' : 'div');
    if (c.photoUrl) { img.src = c.photoUrl; img.alt = c.name; img.loading = 'lazy'; } else { img.className = 'nophoto'; }
    const who = document.createElement('div');
    who.className = 'who';
    const name = document.createElement('b');
    name.textContent = c.number + '号 ' + c.name;
    const unit = document.createElement('span');
    unit.textContent = c.unit || '';
    const votes = document.createElement('span');
    votes.className = 'votes';
    votes.textContent = c.votes + ' 票';
    who.append(name, unit, votes);
    const btn = document.createElement('button');
    btn.textContent = '投票';
    btn.disabled = !open;
    btn.onclick = () => vote(c.number, btn);
    li.append(img, who, btn);
    return li;
  }

  // fresh: counts read anew (right after this voter's own vote); else they may be a second old
  async function load(fresh) {
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (fresh) params.set('fresh', 'true');
    const qs = params.toString();
    const r = await fetch('/h5/api/campaigns/' + id + (qs ? '?' + qs : ''),
      { credentials: 'same-origin' });
    if (r.status === 401) { location.reload(); return; }
    if (!r.ok) { list.innerHTML = '<li class="empty">活动不存在</li>'; return; }
    const d = await r.json();
    document.getElementById('title').textContent = d.campaign.title;
    document.title = d.campaign.title;
    document.getElementById('rules').textContent = '每人每天可投 ' + d.campaign.votesPerVoterPerDay + ' 票'
      + (d.campaign.openNow ? '' : '（当前不在投票时间）');
    list.replaceChildren(...d.candidates.map(c => row(c, d.campaign.openNow)));
    if (!d.candidates.length) list.innerHTML = '<li class="empty">没有找到候选人</li>';
  }

  async function vote(number, btn) {
    if (busy) return;
    busy = true;
    btn.disabled = true;
    const idem = key();
    try {
      let r;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          r = await fetch('/h5/api/campaigns/' + id + '/votes', { method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idem },
            body: JSON.stringify({ number }) });
          break;
        } catch (e) { /* network: the same key again counts at most once */ }
      }
      if (!r) { show('网络不畅，请稍后再试'); return; }
      const d = await r.json();
      show(d.message, d.counted);
      await load(true);
    } finally {
      busy = false;
      btn.disabled = false;
    }
  }

  let typing;
  document.getElementById('q').addEventListener('input', e => {
    clearTimeout(typing);
    typing = setTimeout(() => { query = e.target.value.trim(); load(); }, 250);
  });
  load();
  setInterval(() => { if (!document.hidden) load(); }, 5000);
})();
