/**
 * 授权管理: each consent with the version agreed to and when, a switch to grant or withdraw, and its
 * history. Required ones (用户协议, 隐私政策) cannot be withdrawn alone: the server answers
 * CONSENT_REQUIRED and the member is told that closing the account is the way out.
 */
import { useState } from 'react';
import { Switch, Tag, Toast } from 'antd-mobile';
import { CONSENT_LABELS, type Consent } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n';
import { formatDateTime } from '../member-labels';
import { ErrorState, LoadingCard } from './async-states';
import { confirmDialog } from './confirm';

export function ConsentsSection({ initial, onCloseAccount }: { initial: Consent[]; onCloseAccount: () => void }) {
  const { t } = useI18n();
  const resource = useResource(async (signal) => (await api.consents(signal)).items, []);
  const [busy, setBusy] = useState<string | null>(null);
  const items = resource.data ?? (resource.state.status === 'error' ? initial : null);

  const toggle = async (consent: Consent, grant: boolean) => {
    if (busy) return;
    setBusy(consent.kind);
    try {
      const result = grant ? await api.grantConsent(consent.kind) : await api.withdrawConsent(consent.kind);
      resource.setData(result.items);
      Toast.show({ icon: 'success', content: grant ? t('consents.granted') : t('consents.withdrawn') });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONSENT_REQUIRED') {
        const close = await confirmDialog({
          title: t('consents.requiredTitle'),
          content: (
            <div className="dialog-text" data-testid="consent-required">
              <p>{error.message}</p>
              <p>{t('consents.requiredText')}</p>
            </div>
          ),
          confirmText: t('close.title'),
          cancelText: t('consents.keep'),
        });
        if (close) onCloseAccount();
      } else {
        Toast.show({ icon: 'fail', content: errorMessage(error) });
      }
    } finally {
      setBusy(null);
    }
  };

  if (!items && resource.state.status === 'loading') return <LoadingCard testId="consents-loading" lines={3} />;
  if (!items) return <ErrorState message={resource.state.status === 'error' ? resource.state.message : ''} onRetry={() => void resource.reload()} testId="consents-error" />;
  return (
    <ul className="consent-list" data-testid="consents">
      {items.map((consent) => (
        <ConsentRow key={consent.kind} consent={consent} busy={busy === consent.kind} onToggle={(grant) => void toggle(consent, grant)} />
      ))}
    </ul>
  );
}

function ConsentRow({ consent, busy, onToggle }: { consent: Consent; busy: boolean; onToggle: (grant: boolean) => void }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const outdated = consent.granted && consent.version !== null && consent.version !== consent.currentVersion;
  return (
    <li className="consent-item" data-testid={`consent-${consent.kind}`} data-granted={consent.granted}>
      <div className="consent-item-head">
        <div className="consent-item-text">
          <span className="consent-item-label">
            {CONSENT_LABELS[consent.kind][lang]}
            {consent.required ? (
              <Tag color="danger" fill="outline" className="consent-required-tag" data-testid={`consent-${consent.kind}-required`}>
                {t('consents.required')}
              </Tag>
            ) : null}
          </span>
          <span className="consent-item-meta">
            {consent.granted
              ? t('consents.grantedAt', { version: consent.version ?? consent.currentVersion, at: formatDateTime(consent.grantedAt, lang) ?? '—' })
              : consent.withdrawnAt
                ? t('consents.withdrawnAt', { at: formatDateTime(consent.withdrawnAt, lang) ?? '—' })
                : t('consents.never')}
          </span>
          {outdated ? (
            <button type="button" className="link-button consent-update" onClick={() => onToggle(true)} data-testid={`consent-${consent.kind}-update`}>
              {t('consents.newVersion', { version: consent.currentVersion })}
            </button>
          ) : null}
        </div>
        <Switch checked={consent.granted} loading={busy} onChange={(checked) => onToggle(checked)} data-testid={`consent-${consent.kind}-switch`} aria-label={CONSENT_LABELS[consent.kind][lang]} />
      </div>
      {consent.history.length > 0 ? (
        <>
          <button type="button" className="link-button consent-history-toggle" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
            {open ? t('consents.hideHistory') : t('consents.showHistory', { count: consent.history.length })}
          </button>
          {open ? (
            <ol className="consent-history">
              {consent.history.map((entry, index) => (
                <li key={`${entry.at}-${index}`}>
                  <span>{entry.action === 'granted' ? t('consents.actionGranted') : t('consents.actionWithdrawn')}</span>
                  <span>{t('consents.version', { version: entry.version })}</span>
                  <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
                  {entry.channel ? <span className="consent-channel">{entry.channel}</span> : null}
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </li>
  );
}
