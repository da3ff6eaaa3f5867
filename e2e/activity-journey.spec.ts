/**
 * A first-come-first-served activity from end to end, in the browser: an admin creates and
 * publishes it in the console; the demo member, at phone size (390×844), watches the countdown on
 * the server's clock, grabs a place the moment it opens and finds the ticket with its QR code in
 * 我的票券; staff at the door type the ticket code into the console's phone-sized 入场核验 page:
 * checked in, then "already checked in", with the session's live counts.
 */
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './support/browser.js';
import { consoleLogin } from './support/console.js';
import { startServer, type RunningServer } from './support/server.js';

const TITLE = '劳模疗休养（从化温泉）';
const SESSION = '第一期 温泉两日游';
const CAPACITY = 3;
/**
 * How long after the form is sent the window opens. The console's pickers have minute precision;
 * rather than wait up to a minute for the next whole one, the test moves the opening the admin
 * typed to a few seconds from now on the way to the server (the route in the first test).
 */
const LEAD_MS = 15_000;
const MEMBER_PHONE = '13800138000';
const MEMBER_NAME = '杨秀祥';
/** The activity is 广州市总工会's; the staff at the door log in as the province's admin (their scope covers it). */
const ORGANIZER = { username: 'gz_admin', secret: 'GZADMINXDEMOXTOTPXSECRETXGZADMIN' };
const STAFF = { username: 'gd_admin', secret: 'GDADMINXDEMOXTOTPXSECRETXGDADMIN' };

let server: RunningServer;
let browser: Browser;
let desk: Page;
let member: Page;
let staff: Page;
let windowStart = 0;
let activityId = '';
let ticketCode = '';

/** "YYYY-MM-DD HH:mm" in China time (the console's pickers show Beijing wall-clock time). */
const chinaPickerText = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const adminLogin = (page: Page, admin: { username: string; secret: string }) => consoleLogin(page, server.baseUrl, admin.username, admin.secret);

