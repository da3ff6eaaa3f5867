/** The demo admins' logins for the browser journeys: password + the current TOTP code. */
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';

export const DEMO_ADMIN_PASSWORD = 'Admin@2026';
/** The demo admins' TOTP secrets (README.md). */
export const DEMO_TOTP = {
  gd_admin: 'GDADMINXDEMOXTOTPXSECRETXGDADMIN',
  gz_admin: 'GZADMINXDEMOXTOTPXSECRETXGZADMIN',
} as const;

export const totpNow = (secret: string): string => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

/** Log into the console in a browser page and wait for the shell. */
export async function consoleLogin(page: Page, baseUrl: string, username: string, secret: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByTestId('admin-username').fill(username);
  await page.getByTestId('admin-password').fill(DEMO_ADMIN_PASSWORD);
  await page.getByTestId('admin-totp').fill(totpNow(secret));
  await page.getByTestId('admin-login-submit').click();
  await page.getByTestId('admin-user').waitFor();
}
