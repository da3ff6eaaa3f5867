/**
 * "会员卡核验" at a service point: scan the member's electronic card with the device camera
 * (getUserMedia + jsQR), paste the QR content (or let a USB scanner type it), or type the card
 * number and the 8-digit code. Built for a phone held by service staff as much as for a desk.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Divider, Empty, Form, Input, Tag, Typography } from 'antd';
import type { FormRule, InputRef } from 'antd';
import {
  CheckCircleFilled,
  ClockCircleFilled,
  CloseCircleFilled,
  DeleteOutlined,
  FormOutlined,
  ScanOutlined,
  StopFilled,
} from '@ant-design/icons';
import { cardCheckRequestSchema } from '@gonghui/contracts';
import type { CardCheckResponse, Lang } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { ApiError, CardCheckRequest, SchemaLike } from '../api-client';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { QrScanner } from '../components/qr-scanner';
import { MemberStatusTag } from '../components/tags';
import { formatDate, formatDateTime, formatTime } from '../format';
import { firstIssueMessage } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';

type CheckResult = CardCheckResponse['result'];
/** How the card reached us: the camera, the QR content pasted or typed by a desk scanner, or card number + code. */
type Via = 'camera' | 'token' | 'code';

interface CheckEntry extends CardCheckResponse {
  /** Local id for list keys. */
  key: string;
  via: Via;
  /** What was checked, for the history when there is no card: the card number typed, if any. */
  cardNoTyped: string | null;
}

const HISTORY_KEY = 'gh_card_checks';
const HISTORY_SIZE = 10;
/** The same token scanned again within this window is the same card still in front of the camera. */
const SAME_TOKEN_MS = 8000;

const typedShape = cardCheckRequestSchema.options[1].shape;

/**
 * Checks a typed field once it has a value: empty is fine here (the token may be given instead);
 * submit decides what is missing.
 */
function filledRule(schema: SchemaLike<unknown>, lang: Lang): FormRule {
  return {
    validator: async (_rule, raw: unknown) => {
      if (typeof raw !== 'string' || raw.trim() === '') return;
      const result = schema.safeParse(raw);
      if (!result.success) throw new Error(firstIssueMessage(result.error, lang, raw));
    },
  };
}

/** The card number inside a `GH1:<cardNo>:<step>:<code>` token, for the history of unrecognised cards. */
function cardNoOfToken(token: string): string | null {
  return /^GH1:([A-Za-z0-9]{1,20}):/.exec(token)?.[1] ?? null;
}

