/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) with a ±1 step window and no reuse of an accepted step. */
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = '工惠 Gonghui';

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

/** The time step the code belongs to, or null; `lastStep` rejects a replay of an accepted code. */
export function checkTotp(secretBase32: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const totp = totpFor(secretBase32, 'check');
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / 30) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

export function totpCode(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32, 'gen').generate({ timestamp: now });
}

export async function totpEnrolment(secretBase32: string, username: string): Promise<{ otpauthUrl: string; qrDataUrl: string }> {
  const otpauthUrl = totpFor(secretBase32, username).toString();
  return { otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}
