/**
 * "入场核验" at the door of an activity: scan the member's ticket QR code with the device camera,
 * or type / paste the code (a desk scanner types it and presses Enter). A ticket checks in once;
 * the result is big enough to read at arm's length, with the session's running counts. Built for
 * a phone held by staff first (390×844), and for a desk. The door is set to one activity (kept in
 * localStorage for this device): a ticket of another activity is then refused, not checked in.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, Progress, Select, Typography } from 'antd';
import type { InputRef } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, StopFilled, WarningFilled } from '@ant-design/icons';
import { checkInRequestSchema } from '@gonghui/contracts';
import type { Activity, CheckInResponse } from '@gonghui/contracts';
import { DOOR_ACTIVITY_STATUSES, loadDoorActivity, pickDoorActivity, sortForDoor, storeDoorActivity } from '../activity-state';
import { api } from '../api-client';
import { useAuth } from '../auth';
import { PageHeader } from '../components/page-header';
import { QrScanner } from '../components/qr-scanner';
import { CheckHistory, CheckResultArea, CheckResultPanel, ManualEntryCard, loadRecentChecks, useRecentChecks } from '../components/staff-check';
import { formatChinaDateTime, formatChinaTime, formatNumber } from '../format';
import { firstIssueMessage } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

type CheckInResult = CheckInResponse['result'];
type Via = 'camera' | 'typed';

interface CheckInEntry extends CheckInResponse {
  /** Local id for list keys. */
  key: string;
  via: Via;
  /** The activity the door was set to when this ticket was checked, if any. */
  door: { id: string; title: string } | null;
}

interface CheckInBody {
  code: string;
  activityId?: string;
}

/** The session counts on show, with the activity they belong to (hidden when the door moves to another). */
interface ShownCounts {
  session: NonNullable<CheckInResponse['session']>;
  activityId: string | null;
}

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The activities a door may be set to: the scope's published and closed ones, nearest session first. */
function useDoorActivities(enabled: boolean) {
  return useApi(
    async (signal) => {
      const pages = await Promise.all(DOOR_ACTIVITY_STATUSES.map((status) => api.activities({ page: 1, pageSize: 100, status }, signal)));
      return sortForDoor(
        pages.flatMap((p) => p.items),
        Date.now(),
      );
    },
    [],
    enabled,
  );
}

