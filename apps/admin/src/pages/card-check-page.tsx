/**
 * "会员卡核验" at a service point: scan the member's electronic card with the device camera
 * (getUserMedia + jsQR), paste the QR content (or let a USB scanner type it), or type the card
 * number and the 8-digit code. Built for a phone held by service staff as much as for a desk.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Divider, Form, Input } from 'antd';
import type { FormRule, InputRef } from 'antd';
import { CheckCircleFilled, ClockCircleFilled, CloseCircleFilled, StopFilled } from '@ant-design/icons';
import { cardCheckRequestSchema } from '@gonghui/contracts';
import type { CardCheckResponse, Lang } from '@gonghui/contracts';
import { api } from '../api-client';
import type { CardCheckRequest, SchemaLike } from '../api-client';
import { PageHeader } from '../components/page-header';
import { QrScanner } from '../components/qr-scanner';
import { CheckHistory, CheckResultArea, CheckResultPanel, ManualEntryCard, useRecentChecks } from '../components/staff-check';
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
    <ManualEntryCard title={t('card.manual')} className="gh-card-manual">
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
    </ManualEntryCard>
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
    <CheckResultPanel
      className={`gh-card-result gh-card-result-${entry.result}`}
      testId="card-check-result"
      result={entry.result}
      icon={RESULT_ICONS[entry.result]}
      title={t(`card.result.${entry.result}`)}
      hint={t(`card.hint.${entry.result}`)}
      items={items}
      meta={
        <>
          {t('card.checkedAt', { time: formatDateTime(entry.checkedAt, lang) })} · {t(`card.via.${entry.via}`)}
        </>
      }
    />
  );
}

const RESULT_TAG_COLORS: Record<CheckResult, string> = { valid: 'success', expired: 'warning', invalid: 'error', not_member: 'error' };

export function CardCheckPage() {
  const { t, lang } = useI18n();
  const { history, current, error, busy, check, isNewScan, clearHistory, resultRef } = useRecentChecks({
    storageKey: HISTORY_KEY,
    send: (body: CardCheckRequest) => api.checkCard(body),
    toEntry: ({ response, body, via, key }: { response: CardCheckResponse; body: CardCheckRequest; via: Via; key: string }): CheckEntry => ({
      ...response,
      key,
      via,
      cardNoTyped: 'cardNo' in body ? body.cardNo : cardNoOfToken(body.token),
    }),
    isSuccess: (entry) => entry.result === 'valid',
  });

  const onScanned = useCallback(
    (token: string) => {
      if (!isNewScan(token)) return;
      void check({ token: token.trim().slice(0, 100) }, 'camera');
    },
    [check, isNewScan],
  );

  const result = (
    <CheckResultArea
      error={error}
      current={current}
      renderEntry={(entry) => <ResultPanel key={entry.key} entry={entry} />}
      errorTestId="card-check-error"
      waitingTitle={t('card.waiting')}
      waitingHint={t('card.waitingHint')}
    />
  );

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
          <CheckHistory
            entries={history}
            onClear={clearHistory}
            title={t('card.history')}
            className="gh-card-history"
            listTestId="card-check-history"
            clearTestId="card-history-clear"
            tagColor={(entry) => RESULT_TAG_COLORS[entry.result]}
            tagLabel={(entry) => t(`card.result.${entry.result}`)}
            renderWho={(entry) =>
              entry.card ? (
                <>
                  <span>{entry.card.name}</span> <span className="gh-mono gh-small">{entry.card.cardNo}</span>
                </>
              ) : (
                <span className="gh-mono gh-small">{entry.cardNoTyped ?? t('card.unknownCard')}</span>
              )
            }
            formatTime={(iso) => formatTime(iso, lang)}
          />
        </div>
      </div>
    </div>
  );
}
