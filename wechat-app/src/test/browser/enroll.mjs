// The H5 enrollment form on a phone-sized screen (390 px wide): the worker arrives through the
// sandbox's silent OAuth, makes mistakes and sees each explained on its field, picks the employer
// from the register's suggestions as they type, submits, and is told the application is 已提交.
// Usage: node enroll.mjs <baseUrl> <openid> <idNumber> <employerPart> <employerName> <screenshotDir>
import { check, phone } from './phone.mjs';

const [base, openid, idNumber, part, employer, shots] = process.argv.slice(2);

const { browser, page } = await phone(base, openid);
try {
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  // A 422 answer (the field checks) and a missing favicon are logged as failed loads; anything else is a fault.
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console error: ' + m.text());
  });
  await page.goto(base + '/h5/enroll');
  check(new URL(page.url()).pathname === '/h5/enroll' && !page.url().includes('code='),
    'OAuth comes back to the clean page address: ' + page.url());
  await page.waitForSelector('#form:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#org')).length > 0, 'the page names the poster\'s union');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'nothing runs off a 390 px screen (scrollWidth ' + width + ')');

  await page.fill('#name', '孙七');
  await page.fill('#idNumber', idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
  await page.fill('#mobile', '1391234');
  await page.fill('#employer', part);
  await page.waitForSelector('#suggestions li button', { timeout: 10000 });
  check((await page.textContent('#suggestions')).includes(employer), 'the register suggests the employer as they type');
  await page.screenshot({ path: shots + '/h5-enroll-suggest.png', fullPage: true });
  await page.locator('#suggestions li button').first().tap();
  check((await page.inputValue('#employer')).length === 18, 'picking it fills in the credit code');

  await page.locator('#submit').tap();
  await page.waitForFunction(() => document.getElementById('idNumber-err').textContent.length > 0, null, { timeout: 10000 });
  check((await page.textContent('#idNumber-err')).includes('校验码'), 'a wrong check digit is explained on its field');
  check((await page.textContent('#mobile-err')).includes('11位'), 'a short mobile is explained on its field');
  await page.screenshot({ path: shots + '/h5-enroll-errors.png', fullPage: true });

  await page.fill('#idNumber', idNumber);
  await page.fill('#mobile', '139 1234 5678');
  const box = await page.locator('#submit').boundingBox();
  check(box.height >= 44 && box.width <= 390, 'the submit button is large enough to tap (' + box.height + ' px)');
  await page.locator('#submit').tap();
  await page.waitForSelector('#notice:not([hidden])', { timeout: 10000 });
  const notice = await page.textContent('#notice');
  check(notice.includes('已提交'), 'the worker is told the application is submitted: ' + notice);
  check(await page.locator('#form').isHidden(), 'and the form is gone');
  await page.screenshot({ path: shots + '/h5-enroll-done.png' });
  check(problems.length === 0, 'no script errors or policy violations: ' + problems.join('; '));
} finally {
  await browser.close();
}
