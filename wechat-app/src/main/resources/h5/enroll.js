(() => {
  const form = document.getElementById('form');
  const notice = document.getElementById('notice');
  const employer = document.getElementById('employer');
  const suggestions = document.getElementById('suggestions');
  const fields = ['name', 'idNumber', 'mobile', 'employer'];
  let busy = false;

  function say(text, ok) {
    notice.textContent = text;
    notice.className = ok ? 'notice ok' : 'notice';
    notice.hidden = false;
  }

  function errors(map) {
    for (const f of fields.concat('form')) {
      const p = document.getElementById(f + '-err');
      p.textContent = (map && map[f]) || '';
      if (f !== 'form') document.getElementById(f).classList.toggle('bad', !!(map && map[f]));
    }
  }

  async function load() {
    const r = await fetch('/h5/api/enrollment', { credentials: 'same-origin' });
    if (r.status === 401) { location.reload(); return; }
    const d = await r.json();
    document.getElementById('org').textContent = d.org || '';
    if (d.state !== 'DRAFT') { form.hidden = true; say(d.message, d.state !== 'NONE'); return; }
    form.hidden = false;
    document.getElementById('name').value = d.name || '';
    document.getElementById('employer').value = d.employer || '';
    if (d.idNumberMasked) document.getElementById('idNumber').placeholder = '已填 ' + d.idNumberMasked + '，不改可留空';
    if (d.mobileMasked) document.getElementById('mobile').placeholder = '已填 ' + d.mobileMasked + '，不改可留空';
  }

  let typing;
  let asked = '';
  employer.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(suggest, 250);
  });

  async function suggest() {
    const q = employer.value.trim();
    if (q === asked) return;
    asked = q;
    if (q.length < 2) { suggestions.replaceChildren(); document.getElementById('employer-warn').textContent = ''; return; }
    const r = await fetch('/h5/api/register?q=' + encodeURIComponent(q), { credentials: 'same-origin' });
    if (!r.ok || employer.value.trim() !== q) return;
    const d = await r.json();
    document.getElementById('employer-warn').textContent = d.warning || '';
    suggestions.replaceChildren(...d.matches.map(m => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = m.name;
      const code = document.createElement('span');
      code.textContent = m.creditCode;
      b.append(code);
      b.addEventListener('click', () => {
        employer.value = m.creditCode;
        asked = m.creditCode;
        suggestions.replaceChildren();
        document.getElementById('employer-warn').textContent = '已选：' + m.name;
      });
      li.append(b);
      return li;
    }));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    busy = true;
    const button = document.getElementById('submit');
    button.disabled = true;
    const body = {};
    for (const f of fields) body[f] = document.getElementById(f).value;
    try {
      const r = await fetch('/h5/api/enrollment', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status === 401) { location.reload(); return; }
      const d = await r.json();
      if (r.status === 422) { errors(Object.assign({ form: d.message }, d.errors)); return; }
      errors({});
      form.hidden = true;
      say(d.message + (d.warning ? '\n' + d.warning : ''), d.submitted);
    } catch (err) {
      errors({ form: '网络不畅，请稍后再试' });
    } finally {
      busy = false;
      button.disabled = false;
    }
  });

  load();
})();
