import type { ReactNode } from 'react';
import { Button, ErrorBlock } from 'antd-mobile';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { PageLoading } from './page-loading';

/** Renders its children for a logged-in member; otherwise goes to /login?next=<this page>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useAuth();
  const { t } = useI18n();
  const location = useLocation();

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error') {
    return (
      <div className="page-center">
        <ErrorBlock status="disconnected" title={t('error.loadFailed')} description={state.error.message} fullPage>
          <Button color="primary" onClick={() => void refresh()} data-testid="auth-retry">
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      </div>
    );
  }
  if (state.status === 'anonymous') {
    const here = `${location.pathname}${location.search}${location.hash}`;
    // After a deliberate logout, do not come back to the page the member left from.
    const to = here === '/' || state.reason === 'logout' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <>{children}</>;
}
