(async () => {
  const r = await fetch('/h5/api/card', { credentials: 'same-origin' });
  if (r.status === 401) { location.reload(); return; }
  const d = await r.json();
  if (!r.ok) {
    const notice = document.getElementById('notice');
    notice.textContent = d.message;
    notice.hidden = false;
    return;
  }
  document.getElementById('org').textContent = d.orgName;
  document.getElementById('name').textContent = d.name;
  document.getElementById('number').textContent = d.memberNumber;
  document.getElementById('code').textContent = '核验码 ' + d.code;
  document.getElementById('qr').src = '/h5/card.png?t=' + Date.now();
  document.getElementById('card').hidden = false;
})();
