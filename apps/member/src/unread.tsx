/**
 * The unread message count behind the badges on the Me tab and the home page: polled every minute
 * while the page is visible and someone is logged in, and set directly when messages are read.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from './api-client';
import { useAuth } from './auth';
import { useVisibleInterval } from './hooks/use-page-visible';

export const UNREAD_POLL_MS = 60_000;

export interface UnreadContextValue {
  unread: number;
  /** Asks the server again now. */
  refresh: () => void;
  /** Takes a count the messages page already has. */
  setUnread: (count: number) => void;
}

const UnreadContext = createContext<UnreadContextValue | null>(null);

export function UnreadProvider({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const accountId = state.status === 'authenticated' ? state.me.accountId : null;
  const [unread, setUnreadState] = useState(0);
  const inFlight = useRef(false);

  const refresh = useCallback(() => {
    if (accountId === null || inFlight.current) return;
    inFlight.current = true;
    api
      .notifications({ page: 1, pageSize: 1 })
      .then((page) => setUnreadState(page.unread))
      // A failed poll keeps the last count; the next one tries again.
      .catch(() => undefined)
      .finally(() => {
        inFlight.current = false;
      });
  }, [accountId]);

  useEffect(() => {
    setUnreadState(0);
    refresh();
  }, [refresh]);

  useVisibleInterval(refresh, UNREAD_POLL_MS, accountId !== null);

  const setUnread = useCallback((count: number) => setUnreadState(Math.max(0, count)), []);
  const value = useMemo(() => ({ unread: accountId === null ? 0 : unread, refresh, setUnread }), [accountId, unread, refresh, setUnread]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnread(): UnreadContextValue {
  const value = useContext(UnreadContext);
  if (!value) throw new Error('useUnread must be used inside <UnreadProvider>');
  return value;
}
