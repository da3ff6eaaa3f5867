/** Who is signed in, what they may do, and signing out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { App, Button, Result, Spin } from 'antd';
import type { AdminProfile, Permission } from '@gonghui/contracts';
import { ApiError, api, isAbortError, onUnauthorized } from './api-client';
import { useI18n } from './i18n';
import { LangSwitch } from './components/lang-switch';

type AuthState =
  | { status: 'loading' }
  /** `loggedOut`: the admin chose to leave, so do not come back to the same page after signing in. */
  | { status: 'anonymous'; loggedOut?: boolean }
  | { status: 'authenticated'; profile: AdminProfile }
  | { status: 'error'; error: ApiError };

export interface AuthValue {
  state: AuthState;
  profile: AdminProfile | null;
  can: (permission: Permission) => boolean;
  /** Called by the login page with the profile from a successful login. */
  signedIn: (profile: AdminProfile) => void;
  logout: () => Promise<void>;
  logoutAll: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { message } = App.useApp();
  const { t } = useI18n();

  useEffect(() => {
    const controller = new AbortController();
    api
      .me(controller.signal)
      .then((profile) => setState({ status: 'authenticated', profile }))
      .catch((error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', String(error)) });
      });
    return () => controller.abort();
  }, [attempt]);

  const stateRef = useRef(state);
  stateRef.current = state;
  useEffect(
    () =>
      onUnauthorized((error) => {
        if (stateRef.current.status !== 'authenticated') return;
        message.warning({ key: 'session-ended', content: error.message || t('header.sessionExpired') });
        setState({ status: 'anonymous' });
      }),
    [message, t],
  );

  const signedIn = useCallback((profile: AdminProfile) => setState({ status: 'authenticated', profile }), []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ status: 'anonymous', loggedOut: true });
    }
  }, []);

  const logoutAll = useCallback(async () => {
    await api.logoutAll();
    setState({ status: 'anonymous', loggedOut: true });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthValue>(() => {
    const profile = state.status === 'authenticated' ? state.profile : null;
    const permissions = new Set<Permission>(profile?.permissions ?? []);
    return {
      state,
      profile,
      can: (permission) => permissions.has(permission),
      signedIn,
      logout,
      logoutAll,
      retry,
    };
  }, [state, signedIn, logout, logoutAll, retry]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="gh-full-page">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

function BootError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="gh-full-page">
      <Result
        status="warning"
        title={t('errors.bootFailed')}
        subTitle={error.message}
        extra={[
          <Button key="retry" type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>,
          <LangSwitch key="lang" />,
        ]}
      />
    </div>
  );
}

/** Routes inside need a signed-in admin; others go to /login and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'error') return <BootError error={state.error} onRetry={retry} />;
  if (state.status === 'anonymous') {
    return <Navigate to="/login" replace state={state.loggedOut ? null : { from: location }} />;
  }
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbiddenText')} />;
}

/** Shows the page only with `permission`; the server checks again on every call. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? <>{children}</> : <Forbidden />;
}
