/**
 * In-app messages (issue 4). A message is stored as a kind plus parameters and rendered from the
 * templates below in the reader's language, so it reads in Chinese or English alike.
 */
import { z } from 'zod';
import { pageQuerySchema, pageOf } from './common.js';
import type { Lang } from './errors.js';

export const NOTIFICATION_KINDS = [
  'verification_approved',
  'verification_rejected',
  'correction_approved',
  'correction_rejected',
  'reclaim_approved',
  'reclaim_rejected',
  'join_approved',
  'join_rejected',
  'transfer_approved',
  'transfer_rejected',
  'transferred_out',
  'held',
  'held_reminder',
  'ended',
  'union_held_reminder',
  'union_member_left',
  'lottery_won',
  'lottery_not_drawn',
  'lottery_moved_up',
  'lottery_expired',
  'waitlist_served',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const NOTIFICATION_TEMPLATES: Record<NotificationKind, Record<Lang, { title: string; body: string }>> = {
  verification_approved: { 'zh-CN': { title: '实名认证已通过', body: '您的实名认证已通过，现在可以申请加入工会。' }, en: { title: 'Identity verified', body: 'Your identity is verified. You can now apply to join a union.' } },
  verification_rejected: { 'zh-CN': { title: '实名认证未通过', body: '您的实名认证未通过：{reason}' }, en: { title: 'Verification not approved', body: 'Your identity verification was not approved: {reason}' } },
  correction_approved: { 'zh-CN': { title: '身份信息已更正', body: '您申请的身份信息更正已通过。' }, en: { title: 'Identity corrected', body: 'Your identity correction was approved.' } },
  correction_rejected: { 'zh-CN': { title: '身份信息更正未通过', body: '您申请的身份信息更正未通过：{reason}' }, en: { title: 'Correction not approved', body: 'Your identity correction was not approved: {reason}' } },
  reclaim_approved: { 'zh-CN': { title: '账号找回成功', body: '您的账号已绑定本手机号，请使用新密码登录。' }, en: { title: 'Account reclaimed', body: 'Your account is now bound to this phone; log in with your new password.' } },
  reclaim_rejected: { 'zh-CN': { title: '账号找回未通过', body: '您的账号找回申请未通过：{reason}' }, en: { title: 'Reclaim not approved', body: 'Your account reclaim was not approved: {reason}' } },
  join_approved: { 'zh-CN': { title: '入会申请已通过', body: '欢迎加入{org}！您的会员卡号为 {cardNo}。' }, en: { title: 'Welcome to the union', body: 'You have joined {org}. Your card number is {cardNo}.' } },
  join_rejected: { 'zh-CN': { title: '入会申请未通过', body: '{org}未通过您的入会申请：{reason}' }, en: { title: 'Application not approved', body: '{org} did not approve your application: {reason}' } },
  transfer_approved: { 'zh-CN': { title: '会员关系转接成功', body: '您的会员关系已转入{org}，会员卡号和会龄不变。' }, en: { title: 'Transfer complete', body: 'Your membership is now with {org}; your card number and seniority are unchanged.' } },
  transfer_rejected: { 'zh-CN': { title: '转会申请未通过', body: '{org}未通过您的转会申请：{reason}' }, en: { title: 'Transfer not approved', body: '{org} did not approve your transfer: {reason}' } },
  transferred_out: { 'zh-CN': { title: '会员转出', body: '会员{name}已转入{org}。' }, en: { title: 'Member transferred out', body: 'Member {name} has transferred to {org}.' } },
  held: { 'zh-CN': { title: '会员关系已上挂', body: '您的会员关系已上挂到{org}，线上服务照常使用。找到新单位后，请申请转入新单位工会。' }, en: { title: 'Membership held at the upper union', body: 'Your membership is held at {org}; online services continue. After joining a new employer, apply to transfer into its union.' } },
  held_reminder: { 'zh-CN': { title: '请及时转接会员关系', body: '您的会员关系已上挂在{org} {days} 天。如已到新单位工作，请在“我的会籍”中申请转入新单位工会。' }, en: { title: 'Please transfer your membership', body: 'Your membership has been held at {org} for {days} days. If you have a new employer, apply to transfer into its union under "My membership".' } },
  ended: { 'zh-CN': { title: '会员关系已终止', body: '您的会员关系已终止：{reason}' }, en: { title: 'Membership ended', body: 'Your membership has ended: {reason}' } },
  union_held_reminder: { 'zh-CN': { title: '上挂会员超过 {days} 天', body: '会员{name}（卡号 {cardNo}）已上挂在本工会 {days} 天，请联系其转入新单位工会。' }, en: { title: 'Member held over {days} days', body: 'Member {name} (card {cardNo}) has been held here for {days} days; please help them transfer to a new union.' } },
  union_member_left: { 'zh-CN': { title: '会员转出', body: '会员{name}（卡号 {cardNo}）已转入{org}。' }, en: { title: 'Member transferred out', body: 'Member {name} (card {cardNo}) has transferred to {org}.' } },
  lottery_won: { 'zh-CN': { title: '恭喜中签', body: '您报名的“{title}”（{session}）已中签，请在 {confirmBy} 前确认，逾期名额将顺延给候补。' }, en: { title: 'You won a place', body: 'You won a place in "{title}" ({session}). Confirm before {confirmBy}, or it passes to the next in line.' } },
  lottery_not_drawn: { 'zh-CN': { title: '抽签结果', body: '“{title}”（{session}）已开奖，您暂未中签，候补第 {position} 位。如有名额空出，将按抽签顺序递补并通知您。' }, en: { title: 'Draw result', body: '"{title}" ({session}) has been drawn. You were not drawn this time and are number {position} in line; if a place frees up it goes down the draw order and we will tell you.' } },
  lottery_moved_up: { 'zh-CN': { title: '候补递补成功', body: '“{title}”（{session}）有名额空出，您已按抽签顺序递补中签，请在 {confirmBy} 前确认。' }, en: { title: 'You moved up', body: 'A place in "{title}" ({session}) freed up and is yours by the draw order. Confirm before {confirmBy}.' } },
  lottery_expired: { 'zh-CN': { title: '中签名额已失效', body: '您在“{title}”（{session}）的中签名额未在 {confirmBy} 前确认，已顺延给候补。' }, en: { title: 'Place passed on', body: 'Your place in "{title}" ({session}) was not confirmed by {confirmBy} and passed to the next in line.' } },
  waitlist_served: { 'zh-CN': { title: '候补成功', body: '“{title}”（{session}）有票退回，您已从候补获得 {seat} 号座位，请在“我的票券”中查看。' }, en: { title: 'Off the waiting list', body: 'A ticket for "{title}" ({session}) came back and seat {seat} is now yours; see My tickets.' } },
};

export function renderNotification(kind: NotificationKind, lang: Lang, params: Record<string, string | number>): { title: string; body: string } {
  const t = NOTIFICATION_TEMPLATES[kind][lang];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
  return { title: fill(t.title), body: fill(t.body) };
}

export const notificationSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string().describe("In the reader's language"),
  body: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationPageSchema = pageOf(notificationSchema).extend({ unread: z.number().int() });
export type NotificationPage = z.infer<typeof notificationPageSchema>;
export const notificationQuerySchema = pageQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() });
export const markReadRequestSchema = z.strictObject({
  ids: z.array(z.string().regex(/^\d+$/)).max(100).optional().describe('Omit to mark all as read'),
});
