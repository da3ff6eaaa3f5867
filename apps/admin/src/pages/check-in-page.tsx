/**
 * "入场核验" at the door of an activity: scan the member's ticket QR code with the device camera,
 * or type / paste the code (a desk scanner types it and presses Enter). A ticket checks in once;
 * the result is big enough to read at arm's length, with the session's running counts. Built for
 * a phone held by staff first (390×844), and for a desk.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Input, Progress, Tag, Typography } from 'antd';
import type { InputRef } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, ExclamationCircleFilled, FormOutlined, ScanOutlined, StopFilled, WarningFilled } from '@ant-design/icons';
import { checkInRequestSchema } from '@gonghui/contracts';
import type { CheckInResponse } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { ApiError } from '../api-client';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { QrScanner } from '../components/qr-scanner';
import { formatChinaDateTime, formatChinaTime, formatNumber } from '../format';
import { firstIssueMessage } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';

type CheckInResult = CheckInResponse['result'];
type Via = 'camera' | 'typed';

interface CheckInEntry extends CheckInResponse {
  /** Local id for list keys. */
  key: string;
  via: Via;
}

const HISTORY_KEY = 'gh_ticket_checks';
const HISTORY_SIZE = 10;
/** The same code scanned again within this window is the same ticket still in front of the camera. */
const SAME_CODE_MS = 8000;

const RESULT_ICONS: Record<CheckInResult, ReactNode> = {
  checked_in: <CheckCircleFilled />,
  already_checked_in: <WarningFilled />,
  cancelled: <StopFilled />,
  invalid: <CloseCircleFilled />,
  other_activity: <ExclamationCircleFilled />,
};
const RESULT_TAG_COLORS: Record<CheckInResult, string> = {
  checked_in: 'success',
  already_checked_in: 'warning',
  cancelled: 'error',
  invalid: 'error',
  other_activity: 'error',
};

