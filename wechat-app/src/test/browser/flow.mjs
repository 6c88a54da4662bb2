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
  // 服务指南 sits in the 更多 group: open it first, as a worker would.
  await worker.click('#menu .group:has(button[data-key="ABOUT"]) > button');
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
  await admin.click('#nav-orgs');
  await admin.waitForSelector('.tree li');
  check((await admin.textContent('.tree')).includes('湖北省总工会'), 'the org tree shows the province');
  await admin.screenshot({ path: shots + '/orgs.png' });
  for (const id of ['cases', 'users', 'members', 'calendar', 'audit']) {
    await admin.click('#nav-' + id);
    await admin.waitForSelector('#screen h2');
    await admin.waitForSelector('#screen table');
    await admin.screenshot({ path: shots + '/' + id + '.png' });
  }
  check((await admin.textContent('#screen')).includes('auth.login'), 'the audit screen lists the login');

  // 我要求助 end to end: the worker asks in the sandbox, the informant answers in the console,
  // and the answer arrives in the worker's chat as a customer-service message.
  async function say(text, asClick) {
    const before = await worker.locator('.msg.app').count();
    if (asClick) {
      await worker.click('#menu button[data-key="' + text + '"]');
    } else {
      await worker.fill('#text', text);
      await worker.click('#send');
    }
    await worker.waitForFunction((n) => document.querySelectorAll('.msg.app').length > n, before, { timeout: 10000 });
    return (await worker.locator('.msg.app').last().textContent()) || '';
  }
  let answer = await say('HELP_REQUEST', true);
  check(answer.includes('类别'), 'intake asks for the category: ' + answer);
  answer = await say('1');
  check(answer.includes('描述'), 'then the description: ' + answer);
  answer = await say('公司已拖欠三个月工资，请工会帮助协调。');
  check(answer.includes('单位'), 'then the unit: ' + answer);
  answer = await say('西陵区');
  check(answer.includes('1'), 'numbered unit matches: ' + answer);
  answer = await say('1');
  if (answer.includes('手机')) answer = await say('13800138000');
  check(answer.includes('确认'), 'then confirmation: ' + answer);
  answer = await say('1');
  const number = (answer.match(/编号\s*([A-Z0-9-]+)/) || [])[1];
  check(number && /\d{4}-\d{2}-\d{2}/.test(answer), 'the case number and due date: ' + answer);
  await worker.screenshot({ path: shots + '/sandbox-intake.png' });

  const informant = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await informant.goto(base + '/admin/');
  await informant.fill('#login-form input[name=username]', 'demo_informant');
  await informant.fill('#login-form input[name=password]', 'Demo#2026union');
  await informant.click('#login-form button');
  await informant.waitForSelector('a[data-case="' + number + '"]', { timeout: 15000 });
  await informant.screenshot({ path: shots + '/cases.png' });
  await informant.click('a[data-case="' + number + '"]');
  await informant.waitForSelector('#accept');
  await informant.click('#accept');
  await informant.waitForFunction(() => document.querySelector('#case-detail h3').textContent.includes('办理中'));
  const replyText = '您好，已联系贵公司人事部门，工资将于本周五前补发。';
  await informant.fill('#reply-text', replyText);
  await informant.click('#send-reply');
  await informant.waitForFunction(() => document.querySelector('#reply-status').textContent.includes('已送达'), null, { timeout: 10000 });
  await informant.screenshot({ path: shots + '/case-detail.png' });

  await worker.waitForFunction((t) => [...document.querySelectorAll('.msg.later')].some(m => m.textContent.includes(t)),
    replyText, { timeout: 15000 });
  await worker.screenshot({ path: shots + '/sandbox-reply.png' });

  // The console hears of a worker's 补充 over Server-Sent Events at once (its safety-net poll is 30 s).
  answer = await say('补充 ' + number + ' 工资条已拍照留存');
  check(answer.includes(number), 'the follow-up is taken: ' + answer);
  await informant.waitForFunction((n) => document.querySelector('#toast').textContent.includes(n + ' 有职工补充'),
    number, { timeout: 5000 });
  await informant.screenshot({ path: shots + '/case-follow-up.png' });
  // The KPI dashboard counts the case just answered; the 提醒督办 screen lists alerts and the overdue count.
  await admin.click('#nav-stats');
  await admin.waitForSelector('#kpi-received .kpi-value', { timeout: 10000 });
  const received = Number(await admin.textContent('#kpi-received .kpi-value'));
  check(received >= 1, 'the province received the case this month: ' + received);
  const closed = Number(await admin.textContent('#kpi-closed .kpi-value'));
  check(closed >= 1, 'and it counts as answered: ' + closed);
  check((await admin.textContent('#screen')).includes('宜昌'), 'the child orgs are listed');
  await admin.waitForSelector('#stats-ranking table');
  await admin.screenshot({ path: shots + '/stats.png' });
  await admin.click('#nav-alerts');
  await admin.waitForSelector('#alert-overdue .kpi-value', { timeout: 10000 });
  await admin.waitForSelector('#alert-list table');
  await admin.screenshot({ path: shots + '/alerts.png' });

  console.log('browser flow passed; screenshots in ' + shots);
} finally {
  await browser.close();
}
