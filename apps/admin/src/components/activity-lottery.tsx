/**
 * A lottery's public values and its draw: the commitment, the close of registration, per session the
 * places, the entrants and the entrant digest, the revealed seed; the 抽签 button (once windowEnd has
 * passed on the server's clock, until drawn) and the link to the public verification page.
 */
import { useEffect, useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Row, Table, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { ExportOutlined, TrophyOutlined } from '@ant-design/icons';
import type { Activity } from '@gonghui/contracts';
import { drawState, entrantTotals, serverClockOffset, winnersOf } from '../activity-state';
import type { DrawState } from '../activity-state';
import { api, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { formatChinaDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';

type Session = Activity['sessions'][number];

/** setTimeout takes at most 2^31 - 1 ms; a later close is rechecked then. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The draw state on the server's clock (the answer's `serverTime`, not the browser's), moved on when
 * windowEnd passes while the page is open; `onClose` then reloads to fetch the published digests.
 */
function useDrawState(activity: Activity, onClose: () => void): DrawState {
  const offset = useMemo(() => serverClockOffset(activity.serverTime, Date.now()), [activity]);
  const [now, setNow] = useState(() => Date.now() + offset);
  const state = drawState(activity, now);

  useEffect(() => {
    setNow(Date.now() + offset);
  }, [offset]);

  useEffect(() => {
    if (state !== 'registration_open') return;
    const wait = Date.parse(activity.windowEnd) - (Date.now() + offset);
    const timer = window.setTimeout(
      () => {
        setNow(Date.now() + offset);
        if (Date.now() + offset >= Date.parse(activity.windowEnd)) onClose();
      },
      Math.min(Math.max(wait, 0) + 1000, MAX_TIMER_MS),
    );
    return () => window.clearTimeout(timer);
  }, [state, activity.windowEnd, offset, onClose]);

  return state;
}

function Hash({ value, testId, pending }: { value: string | null | undefined; testId: string; pending: MessageKey }) {
  const { t } = useI18n();
  return value ? (
    <Typography.Text className="gh-mono gh-break" copyable data-testid={testId}>
      {value}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary" data-testid={`${testId}-pending`}>
      {t(pending)}
    </Typography.Text>
  );
}

function DrawButton({ activity, state, onDrawn }: { activity: Activity; state: DrawState; onDrawn: (error: string | null) => void }) {
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const totals = entrantTotals(activity);

  const confirm = () =>
    modal.confirm({
      title: t('lottery.drawTitle', { title: activity.title }),
      content: (
        <div className="gh-confirm-text">
          <p>
            {t('lottery.drawText', {
              sessions: activity.sessions.length,
              entrants: formatNumber(totals.entrants, lang),
              places: formatNumber(totals.places, lang),
              hours: activity.confirmHours,
            })}
          </p>
          <p>
            <strong>{t('lottery.drawFinal')}</strong>
          </p>
        </div>
      ),
      okText: t('lottery.draw'),
      okButtonProps: { 'data-testid': 'confirm-draw' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.drawLottery(activity.id);
          message.success(t('lottery.drawDone'));
          onDrawn(null);
        } catch (error) {
          // 409 REGISTRATION_OPEN / ALREADY_DRAWN (e.g. drawn meanwhile from the command line): say so and show the current state.
          onDrawn(isApiError(error) ? error.message : t('errors.network'));
        }
      },
    });

  return (
    <Button type="primary" icon={<TrophyOutlined />} disabled={state !== 'ready'} onClick={confirm} data-testid="lottery-draw" data-state={state}>
      {t('lottery.draw')}
    </Button>
  );
}

export function LotteryPanel({ activity, onChanged }: { activity: Activity; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const state = useDrawState(activity, onChanged);
  const [drawError, setDrawError] = useState<string | null>(null);
  const lottery = activity.lottery;
  const drawn = state === 'drawn';
  const totals = entrantTotals(activity);

  const stateText = t(`lottery.state.${state}`, {
    time: formatChinaDateTime(state === 'drawn' ? lottery?.drawnAt : activity.windowEnd, lang, state === 'drawn'),
  });

  const items: DescriptionsProps['items'] = [
    { key: 'commitment', label: t('lottery.commitment'), children: <Hash value={lottery?.commitment} testId="lottery-commitment" pending="lottery.commitmentPending" /> },
    {
      key: 'close',
      label: t('lottery.closeTime'),
      children: (
        <span data-testid="lottery-closed-at">
          {lottery?.closedAt
            ? t('lottery.closedAt', { time: formatChinaDateTime(lottery.closedAt, lang, true) })
            : t('lottery.closePlanned', { time: formatChinaDateTime(activity.windowEnd, lang) })}
        </span>
      ),
    },
    { key: 'seed', label: t('lottery.seed'), children: <Hash value={lottery?.seed} testId="lottery-seed" pending="lottery.seedPending" /> },
    {
      key: 'drawnAt',
      label: t('lottery.drawnAt'),
      children: lottery?.drawnAt ? formatChinaDateTime(lottery.drawnAt, lang, true) : <Typography.Text type="secondary">{t('lottery.notDrawn')}</Typography.Text>,
    },
    { key: 'confirm', label: t('activity.confirmHours'), children: t('activity.hoursValue', { n: activity.confirmHours }) },
  ];

  const columns: TableColumnsType<Session> = [
    { key: 'name', title: t('activity.sessionName'), render: (_, s) => s.name },
    { key: 'places', title: t('lottery.places'), width: 80, align: 'right', render: (_, s) => formatNumber(s.capacity, lang) },
    {
      key: 'entrants',
      title: t('lottery.entrants'),
      width: 90,
      align: 'right',
      render: (_, s) => (
        <span data-testid={`lottery-entrants-${s.id}`} data-value={s.entrants}>
          {formatNumber(s.entrants, lang)}
        </span>
      ),
    },
    ...(drawn ? [{ key: 'winners', title: t('lottery.winners'), width: 80, align: 'right' as const, render: (_: unknown, s: Session) => formatNumber(winnersOf(s), lang) }] : []),
    {
      key: 'digest',
      title: t('lottery.digest'),
      width: 300,
      render: (_, s) => <Hash value={s.entrantsDigest} testId={`lottery-digest-${s.id}`} pending="lottery.entrantsPending" />,
    },
  ];

  const publicUrl = `/lottery/${encodeURIComponent(activity.id)}`;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          size="small"
          title={t('lottery.title')}
          className="gh-detail-card"
          extra={can('activity.write') && (state === 'ready' || state === 'registration_open') ? <DrawButton activity={activity} state={state} onDrawn={(error) => (setDrawError(error), onChanged())} /> : null}
        >
          <Alert
            type={state === 'ready' ? 'warning' : state === 'drawn' ? 'success' : 'info'}
            showIcon
            title={stateText}
            className="gh-page-alert"
            data-testid="lottery-state"
            data-state={state}
          />
          {drawError ? <Alert type="error" showIcon closable title={drawError} onClose={() => setDrawError(null)} className="gh-page-alert" data-testid="lottery-draw-error" /> : null}
          <Descriptions size="small" column={1} bordered items={items} data-testid="lottery-info" />
          <div className="gh-lottery-link">
            <a href={publicUrl} target="_blank" rel="noopener noreferrer" data-testid="lottery-public-link">
              <ExportOutlined /> {t('lottery.publicPage')}
            </a>
            <Typography.Text type="secondary" className="gh-small">
              {window.location.origin}
              {publicUrl}
            </Typography.Text>
          </div>
        </Card>
        <Card
          size="small"
          title={t('lottery.sessions')}
          className="gh-detail-card"
          extra={
            <Typography.Text type="secondary" data-testid="lottery-totals">
              {t('lottery.totals', { entrants: formatNumber(totals.entrants, lang), places: formatNumber(totals.places, lang) })}
            </Typography.Text>
          }
        >
          <Table<Session>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={activity.sessions}
            pagination={false}
            scroll={{ x: 640 }}
            onRow={(s) => ({ 'data-testid': `lottery-session-${s.id}` }) as HTMLAttributes<HTMLElement>}
            data-testid="lottery-sessions"
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('lottery.howTitle')}>
          <ol className="gh-lottery-steps">
            <li>{t('lottery.how1')}</li>
            <li>{t('lottery.how2')}</li>
            <li>{t('lottery.how3')}</li>
            <li>{t('lottery.how4')}</li>
          </ol>
        </Card>
      </Col>
    </Row>
  );
}
