/**
 * Issue 4's journey in the browser, the member at phone size (390×844) and the admin in the
 * console: register → verify with ID photos (the admin approves) → find the union by its credit
 * code and join (approved) → the electronic card, checked by staff → transfer by the union's join
 * link → held at the upper union (上挂) → join a new employer's union from the proposal; with
 * screenshots of the card and the timeline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idCheckChar } from '@gonghui/contracts';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './support/browser.js';
import { consoleLogin, DEMO_TOTP } from './support/console.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let member: Page;
let admin: Page;
let photos: { front: string; back: string };
const PHONE = '13912340401';
const PASSWORD = 'Journey2026';
const NAME = '陈嘉怡';
const first17 = '44010619960606128';
const ID_NUMBER = first17 + idCheckChar(first17);

interface Union {
  id: string;
  name: string;
  creditCode: string;
}
let unions: Union[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-e2e-id-'));
  photos = { front: path.join(dir, 'front.jpg'), back: path.join(dir, 'back.png') };
  writeFileSync(photos.front, await sharp({ create: { width: 900, height: 570, channels: 3, background: '#dde8f3' } }).jpeg().toBuffer());
  writeFileSync(photos.back, await sharp({ create: { width: 900, height: 570, channels: 3, background: '#f3ead9' } }).png().toBuffer());
  // Three base unions with credit codes, found through the public API as a member would.
  const names = ['广州市能婴贸易有限公司工会', '广州华师科技有限公司工会', '广东松下环境系统有限公司工会'];
  unions = [];
  for (const name of names) {
    const found = (await (await fetch(`${server.baseUrl}/api/v1/orgs?q=${encodeURIComponent(name)}`)).json()) as { items: Array<{ id: string; name: string }> };
    const org = found.items.find((o) => o.name === name)!;
    unions.push({ id: org.id, name: org.name, creditCode: '' });
  }

  member = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
  admin = await (await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })).newPage();
  await consoleLogin(admin, server.baseUrl, 'gd_admin', DEMO_TOTP.gd_admin);
  // The credit codes, as the union's admin knows them (the member types one in).
  for (const u of unions) {
    const detail = (await admin.evaluate(async (id) => (await fetch(`/api/v1/admin/orgs/${id}`, { credentials: 'same-origin' })).json(), u.id)) as { creditCode: string };
    u.creditCode = detail.creditCode;
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The console approves the pending application of our member (the newest row with the name). */
async function approveApplication(): Promise<void> {
  await admin.goto(`${server.baseUrl}/admin/join-requests?q=${encodeURIComponent(NAME)}`);
  const row = admin.locator('[data-testid^="join-row-"]', { hasText: NAME }).first();
  await row.waitFor();
  await row.getByTestId('join-approve').click();
  await admin.getByTestId('join-decision-submit').click();
  await row.waitFor({ state: 'detached' });
}

