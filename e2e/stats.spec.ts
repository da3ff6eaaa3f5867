/** The console's statistics: the province's figures and charts, a drill into a city and back, an Excel export. */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './support/browser.js';
import { consoleLogin } from './support/console.js';
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


/** The console redirects an anonymous visit to its login page, then logs in. */
async function login(page: Page, username: string, secret: string) {
  await page.goto(`${server.baseUrl}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await consoleLogin(page, server.baseUrl, username, secret);
}

const chartReady = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"][data-ready="true"]`).waitFor({ timeout: 30_000 });
const settled = (page: Page) => page.locator('[data-testid="stats-page"][data-loading="false"]').waitFor();

describe('GET /admin/stats in the console', () => {
  it('shows the province, drills into 广州市总工会 and back up, and exports an .xlsx', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    await login(page, 'gd_admin', 'GDADMINXDEMOXTOTPXSECRETXGDADMIN');
    await page.getByTestId('nav-stats').click();

    // The whole view goes into the URL, so a copied link shows the same period.
    await page.waitForURL(/\/admin\/stats\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&grain=day$/);
    await settled(page);
    expect(await page.locator('.gh-page-header').textContent()).toContain('广东省总工会');
    expect(Number(await page.getByTestId('stats-members-active').getAttribute('data-count'))).toBeGreaterThan(0);
    await chartReady(page, 'stats-flows-chart');
    await chartReady(page, 'stats-chart-gender');
    await chartReady(page, 'stats-chart-industry');
    await page.getByTestId('stats-sort-members').click();
    await page.waitForURL(/sort=members/);
    const firstRow = page.getByTestId('stats-children-table').locator('tbody tr.gh-stats-row').first();
    await expect.poll(async () => (await firstRow.textContent()) ?? '', { timeout: 15_000 }).toContain('广州市总工会');
    await chartReady(page, 'stats-chart-top');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot('admin-stats-province'), fullPage: true });

    await page.getByTestId('stats-children-table').getByText('广州市总工会', { exact: true }).click();
    await page.getByTestId('stats-trail-current').filter({ hasText: '广州市总工会' }).waitFor();
    expect(page.url()).toMatch(/orgId=\d+/);
    await settled(page);
    await page.getByTestId('stats-children-table').getByText('广州市天河区总工会').first().waitFor();
    expect(await page.getByTestId('stats-children-table').textContent()).not.toContain('深圳');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot('admin-stats-city'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export-children').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: an Office Open XML workbook

    await page.getByTestId('stats-trail-link').first().click();
    await page.getByTestId('stats-trail').waitFor({ state: 'detached' });
    expect(page.url()).not.toMatch(/orgId=/);
    await settled(page);
    expect(await page.locator('.gh-page-header').textContent()).toContain('广东省总工会');
    await context.close();
  });
});
