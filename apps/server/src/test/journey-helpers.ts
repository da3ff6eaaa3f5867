/** Helpers for member-journey tests: registering, ID photos as multipart, and valid ID numbers. */
import { idCheckChar } from '@gonghui/contracts';
import sharp from 'sharp';
import { bearer, type Harness } from './harness.js';

let phoneSeq = 0;
/** A phone no demo or generated account uses (the generator starts at 170…). */
export const freshPhone = () => `1990${String(process.pid % 1000).padStart(3, '0')}${String(phoneSeq++).padStart(4, '0')}`;

let idSeq = 0;
/** A valid GB 11643 ID number, different on every call. */
export function freshIdNumber(region = '440106', birth = '19900101'): string {
  const first17 = `${region}${birth}${String(100 + (idSeq++ % 900))}`;
  return first17 + idCheckChar(first17);
}

export async function registerMember(h: Harness, phone = freshPhone(), password = 'Member@2026'): Promise<{ phone: string; token: string }> {
  await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose: 'register' } });
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { phone, code: h.sms.lastCodeFor(phone), password } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  return { phone, token: res.json<{ token: string }>().token };
}

export async function idPhoto(width = 800, height = 500): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 220, b: 240 } } }).jpeg().toBuffer();
}

export function multipartFile(data: Buffer, filename = 'id.jpg', contentType = 'image/jpeg'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = 'journeyboundary7d1';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Upload both sides of an ID card for a review the member owns. */
export async function uploadIdPhotos(h: Harness, token: string, reviewId: string): Promise<void> {
  for (const side of ['front', 'back']) {
    const body = multipartFile(await idPhoto());
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/me/identity-reviews/${reviewId}/photos/${side}`, payload: body.payload, headers: { ...body.headers, ...bearer(token) } });
    if (res.statusCode !== 200) throw new Error(`photo upload failed: ${res.body}`);
  }
}
