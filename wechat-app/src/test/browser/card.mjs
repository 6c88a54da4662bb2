// The electronic member card on a phone-sized screen (390 px wide): the member arrives through the
// sandbox's silent OAuth and sees their member number and a QR code that is drawn and fits.
// Usage: node card.mjs <baseUrl> <openid> <memberNumber> <screenshotDir>
import { check, phone } from './phone.mjs';

const [base, openid, number, shots] = process.argv.slice(2);

const { browser, page } = await phone(base, openid);
try {
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  // The browser asks for /favicon.ico on its own; the server has none.
  page.on('console', m => {
    if (m.type() === 'error' && !(m.location().url || '').endsWith('/favicon.ico')) problems.push('console error: ' + m.text());
  });
  await page.goto(base + '/h5/card');
  check(new URL(page.url()).pathname === '/h5/card', 'OAuth comes back to the card page: ' + page.url());
  await page.waitForSelector('#card:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#number')) === number, 'the card shows the member number ' + number);
  await page.waitForFunction(() => document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0,
    null, { timeout: 10000 });
  const box = await page.locator('#qr').boundingBox();
  check(box.width >= 200 && box.x >= 0 && box.x + box.width <= 390, 'the QR code is drawn, large and on screen (' + box.width + ' px)');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'nothing runs off a 390 px screen (scrollWidth ' + width + ')');
  await page.screenshot({ path: shots + '/h5-card.png' });
  check(problems.length === 0, 'no script errors or policy violations: ' + problems.join('; '));
} finally {
  await browser.close();
}
