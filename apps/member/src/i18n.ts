/**
 * UI text, Chinese first. The choice is kept in localStorage and in the `gh_lang` cookie (which the
 * server reads too) and is sent to the API as Accept-Language.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGS, type Lang } from '@gonghui/contracts';

export type { Lang };
export const DEFAULT_LANG: Lang = 'zh-CN';
const STORAGE_KEY = 'gh_lang';
const COOKIE_NAME = 'gh_lang';

const zhCN = {
  'app.name': '工惠',
  'app.tagline': '广东工会会员实名制服务平台',
  'lang.switch': 'English',
  'lang.switchAria': 'Switch to English',
  'lang.label': '语言 / Language',
  'lang.current': '简体中文',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.back': '返回',
  'common.backHome': '返回首页',
  'common.cancel': '取消',
  'common.confirm': '确定',
  'common.none': '暂无',
  'common.close': '关闭',

  'error.network': '网络连接失败，请检查网络后重试',
  'error.unknown': '出错了，请稍后再试',
  'error.loadFailed': '加载失败',

  'field.phone': '手机号',
  'field.phone.placeholder': '请输入 11 位手机号',
  'field.password': '密码',
  'field.password.placeholder': '请输入密码',
  'field.newPassword': '设置密码',
  'field.newPassword.placeholder': '8–64 位，需包含字母和数字',
  'field.resetPassword': '新密码',
  'field.confirmPassword': '确认新密码',
  'field.confirmPassword.placeholder': '请再次输入新密码',
  'field.code': '验证码',
  'field.code.placeholder': '6 位短信验证码',
  'field.showPassword': '显示密码',
  'field.hidePassword': '隐藏密码',

  'validation.phoneRequired': '请输入手机号',
  'validation.passwordRequired': '请输入密码',
  'validation.codeRequired': '请输入短信验证码',
  'validation.consentRequired': '请阅读并同意《用户协议》和《隐私政策》',
  'validation.passwordMismatch': '两次输入的密码不一致',

  'sms.send': '获取验证码',
  'sms.sending': '发送中…',
  'sms.resendIn': '{seconds} 秒后重发',
  'sms.sent': '验证码已发送，{minutes} 分钟内有效',

  'login.title': '登录',
  'login.welcome': '欢迎使用工惠',
  'login.tabPassword': '密码登录',
  'login.tabSms': '验证码登录',
  'login.submit': '登录',
  'login.submitting': '登录中…',
  'login.noAccount': '还没有账号？',
  'login.gotoRegister': '立即注册',
  'login.forgot': '忘记密码？',
  'login.success': '登录成功',
  'login.orgsLink': '先看看：找工会',

  'register.title': '注册账号',
  'register.subtitle': '注册后可申请入会、享受会员服务',
  'register.submit': '注册',
  'register.submitting': '注册中…',
  'register.haveAccount': '已有账号？',
  'register.gotoLogin': '去登录',
  'register.success': '注册成功',
  'consent.prefix': '我已阅读并同意',
  'consent.agreement': '《用户协议》',
  'consent.and': '和',
  'consent.privacy': '《隐私政策》',
  'agreement.title': '用户协议',
  'agreement.body':
    '工惠是广东工会会员实名制服务平台。您应使用本人手机号注册，妥善保管账号和密码，不得冒用他人身份或提交虚假信息。平台提供的入会、会员服务和普惠福利以各级工会公布的规则为准。完整协议以平台运营方公布的正式文本为准。',
  'privacy.title': '隐私政策',
  'privacy.body':
    '我们只为提供会员服务而收集必要的个人信息（手机号、实名信息、会籍信息），按照《个人信息保护法》处理并加密保存，敏感信息仅向有权限的工会工作人员显示，未经您同意不向第三方提供。您可以随时查询、更正您的信息或注销账号。完整政策以平台运营方公布的正式文本为准。',

  'forgot.title': '找回密码',
  'forgot.subtitle': '通过短信验证码重新设置登录密码',
  'forgot.submit': '重置密码',
  'forgot.submitting': '提交中…',
  'forgot.success': '密码已重置，请使用新密码登录',
  'forgot.backToLogin': '返回登录',

  'tab.home': '首页',
  'tab.services': '服务',
  'tab.me': '我的',

  'home.greeting': '您好，{phone}',
  'home.notMember': '您还未加入工会',
  'home.joinHint': '找到所在单位或地区的工会，申请入会后即可享受会员服务。',
  'home.findUnion': '去找工会',
  'home.services': '会员服务',
  'home.allServices': '全部服务',
  'banner.1.title': '工会服务 一网通办',
  'banner.1.subtitle': '实名入会 · 权益维护 · 普惠服务',
  'banner.2.title': '职工书屋 随时阅读',
  'banner.2.subtitle': '好书好课，伴您终身学习',
  'banner.3.title': '法律援助 为您撑腰',
  'banner.3.subtitle': '劳动争议咨询与援助，工会在您身边',

  'service.news': '工会新闻',
  'service.reading': '职工书屋',
  'service.courses': '微课学习',
  'service.legal': '法律服务',
  'service.activities': '活动抢票',
  'service.welfare': '优惠福利',
  'service.orgs': '找工会',
  'service.ecard': '电子会员卡',
  'services.title': '全部服务',
  'services.group.membership': '会籍服务',
  'services.group.learning': '学习资讯',
  'services.group.benefits': '权益福利',

  'comingSoon.title': '即将上线',
  'comingSoon.description': '「{name}」正在建设中，敬请期待。',

  'orgs.title': '找工会',
  'orgs.placeholder': '输入工会或单位名称搜索',
  'orgs.total': '共 {total} 个工会组织',
  'orgs.empty': '没有找到相关的工会组织',
  'orgs.parent': '上级：{name}',
  'orgs.loadMore': '加载更多',
  'orgs.noMore': '没有更多了',
  'orgs.clear': '清除',

  'orgType.federation': '总工会',
  'orgType.base': '基层工会',
  'orgType.joint': '联合基层工会',
  'orgType.industry': '产业（行业）工会',

  'me.title': '我的',
  'me.account': '账号信息',
  'me.phone': '手机号',
  'me.memberStatus': '会员状态',
  'me.verification': '实名认证',
  'me.name': '姓名',
  'me.cardNo': '会员卡号',
  'me.org': '所属工会',
  'me.joinedAt': '入会时间',
  'me.createdAt': '注册时间',
  'me.notMember': '未入会',
  'me.settings': '设置',
  'me.version': '版本',
  'me.logout': '退出登录',
  'me.logoutAll': '退出所有设备',
  'me.logoutAllConfirm': '将使您在所有设备（包括本机）上的登录失效，确定继续吗？',
  'me.loggedOut': '已退出登录',

  'memberStatus.registered': '已登记，未入会',
  'memberStatus.pending': '入会审核中',
  'memberStatus.active': '正式会员',
  'memberStatus.held': '会籍保留',
  'memberStatus.ended': '会籍已终止',
  'verification.unverified': '未实名认证',
  'verification.pending': '实名认证审核中',
  'verification.verified': '已实名认证',
  'verification.rejected': '实名认证未通过',

  'notFound.title': '页面不存在',
  'notFound.description': '您访问的页面不存在或已被移除。',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.name': 'Gonghui',
  'app.tagline': 'Guangdong trade-union member real-name service platform',
  'lang.switch': '中文',
  'lang.switchAria': '切换到中文',
  'lang.label': 'Language / 语言',
  'lang.current': 'English',

  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.back': 'Back',
  'common.backHome': 'Back to home',
  'common.cancel': 'Cancel',
  'common.confirm': 'OK',
  'common.none': 'None',
  'common.close': 'Close',

  'error.network': 'Network error; please check your connection and try again',
  'error.unknown': 'Something went wrong; please try again later',
  'error.loadFailed': 'Could not load',

  'field.phone': 'Mobile number',
  'field.phone.placeholder': '11-digit mobile number',
  'field.password': 'Password',
  'field.password.placeholder': 'Enter your password',
  'field.newPassword': 'Password',
  'field.newPassword.placeholder': '8–64 characters, letters and digits',
  'field.resetPassword': 'New password',
  'field.confirmPassword': 'Confirm password',
  'field.confirmPassword.placeholder': 'Enter the new password again',
  'field.code': 'SMS code',
  'field.code.placeholder': '6-digit code',
  'field.showPassword': 'Show password',
  'field.hidePassword': 'Hide password',

  'validation.phoneRequired': 'Please enter your mobile number',
  'validation.passwordRequired': 'Please enter your password',
  'validation.codeRequired': 'Please enter the SMS code',
  'validation.consentRequired': 'Please read and accept the User Agreement and the Privacy Policy',
  'validation.passwordMismatch': 'The passwords do not match',

  'sms.send': 'Get code',
  'sms.sending': 'Sending…',
  'sms.resendIn': 'Resend in {seconds}s',
  'sms.sent': 'Code sent; valid for {minutes} minutes',

  'login.title': 'Log in',
  'login.welcome': 'Welcome to Gonghui',
  'login.tabPassword': 'Password',
  'login.tabSms': 'SMS code',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.noAccount': 'No account yet?',
  'login.gotoRegister': 'Sign up',
  'login.forgot': 'Forgot password?',
  'login.success': 'Logged in',
  'login.orgsLink': 'Browse unions first',

  'register.title': 'Create an account',
  'register.subtitle': 'Sign up to join a union and use member services',
  'register.submit': 'Sign up',
  'register.submitting': 'Signing up…',
  'register.haveAccount': 'Already registered?',
  'register.gotoLogin': 'Log in',
  'register.success': 'Account created',
  'consent.prefix': 'I have read and accept the ',
  'consent.agreement': 'User Agreement',
  'consent.and': ' and the ',
  'consent.privacy': 'Privacy Policy',
  'agreement.title': 'User Agreement',
  'agreement.body':
    'Gonghui is the real-name service platform for trade-union members in Guangdong. Register with your own mobile number, keep your account and password safe, and do not impersonate others or submit false information. Joining a union, member services and benefits follow the rules published by the unions. The operator’s published text is the binding version.',
  'privacy.title': 'Privacy Policy',
  'privacy.body':
    'We collect only the personal information needed for member services (mobile number, real-name and membership data), process it under the Personal Information Protection Law and store it encrypted. Sensitive data is shown only to authorised union staff and is not shared with third parties without your consent. You may view or correct your data or close your account at any time. The operator’s published text is the binding version.',

  'forgot.title': 'Reset password',
  'forgot.subtitle': 'Set a new password with an SMS code',
  'forgot.submit': 'Reset password',
  'forgot.submitting': 'Submitting…',
  'forgot.success': 'Password reset; please log in with the new password',
  'forgot.backToLogin': 'Back to log in',

  'tab.home': 'Home',
  'tab.services': 'Services',
  'tab.me': 'Me',

  'home.greeting': 'Hello, {phone}',
  'home.notMember': 'You have not joined a union yet',
  'home.joinHint': 'Find the union of your workplace or area and apply to join to use member services.',
  'home.findUnion': 'Find a union',
  'home.services': 'Member services',
  'home.allServices': 'All services',
  'banner.1.title': 'Union services, all in one place',
  'banner.1.subtitle': 'Join · Rights · Benefits',
  'banner.2.title': 'Reading room, any time',
  'banner.2.subtitle': 'Good books and courses for lifelong learning',
  'banner.3.title': 'Legal aid on your side',
  'banner.3.subtitle': 'Advice and help with labour disputes',

  'service.news': 'Union news',
  'service.reading': 'Reading room',
  'service.courses': 'Micro-courses',
  'service.legal': 'Legal services',
  'service.activities': 'Activity tickets',
  'service.welfare': 'Member benefits',
  'service.orgs': 'Find a union',
  'service.ecard': 'E-membership card',
  'services.title': 'All services',
  'services.group.membership': 'Membership',
  'services.group.learning': 'News & learning',
  'services.group.benefits': 'Rights & benefits',

  'comingSoon.title': 'Coming soon',
  'comingSoon.description': '“{name}” is under construction. Stay tuned.',

  'orgs.title': 'Find a union',
  'orgs.placeholder': 'Search by union or employer name',
  'orgs.total': '{total} organizations',
  'orgs.empty': 'No matching union organizations',
  'orgs.parent': 'Under: {name}',
  'orgs.loadMore': 'Load more',
  'orgs.noMore': 'No more results',
  'orgs.clear': 'Clear',

  'orgType.federation': 'Federation of trade unions',
  'orgType.base': 'Base union',
  'orgType.joint': 'Joint base union',
  'orgType.industry': 'Industry union',

  'me.title': 'Me',
  'me.account': 'Account',
  'me.phone': 'Mobile number',
  'me.memberStatus': 'Membership',
  'me.verification': 'Identity verification',
  'me.name': 'Name',
  'me.cardNo': 'Card number',
  'me.org': 'Union',
  'me.joinedAt': 'Joined',
  'me.createdAt': 'Registered',
  'me.notMember': 'Not a member',
  'me.settings': 'Settings',
  'me.version': 'Version',
  'me.logout': 'Log out',
  'me.logoutAll': 'Log out on all devices',
  'me.logoutAllConfirm': 'This ends your sessions on every device, including this one. Continue?',
  'me.loggedOut': 'Logged out',

  'memberStatus.registered': 'Registered, not yet a member',
  'memberStatus.pending': 'Membership under review',
  'memberStatus.active': 'Member',
  'memberStatus.held': 'Membership on hold',
  'memberStatus.ended': 'Membership ended',
  'verification.unverified': 'Not verified',
  'verification.pending': 'Verification under review',
  'verification.verified': 'Verified',
  'verification.rejected': 'Verification rejected',

  'notFound.title': 'Page not found',
  'notFound.description': 'The page you asked for does not exist or was removed.',
};

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type MessageParams = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return null;
}

/** The saved choice (localStorage, then the cookie), else Chinese. */
export function readStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode); fall back to the cookie.
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

