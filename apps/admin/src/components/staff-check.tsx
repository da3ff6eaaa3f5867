/**
 * The shared parts of the phone-sized "scan or type" staff pages (membership card check, activity
 * check-in): the checks of this browser tab with the one on show, the manual entry card, the big
 * result panel (or the error, or the waiting state) and the recent history list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Card, Descriptions, Empty, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { DeleteOutlined, FormOutlined, ScanOutlined } from '@ant-design/icons';
import { isApiError } from '../api-client';
import type { ApiError } from '../api-client';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { LoadError } from './load-error';

/** What every check kept in the history has: a local id for list keys, the outcome and its time. */
export interface StaffCheckEntry {
  key: string;
  result: string;
  checkedAt: string;
}

const HISTORY_SIZE = 10;
/** The same code scanned again within this window is the same code still in front of the camera. */
const SAME_SCAN_MS = 8000;

/** The checks of this browser tab (masked names only), so leaving the page does not lose them. */
export function loadRecentChecks<Entry extends StaffCheckEntry>(storageKey: string): Entry[] {
  try {
    const raw = window.sessionStorage.getItem(storageKey);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as Entry[]).slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

function storeRecentChecks(storageKey: string, entries: StaffCheckEntry[]): void {
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify(entries));
  } catch {
    // Storage can be unavailable (private mode); the list still lives in memory.
  }
}

interface RecentChecksOptions<Body, Response, Via, Entry extends StaffCheckEntry> {
  /** sessionStorage key of this page's history. */
  storageKey: string;
  send: (body: Body) => Promise<Response>;
  toEntry: (args: { response: Response; body: Body; via: Via; key: string }) => Entry;
  /** A short buzz for a good check, a longer pattern otherwise. */
  isSuccess: (entry: Entry) => boolean;
  /** Called with each new entry as it goes on show. */
  onEntry?: (entry: Entry) => void;
}

/**
 * One check at a time against the server, the last result (or error) on show, the history kept in
 * the tab, and on a phone the result scrolled into view when it changes.
 */
