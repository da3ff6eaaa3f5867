/**
 * The three databases in the console: an admin imports a members workbook (one bad row), watches
 * the job finish, opens an imported member, sees the timeline and holds them at the upper union.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idCheckChar } from '@gonghui/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_COLUMNS } from '../apps/server/src/modules/members/members.sheet.js';
import { createSheetWriter } from '../apps/server/src/platform/spreadsheets/sheet-writer.js';
import { launchChromium, shot } from './support/browser.js';
import { consoleLogin, DEMO_TOTP } from './support/console.js';
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

const id = (first17: string) => first17 + idCheckChar(first17);

describe('members database in the console', () => {
  it('imports a workbook, shows the errors, and holds an imported member at the upper union', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gh-e2e-')), '会员名册.xlsx');
    const writer = createSheetWriter({ path: file }, 'xlsx', MEMBER_COLUMNS.map((c) => ({ key: c.key, header: c.header, kind: c.kind === 'date' ? 'date' : 'text' })));
    await writer.addRow({ name: '浏览器导入甲', idNumber: id('44010619930101011'), phone: '13700000001', org: '广州华师科技有限公司工会', orgCreditCode: null, employer: null, industry: '制造业', education: '本科', hometown: '湖南', joinedAt: '2022-04-01' });
    await writer.addRow({ name: '浏览器导入乙', idNumber: id('44010619940202022'), phone: '13700000002', org: '广州华师科技有限公司工会', orgCreditCode: null, employer: null, industry: '制造业', education: '大专', hometown: '广西', joinedAt: '2022-04-01' });
    await writer.addRow({ name: '找不到工会', idNumber: id('44010619950303033'), phone: null, org: '不存在的工会', orgCreditCode: null, employer: null, industry: null, education: null, hometown: null, joinedAt: null });
    await writer.finish();

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await consoleLogin(page, server.baseUrl, 'gz_admin', DEMO_TOTP.gz_admin);

    await page.getByTestId('nav-members').click();
    await page.getByTestId('members-import-open').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('succeeded');
    expect(await page.getByTestId('job-imported').textContent()).toContain('2');
    expect(await page.getByTestId('job-failed').textContent()).toContain('1');
    await page.getByTestId('import-errors-download').waitFor();
    await page.screenshot({ path: shot('admin-import-result') });
    await page.getByTestId('import-close').click();

    await page.goto(`${server.baseUrl}/admin/members?q=${encodeURIComponent('浏览器导入甲')}`);
    await page.getByTestId('member-link').first().click();
    await page.getByTestId('member-detail-page').waitFor();
    await page.locator('[data-testid="member-event"][data-kind="added"]').waitFor();
    await page.getByTestId('member-hold-open').click();
    await page.getByTestId('member-hold-reason').fill('已离职');
    await page.getByTestId('member-hold-submit').click();
    await page.locator('[data-testid="member-event"][data-kind="held"]').waitFor();
    expect(await page.getByTestId('member-detail-page').textContent()).toContain('天河区石牌街道总工会');
    await page.screenshot({ path: shot('admin-member-timeline'), fullPage: true });
    await context.close();
  });
});
