import { describe, expect, it } from 'vitest';
import { commitmentFor, drawOrder, entrantsDigestFor, verifyDraw } from '@gonghui/contracts';
import { sha256, sha256HexOfText, toHex } from './lottery-sha256';

const encoder = new TextEncoder();

async function webCryptoHex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', Uint8Array.from(bytes));
  return toHex(new Uint8Array(digest));
}

describe('sha256 (synchronous, for the lottery verification page)', () => {
  it('gives the FIPS 180-4 / NIST example digests', () => {
    expect(sha256HexOfText('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexOfText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256HexOfText('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(
      sha256HexOfText('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1');
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('hashes UTF-8 text', () => {
    expect(sha256HexOfText('工会')).toBe(toHex(sha256(encoder.encode('工会'))));
    expect(sha256HexOfText('The quick brown fox jumps over the lazy dog')).toBe('d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592');
  });

  it('agrees with WebCrypto on every length from 0 to 300 bytes and on larger inputs (padding edges at 55, 56, 63, 64)', async () => {
    let seed = 12345;
    const nextByte = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    const lengths = [...Array.from({ length: 301 }, (_, n) => n), 1000, 4095, 4096, 65_537];
    for (const n of lengths) {
      const bytes = Uint8Array.from({ length: n }, nextByte);
      expect(toHex(sha256(bytes)), `length ${n}`).toBe(await webCryptoHex(bytes));
    }
  });

  it('reads only its view of a larger buffer and returns a fresh 32-byte array each time', async () => {
    const buffer = encoder.encode('xxabcxx');
    const view = buffer.subarray(2, 5);
    expect(toHex(sha256(view))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const a = sha256(view);
    const b = sha256(view);
    expect(a).not.toBe(b);
    expect(a.length).toBe(32);
    expect(toHex(a)).toBe(await webCryptoHex(view));
  });

  it('reproduces the pinned lottery vector of docs/LOTTERY.md through the contracts', () => {
    const seed = 'aa'.repeat(32);
    const entrants = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);
    expect(commitmentFor(sha256, seed)).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb');
    expect(entrantsDigestFor(sha256, entrants)).toBe('1ecab24ebb3c823902b74e3c4e38eb53c3b4d13baf72ce59ef5c258bb6632802');
    expect(sha256HexOfText(`${seed}:1ecab24ebb3c823902b74e3c4e38eb53c3b4d13baf72ce59ef5c258bb6632802:0`)).toBe(
      'fa9bba5c5054b649d3fe4dc267705d921d9b6d333703be7d82b59f2f1b6b01f9',
    );
    expect(drawOrder(sha256, seed, entrants)).toEqual(['m10', 'm7', 'm1', 'm4', 'm3', 'm6', 'm5', 'm9', 'm2', 'm8']);

    const published = {
      algorithm: 'gonghui-lottery-v1',
      seed,
      commitment: 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb',
      entrantsDigest: '1ecab24ebb3c823902b74e3c4e38eb53c3b4d13baf72ce59ef5c258bb6632802',
      entrantIds: entrants,
      winners: ['m10', 'm7', 'm1'],
      places: 3,
    };
    expect(verifyDraw(sha256, published)).toEqual({ ok: true, problems: [] });
    const tampered = verifyDraw(sha256, { ...published, winners: ['m10', 'm1', 'm7'] });
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.join('\n')).toContain('winners do not match');
  });
});
