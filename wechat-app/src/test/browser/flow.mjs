// A person's path through the product in a real browser: a worker uses the sandbox phone, an admin
// logs into the console in a second page and visits each screen. Screenshots go to argv[3].
// Usage: node flow.mjs <baseUrl> <screenshotDir> <adminUser> <adminPassword>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots, user, password] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const worker = await browser.newPage({ viewport: { width: 480, height: 820 } });
  await worker.goto(base + '/sandbox/');
  await worker.fill('#openid', 'oBrowserWorker' + Date.now());
  await worker.fill('#text', '帮助');
  await worker.click('#send');
  await worker.waitForSelector('.msg.app', { timeout: 10000 });
  check((await worker.textContent('.msg.app')).includes('求助'), 'the passive reply is shown in the chat');
  await worker.click('#menu button[data-key="ABOUT"]');
  await worker.waitForFunction(() => document.querySelectorAll('.msg.app').length >= 2, null, { timeout: 10000 });
  await worker.screenshot({ path: shots + '/sandbox.png' });

  const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await admin.goto(base + '/admin/');
  await admin.fill('#login-form input[name=username]', user);
  await admin.fill('#login-form input[name=password]', 'wrong-password');
  await admin.click('#login-form button');
  await admin.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
  check((await admin.textContent('#login-error')).includes('用户名或密码错误'), 'a wrong password is explained in Chinese');
  await admin.screenshot({ path: shots + '/login.png' });
  await admin.fill('#login-form input[name=password]', password);
  await admin.click('#login-form button');
  await admin.waitForSelector('#nav-orgs', { timeout: 10000 });
  await admin.waitForSelector('.tree li');
  check((await admin.textContent('.tree')).includes('湖北省总工会'), 'the org tree shows the province');
  await admin.screenshot({ path: shots + '/orgs.png' });
  for (const id of ['users', 'members', 'calendar', 'audit']) {
    await admin.click('#nav-' + id);
    await admin.waitForSelector('#screen h2');
    await admin.waitForSelector('#screen table');
    await admin.screenshot({ path: shots + '/' + id + '.png' });
  }
  check((await admin.textContent('#screen')).includes('auth.login'), 'the audit screen lists the login');
  console.log('browser flow passed; screenshots in ' + shots);
} finally {
  await browser.close();
}
