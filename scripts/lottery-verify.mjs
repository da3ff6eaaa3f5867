#!/usr/bin/env node
// Verify a Gonghui lottery draw (algorithm gonghui-lottery-v1) from its published values.
//
// Standalone on purpose: Node 20+ and node:crypto only, nothing from the Gonghui repository, so
// anyone can copy this one file and check a draw. It reimplements the algorithm from its written
// description (docs/LOTTERY.md) rather than sharing code with the server.
//
//   node lottery-verify.mjs draw.json
//
// draw.json: { "algorithm": "gonghui-lottery-v1", "seed", "commitment", "entrantsDigest",
//              "entrants": [ids], "places": n, "winners": [ids in draw order], "order"?: [ids] }
//
// Exit code: 0 when everything matches, 1 on any mismatch, 2 when the file cannot be read or is
// not shaped like a draw.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ALGORITHM = 'gonghui-lottery-v1';

const sha256Hex = (text) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

function fail(message) {
  console.error(message);
  process.exit(2);
}

function readDraw(file) {
  let draw;
  try {
    draw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`Cannot read ${file}: ${err.message}`);
  }
  const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof draw !== 'object' || draw === null) fail('The file does not hold a JSON object');
  for (const key of ['algorithm', 'seed', 'commitment', 'entrantsDigest']) {
    if (typeof draw[key] !== 'string') fail(`"${key}" must be a string`);
  }
  if (!isStringArray(draw.entrants)) fail('"entrants" must be an array of strings');
  if (!Number.isInteger(draw.places) || draw.places < 1) fail('"places" must be a positive integer');
  if (!isStringArray(draw.winners)) fail('"winners" must be an array of strings');
  if (draw.order !== undefined && !isStringArray(draw.order)) fail('"order" must be an array of strings');
  return draw;
}

// Entrant ids: non-empty, no control characters, valid Unicode (no unpaired surrogate).
function entrantProblem(id) {
  if (id.length === 0) return 'an entrant id is empty';
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return `entrant id ${JSON.stringify(id)} contains a control character`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = id.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return `entrant id ${JSON.stringify(id)} is not valid Unicode text`;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return `entrant id ${JSON.stringify(id)} is not valid Unicode text`;
    }
  }
  return null;
}

// Sorted by UTF-8 bytes, duplicates removed.
function canonical(ids) {
  const encoded = [...new Set(ids)].map((id) => ({ id, bytes: Buffer.from(id, 'utf8') }));
  encoded.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  return encoded.map((e) => e.id);
}

// Block i = SHA-256(seed ":" digest ":" i), read as big-endian uint32 values.
function makeStream(seed, digest) {
  let index = 0;
  let block = Buffer.alloc(0);
  let pos = 0;
  return () => {
    if (pos === block.length) {
      block = createHash('sha256').update(`${seed}:${digest}:${index}`, 'utf8').digest();
      index += 1;
      pos = 0;
    }
    const value = block.readUInt32BE(pos);
    pos += 4;
    return value;
  };
}

// Rejection sampling: an integer in [0, n) without modulo bias.
function below(next, n) {
  const limit = 2 ** 32 - (2 ** 32 % n);
  let u = next();
  while (u >= limit) u = next();
  return u % n;
}

function shuffle(seed, digest, list) {
  const a = list.slice();
  const next = makeStream(seed, digest);
  for (let i = a.length - 1; i > 0; i--) {
    const j = below(next, i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function compareLists(label, expected, actual, problems) {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      problems.push(`${label}: position ${i + 1} is ${JSON.stringify(actual[i] ?? null)}, recomputed ${JSON.stringify(expected[i] ?? null)}`);
      return;
    }
  }
}

function main() {
  const file = process.argv[2];
  if (!file) fail('Usage: node lottery-verify.mjs draw.json');
  const draw = readDraw(file);
  const problems = [];

  if (draw.algorithm !== ALGORITHM) problems.push(`algorithm is ${JSON.stringify(draw.algorithm)}, expected ${ALGORITHM}`);
  const seedOk = /^[0-9a-f]{64}$/.test(draw.seed);
  if (!seedOk) problems.push('seed is not 64 lowercase hex characters');

  const commitment = sha256Hex(draw.seed);
  if (commitment !== draw.commitment.toLowerCase()) problems.push('commitment does not match the seed');

  const badIds = draw.entrants.map(entrantProblem).filter((p) => p !== null);
  problems.push(...badIds.slice(0, 5));
  const list = canonical(draw.entrants);
  const digest = sha256Hex(list.join('\n'));
  if (digest !== draw.entrantsDigest.toLowerCase()) problems.push('entrantsDigest does not match the entrants');

  console.log(`algorithm        ${ALGORITHM}`);
  console.log(`entrants         ${list.length} distinct (${draw.entrants.length} listed)`);
  console.log(`commitment       ${commitment}${commitment === draw.commitment.toLowerCase() ? '' : `  (published ${draw.commitment})`}`);
  console.log(`entrants digest  ${digest}${digest === draw.entrantsDigest.toLowerCase() ? '' : `  (published ${draw.entrantsDigest})`}`);

  if (seedOk && badIds.length === 0) {
    const order = shuffle(draw.seed, digest, list);
    const winners = order.slice(0, draw.places);
    console.log(`places           ${draw.places}`);
    console.log('winners          ' + (winners.length ? winners.map((w, i) => `${i + 1}. ${w}`).join('\n                 ') : '(none)'));
    compareLists('winners', winners, draw.winners, problems);
    if (draw.order) compareLists('order', order, draw.order, problems);
  }

  if (problems.length === 0) {
    console.log('OK');
    process.exit(0);
  }
  console.log('MISMATCH');
  for (const p of problems) console.log(`  - ${p}`);
  process.exit(1);
}

main();
