/** Who is logged in: loaded once from GET /api/v1/me, updated on login/logout and on any 401. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Toast } from 'antd-mobile';
import type { Me } from '@gonghui/contracts';
import { ApiError, api, onSessionLost } from './api-client';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'logout' }
  | { status: 'authenticated'; me: Me }
  | { status: 'error'; error: ApiError };

export interface AuthContextValue {
  state: AuthState;
  me: Me | null;
  /** Reload `me` from the server. */
  refresh: () => Promise<void>;
  /** Store the account returned by login/register. */
  signedIn: (me: Me) => void;
  /** End this session (or, with `everywhere`, every session of the account). */
  logout: (everywhere?: boolean) => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const generation = useRef(0);
  const statusRef = useRef<AuthState['status']>('loading');
  useEffect(() => {
    statusRef.current = state.status;
  }, [state.status]);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const me = await api.me();
      if (mine === generation.current) setState({ status: 'authenticated', me });
    } catch (error) {
      if (mine !== generation.current) return;
      if (error instanceof ApiError && error.isSessionError) setState({ status: 'anonymous' });
      // A background refresh that fails (offline for a moment) keeps the account already shown.
      else if (statusRef.current === 'authenticated') return;
      else if (error instanceof ApiError) setState({ status: 'error', error });
      else setState({ status: 'error', error: new ApiError({ status: 0, code: 'BAD_RESPONSE', message: String(error) }) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onSessionLost((error) => {
        generation.current++;
        if (statusRef.current === 'authenticated' && error.code === 'SESSION_EXPIRED') {
          Toast.show({ content: error.message, position: 'center' });
        }
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const signedIn = useCallback((me: Me) => {
    generation.current++;
    setState({ status: 'authenticated', me });
  }, []);

  const logout = useCallback(async (everywhere = false) => {
    try {
      await (everywhere ? api.logoutAll() : api.logout());
    } catch (error) {
      // Already logged out on the server is fine; anything else is reported to the caller.
      if (!(error instanceof ApiError && error.isSessionError)) throw error;
    }
    generation.current++;
    setState({ status: 'anonymous', reason: 'logout' });
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ state, me: state.status === 'authenticated' ? state.me : null, refresh, signedIn, logout }),
    [state, refresh, signedIn, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** Only same-app paths are accepted as a place to return to after login. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/register') || next.startsWith('/forgot-password') || next.startsWith('/reclaim')) return '/';
  return next;
}
