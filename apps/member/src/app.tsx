import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { RequireAuth } from './components/require-auth';
import { TabLayout } from './components/tab-layout';
import { I18nProvider, useI18n } from './i18n';
import { ActivitiesPage } from './pages/activities-page';
import { ActivityPage } from './pages/activity-page';
import { CardPage } from './pages/card-page';
import { ComingSoonPage } from './pages/coming-soon-page';
import { CorrectionPage } from './pages/correction-page';
import { ForgotPasswordPage } from './pages/forgot-password-page';
import { HomePage } from './pages/home-page';
import { JoinPage } from './pages/join-page';
import { LoginPage } from './pages/login-page';
import { LotteryPage } from './pages/lottery-page';
import { MePage } from './pages/me-page';
import { MembershipPage } from './pages/membership-page';
import { MessagesPage } from './pages/messages-page';
import { MyDataPage } from './pages/my-data-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrgsPage } from './pages/orgs-page';
import { ReclaimPage } from './pages/reclaim-page';
import { RegisterPage } from './pages/register-page';
import { ServicesPage } from './pages/services-page';
import { TicketsPage } from './pages/tickets-page';
import { VerifyPage } from './pages/verify-page';
import { UnreadProvider } from './unread';

function Private({ children }: { children: ReactNode }) {
  return <RequireAuth>{children}</RequireAuth>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reclaim" element={<ReclaimPage />} />
      <Route path="/orgs" element={<OrgsPage />} />
      {/* What a union's join QR code opens: public to look at, login to apply. */}
      <Route path="/join/:orgId" element={<JoinPage />} />
      {/* A lottery's published values and their verification: anyone may check a draw. */}
      <Route path="/lottery/:id" element={<LotteryPage />} />
      <Route
        element={
          <Private>
            <TabLayout />
          </Private>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="/services" element={<ServicesPage />} />
        <Route path="/me" element={<MePage />} />
      </Route>
      <Route path="/verify" element={<Private><VerifyPage /></Private>} />
      <Route path="/membership" element={<Private><MembershipPage /></Private>} />
      <Route path="/card" element={<Private><CardPage /></Private>} />
      <Route path="/messages" element={<Private><MessagesPage /></Private>} />
      <Route path="/my-data" element={<Private><MyDataPage /></Private>} />
      <Route path="/my-data/correction" element={<Private><CorrectionPage /></Private>} />
      <Route path="/activities" element={<Private><ActivitiesPage /></Private>} />
      <Route path="/activities/:id" element={<Private><ActivityPage /></Private>} />
      <Route path="/tickets" element={<Private><TicketsPage /></Private>} />
      <Route path="/services/:key" element={<Private><ComingSoonPage /></Private>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function LocalizedApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <AuthProvider>
        <UnreadProvider>
          <BrowserRouter basename="/">
            <div className="app-frame">
              <AppRoutes />
            </div>
          </BrowserRouter>
        </UnreadProvider>
      </AuthProvider>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}
