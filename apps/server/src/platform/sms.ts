/**
 * Outgoing SMS behind one interface. The development sender appends one JSON line per message to
 * DATA_DIR/sms-outbox.jsonl (and logs it); the HTTP sender posts to a real gateway.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { AppError } from './errors.js';

export interface SmsMessage {
  to: string;
  text: string;
}
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export class FileSmsSender implements SmsSender {
  readonly file: string;
  constructor(
    dataDir: string,
    private readonly log: Pick<Logger, 'info'>,
  ) {
    this.file = path.join(dataDir, 'sms-outbox.jsonl');
  }
  async send({ to, text }: SmsMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const line = { to, text, at: new Date().toISOString() };
    await appendFile(this.file, `${JSON.stringify(line)}\n`, 'utf8');
    this.log.info({ sms: line }, 'SMS written to the development outbox');
  }
}

/** POSTs {to, text} as JSON with a bearer token; any non-2xx or timeout is SMS_SEND_FAILED. */
export class HttpSmsSender implements SmsSender {
  constructor(private readonly opts: { url: string; token?: string | undefined; timeoutMs: number }) {}
  async send(message: SmsMessage): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}),
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (cause) {
      throw new AppError('SMS_SEND_FAILED', { cause });
    }
    if (!res.ok) throw new AppError('SMS_SEND_FAILED', { cause: new Error(`gateway answered ${res.status}`) });
  }
}
