/**
 * Personal data at rest: AES-256-GCM for ID numbers, phones, TOTP secrets and ID photos, plus a
 * keyed hash (HMAC-SHA256) for exact lookup and uniqueness. Both keys derive from one master key
 * (HKDF), which comes from DATA_ENCRYPTION_KEY or, in the embedded default, a key file in DATA_DIR
 * (mode 0600).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const BYTES_AAD = Buffer.from('gonghui/pii-bytes/v1');

export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The data encryption key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gonghui/pii-encryption/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gonghui/pii-lookup/v1', 32));
  }

  encrypt(plain: string): string {
    return this.seal(Buffer.from(plain, 'utf8'));
  }

  decrypt(stored: string): string {
    return this.open(stored).toString('utf8');
  }

  /**
   * Binary personal data (ID photos) as text-safe `v1.iv.tag.ciphertext`. Bound to its own
   * additional authenticated data, so a byte ciphertext never decrypts as a string or vice versa.
   */
  encryptBytes(data: Buffer): string {
    return this.seal(data, BYTES_AAD);
  }

  decryptBytes(stored: string): Buffer {
    return this.open(stored, BYTES_AAD);
  }

  private seal(plain: Buffer, aad?: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    if (aad) cipher.setAAD(aad);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `${VERSION}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  }

  private open(stored: string, aad?: Buffer): Buffer {
    const [version, iv, tag, ct, extra] = stored.split('.');
    if (version !== VERSION || !iv || !tag || ct === undefined || extra !== undefined) throw new Error('Unrecognised ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    if (aad) decipher.setAAD(aad);
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  }

  /** Keyed hash for lookups; `kind` separates the domains so a phone never matches an ID number. */
  lookupHash(kind: 'phone' | 'id_number' | 'sms_code' | 'card_token' | 'pow', value: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}:${value}`).digest('base64url');
  }
}

/** The master key: from the environment, else from DATA_DIR/keys/data.key, created on first start. */
export function loadMasterKey(opts: { envKey?: string | undefined; dataDir: string }): Buffer {
  if (opts.envKey) return Buffer.from(opts.envKey, 'base64');
  const dir = path.join(opts.dataDir, 'keys');
  const file = path.join(dir, 'data.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
    return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
