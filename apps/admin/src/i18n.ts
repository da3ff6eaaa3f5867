/**
 * UI text of the admin console, Chinese first. The dictionary is typed: every key of `zhCN` must
 * exist in `en`. The chosen language is kept in localStorage and the `gh_lang` cookie (which the
 * server also reads) and sent to the API as `Accept-Language`.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { LANGS } from '@gonghui/contracts';
import type { Lang } from '@gonghui/contracts';

const zhCN = {
  'app.title': '工惠 · 工会管理后台',
  'app.brand': '工惠',
  'app.subtitle': '工会管理后台',
  'lang.other': 'English',
  'lang.switch': '切换语言 / Switch language',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.refresh': '刷新',
  'common.reset': '重置',
  'common.search': '查询',
  'common.cancel': '取消',
  'common.confirm': '确定',
  'common.save': '保存',
  'common.edit': '编辑',
  'common.actions': '操作',
  'common.empty': '暂无数据',
  'common.none': '—',
  'common.total': '共 {total} 条',
  'common.requestId': '请求编号：{id}',
  'common.loadFailed': '加载失败',
  'common.backHome': '返回工作台',

  'errors.network': '网络连接失败，请检查网络后重试',
  'errors.badResponse': '服务器返回的数据格式不正确，请稍后再试',
  'errors.http': '请求失败（HTTP {status}），请稍后再试',
  'errors.required': '请填写此项',
  'errors.requiredChoice': '请至少选择一项',
  'errors.tooShort': '至少 {min} 个字符',
  'errors.tooLong': '最多 {max} 个字符',
  'errors.tooFew': '至少选择 {min} 项',
  'errors.tooMany': '最多选择 {max} 项',
  'errors.invalid': '格式不正确',
  'errors.forbiddenTitle': '无权访问',
  'errors.forbiddenText': '您的账号没有访问此页面的权限，如需开通请联系上级工会管理员。',
  'errors.notFoundTitle': '页面不存在',
  'errors.notFoundText': '您访问的页面不存在或已被移除。',
  'errors.bootFailed': '无法连接到服务器',

  'login.title': '管理员登录',
  'login.username': '用户名',
  'login.usernamePlaceholder': '请输入用户名',
  'login.password': '密码',
  'login.passwordPlaceholder': '请输入密码',
  'login.totp': '动态验证码',
  'login.totpPlaceholder': '6 位数字',
  'login.totpHelp': '请输入身份验证器 App 中的 6 位动态码；首次登录尚未绑定时可留空。',
  'login.submit': '登录',
  'login.footer': '仅限经授权的工会工作人员使用，所有操作均记录审计日志。',
  'login.welcome': '欢迎，{name}',
  'login.enrolTitle': '绑定身份验证器',
  'login.enrolIntro': '首次登录需绑定动态验证码（TOTP），以保护管理账号安全。',
  'login.enrolStep1': '用身份验证器 App 扫码：打开 Google Authenticator、Microsoft Authenticator、腾讯身份验证器等 App，扫描下方二维码。',
  'login.enrolStep2': '无法扫码时，可在 App 中选择“手动输入密钥”，输入以下密钥（基于时间）：',
  'login.enrolStep3': '输入 App 中显示的 6 位动态码，完成绑定并登录。',
  'login.enrolCode': '动态码',
  'login.enrolSubmit': '完成绑定并登录',
  'login.enrolBack': '返回重新登录',
  'login.qrAlt': '身份验证器绑定二维码',
  'login.enrolDone': '身份验证器已绑定',

  'nav.dashboard': '工作台',
  'nav.orgs': '组织架构',
  'nav.members': '会员管理',
  'nav.admins': '管理员',
  'nav.audit': '审计日志',
  'nav.menu': '菜单',
  'nav.openMenu': '打开菜单',

  'header.logout': '退出登录',
  'header.logoutAll': '退出所有设备',
  'header.logoutAllTitle': '退出所有设备？',
  'header.logoutAllText': '将注销此账号在所有设备和浏览器上的登录状态，包括当前页面。',
  'header.loggedOut': '已退出登录',
  'header.loggedOutAll': '已退出所有设备',
  'header.sessionExpired': '登录已失效，请重新登录',

  'dashboard.title': '工作台',
  'dashboard.scope': '管理范围：{org}',
  'dashboard.members': '会员',
  'dashboard.overview': '组织与账号',
  'dashboard.totalMembers': '会员总数',
  'dashboard.verified': '已实名认证',
  'dashboard.orgCount': '组织数',
  'dashboard.baseUnionCount': '基层工会',
  'dashboard.adminCount': '管理员',
  'dashboard.viewList': '查看名单',

  'memberStatus.registered': '已注册',
  'memberStatus.pending': '待审核',
  'memberStatus.active': '在会',
  'memberStatus.held': '上挂',
  'memberStatus.ended': '已退会',
  'verification.unverified': '未认证',
  'verification.pending': '认证中',
  'verification.verified': '已认证',
  'verification.rejected': '未通过',
  'gender.male': '男',
  'gender.female': '女',

  'orgType.federation': '总工会',
  'orgType.base': '基层工会',
  'orgType.joint': '联合基层工会',
  'orgType.industry': '产业/行业工会',
  'orgStatus.active': '正常',
  'orgStatus.deregistered': '已注销',

  'orgs.title': '组织架构',
  'orgs.tree': '组织树',
  'orgs.searchPlaceholder': '在管理范围内搜索组织名称',
  'orgs.searchResults': '搜索结果（{count}）',
  'orgs.searchLimit': '最多显示 50 条，请输入更完整的名称缩小范围。',
  'orgs.noResults': '没有找到匹配的组织',
  'orgs.backToTree': '返回组织树',
  'orgs.selectHint': '在组织树中选择一个组织，查看详细信息',
  'orgs.detail': '组织详情',
  'orgs.name': '名称',
  'orgs.level': '层级',
  'orgs.type': '类型',
  'orgs.status': '状态',
  'orgs.creditCode': '统一社会信用代码',
  'orgs.address': '地址',
  'orgs.contact': '联系方式',
  'orgs.childCount': '直属下级组织',
  'orgs.memberCount': '直属会员',
  'orgs.subtreeOrgCount': '下辖组织总数',
  'orgs.subtreeMemberCount': '下辖会员总数',
  'orgs.createdAt': '创建时间',
  'orgs.path': '组织路径',
  'orgs.viewMembers': '查看会员',
  'orgs.emptyTree': '管理范围内暂无组织',

  'members.title': '会员管理',
  'members.orgFilter': '所属组织（默认全部管理范围）',
  'members.statusFilter': '全部状态',
  'members.nameFilter': '按姓名查询',
  'members.name': '姓名',
  'members.gender': '性别',
  'members.phone': '手机号',
  'members.idNumber': '身份证号',
  'members.status': '会员状态',
  'members.verification': '实名认证',
  'members.cardNo': '会员卡号',
  'members.org': '所属工会',
  'members.employer': '工作单位',
  'members.joinedAt': '入会时间',
  'members.reveal': '显示',
  'members.hide': '隐藏',
  'members.revealNote': '显示完整手机号和身份证号的操作会被记录到审计日志，请仅在办理业务确有需要时查看。',
  'members.maskedNote': '手机号和身份证号已脱敏显示。',
  'members.empty': '没有符合条件的会员',

  'admins.title': '管理员',
  'admins.create': '新建管理员',
  'admins.createTitle': '新建管理员',
  'admins.editTitle': '编辑管理员：{name}',
  'admins.username': '用户名',
  'admins.usernameHelp': '3–32 位字母、数字或 _.-，以字母开头，创建后不可修改',
  'admins.displayName': '姓名',
  'admins.org': '所属组织',
  'admins.orgHelp': '管理员只能管理该组织及其下级组织',
  'admins.roles': '角色',
  'admins.status': '状态',
  'admins.totp': '动态验证码',
  'admins.totpEnrolled': '已绑定',
  'admins.totpPending': '未绑定',
  'admins.lastLogin': '最近登录',
  'admins.never': '从未登录',
  'admins.createdAt': '创建时间',
  'admins.password': '初始密码',
  'admins.passwordHelp': '至少 8 位，需同时包含字母和数字。首次登录时需绑定身份验证器。',
  'admins.passwordConfirm': '确认密码',
  'admins.passwordMismatch': '两次输入的密码不一致',
  'admins.statusActive': '正常',
  'admins.statusDisabled': '已停用',
  'admins.enable': '启用',
  'admins.disable': '停用',
  'admins.disableTitle': '停用管理员“{name}”？',
  'admins.disableText': '停用后该账号将无法登录，所有已登录的会话立即失效。',
  'admins.enableTitle': '启用管理员“{name}”？',
  'admins.enableText': '启用后该账号可以重新登录。',
  'admins.created': '管理员“{name}”已创建，请将用户名和初始密码安全地告知本人',
  'admins.saved': '已保存',
  'admins.enabled': '已启用',
  'admins.disabled': '已停用',
  'admins.you': '我',
  'admins.cannotDisableSelf': '不能停用自己的账号',
  'admins.rolePermissions': '权限：{perms}',
  'admins.empty': '暂无管理员',

  'perm.org.read': '查看组织',
  'perm.org.write': '维护组织',
  'perm.member.read': '查看会员',
  'perm.member.write': '办理会员业务',
  'perm.pii.reveal': '查看完整个人信息',
  'perm.admin.read': '查看管理员',
  'perm.admin.write': '管理管理员账号',
  'perm.audit.read': '查看审计日志',

  'audit.title': '审计日志',
  'audit.readOnly': '审计日志为只读记录，每条记录以哈希链串联，可用于核验是否被篡改。',
  'audit.time': '时间',
  'audit.actor': '操作人',
  'audit.action': '操作',
  'audit.object': '对象',
  'audit.org': '组织',
  'audit.ip': 'IP 地址',
  'audit.outcome': '结果',
  'audit.details': '详情',
  'audit.hash': '哈希',
  'audit.actionFilter': '操作代码，如 admin.login',
  'audit.actorFilter': '操作人',
  'audit.outcomeFilter': '全部结果',
  'audit.noDetails': '无详情',
  'audit.empty': '没有符合条件的审计记录',
  'outcome.success': '成功',
  'outcome.failure': '失败',
  'outcome.denied': '拒绝',
  'actorType.admin': '管理员',
  'actorType.member': '会员',
  'actorType.system': '系统',
  'actorType.anonymous': '匿名',
};

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  'app.title': 'Gonghui Union Console',
  'app.brand': 'Gonghui',
  'app.subtitle': 'Union Console',
  'lang.other': '中文',
  'lang.switch': '切换语言 / Switch language',

  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.refresh': 'Refresh',
  'common.reset': 'Reset',
  'common.search': 'Search',
  'common.cancel': 'Cancel',
  'common.confirm': 'OK',
  'common.save': 'Save',
  'common.edit': 'Edit',
  'common.actions': 'Actions',
  'common.empty': 'No data',
  'common.none': '—',
  'common.total': '{total} in total',
  'common.requestId': 'Request ID: {id}',
  'common.loadFailed': 'Could not load',
  'common.backHome': 'Back to dashboard',

  'errors.network': 'Network error; please check your connection and try again',
  'errors.badResponse': 'The server sent an unexpected response; please try again later',
  'errors.http': 'The request failed (HTTP {status}); please try again later',
  'errors.required': 'This field is required',
  'errors.requiredChoice': 'Choose at least one',
  'errors.tooShort': 'At least {min} characters',
  'errors.tooLong': 'At most {max} characters',
  'errors.tooFew': 'Choose at least {min}',
  'errors.tooMany': 'Choose at most {max}',
  'errors.invalid': 'Invalid format',
  'errors.forbiddenTitle': 'No access',
  'errors.forbiddenText': 'Your account may not open this page. Ask an administrator of a higher-level union for access.',
  'errors.notFoundTitle': 'Page not found',
  'errors.notFoundText': 'The page you asked for does not exist or has been removed.',
  'errors.bootFailed': 'Cannot reach the server',

  'login.title': 'Administrator sign-in',
  'login.username': 'Username',
  'login.usernamePlaceholder': 'Your username',
  'login.password': 'Password',
  'login.passwordPlaceholder': 'Your password',
  'login.totp': 'Authenticator code',
  'login.totpPlaceholder': '6 digits',
  'login.totpHelp': 'The 6-digit code from your authenticator app; leave empty on your first sign-in.',
  'login.submit': 'Sign in',
  'login.footer': 'For authorized union staff only. All actions are recorded in the audit log.',
  'login.welcome': 'Welcome, {name}',
  'login.enrolTitle': 'Set up your authenticator',
  'login.enrolIntro': 'Your first sign-in needs a time-based one-time code (TOTP) to protect this admin account.',
  'login.enrolStep1': 'Scan the QR code below with an authenticator app such as Google Authenticator, Microsoft Authenticator or Tencent Authenticator.',
  'login.enrolStep2': 'If you cannot scan it, choose “enter a setup key” in the app and type this time-based key:',
  'login.enrolStep3': 'Enter the 6-digit code shown in the app to finish and sign in.',
  'login.enrolCode': 'Code',
  'login.enrolSubmit': 'Confirm and sign in',
  'login.enrolBack': 'Back to sign-in',
  'login.qrAlt': 'Authenticator setup QR code',
  'login.enrolDone': 'Authenticator set up',

  'nav.dashboard': 'Dashboard',
  'nav.orgs': 'Organizations',
  'nav.members': 'Members',
  'nav.admins': 'Administrators',
  'nav.audit': 'Audit log',
  'nav.menu': 'Menu',
  'nav.openMenu': 'Open menu',

  'header.logout': 'Log out',
  'header.logoutAll': 'Log out everywhere',
  'header.logoutAllTitle': 'Log out everywhere?',
  'header.logoutAllText': 'This ends every session of this account on all devices and browsers, including this one.',
  'header.loggedOut': 'You have logged out',
  'header.loggedOutAll': 'You have logged out on all devices',
  'header.sessionExpired': 'Your session has ended; please sign in again',

  'dashboard.title': 'Dashboard',
  'dashboard.scope': 'Scope: {org}',
  'dashboard.members': 'Members',
  'dashboard.overview': 'Organizations and accounts',
  'dashboard.totalMembers': 'All members',
  'dashboard.verified': 'Identity verified',
  'dashboard.orgCount': 'Organizations',
  'dashboard.baseUnionCount': 'Base unions',
  'dashboard.adminCount': 'Administrators',
  'dashboard.viewList': 'View list',

  'memberStatus.registered': 'Registered',
  'memberStatus.pending': 'Pending review',
  'memberStatus.active': 'Active',
  'memberStatus.held': 'Held',
  'memberStatus.ended': 'Left',
  'verification.unverified': 'Unverified',
  'verification.pending': 'Verifying',
  'verification.verified': 'Verified',
  'verification.rejected': 'Rejected',
  'gender.male': 'Male',
  'gender.female': 'Female',

  'orgType.federation': 'Federation',
  'orgType.base': 'Base union',
  'orgType.joint': 'Joint base union',
  'orgType.industry': 'Industry union',
  'orgStatus.active': 'Active',
  'orgStatus.deregistered': 'Deregistered',

  'orgs.title': 'Organizations',
  'orgs.tree': 'Organization tree',
  'orgs.searchPlaceholder': 'Search organizations in your scope',
  'orgs.searchResults': 'Search results ({count})',
  'orgs.searchLimit': 'At most 50 results are shown; type more of the name to narrow them down.',
  'orgs.noResults': 'No matching organizations',
  'orgs.backToTree': 'Back to the tree',
  'orgs.selectHint': 'Select an organization in the tree to see its details',
  'orgs.detail': 'Organization details',
  'orgs.name': 'Name',
  'orgs.level': 'Level',
  'orgs.type': 'Type',
  'orgs.status': 'Status',
  'orgs.creditCode': 'Unified social credit code',
  'orgs.address': 'Address',
  'orgs.contact': 'Contact',
  'orgs.childCount': 'Direct sub-organizations',
  'orgs.memberCount': 'Direct members',
  'orgs.subtreeOrgCount': 'Organizations in subtree',
  'orgs.subtreeMemberCount': 'Members in subtree',
  'orgs.createdAt': 'Created',
  'orgs.path': 'Path',
  'orgs.viewMembers': 'View members',
  'orgs.emptyTree': 'No organizations in your scope',

  'members.title': 'Members',
  'members.orgFilter': 'Organization (default: your whole scope)',
  'members.statusFilter': 'All statuses',
  'members.nameFilter': 'Search by name',
  'members.name': 'Name',
  'members.gender': 'Gender',
  'members.phone': 'Phone',
  'members.idNumber': 'ID number',
  'members.status': 'Status',
  'members.verification': 'Identity',
  'members.cardNo': 'Card no.',
  'members.org': 'Union',
  'members.employer': 'Employer',
  'members.joinedAt': 'Joined',
  'members.reveal': 'Show',
  'members.hide': 'Hide',
  'members.revealNote': 'Showing a full phone or ID number is recorded in the audit log. Only do so when the case at hand needs it.',
  'members.maskedNote': 'Phone and ID numbers are masked.',
  'members.empty': 'No members match',

  'admins.title': 'Administrators',
  'admins.create': 'New administrator',
  'admins.createTitle': 'New administrator',
  'admins.editTitle': 'Edit administrator: {name}',
  'admins.username': 'Username',
  'admins.usernameHelp': '3–32 letters, digits or _.-, starting with a letter; cannot be changed later',
  'admins.displayName': 'Name',
  'admins.org': 'Organization',
  'admins.orgHelp': 'The administrator manages this organization and those below it',
  'admins.roles': 'Roles',
  'admins.status': 'Status',
  'admins.totp': 'Authenticator',
  'admins.totpEnrolled': 'Set up',
  'admins.totpPending': 'Not set up',
  'admins.lastLogin': 'Last sign-in',
  'admins.never': 'Never',
  'admins.createdAt': 'Created',
  'admins.password': 'Initial password',
  'admins.passwordHelp': 'At least 8 characters with letters and digits. An authenticator is set up on first sign-in.',
  'admins.passwordConfirm': 'Confirm password',
  'admins.passwordMismatch': 'The passwords do not match',
  'admins.statusActive': 'Active',
  'admins.statusDisabled': 'Disabled',
  'admins.enable': 'Enable',
  'admins.disable': 'Disable',
  'admins.disableTitle': 'Disable administrator “{name}”?',
  'admins.disableText': 'The account can no longer sign in and all of its sessions end immediately.',
  'admins.enableTitle': 'Enable administrator “{name}”?',
  'admins.enableText': 'The account will be able to sign in again.',
  'admins.created': 'Administrator “{name}” created; pass the username and initial password on securely',
  'admins.saved': 'Saved',
  'admins.enabled': 'Enabled',
  'admins.disabled': 'Disabled',
  'admins.you': 'you',
  'admins.cannotDisableSelf': 'You cannot disable your own account',
  'admins.rolePermissions': 'Permissions: {perms}',
  'admins.empty': 'No administrators',

  'perm.org.read': 'view organizations',
  'perm.org.write': 'maintain organizations',
  'perm.member.read': 'view members',
  'perm.member.write': 'handle member cases',
  'perm.pii.reveal': 'see full personal data',
  'perm.admin.read': 'view administrators',
  'perm.admin.write': 'manage administrator accounts',
  'perm.audit.read': 'read the audit log',

  'audit.title': 'Audit log',
  'audit.readOnly': 'The audit log is read-only. Entries are chained by hash so that tampering can be detected.',
  'audit.time': 'Time',
  'audit.actor': 'Actor',
  'audit.action': 'Action',
  'audit.object': 'Object',
  'audit.org': 'Organization',
  'audit.ip': 'IP address',
  'audit.outcome': 'Outcome',
  'audit.details': 'Details',
  'audit.hash': 'Hash',
  'audit.actionFilter': 'Action code, e.g. admin.login',
  'audit.actorFilter': 'Actor',
  'audit.outcomeFilter': 'All outcomes',
  'audit.noDetails': 'No details',
  'audit.empty': 'No audit entries match',
  'outcome.success': 'Success',
  'outcome.failure': 'Failure',
  'outcome.denied': 'Denied',
  'actorType.admin': 'Admin',
  'actorType.member': 'Member',
  'actorType.system': 'System',
  'actorType.anonymous': 'Anonymous',
};

const DICTIONARIES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export const DEFAULT_LANG: Lang = 'zh-CN';
const STORAGE_KEY = 'gh_lang';
const COOKIE_NAME = 'gh_lang';

export type TranslateParams = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: TranslateParams): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Texts that come from shared schemas are written "中文 / English"; keep the half for `lang`.
 * Anything without that separator is returned as it is.
 */
