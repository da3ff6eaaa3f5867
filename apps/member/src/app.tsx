import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { RequireAuth } from './components/require-auth';
import { TabLayout } from './components/tab-layout';
import { I18nProvider, useI18n } from './i18n';
import { ComingSoonPage } from './pages/coming-soon-page';
import { ForgotPasswordPage } from './pages/forgot-password-page';
import { HomePage } from './pages/home-page';
import { LoginPage } from './pages/login-page';
import { MePage } from './pages/me-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrgsPage } from './pages/orgs-page';
import { RegisterPage } from './pages/register-page';
import { ServicesPage } from './pages/services-page';

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/orgs" element={<OrgsPage />} />
      <Route
        element={
          <RequireAuth>
            <TabLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="/services" element={<ServicesPage />} />
        <Route path="/me" element={<MePage />} />
      </Route>
      <Route
        path="/services/:key"
        element={
          <RequireAuth>
            <ComingSoonPage />
          </RequireAuth>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function LocalizedApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <AuthProvider>
        <BrowserRouter basename="/">
          <div className="app-frame">
            <AppRoutes />
          </div>
        </BrowserRouter>
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
