/** Providers (language, antd theme and locale, session) and the routes of the console. */
import { lazy, useEffect } from 'react';
import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ThemeConfig } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Permission } from '@gonghui/contracts';
import { AdminLayout } from './admin-layout';
import { setApiLanguage } from './api-client';
import { AuthProvider, RequireAuth, RequirePermission } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { LoginPage } from './pages/login-page';
import { QueueCountsProvider } from './queue-counts';
import { NotFoundPage } from './pages/not-found-page';

const DashboardPage = lazy(() => import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })));
const OrgsPage = lazy(() => import('./pages/orgs-page').then((m) => ({ default: m.OrgsPage })));
const MembersPage = lazy(() => import('./pages/members-page').then((m) => ({ default: m.MembersPage })));
const MemberDetailPage = lazy(() => import('./pages/member-detail-page').then((m) => ({ default: m.MemberDetailPage })));
const CadresPage = lazy(() => import('./pages/cadres-page').then((m) => ({ default: m.CadresPage })));
const OrgApplicationsPage = lazy(() => import('./pages/org-applications-page').then((m) => ({ default: m.OrgApplicationsPage })));
const AdminsPage = lazy(() => import('./pages/admins-page').then((m) => ({ default: m.AdminsPage })));
const AuditPage = lazy(() => import('./pages/audit-page').then((m) => ({ default: m.AuditPage })));
const IdentityReviewsPage = lazy(() => import('./pages/identity-reviews-page').then((m) => ({ default: m.IdentityReviewsPage })));
const JoinRequestsPage = lazy(() => import('./pages/join-requests-page').then((m) => ({ default: m.JoinRequestsPage })));
const CardCheckPage = lazy(() => import('./pages/card-check-page').then((m) => ({ default: m.CardCheckPage })));
const ActivitiesPage = lazy(() => import('./pages/activities-page').then((m) => ({ default: m.ActivitiesPage })));
const ActivityEditPage = lazy(() => import('./pages/activity-edit-page').then((m) => ({ default: m.ActivityEditPage })));
const ActivityDetailPage = lazy(() => import('./pages/activity-detail-page').then((m) => ({ default: m.ActivityDetailPage })));
const CheckInPage = lazy(() => import('./pages/check-in-page').then((m) => ({ default: m.CheckInPage })));
const StatsPage = lazy(() => import('./pages/stats-page').then((m) => ({ default: m.StatsPage })));
const NotificationsPage = lazy(() => import('./pages/notifications-page').then((m) => ({ default: m.NotificationsPage })));

export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#c8102e',
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', siderBg: '#1f1f1f', triggerBg: '#2b2b2b' },
    Menu: { darkItemBg: '#1f1f1f', darkSubMenuItemBg: '#1f1f1f', darkItemSelectedBg: '#c8102e' },
  },
};

function guard(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

function ThemedApp() {
  const { lang } = useI18n();
  // Date pickers (activities) name months and weekdays through dayjs.
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp className="gh-app">
        <BrowserRouter basename="/admin">
          <AuthProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireAuth>
                    <QueueCountsProvider>
                      <AdminLayout />
                    </QueueCountsProvider>
                  </RequireAuth>
                }
              >
                <Route index element={<DashboardPage />} />
                <Route path="stats" element={guard('stats.read', <StatsPage />)} />
                <Route path="orgs" element={guard('org.read', <OrgsPage />)} />
                <Route path="org-applications" element={guard('org.read', <OrgApplicationsPage />)} />
                <Route path="members" element={guard('member.read', <MembersPage />)} />
                <Route path="members/:id" element={guard('member.read', <MemberDetailPage />)} />
                <Route path="join-requests" element={guard('member.read', <JoinRequestsPage />)} />
                <Route path="identity-reviews" element={guard('identity.review', <IdentityReviewsPage />)} />
                <Route path="cadres" element={guard('member.read', <CadresPage />)} />
                <Route path="card-check" element={guard('card.verify', <CardCheckPage />)} />
                <Route path="activities" element={guard('activity.read', <ActivitiesPage />)} />
                <Route path="activities/new" element={guard('activity.write', <ActivityEditPage />)} />
                <Route path="activities/:id" element={guard('activity.read', <ActivityDetailPage />)} />
                <Route path="activities/:id/edit" element={guard('activity.write', <ActivityEditPage />)} />
                <Route path="check-in" element={guard('ticket.check_in', <CheckInPage />)} />
                <Route path="notifications" element={guard('member.read', <NotificationsPage />)} />
                <Route path="admins" element={guard('admin.read', <AdminsPage />)} />
                <Route path="audit" element={guard('audit.read', <AuditPage />)} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function AdminApp() {
  return (
    <I18nProvider onChange={setApiLanguage}>
      <ThemedApp />
    </I18nProvider>
  );
}