export function pickLang(text: string, lang: Lang): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (lang === 'en' ? parts[1] : parts[0]) ?? text;
}

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function loadStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // localStorage can be unavailable (private mode, policies); fall back to the cookie.
  }
  const cookie = readCookie(COOKIE_NAME);
  return isLang(cookie) ? cookie : DEFAULT_LANG;
}

function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Ignore: the cookie below still carries the choice.
  }
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${COOKIE_NAME}=${encodeURIComponent(lang)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

export type Translate = (key: MessageKey, params?: TranslateParams) => string;

export interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggleLang: () => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export interface I18nProviderProps {
  children: ReactNode;
  /** Called whenever the language is chosen, and once on start (e.g. to tell the API client). */
  onChange?: (lang: Lang) => void;
}

export function I18nProvider({ children, onChange }: I18nProviderProps) {
  const [lang, setLangState] = useState<Lang>(loadStoredLang);

  useEffect(() => {
    onChange?.(lang);
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang, onChange]);

  const setLang = useCallback(
    (next: Lang) => {
      storeLang(next);
      onChange?.(next); // before re-rendering, so requests made by the re-render use it
      setLangState(next);
    },
    [onChange],
  );

  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      toggleLang: () => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN'),
      t: (key, params) => translate(lang, key, params),
    }),
    [lang, setLang],
  );

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