/** The checks of this browser tab (masked names only), so leaving the page does not lose them. */
function loadHistory(): CheckEntry[] {
  try {
    const raw = window.sessionStorage.getItem(HISTORY_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as CheckEntry[]).slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

function storeHistory(entries: CheckEntry[]): void {
  try {
    window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // Storage can be unavailable (private mode); the list still lives in memory.
  }
}

interface TypedValues {
  token?: string;
  cardNo?: string;
  code?: string;
}

function ManualForm({ onCheck, busy }: { onCheck: (body: CardCheckRequest, via: Via) => Promise<boolean>; busy: boolean }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<TypedValues>();
  const tokenRef = useRef<InputRef>(null);
  const [hint, setHint] = useState<string | null>(null);

  // A desk scanner types into the focused field and presses Enter.
  useEffect(() => {
    if (!isMobile) tokenRef.current?.focus();
  }, [isMobile]);

  const submit = async (values: TypedValues) => {
    setHint(null);
    const token = values.token?.trim();
    let body: CardCheckRequest;
    if (token) {
      body = { token };
    } else {
      const typed = { cardNo: values.cardNo?.trim() ?? '', code: values.code?.trim() ?? '' };
      if (!typed.cardNo && !typed.code) {
        setHint(t('card.needInput'));
        return;
      }
      const parsed = cardCheckRequestSchema.options[1].safeParse(typed);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path[0] === 'code' ? 'code' : 'cardNo';
        form.setFields([{ name: field, errors: [firstIssueMessage(parsed.error, lang, typed[field])] }]);
        return;
      }
      body = parsed.data;
    }
    const ok = await onCheck(body, token ? 'token' : 'code');
    if (ok) {
      form.resetFields(token ? ['token'] : ['code']);
      if (!isMobile) tokenRef.current?.focus();
    }
  };

  return (
    <Card
      className="gh-card-manual"
      title={
        <span className="gh-stat-title">
          <FormOutlined />
          {t('card.manual')}
        </span>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="card-check-form">
        <Form.Item name="token" label={t('card.token')} extra={t('card.tokenHelp')}>
          <Input
            ref={tokenRef}
            allowClear
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            placeholder={t('card.tokenPlaceholder')}
            className="gh-mono"
            data-testid="card-check-token"
          />
        </Form.Item>
        <Divider plain className="gh-card-or">
          {t('card.or')}
        </Divider>
        <div className="gh-card-typed">
          <Form.Item
            name="cardNo"
            label={t('card.cardNo')}
            rules={[filledRule(typedShape.cardNo, lang)]}
            validateTrigger="onBlur"
            normalize={(v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)}
          >
            <Input allowClear autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={20} className="gh-mono" data-testid="card-check-cardno" />
          </Form.Item>
          <Form.Item name="code" label={t('card.code')} validateTrigger="onBlur" rules={[filledRule(typedShape.code, lang)]}>
            <Input
              allowClear
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={8}
              placeholder={t('card.codePlaceholder')}
              className="gh-mono gh-card-code"
              data-testid="card-check-code"
            />
          </Form.Item>
        </div>
        {hint ? <Alert type="info" showIcon title={hint} className="gh-form-alert" /> : null}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="card-check-submit">
          {t('card.submit')}
        </Button>
      </Form>
    </Card>
  );
}

const RESULT_ICONS: Record<CheckResult, ReactNode> = {
  valid: <CheckCircleFilled />,
  expired: <ClockCircleFilled />,
  invalid: <CloseCircleFilled />,
  not_member: <StopFilled />,
};

function ResultPanel({ entry }: { entry: CheckEntry }) {
  const { t, lang } = useI18n();
  const { card } = entry;
  const items = card
    ? [
        { key: 'name', label: t('card.name'), children: <span data-testid="card-check-name">{card.name}</span> },
        { key: 'cardNo', label: t('card.cardNo'), children: <span className="gh-mono" data-testid="card-check-card-no">{card.cardNo}</span> },
        { key: 'union', label: t('card.union'), children: card.orgName ?? t('common.none') },
        { key: 'joinedAt', label: t('card.joinedAt'), children: formatDate(card.joinedAt, lang) },
        { key: 'status', label: t('card.memberStatus'), children: <MemberStatusTag status={card.status} /> },
      ]
    : [];
  return (
    <div className={`gh-card-result gh-card-result-${entry.result}`} data-testid="card-check-result" data-result={entry.result} role="status" aria-live="polite">
      <div className="gh-card-result-head">
        <span className="gh-card-result-icon">{RESULT_ICONS[entry.result]}</span>
        <span className="gh-card-result-text">
          <span className="gh-card-result-title">{t(`card.result.${entry.result}`)}</span>
          <span className="gh-card-result-hint">{t(`card.hint.${entry.result}`)}</span>
        </span>
      </div>
      {items.length ? <Descriptions size="small" column={1} items={items} className="gh-card-result-details" /> : null}
      <div className="gh-card-result-meta">
        {t('card.checkedAt', { time: formatDateTime(entry.checkedAt, lang) })} · {t(`card.via.${entry.via}`)}
      </div>
    </div>
  );
}

const RESULT_TAG_COLORS: Record<CheckResult, string> = { valid: 'success', expired: 'warning', invalid: 'error', not_member: 'error' };

function History({ entries, onClear }: { entries: CheckEntry[]; onClear: () => void }) {
  const { t, lang } = useI18n();
  return (
    <Card
      className="gh-card-history"
      title={t('card.history')}
      extra={
        entries.length ? (
          <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onClear} data-testid="card-history-clear">
            {t('card.clearHistory')}
          </Button>
        ) : null
      }
    >
      {entries.length ? (
        <ul className="gh-card-history-list" data-testid="card-check-history">
          {entries.map((entry) => (
            <li key={entry.key} data-result={entry.result}>
              <Tag color={RESULT_TAG_COLORS[entry.result]}>{t(`card.result.${entry.result}`)}</Tag>
              <span className="gh-card-history-who">
                {entry.card ? (
                  <>
                    <span>{entry.card.name}</span> <span className="gh-mono gh-small">{entry.card.cardNo}</span>
                  </>
                ) : (
                  <span className="gh-mono gh-small">{entry.cardNoTyped ?? t('card.unknownCard')}</span>
                )}
              </span>
              <Typography.Text type="secondary" className="gh-small gh-nowrap">
                {formatTime(entry.checkedAt, lang)}
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

export function CardCheckPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [history, setHistory] = useState<CheckEntry[]>(loadHistory);
  const [current, setCurrent] = useState<CheckEntry | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const lastScanRef = useRef<{ token: string; at: number } | null>(null);
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
    async (body: CardCheckRequest, via: Via): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      try {
        const response = await api.checkCard(body);
        const entry: CheckEntry = {
          ...response,
          key: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          via,
          cardNoTyped: 'cardNo' in body ? body.cardNo : cardNoOfToken(body.token),
        };
        setCurrent(entry);
        setHistory((previous) => {
          const next = [entry, ...previous].slice(0, HISTORY_SIZE);
          storeHistory(next);
          return next;
        });
        navigator.vibrate?.(response.result === 'valid' ? 60 : [90, 60, 90]);
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
    (token: string) => {
      const now = Date.now();
      const last = lastScanRef.current;
      if (last && last.token === token && now - last.at < SAME_TOKEN_MS) return;
      lastScanRef.current = { token, at: now };
      void check({ token: token.trim().slice(0, 100) }, 'camera');
    },
    [check],
  );

  let result;
  if (error) {
    result = (
      <Card className="gh-card-result-card" data-testid="card-check-error">
        <LoadError error={error} compact />
      </Card>
    );
  } else if (current) {
    result = <ResultPanel key={current.key} entry={current} />;
  } else {
    result = (
      <div className="gh-card-result gh-card-result-none">
        <div className="gh-card-result-head">
          <span className="gh-card-result-icon">
            <ScanOutlined />
          </span>
          <span className="gh-card-result-text">
            <span className="gh-card-result-title">{t('card.waiting')}</span>
            <span className="gh-card-result-hint">{t('card.waitingHint')}</span>
          </span>
        </div>
      </div>
    );
  }

  return (
    <div data-testid="card-check-page" className="gh-card-check">
      <PageHeader title={t('card.title')} subTitle={t('card.subtitle')} />
      <div className="gh-card-grid">
        <div className="gh-card-area-scan">
          <QrScanner onToken={onScanned} busy={busy} title={t('card.scan')} testIdPrefix="card" className="gh-card-scan" />
        </div>
        <div className="gh-card-area-result" ref={resultRef}>
          {result}
        </div>
        <div className="gh-card-area-manual">
          <ManualForm onCheck={check} busy={busy} />
        </div>
        <div className="gh-card-area-history">
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
  );
}
