/** A member registers with the SMS code, lands on the home page, logs out and logs in again. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PHONE = '13912340001';
const PASSWORD = 'Journey2026';

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  return context.newPage();
}

describe('member journey at phone size', () => {
  it('registers with the SMS code, sees home, logs out and logs in with the password', async () => {
    const page = await phonePage();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('goto-register').click();
    await page.getByTestId('reg-phone').fill(PHONE);
    await page.getByTestId('reg-send-code').click();
    await expect.poll(() => server.sms().some((s) => s.to === PHONE), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('reg-code').fill(server.lastCodeFor(PHONE));
    await page.getByTestId('reg-password').fill(PASSWORD);
    await page.getByTestId('reg-consent').check();
    await page.screenshot({ path: shot('member-register') });
    await page.getByTestId('reg-submit').click();
    const greeting = page.getByTestId('home-greeting');
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('139****0001');
    await page.screenshot({ path: shot('member-home') });

    await page.getByTestId('tab-me').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-phone').fill(PHONE);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    expect(page.url()).toBe(`${server.baseUrl}/`);
    await page.context().close();
  });

  it('shows a clear error for a wrong password, in Chinese and in English', async () => {
    const page = await phonePage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-phone').fill(PHONE);
    await page.getByTestId('login-password').fill('Wrong12345');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('form-error').textContent(), { timeout: 10_000 }).toContain('账号或密码错误');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('form-error').textContent(), { timeout: 10_000 }).toContain('Wrong account or password');
    await page.context().close();
  });

  it('shows the demo member\'s union on the home page', async () => {
    const page = await phonePage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-phone').fill('13800138000');
    await page.getByTestId('login-password').fill('Member@2026');
    await page.getByTestId('login-submit').click();
    const greeting = page.getByTestId('home-greeting');
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('杨秀祥');
    await page.screenshot({ path: shot('member-home-demo'), fullPage: true });
    await page.context().close();
  });
});