let activeLang: Lang = typeof window === 'undefined' ? DEFAULT_LANG : readStoredLang();

/** The language in use right now (read by the API client for Accept-Language). */
export function currentLang(): Lang {
  return activeLang;
}

/** Picks the part of a bilingual "中文 / English" message (as the shared zod schemas write them). */
export function localizeBilingual(message: string, lang: Lang): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  const [zh, english] = parts as [string, string];
  return lang === 'en' ? english : zh;
}

export interface I18nContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggleLang: () => void;
  t: (key: MessageKey, params?: MessageParams) => string;
}

const I18nContext = createContext<I18nContextValue | null>(null);

function applyDocumentLang(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = `${translate(lang, 'app.name')} · ${translate(lang, 'app.tagline')}`;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(activeLang);

  useEffect(() => {
    activeLang = lang;
    applyDocumentLang(lang);
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    activeLang = next;
    storeLang(next);
    setLangState(next);
  }, []);
  const toggleLang = useCallback(() => {
    setLang(activeLang === 'zh-CN' ? 'en' : 'zh-CN');
  }, [setLang]);
  const t = useCallback((key: MessageKey, params?: MessageParams) => translate(lang, key, params), [lang]);

  const value = useMemo<I18nContextValue>(() => ({ lang, setLang, toggleLang, t }), [lang, setLang, toggleLang, t]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