function DoorPicker({
  value,
  onChange,
  activities,
  loading,
  error,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  activities: Activity[] | undefined;
  loading: boolean;
  error: string | null;
}) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" className="gh-checkin-door" data-testid="checkin-door" data-activity-id={value ?? ''}>
      <label className="gh-checkin-door-label" htmlFor="checkin-door-select">
        {t('checkIn.door')}
      </label>
      <Select<string>
        id="checkin-door-select"
        size="large"
        value={value ?? undefined}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={loading}
        placeholder={t('checkIn.doorPlaceholder')}
        onChange={(id) => onChange(id ?? null)}
        options={(activities ?? []).map((a) => ({
          value: a.id,
          label: t('checkIn.doorOption', { title: a.title, id: a.id }),
          sessions: a.sessions,
        }))}
        optionRender={(option) => (
          <span className="gh-stack">
            <span className="gh-checkin-door-title">{option.label}</span>
            <Typography.Text type="secondary" className="gh-small">
              {(option.data.sessions as Activity['sessions'])
                .slice(0, 2)
                .map((s) => `${s.name} · ${formatChinaDateTime(s.startsAt, lang)}`)
                .join('；')}
            </Typography.Text>
          </span>
        )}
        className="gh-full-width"
        popupMatchSelectWidth
        data-testid="checkin-door-select"
      />
      {error ? (
        <Alert type="warning" showIcon title={t('checkIn.doorLoadFailed', { message: error })} className="gh-checkin-door-note" />
      ) : (
        <Typography.Text type={value ? 'secondary' : 'warning'} className="gh-small gh-checkin-door-note" data-testid="checkin-door-help">
          {value ? t('checkIn.doorHelp') : t('checkIn.doorHelpAny')}
        </Typography.Text>
      )}
    </Card>
  );
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
        ? t('checkIn.hint.other_activity', { title: ticket?.activityTitle ?? none, door: entry.door?.title ?? none })
        : t(`checkIn.hint.${entry.result}`);
  const items = ticket
    ? [
        { key: 'activity', label: t('checkIn.activity'), children: <span data-testid="checkin-activity">{ticket.activityTitle}</span> },
        ...(entry.result === 'other_activity' && entry.door
          ? [{ key: 'door', label: t('checkIn.door'), children: <span data-testid="checkin-door-title">{entry.door.title}</span> }]
          : []),
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
  const { can } = useAuth();
  const doors = useDoorActivities(can('activity.read'));
  const [remembered, setRemembered] = useState<string | null>(() => loadDoorActivity(localStore()));
  const door = pickDoorActivity(remembered, doors.data);
  const doorActivity = doors.data?.find((a) => a.id === door) ?? null;
  const [counts, setCounts] = useState<ShownCounts | null>(() => {
    const last = loadRecentChecks<CheckInEntry>(HISTORY_KEY).find((e) => e.session && e.result !== 'other_activity');
    return last?.session ? { session: last.session, activityId: last.ticket?.activityId ?? null } : null;
  });

  // A remembered activity that is no longer open for check-in (cancelled, out of scope) is forgotten.
  useEffect(() => {
    if (remembered && doors.data && !door) {
      storeDoorActivity(localStore(), null);
      setRemembered(null);
    }
  }, [remembered, door, doors.data]);

  const chooseDoor = (id: string | null) => {
    storeDoorActivity(localStore(), id);
    setRemembered(id);
  };

  // The door as the checks see it: the one chosen when the code was sent.
  const doorRef = useRef<{ id: string; title: string } | null>(null);
  doorRef.current = door ? { id: door, title: doorActivity?.title ?? door } : null;

  const { history, current, error, busy, check, isNewScan, clearHistory, resultRef } = useRecentChecks({
    storageKey: HISTORY_KEY,
    send: (body: CheckInBody) => api.checkInTicket(body),
    toEntry: ({ response, body, via, key }: { response: CheckInResponse; body: CheckInBody; via: Via; key: string }): CheckInEntry => ({
      ...response,
      key,
      via,
      door: body.activityId ? { id: body.activityId, title: doorRef.current?.id === body.activityId ? doorRef.current.title : body.activityId } : null,
    }),
    isSuccess: (entry) => entry.result === 'checked_in',
    onEntry: (entry) => {
      // Another activity's ticket says nothing about this door's session.
      if (entry.session && entry.result !== 'other_activity') setCounts({ session: entry.session, activityId: entry.ticket?.activityId ?? null });
    },
  });

  const send = useCallback((code: string, via: Via) => check({ code, ...(doorRef.current ? { activityId: doorRef.current.id } : {}) }, via), [check]);

  const onScanned = useCallback(
    (raw: string) => {
      const code = raw.trim().slice(0, 100);
      if (!isNewScan(code)) return;
      void send(code, 'camera');
    },
    [send, isNewScan],
  );

  const shownCounts = useMemo(() => (counts && (!door || !counts.activityId || counts.activityId === door) ? counts.session : null), [counts, door]);

  const result = (
    <CheckResultArea
      error={error}
      current={current}
      renderEntry={(entry) => <ResultPanel key={entry.key} entry={entry} />}
      errorTestId="checkin-error"
      waitingTitle={doorActivity ? t('checkIn.doorNow', { title: doorActivity.title }) : t('checkIn.waiting')}
      waitingHint={t('checkIn.waitingHint')}
      waitingTestId="checkin-waiting"
    />
  );

  return (
    <div data-testid="check-in-page" className="gh-checkin">
      <PageHeader title={t('checkIn.title')} subTitle={t('checkIn.subtitle')} />
      {can('activity.read') ? (
        <DoorPicker value={door} onChange={chooseDoor} activities={doors.data} loading={doors.loading} error={doors.error ? doors.error.message : null} />
      ) : null}
      <div className="gh-checkin-grid">
        <div className="gh-checkin-col">
          <div className="gh-checkin-area-manual">
            <CodeForm onCheck={send} busy={busy} />
          </div>
          <div className="gh-checkin-area-scan">
            <QrScanner onToken={onScanned} busy={busy} title={t('checkIn.scan')} testIdPrefix="checkin" />
          </div>
        </div>
        <div className="gh-checkin-col">
          <div className="gh-checkin-area-result" ref={resultRef}>
            {result}
          </div>
          {shownCounts ? (
            <div className="gh-checkin-area-counts">
              <SessionCounts session={shownCounts} />
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
                      {entry.result === 'other_activity'
                        ? entry.ticket.activityTitle
                        : t('checkIn.historySeat', { session: entry.ticket.sessionName, seat: entry.ticket.seatNo })}
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