/** The checks of this browser tab (masked names only), so leaving the page does not lose them. */
function loadHistory(): CheckInEntry[] {
  try {
    const raw = window.sessionStorage.getItem(HISTORY_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as CheckInEntry[]).slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

function storeHistory(entries: CheckInEntry[]): void {
  try {
    window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // Storage can be unavailable (private mode); the list still lives in memory.
  }
}

function CodeForm({ onCheck, busy }: { onCheck: (code: string, via: Via) => Promise<boolean>; busy: boolean }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ code?: string }>();
  const inputRef = useRef<InputRef>(null);

  // A desk scanner types into the focused field and presses Enter.
  useEffect(() => {
    if (!isMobile) inputRef.current?.focus();
  }, [isMobile]);

  const submit = async (values: { code?: string }) => {
    const parsed = checkInRequestSchema.safeParse({ code: values.code ?? '' });
    if (!parsed.success) {
      form.setFields([{ name: 'code', errors: [firstIssueMessage(parsed.error, lang, values.code)] }]);
      return;
    }
    const ok = await onCheck(parsed.data.code, 'typed');
    if (ok) {
      form.resetFields();
      if (!isMobile) inputRef.current?.focus();
    }
  };

  return (
    <Card
      title={
        <span className="gh-stat-title">
          <FormOutlined />
          {t('checkIn.manual')}
        </span>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="checkin-form">
        <Form.Item name="code" label={t('checkIn.code')} extra={t('checkIn.codeHelp')}>
          <Input
            ref={inputRef}
            allowClear
            size="large"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={100}
            placeholder={t('checkIn.codePlaceholder')}
            className="gh-mono"
            data-testid="checkin-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="checkin-submit">
          {t('checkIn.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ResultPanel({ entry }: { entry: CheckInEntry }) {
  const { t, lang } = useI18n();
  const { ticket } = entry;
  const none = t('common.none');
  const hint =
    entry.result === 'already_checked_in'
      ? t('checkIn.hint.already_checked_in', { time: ticket?.checkedInAt ? formatChinaDateTime(ticket.checkedInAt, lang, true) : none })
      : entry.result === 'other_activity'
        ? t('checkIn.hint.other_activity', { title: ticket?.activityTitle ?? none })
        : t(`checkIn.hint.${entry.result}`);
  const items = ticket
    ? [
        { key: 'activity', label: t('checkIn.activity'), children: <span data-testid="checkin-activity">{ticket.activityTitle}</span> },
        {
          key: 'session',
          label: t('checkIn.session'),
          children: (
            <span className="gh-stack">
              <span data-testid="checkin-session">{ticket.sessionName}</span>
              <Typography.Text type="secondary" className="gh-small">
                {formatChinaDateTime(ticket.startsAt, lang)}
              </Typography.Text>
            </span>
          ),
        },
        {
          key: 'seat',
          label: t('checkIn.seat'),
          children: (
            <span className="gh-checkin-seat" data-testid="checkin-seat">
              {ticket.seatNo}
            </span>
          ),
        },
        {
          key: 'member',
          label: t('checkIn.member'),
          children: (
            <span className="gh-stack">
              <span data-testid="checkin-member">{ticket.member.name ?? none}</span>
              <Typography.Text type="secondary" className="gh-small gh-mono">
                {[ticket.member.cardNo, ticket.member.phone].filter(Boolean).join(' · ') || none}
              </Typography.Text>
            </span>
          ),
        },
      ]
    : [];
  return (
    <div className={`gh-card-result gh-checkin-result gh-checkin-result-${entry.result}`} data-testid="checkin-result" data-result={entry.result} role="status" aria-live="polite">
      <div className="gh-card-result-head">
        <span className="gh-card-result-icon">{RESULT_ICONS[entry.result]}</span>
        <span className="gh-card-result-text">
          <span className="gh-card-result-title">{t(`checkIn.result.${entry.result}`)}</span>
          <span className="gh-card-result-hint">{hint}</span>
        </span>
      </div>
      {items.length ? <Descriptions size="small" column={1} items={items} className="gh-card-result-details" /> : null}
      <div className="gh-card-result-meta">
        {t('checkIn.checkedAt', { time: formatChinaDateTime(entry.checkedAt, lang, true) })} · {t(`checkIn.via.${entry.via}`)}
      </div>
    </div>
  );
}

function SessionCounts({ session }: { session: NonNullable<CheckInResponse['session']> | null }) {
  const { t, lang } = useI18n();
  if (!session) return null;
  const percent = session.allocated ? Math.round((session.checkedIn / session.allocated) * 100) : 0;
  return (
    <Card
      size="small"
      className="gh-checkin-counts"
      data-testid="checkin-session-counts"
      data-session-id={session.id}
      data-checked-in={session.checkedIn}
      data-allocated={session.allocated}
      data-capacity={session.capacity}
    >
      <div className="gh-checkin-counts-name" title={session.name}>
        {session.name}
      </div>
      <div className="gh-checkin-counts-row">
        <div>
          <span className="gh-checkin-counts-big">{formatNumber(session.checkedIn, lang)}</span>
          <span className="gh-checkin-counts-label">{t('checkIn.countCheckedIn')}</span>
        </div>
        <div>
          <span className="gh-checkin-counts-num">{formatNumber(session.allocated, lang)}</span>
          <span className="gh-checkin-counts-label">{t('checkIn.countAllocated')}</span>
        </div>
        <div>
          <span className="gh-checkin-counts-num">{formatNumber(session.capacity, lang)}</span>
          <span className="gh-checkin-counts-label">{t('checkIn.countCapacity')}</span>
        </div>
      </div>
      <Progress percent={percent} size="small" strokeColor="#52c41a" format={(p) => `${p ?? 0}%`} aria-label={t('checkIn.countPercent', { percent })} />
    </Card>
  );
}

function History({ entries, onClear }: { entries: CheckInEntry[]; onClear: () => void }) {
  const { t, lang } = useI18n();
  return (
    <Card
      title={t('checkIn.history')}
      extra={
        entries.length ? (
          <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onClear} data-testid="checkin-history-clear">
            {t('card.clearHistory')}
          </Button>
        ) : null
      }
    >
      {entries.length ? (
        <ul className="gh-card-history-list" data-testid="checkin-history">
          {entries.map((entry) => (
            <li key={entry.key} data-result={entry.result}>
              <Tag color={RESULT_TAG_COLORS[entry.result]}>{t(`checkIn.result.${entry.result}`)}</Tag>
              <span className="gh-card-history-who">
                {entry.ticket ? (
                  <>
                    <span>{entry.ticket.member.name ?? t('common.none')}</span>{' '}
                    <span className="gh-small gh-checkin-history-seat">
                      {t('checkIn.historySeat', { session: entry.ticket.sessionName, seat: entry.ticket.seatNo })}
                    </span>
                  </>
                ) : (
                  <span className="gh-small">{t('checkIn.unknownTicket')}</span>
                )}
              </span>
              <Typography.Text type="secondary" className="gh-small gh-nowrap">
                {formatChinaTime(entry.checkedAt, lang)}
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

export function CheckInPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [history, setHistory] = useState<CheckInEntry[]>(loadHistory);
  const [current, setCurrent] = useState<CheckInEntry | null>(null);
  const [session, setSession] = useState<CheckInResponse['session']>(() => loadHistory().find((e) => e.session)?.session ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const lastScanRef = useRef<{ code: string; at: number } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const isMobile = useIsMobile();

  // On a phone the result sits below the camera: bring it into view when it changes.
  useEffect(() => {
    if (!isMobile || (!current && !error)) return;
    const element = resultRef.current;
    if (!element) return;
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }, [current, error, isMobile]);

  const check = useCallback(
    async (code: string, via: Via): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      try {
        const response = await api.checkInTicket({ code });
        const entry: CheckInEntry = { ...response, key: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, via };
        setCurrent(entry);
        if (response.session) setSession(response.session);
        setHistory((previous) => {
          const next = [entry, ...previous].slice(0, HISTORY_SIZE);
          storeHistory(next);
          return next;
        });
        navigator.vibrate?.(response.result === 'checked_in' ? 60 : [90, 60, 90]);
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
    [message, t],
  );

  const onScanned = useCallback(
    (raw: string) => {
      const code = raw.trim().slice(0, 100);
      const now = Date.now();
      const last = lastScanRef.current;
      if (last && last.code === code && now - last.at < SAME_CODE_MS) return;
      lastScanRef.current = { code, at: now };
      void check(code, 'camera');
    },
    [check],
  );

  let result;
  if (error) {
    result = (
      <Card className="gh-card-result-card" data-testid="checkin-error">
        <LoadError error={error} compact />
      </Card>
    );
  } else if (current) {
    result = <ResultPanel key={current.key} entry={current} />;
  } else {
    result = (
      <div className="gh-card-result gh-card-result-none" data-testid="checkin-waiting">
        <div className="gh-card-result-head">
          <span className="gh-card-result-icon">
            <ScanOutlined />
          </span>
          <span className="gh-card-result-text">
            <span className="gh-card-result-title">{t('checkIn.waiting')}</span>
            <span className="gh-card-result-hint">{t('checkIn.waitingHint')}</span>
          </span>
        </div>
      </div>
    );
  }

  return (
    <div data-testid="check-in-page" className="gh-checkin">
      <PageHeader title={t('checkIn.title')} subTitle={t('checkIn.subtitle')} />
      <div className="gh-checkin-grid">
        <div className="gh-checkin-col">
          <div className="gh-checkin-area-manual">
            <CodeForm onCheck={check} busy={busy} />
          </div>
          <div className="gh-checkin-area-scan">
            <QrScanner onToken={onScanned} busy={busy} title={t('checkIn.scan')} testIdPrefix="checkin" />
          </div>
        </div>
        <div className="gh-checkin-col">
          <div className="gh-checkin-area-result" ref={resultRef}>
            {result}
          </div>
          {session ? (
            <div className="gh-checkin-area-counts">
              <SessionCounts session={session} />
            </div>
          ) : null}
          <div className="gh-checkin-area-history">
            <History
              entries={history}
              onClear={() => {
                setHistory([]);
                storeHistory([]);
              }}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
