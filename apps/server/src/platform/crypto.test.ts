import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, PersonalDataCipher } from './crypto.js';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32));
  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('440106198605121357');
    const b = cipher.encrypt('440106198605121357');
    expect(a).not.toBe(b);
    expect(a).not.toContain('440106');
    expect(cipher.decrypt(a)).toBe('440106198605121357');
  });
  it('refuses a tampered ciphertext', () => {
    const c = cipher.encrypt('13800138000');
    const parts = c.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });
  it('round-trips bytes as text-safe v1 ciphertext', () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x80]), randomBytes(100_000)]);
    const a = cipher.encryptBytes(photo);
    const b = cipher.encryptBytes(photo);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(cipher.decryptBytes(a).equals(photo)).toBe(true);
    expect(cipher.decryptBytes(cipher.encryptBytes(Buffer.alloc(0))).length).toBe(0);
  });
  it('refuses tampered, truncated or foreign byte ciphertexts', () => {
    const c = cipher.encryptBytes(Buffer.from('photo bytes'));
    const parts = c.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[ct.length - 1] = ct[ct.length - 1]! ^ 0x80;
    expect(() => cipher.decryptBytes([parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'))).toThrow();
    const tag = Buffer.from(parts[2]!, 'base64url');
    expect(() => cipher.decryptBytes([parts[0], parts[1], tag.subarray(0, 4).toString('base64url'), parts[3]].join('.'))).toThrow();
    expect(() => cipher.decryptBytes(parts.slice(0, 3).join('.'))).toThrow();
    expect(() => new PersonalDataCipher(randomBytes(32)).decryptBytes(c)).toThrow();
    // Strings and bytes are bound to different additional data: neither opens as the other.
    expect(() => cipher.decrypt(c)).toThrow();
    expect(() => cipher.decryptBytes(cipher.encrypt('440106198605121357'))).toThrow();
  });
  it('gives stable, domain-separated lookup hashes', () => {
    expect(cipher.lookupHash('phone', '13800138000')).toBe(cipher.lookupHash('phone', '13800138000'));
    expect(cipher.lookupHash('phone', '13800138000')).not.toBe(cipher.lookupHash('id_number', '13800138000'));
    const other = new PersonalDataCipher(randomBytes(32));
    expect(other.lookupHash('phone', '13800138000')).not.toBe(cipher.lookupHash('phone', '13800138000'));
  });
});

describe('loadMasterKey', () => {
  it('creates a 0600 key file once and reads it back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gh-key-'));
    const k1 = loadMasterKey({ dataDir: dir });
    const k2 = loadMasterKey({ dataDir: dir });
    expect(k1.equals(k2)).toBe(true);
    expect(statSync(path.join(dir, 'keys', 'data.key')).mode & 0o777).toBe(0o600);
  });
  it('prefers the key from the environment', () => {
    const key = randomBytes(32);
    expect(loadMasterKey({ dataDir: '/nonexistent', envKey: key.toString('base64') }).equals(key)).toBe(true);
  });
});
