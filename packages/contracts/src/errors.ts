/**
 * Error codes shared by the server and both apps. The server maps each code to one HTTP status
 * (ERROR_STATUS); both apps show ERROR_MESSAGES in the user's language.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'CSRF_TOKEN_INVALID',
  'RATE_LIMITED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'TOTP_REQUIRED',
  'TOTP_INVALID',
  'TOTP_ENROLMENT_INVALID',
  'SMS_CODE_INVALID',
  'SMS_CODE_EXPIRED',
  'SMS_SEND_FAILED',
  'PHONE_ALREADY_REGISTERED',
  'PHONE_NOT_REGISTERED',
  'USERNAME_TAKEN',
  'ID_NUMBER_INVALID',
  'ORG_NOT_FOUND',
  'CREDIT_CODE_TAKEN',
  'ORG_HAS_MEMBERS',
  'APPLICATION_PENDING',
  'APPLICATION_DECIDED',
  'PERSON_EXISTS',
  'NOT_A_BASE_UNION',
  'INVALID_TRANSITION',
  'NOT_A_MEMBER',
  'SPREADSHEET_INVALID',
  'ID_NUMBER_BOUND',
  'IDENTITY_MISMATCH',
  'ALREADY_VERIFIED',
  'NOT_VERIFIED',
  'VERIFIER_UNAVAILABLE',
  'PHOTO_INVALID',
  'REQUEST_PENDING',
  'ALREADY_IN_ORG',
  'CONSENT_REQUIRED',
  'NO_MEMBER_CARD',
  'CONFLICT',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorCodeSchema = z.enum(ERROR_CODES);

/** The one code → HTTP status table. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  CSRF_TOKEN_INVALID: 403,
  RATE_LIMITED: 429,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  TOTP_ENROLMENT_INVALID: 400,
  SMS_CODE_INVALID: 400,
  SMS_CODE_EXPIRED: 400,
  SMS_SEND_FAILED: 502,
  PHONE_ALREADY_REGISTERED: 409,
  PHONE_NOT_REGISTERED: 404,
  USERNAME_TAKEN: 409,
  ID_NUMBER_INVALID: 400,
  ORG_NOT_FOUND: 404,
  CREDIT_CODE_TAKEN: 409,
  ORG_HAS_MEMBERS: 409,
  APPLICATION_PENDING: 409,
  APPLICATION_DECIDED: 409,
  PERSON_EXISTS: 409,
  NOT_A_BASE_UNION: 400,
  INVALID_TRANSITION: 409,
  NOT_A_MEMBER: 400,
  SPREADSHEET_INVALID: 400,
  ID_NUMBER_BOUND: 409,
  IDENTITY_MISMATCH: 400,
  ALREADY_VERIFIED: 409,
  NOT_VERIFIED: 403,
  VERIFIER_UNAVAILABLE: 503,
  PHOTO_INVALID: 400,
  REQUEST_PENDING: 409,
  ALREADY_IN_ORG: 409,
  CONSENT_REQUIRED: 409,
  NO_MEMBER_CARD: 409,
  CONFLICT: 409,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const langSchema = z.enum(LANGS);

/** Messages for a person, Chinese first. `{name}` placeholders are filled from error params. */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Lang, string>> = {
  VALIDATION_FAILED: { 'zh-CN': '提交的内容有误，请检查后重试', en: 'Some of the input is invalid; please check it and try again' },
  MALFORMED_JSON: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { 'zh-CN': '找不到请求的内容', en: 'The requested resource was not found' },
  METHOD_NOT_ALLOWED: { 'zh-CN': '不支持该操作', en: 'Method not allowed' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please log in first' },
  SESSION_EXPIRED: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
  FORBIDDEN: { 'zh-CN': '您没有执行此操作的权限', en: 'You do not have permission to do this' },
  OUT_OF_SCOPE: { 'zh-CN': '该对象不在您的管理范围内', en: 'This object is outside the organizations you manage' },
  CSRF_TOKEN_INVALID: { 'zh-CN': '页面已失效，请刷新后重试', en: 'The page is out of date; please reload and try again' },
  RATE_LIMITED: { 'zh-CN': '操作过于频繁，请 {retryAfter} 秒后再试', en: 'Too many attempts; please try again in {retryAfter} seconds' },
  INVALID_CREDENTIALS: { 'zh-CN': '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_LOCKED: { 'zh-CN': '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试', en: 'Too many failed logins; the account is locked for {minutes} minutes' },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', en: 'This account is disabled' },
  TOTP_REQUIRED: { 'zh-CN': '请输入动态验证码', en: 'Please enter your authenticator code' },
  TOTP_INVALID: { 'zh-CN': '动态验证码错误', en: 'The authenticator code is wrong' },
  TOTP_ENROLMENT_INVALID: { 'zh-CN': '绑定已失效，请重新登录', en: 'The enrolment has expired; please log in again' },
  SMS_CODE_INVALID: { 'zh-CN': '短信验证码错误', en: 'The SMS code is wrong' },
  SMS_CODE_EXPIRED: { 'zh-CN': '短信验证码已过期或已使用，请重新获取', en: 'The SMS code has expired or was already used; please request a new one' },
  SMS_SEND_FAILED: { 'zh-CN': '短信发送失败，请稍后再试', en: 'The SMS could not be sent; please try again later' },
  PHONE_ALREADY_REGISTERED: { 'zh-CN': '该手机号已注册，请直接登录', en: 'This phone number is already registered; please log in' },
  PHONE_NOT_REGISTERED: { 'zh-CN': '该手机号尚未注册', en: 'This phone number is not registered' },
  USERNAME_TAKEN: { 'zh-CN': '用户名已被使用', en: 'This username is already taken' },
  ID_NUMBER_INVALID: { 'zh-CN': '身份证号码无效：{reason}', en: 'The ID number is invalid: {reasonEn}' },
  ORG_NOT_FOUND: { 'zh-CN': '找不到该工会组织', en: 'Union organization not found' },
  CREDIT_CODE_TAKEN: { 'zh-CN': '该统一社会信用代码已被另一个在册工会使用', en: 'Another active union already uses this unified social credit code' },
  ORG_HAS_MEMBERS: { 'zh-CN': '该工会还有 {count} 名会员，请先转移会员或选择将会员上挂到上级工会', en: 'The union still has {count} members: transfer them first, or choose to hold them at the upper union' },
  APPLICATION_PENDING: { 'zh-CN': '该组织已有一份待审批的申请', en: 'An application for this organization is already waiting for a decision' },
  APPLICATION_DECIDED: { 'zh-CN': '该申请已处理', en: 'This application has already been decided' },
  PERSON_EXISTS: { 'zh-CN': '该身份证号码已登记为会员（一人一档）', en: 'A member with this ID number already exists (one record per person)' },
  NOT_A_BASE_UNION: { 'zh-CN': '会员只能登记在基层工会', en: 'Members belong to a base union' },
  INVALID_TRANSITION: { 'zh-CN': '会员当前状态（{status}）不能执行该操作', en: 'This cannot be done while the membership is {status}' },
  NOT_A_MEMBER: { 'zh-CN': '工会干部须为在会会员', en: 'A cadre must be an active member' },
  SPREADSHEET_INVALID: { 'zh-CN': '表格无法导入：{reason}', en: 'The spreadsheet cannot be imported: {reasonEn}' },
  ID_NUMBER_BOUND: { 'zh-CN': '该身份证号码已绑定另一个账号。如果那不是您本人注册的，请通过“找回账号”申诉', en: 'This ID number is bound to another account. If you did not register it, reclaim the account' },
  IDENTITY_MISMATCH: { 'zh-CN': '姓名与身份证号码不一致', en: 'The name does not match the ID number' },
  ALREADY_VERIFIED: { 'zh-CN': '您已完成实名认证', en: 'You are already verified' },
  NOT_VERIFIED: { 'zh-CN': '请先完成实名认证', en: 'Please verify your identity first' },
  VERIFIER_UNAVAILABLE: { 'zh-CN': '实名核验服务暂时不可用，请稍后再试', en: 'The identity check service is unavailable; please try again later' },
  PHOTO_INVALID: { 'zh-CN': '照片无法使用：{reason}', en: 'The photo cannot be used: {reasonEn}' },
  REQUEST_PENDING: { 'zh-CN': '您已有一份待处理的申请，请等待结果或先撤回', en: 'You already have a request waiting; wait for the decision or withdraw it first' },
  ALREADY_IN_ORG: { 'zh-CN': '您已在该工会', en: 'You are already in this union' },
  CONSENT_REQUIRED: { 'zh-CN': '《{label}》是使用本平台的必要条件，不能单独撤回；如不再同意，请注销账号', en: '{labelEn} is required to use the platform and cannot be withdrawn alone; close the account instead' },
  NO_MEMBER_CARD: { 'zh-CN': '入会后即可使用电子会员卡', en: 'The electronic card is for union members; it is issued when you join' },
  CONFLICT: { 'zh-CN': '数据已被修改，请刷新后重试', en: 'The data changed meanwhile; please reload and try again' },
  INTERNAL: { 'zh-CN': '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
  SERVICE_UNAVAILABLE: { 'zh-CN': '服务暂时不可用', en: 'The service is temporarily unavailable' },
};

export function formatErrorMessage(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  return ERROR_MESSAGES[code][lang].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export const fieldIssueSchema = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. "phone"'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The one JSON error shape. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string().describe('In the language the client asked for (Accept-Language or the gh_lang cookie)'),
    messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
    issues: z.array(fieldIssueSchema).optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