describe('the member journey (390×844)', () => {
  it('registers and verifies with ID photos; an admin approves in the console', async () => {
    await member.goto(`${server.baseUrl}/register`);
    await member.getByTestId('reg-phone').fill(PHONE);
    await member.getByTestId('reg-send-code').click();
    await expect.poll(() => server.sms().some((s) => s.to === PHONE), { timeout: 10_000 }).toBe(true);
    await member.getByTestId('reg-code').fill(server.lastCodeFor(PHONE));
    await member.getByTestId('reg-password').fill(PASSWORD);
    await member.getByTestId('reg-consent').check();
    await member.getByTestId('reg-submit').click();
    await member.getByTestId('home-greeting').waitFor();

    await member.goto(`${server.baseUrl}/verify`);
    await member.getByTestId('verify-name').fill(NAME);
    await member.getByTestId('verify-id-number').fill('440106199606061280');
    await member.getByTestId('verify-submit').click();
    await member.getByTestId('form-error').or(member.locator('[role="alert"]').first()).waitFor();
    await member.getByTestId('verify-id-number').fill(ID_NUMBER);
    await member.getByTestId('verify-submit').click();
    await member.getByTestId('photo-step').waitFor();
    await member.getByTestId('photo-front-input').setInputFiles(photos.front);
    await member.getByTestId('photo-front-done').waitFor();
    await member.getByTestId('photo-back-input').setInputFiles(photos.back);
    await member.getByTestId('review-pending').waitFor({ timeout: 15_000 });
    await member.screenshot({ path: shot('journey-verify-pending') });

    await admin.getByTestId('nav-identity-reviews').click();
    const row = admin.locator('[data-testid^="review-row-"]', { hasText: NAME }).first();
    await row.waitFor();
    await row.click();
    await admin.getByTestId('review-drawer').waitFor();
    await expect.poll(async () => admin.getByTestId('review-id-number').textContent()).toContain(ID_NUMBER);
    await admin.getByTestId('review-photo-front').locator('img').first().waitFor();
    await admin.screenshot({ path: shot('journey-admin-review') });
    await admin.getByTestId('review-approve').click();
    await row.waitFor({ state: 'detached' });

    await member.reload();
    await member.getByTestId('review-approved').waitFor();
  });

  it('finds the union by its credit code and joins; the console approves', async () => {
    await member.goto(`${server.baseUrl}/orgs?mode=credit`);
    await member.getByTestId('credit-code').fill(unions[0]!.creditCode);
    await member.getByTestId('credit-submit').click();
    await member.getByTestId('credit-results').getByTestId('org-item').first().click();
    await member.getByTestId('join-org').waitFor();
    expect(await member.getByTestId('join-org-name').textContent()).toContain(unions[0]!.name);
    await member.getByTestId('join-note').locator('textarea').fill('新入职，申请入会');
    await member.getByTestId('join-apply').click();
    await member.waitForURL(/\/membership/);
    await member.getByTestId('pending-request').waitFor();
    expect(await member.getByTestId('membership-status').getAttribute('data-status')).toBe('pending');

    await approveApplication();
    await member.reload();
    await expect.poll(() => member.getByTestId('membership-status').getAttribute('data-status')).toBe('active');
  });

  it('shows the electronic card, and staff check its code in the console', async () => {
    await member.goto(`${server.baseUrl}/card`);
    await member.getByTestId('card-qr').waitFor();
    await member.screenshot({ path: shot('journey-card') });
    const code = (await member.getByTestId('card-code').textContent())!.replace(/\D/g, '');
    const no = (await member.getByTestId('card-no').textContent())!.replace(/\s/g, '');
    expect(no).toMatch(/^GD\d+$/);
    expect(code).toMatch(/^\d{8}$/);

    await admin.goto(`${server.baseUrl}/admin/card-check`);
    await admin.getByTestId('card-check-cardno').fill(no);
    await admin.getByTestId('card-check-code').fill(code);
    await admin.getByTestId('card-check-submit').click();
    await expect.poll(() => admin.getByTestId('card-check-result').getAttribute('data-result')).toBe('valid');
    expect(await admin.getByTestId('card-check-result').textContent()).toContain('陈*');
  });

  it('transfers to another union through its join link; card number and seniority stay', async () => {
    await member.goto(`${server.baseUrl}/membership`);
    const before = await member.getByTestId('membership-card-no').textContent();
    await member.goto(`${server.baseUrl}/join/${unions[1]!.id}`);
    await member.getByTestId('join-kind').waitFor();
    await member.getByTestId('join-apply').click();
    await member.waitForURL(/\/membership/);
    await member.getByTestId('pending-request').waitFor();
    await approveApplication();
    await member.reload();
    await expect.poll(async () => member.getByTestId('membership-org').textContent()).toContain(unions[1]!.name);
    expect(await member.getByTestId('membership-card-no').textContent()).toBe(before);
  });

  it('is held at the upper union after leaving the job, then joins the new employer’s union', async () => {
    await admin.goto(`${server.baseUrl}/admin/members?q=${encodeURIComponent(NAME)}`);
    await admin.getByTestId('member-link').first().click();
    await admin.getByTestId('member-detail-page').waitFor();
    await admin.getByTestId('member-hold-open').click();
    await admin.getByTestId('member-hold-reason').fill('已离职');
    await admin.getByTestId('member-hold-submit').click();
    await admin.locator('[data-testid="member-event"][data-kind="held"]').waitFor();

    await member.goto(`${server.baseUrl}/membership`);
    await member.getByTestId('held-notice').waitFor();
    expect(await member.getByTestId('membership-status').getAttribute('data-status')).toBe('held');
    await member.screenshot({ path: shot('journey-held') });
    await member.getByTestId('held-new-employer-open').click();
    await member.getByTestId('credit-code').fill(unions[2]!.creditCode);
    await member.getByTestId('credit-submit').click();
    await member.getByTestId('proposal-apply').first().click();
    await member.getByTestId('confirm-ok').click();
    await member.getByTestId('pending-request').waitFor();
    await approveApplication();

    await member.reload();
    await expect.poll(() => member.getByTestId('membership-status').getAttribute('data-status')).toBe('active');
    const timeline = member.getByTestId('timeline');
    await timeline.scrollIntoViewIfNeeded();
    for (const kind of ['verified', 'applied', 'joined', 'transferred_in', 'held']) await member.getByTestId(`timeline-event-${kind}`).first().waitFor();
    await timeline.screenshot({ path: shot('journey-timeline') });
    await member.screenshot({ path: shot('journey-membership'), fullPage: true });

    await member.goto(`${server.baseUrl}/messages`);
    await member.getByTestId('message-item').first().waitFor();
    expect(await member.locator('[data-testid="message-item"]').count()).toBeGreaterThanOrEqual(5);
  });
});
