/**
 * In-app messages and the SMS that go with the important ones. Services add messages to an
 * `Outbox` inside their transaction; the SMS are sent only after it commits (`deliver`), and a
 * failed SMS never undoes a decision.
 */
import { renderNotification, type Lang, type NotificationKind } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { getAccount } from '../auth/auth.service.js';
import * as repo from './notifications.repository.js';

export type NotifyDeps = Pick<AppContext, 'db' | 'cipher' | 'sms' | 'config' | 'log'>;

type Params = Record<string, string | number>;
interface PendingSms {
  accountId: string;
  kind: NotificationKind;
  params: Params;
}
export class Outbox {
  readonly sms: PendingSms[] = [];
}

/** A message to a member's account; `sms: true` also texts the account's phone after commit. */
export async function notifyAccount(
  tx: DbOrTx,
  outbox: Outbox,
  { accountId, kind, params, sms }: { accountId: string | null; kind: NotificationKind; params: Params; sms: boolean },
): Promise<void> {
  if (!accountId) return; // a member record without a login (admin entry, import) has no inbox
  await repo.insertNotifications(tx, [{ accountId, kind, params }]);
  if (sms) outbox.sms.push({ accountId, kind, params });
}

/** A message to a union's inbox, seen by the admins of that union and of the unions above it. */
export async function notifyOrg(tx: DbOrTx, { org, kind, params }: { org: { id: number; path: string }; kind: NotificationKind; params: Params }): Promise<void> {
  await repo.insertNotifications(tx, [{ orgId: org.id, orgPath: org.path, kind, params }]);
}

/** Send the outbox's SMS (in Chinese), unless the person withdrew consent to SMS notices. */
export async function deliver(ctx: NotifyDeps, outbox: Outbox): Promise<void> {
  for (const m of outbox.sms) {
    try {
      if (await repo.consentWithdrawn(ctx.db, m.accountId, 'sms_notices')) continue;
      // SMS go to the login phone of an active account.
      const account = await getAccount(ctx, m.accountId).catch(() => null);
      if (!account || account.status !== 'active') continue;
      const phone = ctx.cipher.decrypt(account.phoneEnc);
      const { title, body } = renderNotification(m.kind, 'zh-CN', m.params);
      await ctx.sms.send({ to: phone, text: `${ctx.config.SMS_SIGNATURE}${title}：${body}` });
    } catch (error) {
      ctx.log.warn({ err: error, kind: m.kind }, 'notification SMS not sent');
    }
  }
}

export async function listInbox(ctx: Pick<AppContext, 'db'>, inbox: repo.Inbox, q: { page: number; pageSize: number; unread?: 'true' | 'false' | undefined }, lang: Lang) {
  const { rows, total, unread } = await repo.listInbox(ctx.db, inbox, { unreadOnly: q.unread === 'true', offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
  return {
    items: rows.map((r) => {
      const kind = r.kind as NotificationKind;
      return { id: String(r.id), kind, ...renderNotification(kind, lang, r.params), params: r.params, read: r.readAt !== null, createdAt: r.createdAt.toISOString() };
    }),
    page: q.page,
    pageSize: q.pageSize,
    total,
    unread,
  };
}

export function markRead(ctx: Pick<AppContext, 'db'>, inbox: repo.Inbox, ids: string[] | undefined): Promise<number> {
  return repo.markRead(ctx.db, inbox, ids?.map(Number), new Date());
}

export const countForAccount = (ctx: Pick<AppContext, 'db'>, accountId: string) => repo.countForAccount(ctx.db, accountId);
