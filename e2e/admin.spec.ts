/** Admins log in with password + TOTP, enrol TOTP by QR code, browse the tree and the audit log. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './support/browser.js';
import { consoleLogin, totpNow } from './support/console.js';
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

const totp = totpNow;

async function desktop(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  return context.newPage();
}

/** The console redirects an anonymous visit to its login page, then logs in. */
async function login(page: Page, username: string, secret: string) {
  await page.goto(`${server.baseUrl}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await consoleLogin(page, server.baseUrl, username, secret);
}

describe('admin console', () => {
  it('logs in with password and TOTP and shows the organization tree of the scope', async () => {
    const page = await desktop();
    await login(page, 'gz_admin', 'GZADMINXDEMOXTOTPXSECRETXGZADMIN');
    expect(await page.getByTestId('admin-user').textContent()).toContain('广州市总管理员');
    await page.getByTestId('dashboard-page').waitFor();
    await page.screenshot({ path: shot('admin-dashboard') });
    await page.getByTestId('nav-orgs').click();
    const tree = page.getByTestId('org-tree');
    await tree.getByText('广州市总工会').first().waitFor();
    expect(await tree.textContent()).not.toContain('深圳');
    await page.screenshot({ path: shot('admin-org-tree') });
    await page.context().close();
  });

  it('refuses a wrong TOTP code', async () => {
    const page = await desktop();
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByTestId('admin-username').fill('sz_admin');
    await page.getByTestId('admin-password').fill('Admin@2026');
    const right = totp('SZADMINXDEMOXTOTPXSECRETXSZADMIN');
    await page.getByTestId('admin-totp').fill(right === '000000' ? '111111' : '000000');
    await page.getByTestId('admin-login-submit').click();
    await expect.poll(async () => (await page.locator('body').textContent()) ?? '', { timeout: 10_000 }).toContain('动态验证码错误');
    await page.context().close();
  });

  it('enrols TOTP at the first login from the QR code page', async () => {
    const page = await desktop();
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByTestId('admin-username').fill('sd_admin');
    await page.getByTestId('admin-password').fill('Admin@2026');
    await page.getByTestId('admin-login-submit').click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.screenshot({ path: shot('admin-totp-enrolment') });
    await page.getByTestId('totp-enrol-code').fill(totp(secret));
    await page.getByTestId('totp-enrol-submit').click();
    await page.getByTestId('admin-user').waitFor();
    expect(await page.getByTestId('admin-user').textContent()).toContain('顺德区总管理员');
    await page.context().close();
  });

  it('lets the auditor browse the audit log read-only', async () => {
    const page = await desktop();
    await login(page, 'gd_auditor', 'GDAUDITORXDEMOXTOTPXSECRETXAUDIT');
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await table.getByText('admin.login').first().waitFor();
    expect(await page.getByTestId('nav-members').count()).toBe(0); // auditors have no member.read
    expect(await page.locator('[data-testid="admin-create-open"]').count()).toBe(0);
    await page.screenshot({ path: shot('admin-audit') });
    await page.context().close();
  });

  it('works at phone width too', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, 'th_admin', 'THADMINXDEMOXTOTPXSECRETXTHADMIN');
    await page.getByTestId('nav-open').click();
    await page.getByTestId('nav-members').click();
    await page.getByTestId('members-table').waitFor();
    await page.screenshot({ path: shot('admin-members-phone') });
    await context.close();
  });
});
