// What the H5 scripts share: a phone-sized browser (390 px wide, touch, zh-CN) whose worker is
// signed in through the sandbox's silent OAuth (the sandbox_openid cookie the sandbox page sets),
// and the check that prints each step.
import { chromium } from 'playwright-core';

export const check = (ok, what) => { if (!ok) { throw new Error('FAILED: ' + what); } console.log('ok - ' + what); };

// Debian's chromium with a new page on the phone of worker `openid`; close the browser when done.
export async function phone(base, openid) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
      isMobile: true, hasTouch: true, locale: 'zh-CN' });
    await context.addCookies([{ name: 'sandbox_openid', value: openid, domain: new URL(base).hostname, path: '/' }]);
    return { browser, page: await context.newPage() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
