// The H5 voting page on a phone-sized screen (390 px wide): the worker arrives through the
// sandbox's silent OAuth, finds a candidate by search, votes, and sees 投票成功 and the count move.
// Usage: node vote.mjs <baseUrl> <campaignId> <openid> <candidateName> <screenshotDir>
import { check, phone } from './phone.mjs';

const [base, campaignId, openid, name, shots] = process.argv.slice(2);

const { browser, page } = await phone(base, openid);
try {
  // Any page error or console error (a refused script, style or picture under the page's CSP is one) fails the run.
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('response', r => { if (r.status() >= 400) problems.push(r.status() + ' ' + r.request().method() + ' ' + r.url()); });
  await page.goto(base + '/h5/vote/' + campaignId);
  check(new URL(page.url()).pathname === '/h5/vote/' + campaignId && !page.url().includes('code='),
    'OAuth comes back to the clean page address: ' + page.url());
  await page.waitForSelector('#list li[data-number]', { timeout: 15000 });
  const all = await page.locator('#list li[data-number]').count();
  check(all >= 2, 'the page lists the candidates (' + all + ')');
  check(await page.locator('#list li img').count() >= 2, 'with their photos');
  await page.waitForFunction(() => [...document.querySelectorAll('#list li img')].every(i => i.complete && i.naturalWidth > 0),
    null, { timeout: 10000 });
  check(true, 'every photo loads, the uploaded one included');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'nothing runs off a 390 px screen (scrollWidth ' + width + ')');
  await page.screenshot({ path: shots + '/h5-vote-list.png', fullPage: true });

  await page.fill('#q', name);
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll('#list li[data-number]');
    return rows.length === 1 && rows[0].textContent.includes(n);
  }, name, { timeout: 10000 });
  check(true, 'search finds the candidate by name');
  const row = page.locator('#list li[data-number]').first();
  const before = parseInt((await row.locator('.votes').textContent()) || '0', 10);
  await row.locator('button').tap();
  await page.waitForFunction(() => document.getElementById('toast').style.display === 'block', null, { timeout: 10000 });
  const toast = await page.textContent('#toast');
  check(toast.includes('投票成功'), 'the vote is answered 投票成功: ' + toast);
  await page.waitForFunction((b) => {
    const v = document.querySelector('#list li[data-number] .votes');
    return v && parseInt(v.textContent, 10) === b + 1;
  }, before, { timeout: 10000 });
  check(true, 'the live count moved from ' + before + ' to ' + (before + 1));
  const box = await row.locator('button').boundingBox();
  check(box.height >= 44, 'the vote button is large enough to tap (' + box.height + ' px)');
  await page.screenshot({ path: shots + '/h5-vote-done.png' });
  const text = await page.textContent('body');
  const raw = text.match(/\b(COUNTED|FLAGGED|RATE_LIMITED|OPEN|PAUSED|CLOSED|NO_[A-Z_]+|undefined|null|NaN)\b/);
  check(!raw, 'no raw code on the page' + (raw ? ': ' + raw[0] : ''));
  check(problems.length === 0, 'no page or console error' + (problems.length ? ':\n' + problems.join('\n') : ''));
} finally {
  await browser.close();
}
