/**
 * "入场核验" at the door of an activity: scan the member's ticket QR code with the device camera,
 * or type / paste the code (a desk scanner types it and presses Enter). A ticket checks in once;
 * the result is big enough to read at arm's length, with the session's running counts. Built for
 * a phone held by staff first (390×844), and for a desk.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Card, Form, Input, Progress, Typography } from 'antd';
import type { InputRef } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, StopFilled, WarningFilled } from '@ant-design/icons';
import { checkInRequestSchema } from '@gonghui/contracts';
import type { CheckInResponse } from '@gonghui/contracts';
import { api } from '../api-client';
import { PageHeader } from '../components/page-header';
import { QrScanner } from '../components/qr-scanner';
import { CheckHistory, CheckResultArea, CheckResultPanel, ManualEntryCard, loadRecentChecks, useRecentChecks } from '../components/staff-check';
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
    <ManualEntryCard title={t('checkIn.manual')}>
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
    </ManualEntryCard>
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
    <CheckResultPanel
      className={`gh-card-result gh-checkin-result gh-checkin-result-${entry.result}`}
      testId="checkin-result"
      result={entry.result}
      icon={RESULT_ICONS[entry.result]}
      title={t(`checkIn.result.${entry.result}`)}
      hint={hint}
      items={items}
      meta={
        <>
          {t('checkIn.checkedAt', { time: formatChinaDateTime(entry.checkedAt, lang, true) })} · {t(`checkIn.via.${entry.via}`)}
        </>
      }
    />
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

export function CheckInPage() {
  const { t, lang } = useI18n();
  const [session, setSession] = useState<CheckInResponse['session']>(() => loadRecentChecks<CheckInEntry>(HISTORY_KEY).find((e) => e.session)?.session ?? null);
  const { history, current, error, busy, check, isNewScan, clearHistory, resultRef } = useRecentChecks({
    storageKey: HISTORY_KEY,
    send: (body: { code: string }) => api.checkInTicket(body),
    toEntry: ({ response, via, key }: { response: CheckInResponse; via: Via; key: string }): CheckInEntry => ({ ...response, key, via }),
    isSuccess: (entry) => entry.result === 'checked_in',
    onEntry: (entry) => {
      if (entry.session) setSession(entry.session);
    },
  });

  const checkCode = useCallback((code: string, via: Via) => check({ code }, via), [check]);

  const onScanned = useCallback(
    (raw: string) => {
      const code = raw.trim().slice(0, 100);
      if (!isNewScan(code)) return;
      void check({ code }, 'camera');
    },
    [check, isNewScan],
  );

  const result = (
    <CheckResultArea
      error={error}
      current={current}
      renderEntry={(entry) => <ResultPanel key={entry.key} entry={entry} />}
      errorTestId="checkin-error"
      waitingTitle={t('checkIn.waiting')}
      waitingHint={t('checkIn.waitingHint')}
      waitingTestId="checkin-waiting"
    />
  );

  return (
    <div data-testid="check-in-page" className="gh-checkin">
      <PageHeader title={t('checkIn.title')} subTitle={t('checkIn.subtitle')} />
      <div className="gh-checkin-grid">
        <div className="gh-checkin-col">
          <div className="gh-checkin-area-manual">
            <CodeForm onCheck={checkCode} busy={busy} />
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
            <CheckHistory
              entries={history}
              onClear={clearHistory}
              title={t('checkIn.history')}
              listTestId="checkin-history"
              clearTestId="checkin-history-clear"
              tagColor={(entry) => RESULT_TAG_COLORS[entry.result]}
              tagLabel={(entry) => t(`checkIn.result.${entry.result}`)}
              renderWho={(entry) =>
                entry.ticket ? (
                  <>
                    <span>{entry.ticket.member.name ?? t('common.none')}</span>{' '}
                    <span className="gh-small gh-checkin-history-seat">
                      {t('checkIn.historySeat', { session: entry.ticket.sessionName, seat: entry.ticket.seatNo })}
                    </span>
                  </>
                ) : (
                  <span className="gh-small">{t('checkIn.unknownTicket')}</span>
                )
              }
              formatTime={(iso) => formatChinaTime(iso, lang)}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