export function useRecentChecks<Body, Response, Via, Entry extends StaffCheckEntry>({
  storageKey,
  send,
  toEntry,
  isSuccess,
  onEntry,
}: RecentChecksOptions<Body, Response, Via, Entry>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [history, setHistory] = useState<Entry[]>(() => loadRecentChecks<Entry>(storageKey));
  const [current, setCurrent] = useState<Entry | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const lastScanRef = useRef<{ code: string; at: number } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const isMobile = useIsMobile();
  const optionsRef = useRef({ send, toEntry, isSuccess, onEntry });
  optionsRef.current = { send, toEntry, isSuccess, onEntry };

  // On a phone the result sits below the camera: bring it into view when it changes.
  useEffect(() => {
    if (!isMobile || (!current && !error)) return;
    const element = resultRef.current;
    if (!element) return;
    const box = element.getBoundingClientRect();
    // below the sticky header, not under it
    const top = document.querySelector('.gh-header')?.getBoundingClientRect().bottom ?? 0;
    if (box.top < top || box.bottom > window.innerHeight) window.scrollBy({ top: box.top - top - 8, behavior: 'smooth' });
  }, [current, error, isMobile]);

  const check = useCallback(
    async (body: Body, via: Via): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      try {
        const response = await optionsRef.current.send(body);
        const key = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
        const entry = optionsRef.current.toEntry({ response, body, via, key });
        setCurrent(entry);
        optionsRef.current.onEntry?.(entry);
        setHistory((previous) => {
          const next = [entry, ...previous].slice(0, HISTORY_SIZE);
          storeRecentChecks(storageKey, next);
          return next;
        });
        navigator.vibrate?.(optionsRef.current.isSuccess(entry) ? 60 : [90, 60, 90]);
        return true;
      } catch (err) {
        if (isApiError(err)) {
          setError(err);
          setCurrent(null);
        } else {
          message.error(t('errors.network'));
        }
        return false;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [message, t, storageKey],
  );

  /** False when the camera sees the same code again within a few seconds (the same code still held up). */
  const isNewScan = useCallback((code: string): boolean => {
    const now = Date.now();
    const last = lastScanRef.current;
    if (last && last.code === code && now - last.at < SAME_SCAN_MS) return false;
    lastScanRef.current = { code, at: now };
    return true;
  }, []);

  const clearHistory = useCallback(() => {
    setHistory([]);
    storeRecentChecks(storageKey, []);
  }, [storageKey]);

  return { history, current, error, busy, check, isNewScan, clearHistory, resultRef };
}

/** The card around a page's typed entry form. */
export function ManualEntryCard({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <Card
      className={className}
      title={
        <span className="gh-stat-title">
          <FormOutlined />
          {title}
        </span>
      }
    >
      {children}
    </Card>
  );
}

interface ResultPanelProps {
  className: string;
  testId: string;
  result: string;
  icon: ReactNode;
  title: string;
  hint: string;
  items: DescriptionsProps['items'];
  meta: ReactNode;
}

/** The outcome of one check, big enough to read at arm's length. */
export function CheckResultPanel({ className, testId, result, icon, title, hint, items, meta }: ResultPanelProps) {
  return (
    <div className={className} data-testid={testId} data-result={result} role="status" aria-live="polite">
      <div className="gh-card-result-head">
        <span className="gh-card-result-icon">{icon}</span>
        <span className="gh-card-result-text">
          <span className="gh-card-result-title">{title}</span>
          <span className="gh-card-result-hint">{hint}</span>
        </span>
      </div>
      {items?.length ? <Descriptions size="small" column={1} items={items} className="gh-card-result-details" /> : null}
      <div className="gh-card-result-meta">{meta}</div>
    </div>
  );
}

interface ResultAreaProps<Entry extends StaffCheckEntry> {
  error: ApiError | null;
  current: Entry | null;
  renderEntry: (entry: Entry) => ReactNode;
  errorTestId: string;
  waitingTitle: string;
  waitingHint: string;
  waitingTestId?: string;
}

/** The error of the last check, else its result, else a prompt to scan. */
export function CheckResultArea<Entry extends StaffCheckEntry>({
  error,
  current,
  renderEntry,
  errorTestId,
  waitingTitle,
  waitingHint,
  waitingTestId,
}: ResultAreaProps<Entry>) {
  if (error) {
    return (
      <Card className="gh-card-result-card" data-testid={errorTestId}>
        <LoadError error={error} compact />
      </Card>
    );
  }
  if (current) return <>{renderEntry(current)}</>;
  return (
    <div className="gh-card-result gh-card-result-none" data-testid={waitingTestId}>
      <div className="gh-card-result-head">
        <span className="gh-card-result-icon">
          <ScanOutlined />
        </span>
        <span className="gh-card-result-text">
          <span className="gh-card-result-title">{waitingTitle}</span>
          <span className="gh-card-result-hint">{waitingHint}</span>
        </span>
      </div>
    </div>
  );
}

interface HistoryProps<Entry extends StaffCheckEntry> {
  entries: Entry[];
  onClear: () => void;
  title: string;
  className?: string;
  listTestId: string;
  clearTestId: string;
  tagColor: (entry: Entry) => string;
  tagLabel: (entry: Entry) => string;
  renderWho: (entry: Entry) => ReactNode;
  formatTime: (iso: string) => string;
}

/** The recent checks of this tab, newest first. */
export function CheckHistory<Entry extends StaffCheckEntry>({
  entries,
  onClear,
  title,
  className,
  listTestId,
  clearTestId,
  tagColor,
  tagLabel,
  renderWho,
  formatTime,
}: HistoryProps<Entry>) {
  const { t } = useI18n();
  return (
    <Card
      className={className}
      title={title}
      extra={
        entries.length ? (
          <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onClear} data-testid={clearTestId}>
            {t('card.clearHistory')}
          </Button>
        ) : null
      }
    >
      {entries.length ? (
        <ul className="gh-card-history-list" data-testid={listTestId}>
          {entries.map((entry) => (
            <li key={entry.key} data-result={entry.result}>
              <Tag color={tagColor(entry)}>{tagLabel(entry)}</Tag>
              <span className="gh-card-history-who">{renderWho(entry)}</span>
              <Typography.Text type="secondary" className="gh-small gh-nowrap">
                {formatTime(entry.checkedAt)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('card.historyEmpty')} />
      )}
    </Card>
  );
}
