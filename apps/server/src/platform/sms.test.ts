import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { FileSmsSender, HttpSmsSender } from './sms.js';

describe('FileSmsSender', () => {
  it('appends one JSON line {to, text, at} per message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gh-sms-'));
    const logged: unknown[] = [];
    const sender = new FileSmsSender(dir, { info: (o: unknown) => logged.push(o) } as never);
    await sender.send({ to: '13800138000', text: '【工惠】验证码 123456' });
    await sender.send({ to: '13800138001', text: 'second' });
    const lines = readFileSync(path.join(dir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]).sort()).toEqual(['at', 'text', 'to']);
    expect(lines[0]).toMatchObject({ to: '13800138000', text: '【工惠】验证码 123456' });
    expect(Number.isNaN(Date.parse(lines[0].at))).toBe(false);
    expect(logged).toHaveLength(2);
  });
});

describe('HttpSmsSender', () => {
  async function gateway(handler: (req: IncomingMessage, body: string) => number | 'hang') {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = handler(req, body);
        if (status === 'hang') return;
        res.statusCode = status;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    return { url: `http://127.0.0.1:${port}/send`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
  }

  it('posts {to, text} with the bearer token', async () => {
    const seen: Array<{ auth: string | undefined; body: unknown }> = [];
    const gw = await gateway((req, body) => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      return 200;
    });
    await new HttpSmsSender({ url: gw.url, token: 's3cret', timeoutMs: 2000 }).send({ to: '13800138000', text: 'hi' });
    expect(seen).toEqual([{ auth: 'Bearer s3cret', body: { to: '13800138000', text: 'hi' } }]);
    await gw.close();
  });

  it('turns an error status or a timeout into SMS_SEND_FAILED', async () => {
    const failing = await gateway(() => 500);
    await expect(new HttpSmsSender({ url: failing.url, timeoutMs: 2000 }).send({ to: '1', text: 'x' })).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'SMS_SEND_FAILED');
    await failing.close();
    const slow = await gateway(() => 'hang');
    await expect(new HttpSmsSender({ url: slow.url, timeoutMs: 200 }).send({ to: '1', text: 'x' })).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'SMS_SEND_FAILED');
    await slow.close();
  });
});