/** Type a date-time into an antd picker and confirm it. */
async function pick(page: Page, testId: string, text: string) {
  const input = page.getByTestId(testId).locator('input').or(page.locator(`input[data-testid="${testId}"]`)).first();
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(text);
  // Enter takes the typed value; the panel closes when the field loses focus.
  await input.press('Tab');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** The text of the QR code in a data: URL image. */
async function decodeQr(dataUrl: string): Promise<string | null> {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data ?? null;
}

/**
 * The whole check-in page from the top: the page scrolls its result into view smoothly on a phone,
 * so wait until it stops moving, then go back to the top for a full-page picture.
 */
async function checkInShot(page: Page, name: string) {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const y = await page.evaluate(() => window.scrollY);
    if (y === last) break;
    last = y;
    await page.waitForTimeout(150);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot(name), fullPage: true });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
  desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
  member = await (await browser.newContext(phone)).newPage();
  staff = await (await browser.newContext(phone)).newPage();
  await adminLogin(desk, ORGANIZER);
  await adminLogin(staff, STAFF);
  await member.goto(`${server.baseUrl}/login`);
  await member.getByTestId('login-phone').fill(MEMBER_PHONE);
  await member.getByTestId('login-password').fill('Member@2026');
  await member.getByTestId('login-submit').click();
  await member.getByTestId('home-greeting').waitFor();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('first come first served, console → member app → check-in (390×844)', () => {
  it('an admin creates and publishes an activity whose window opens in a few seconds', async () => {
    await desk.getByTestId('nav-activities').click();
    await desk.getByTestId('activities-page').waitFor();
    await desk.getByTestId('activity-create').click();
    await desk.getByTestId('activity-form').waitFor();

    await desk.getByTestId('activity-title').fill(TITLE);
    await desk.getByTestId('activity-mode-fcfs').click();
    const now = Date.now();
    await pick(desk, 'activity-window-start', chinaPickerText(now + 60_000));
    await pick(desk, 'activity-window-end', chinaPickerText(now + 3600_000));
    await desk.getByTestId('session-name-0').fill(SESSION);
    await pick(desk, 'session-starts-0', chinaPickerText(now + 7 * 86_400_000));
    await desk.getByTestId('session-capacity-0').fill(String(CAPACITY));
    await desk.screenshot({ path: shot('activity-form') });

    // The opening the admin typed, moved to LEAD_MS from now (the pickers stop at minutes).
    await desk.route(`${server.baseUrl}/api/v1/admin/activities`, async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const body = request.postDataJSON() as Record<string, unknown>;
      windowStart = Date.now() + LEAD_MS;
      body.windowStart = new Date(windowStart).toISOString();
      await route.continue({ postData: JSON.stringify(body) });
    });
    await desk.getByTestId('activity-publish').click();
    await desk.getByTestId('confirm-publish').click();
    await desk.getByTestId('activity-detail-page').waitFor();
    await expect.poll(() => desk.getByTestId('activity-detail-title').textContent()).toBe(TITLE);
    expect(windowStart, 'the create request was not seen').toBeGreaterThan(0);
    activityId = /\/activities\/(\d+)/.exec(desk.url())?.[1] ?? '';
    expect(activityId).toMatch(/^\d+$/);
    await desk.unroute(`${server.baseUrl}/api/v1/admin/activities`);
    // Published within half an hour of its window, the page opens on the live view.
    const live = desk.getByTestId('live-panel');
    await live.waitFor();
    const session = live.locator('[data-testid^="live-session-"]');
    await expect.poll(() => session.textContent()).toContain(SESSION);
    expect(await session.locator('[data-testid^="live-remaining-"]').getAttribute('data-value')).toBe(String(CAPACITY));
    expect(await desk.getByTestId('live-allocations').getAttribute('data-value')).toBe('0');
    await desk.screenshot({ path: shot('activity-published') });
  });

  it('the member sees the countdown, grabs a place when it opens and finds the ticket with its QR code', async () => {
    await member.getByTestId('service-activities').click();
    const card = member.locator(`[data-testid="activity-card"][data-id="${activityId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-phase')).toBe('upcoming');
    await card.getByTestId('activity-card-countdown').waitFor();
    await card.click();

    const countdown = member.getByTestId('activity-countdown');
    await countdown.waitFor();
    const seconds = Number(await countdown.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(LEAD_MS / 1000 + 1);
    // it ticks
    await expect.poll(async () => Number(await countdown.getAttribute('data-seconds')), { timeout: 5000 }).toBeLessThan(seconds);
    expect(await member.getByTestId('activity-title').textContent()).toBe(TITLE);
    const sessionRow = member.getByTestId('activity-session');
    expect(await sessionRow.count()).toBe(1);
    expect(await sessionRow.textContent()).toContain(SESSION);
    const sessionId = (await sessionRow.getAttribute('data-session-id')) ?? '';
    const grab = member.getByTestId(`activity-grab-${sessionId}`);
    expect(await grab.getAttribute('data-state')).toBe('disabled');
    await member.screenshot({ path: shot('activity-countdown') });

    // The button opens at the opening instant, without a reload.
    await expect.poll(() => grab.getAttribute('data-state'), { timeout: LEAD_MS + 10_000, interval: 100 }).toBe('ready');
    expect(Date.now()).toBeGreaterThanOrEqual(windowStart - 1500);
    await grab.click();
    const result = member.getByTestId('grab-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('ok');
    await member.getByTestId('grab-result-ticket').waitFor();
    await member.screenshot({ path: shot('activity-grabbed') });

    await member.getByTestId('grab-result-tickets').click();
    await member.waitForURL(/\/tickets$/);
    const ticket = member.locator('[data-testid="ticket-item"]', { hasText: TITLE });
    await ticket.waitFor();
    expect(await ticket.count()).toBe(1);
    expect(await ticket.getAttribute('data-status')).toBe('active');
    expect(await ticket.getAttribute('data-session-id')).toBe(sessionId);
    expect(await ticket.getByTestId('ticket-seat').textContent()).toBe('1');
    ticketCode = ((await ticket.getByTestId('ticket-code').textContent()) ?? '').trim();
    expect(ticketCode).toMatch(/^T[0-9A-Z]{16}$/);
    const qr = ticket.getByTestId('ticket-qr');
    await qr.waitFor();
    // a real image, decoded by the browser
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
    // what staff scan at the door: the ticket code
    expect(await decodeQr((await qr.getAttribute('src')) ?? '')).toBe(ticketCode);
    await qr.scrollIntoViewIfNeeded();
    await member.screenshot({ path: shot('activity-ticket') });
  });

  it('staff check the ticket in on the phone-sized 入场核验 page, once', async () => {
    await staff.getByTestId('nav-open').click();
    await staff.getByTestId('nav-check-in').click();
    await staff.getByTestId('check-in-page').waitFor();

    await staff.getByTestId('checkin-code').fill(ticketCode);
    await staff.getByTestId('checkin-submit').click();
    const result = staff.getByTestId('checkin-result');
    await expect.poll(() => result.getAttribute('data-result')).toBe('checked_in');
    expect(await staff.getByTestId('checkin-activity').textContent()).toBe(TITLE);
    expect(await staff.getByTestId('checkin-session').textContent()).toBe(SESSION);
    expect(await staff.getByTestId('checkin-seat').textContent()).toBe('1');
    expect(await staff.getByTestId('checkin-member').textContent()).toBe(MEMBER_NAME);
    const counts = staff.getByTestId('checkin-session-counts');
    await expect.poll(() => counts.getAttribute('data-checked-in')).toBe('1');
    expect(await counts.getAttribute('data-allocated')).toBe('1');
    expect(await counts.getAttribute('data-capacity')).toBe(String(CAPACITY));
    await checkInShot(staff, 'activity-checkin');

    await staff.getByTestId('checkin-code').fill(ticketCode);
    await staff.getByTestId('checkin-submit').click();
    await expect.poll(() => result.getAttribute('data-result')).toBe('already_checked_in');
    expect(await result.textContent()).toContain('已入场过');
    await expect.poll(() => counts.getAttribute('data-checked-in')).toBe('1');
    await checkInShot(staff, 'activity-checkin-again');

    // The console's live view (polling every 2 s) counts the check-in too.
    const session = desk.getByTestId('live-panel').locator('[data-testid^="live-session-"]');
    await expect.poll(async () => (await session.textContent()) ?? '', { timeout: 10_000 }).toContain('已入场 1');
    expect(await desk.getByTestId('live-allocations').getAttribute('data-value')).toBe('1');
    await desk.screenshot({ path: shot('activity-live') });

    // And the member's ticket says so.
    await member.reload();
    const ticket = member.locator('[data-testid="ticket-item"]', { hasText: TITLE });
    await expect.poll(() => ticket.getAttribute('data-status')).toBe('checked_in');
  });
});
