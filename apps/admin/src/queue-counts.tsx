/**
 * Counts for the menu and header badges: pending identity reviews, pending join requests and
 * unread reminders. Each is one list request with pageSize 1 (its `total`, or the inbox's
 * `unread`), refreshed every minute, when the window regains focus, and after a page acts.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { api } from './api-client';
import { useAuth } from './auth';

export interface QueueCounts {
  reviewsPending: number | null;
  joinsPending: number | null;
  unread: number | null;
}

export interface QueueCountsValue extends QueueCounts {
  /** Ask again now (after a decision or marking reminders read). */
  refresh: () => void;
}

const EMPTY: QueueCounts = { reviewsPending: null, joinsPending: null, unread: null };
const REFRESH_MS = 60_000;

const QueueCountsContext = createContext<QueueCountsValue>({ ...EMPTY, refresh: () => undefined });

/** A failed count shows no badge rather than an error: the pages themselves report failures. */
async function countOrNull(load: () => Promise<number>): Promise<number | null> {
  try {
    return await load();
  } catch {
    return null;
  }
}

export function QueueCountsProvider({ children }: { children: ReactNode }) {
  const { can, profile } = useAuth();
  const [counts, setCounts] = useState<QueueCounts>(EMPTY);
  const [version, setVersion] = useState(0);
  const canReview = can('identity.review');
  const canReadMembers = can('member.read');
  const seq = useRef(0);

  useEffect(() => {
    if (!profile) return;
    const mine = ++seq.current;
    const controller = new AbortController();
    const { signal } = controller;
    const page = { page: 1, pageSize: 1 };
    void Promise.all([
      canReview ? countOrNull(async () => (await api.identityReviews({ ...page, status: 'pending' }, signal)).total) : null,
      canReadMembers ? countOrNull(async () => (await api.joinRequests({ ...page, status: 'pending' }, signal)).total) : null,
      canReadMembers ? countOrNull(async () => (await api.notifications(page, signal)).unread) : null,
    ]).then(([reviewsPending, joinsPending, unread]) => {
      if (mine === seq.current && !signal.aborted) setCounts({ reviewsPending, joinsPending, unread });
    });
    return () => controller.abort();
  }, [profile, canReview, canReadMembers, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const timer = window.setInterval(refresh, REFRESH_MS);
    const onFocus = () => refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);

  const value = useMemo<QueueCountsValue>(() => ({ ...counts, refresh }), [counts, refresh]);
  return <QueueCountsContext.Provider value={value}>{children}</QueueCountsContext.Provider>;
}

export function useQueueCounts(): QueueCountsValue {
  return useContext(QueueCountsContext);
}
