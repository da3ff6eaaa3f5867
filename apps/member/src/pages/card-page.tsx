/**
 * 电子会员卡: the card (union red and gold) and a QR code that changes every minute, with the 8-digit
 * code under it for typing. The page fetches a fresh token when the server says the current one ends,
 * and whenever the phone comes back to the page.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { MemberCard, MemberStatus } from '@gonghui/contracts';
import { api } from '../api-client';
import { useAuth } from '../auth';
import { ErrorState, LoadingCard } from '../components/async-states';
import { BrandMark, CardIcon, RefreshIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { usePageVisible } from '../hooks/use-page-visible';
import { useResource } from '../hooks/use-resource';
import { useI18n, type MessageKey } from '../i18n';
import { formatDate, groupDigits, memberStatusKey } from '../member-labels';

const CARD_STATUSES: readonly MemberStatus[] = ['active', 'held'];

export function CardPage() {
  const { t } = useI18n();
  const { me, refresh } = useAuth();
  // The status decides whether there is a card; make sure it is the current one.
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const member = me?.member ?? null;
  const available = member !== null && CARD_STATUSES.includes(member.status);
  return (
    <div className="sub-page card-page">
      <PageHeader title={t('card.title')} />
      {available ? <CardView /> : <CardUnavailable status={member?.status ?? null} verified={member?.verification === 'verified'} />}
    </div>
  );
}

function CardUnavailable({ status, verified }: { status: MemberStatus | null; verified: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  let text: MessageKey = 'card.unavailable.none';
  let action: { label: MessageKey; to: string } | null = { label: 'verify.title', to: '/verify' };
  if (verified && (status === 'registered' || status === null)) {
    text = 'card.unavailable.registered';
    action = { label: 'home.findUnion', to: '/orgs' };
  } else if (status === 'pending') {
    text = 'card.unavailable.pending';
    action = { label: 'membership.title', to: '/membership' };
  } else if (status === 'ended') {
    text = 'card.unavailable.ended';
    action = { label: 'membership.title', to: '/membership' };
  }
  return (
    <section className="card status-card" data-testid="card-unavailable" data-status={status ?? 'none'}>
      <div className="status-card-icon status-card-icon--muted">
        <CardIcon size={40} />
      </div>
      <h2 className="status-card-title">{t('card.unavailableTitle')}</h2>
      <p className="status-card-text">{t(text)}</p>
      {action ? (
        <Button block color="primary" shape="rounded" onClick={() => navigate(action.to)} data-testid="card-unavailable-action">
          {t(action.label)}
        </Button>
      ) : null}
    </section>
  );
}

function CardView() {
  const { t } = useI18n();
  const resource = useResource((signal) => api.card(signal), []);
  const { state, data, reload } = resource;
  const visible = usePageVisible();
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const refreshCard = useCallback(() => void reload({ silent: true }), [reload]);

  // A new token: count down to the moment the server said it should be replaced.
  useEffect(() => {
    if (state.status !== 'ready') return;
    setDeadline(Date.now() + Math.max(1, state.data.refreshInSeconds) * 1000);
    setNow(Date.now());
  }, [state]);

  useEffect(() => {
    if (deadline === null || !visible) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) {
        setDeadline(null);
        refreshCard();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline, visible, refreshCard]);

  // Back on screen (unlocked phone, switched back to the app): fetch a current token at once.
  const [wasVisible, setWasVisible] = useState(visible);
  useEffect(() => {
    if (visible && !wasVisible) refreshCard();
    setWasVisible(visible);
  }, [visible, wasVisible, refreshCard]);

  if (state.status === 'loading') return <LoadingCard testId="card-loading" lines={6} />;
  if (!data) return <ErrorState message={state.status === 'error' ? state.message : ''} onRetry={() => void reload()} testId="card-error" />;

  const remaining = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
  const stale = state.status === 'error';
  return (
    <div data-testid="card-view">
      <MemberCardFace card={data} />
      <section className="card qr-panel" data-testid="card-qr-panel">
        <p className="qr-panel-title">{t('card.showToStaff')}</p>
        <div className={stale ? 'qr-box qr-box--stale' : 'qr-box'}>
          <img src={data.qrDataUrl} alt={t('card.qrAlt')} className="qr-image" data-testid="card-qr" width={220} height={220} />
          {stale ? (
            <button type="button" className="qr-stale" onClick={refreshCard} data-testid="card-stale">
              <RefreshIcon size={28} />
              <span>{t('card.expiredTapToRefresh')}</span>
            </button>
          ) : null}
        </div>
        <p className="qr-code" data-testid="card-code" aria-label={t('card.codeLabel')}>
          {groupDigits(data.code)}
        </p>
        <p className="qr-code-label">{t('card.codeHint')}</p>
        <div className="qr-refresh">
          <span data-testid="card-countdown" data-seconds={remaining}>
            {stale ? state.message : remaining > 0 ? t('card.refreshIn', { seconds: remaining }) : t('card.refreshing')}
          </span>
          <button type="button" className="link-button" onClick={refreshCard} data-testid="card-refresh">
            <RefreshIcon /> {t('card.refresh')}
          </button>
        </div>
      </section>
      <p className="page-footnote">{t('card.footnote')}</p>
    </div>
  );
}

function MemberCardFace({ card }: { card: MemberCard }) {
  const { t, lang } = useI18n();
  return (
    <section className="ecard" data-testid="member-card" data-status={card.status}>
      <div className="ecard-pattern" aria-hidden="true" />
      <header className="ecard-head">
        <BrandMark size={34} />
        <div className="ecard-head-text">
          <span className="ecard-title">{t('card.faceTitle')}</span>
          <span className="ecard-subtitle">GUANGDONG TRADE UNION MEMBER</span>
        </div>
        <span className={card.status === 'held' ? 'ecard-status ecard-status--held' : 'ecard-status'} data-testid="card-status">
          {t(memberStatusKey(card.status))}
        </span>
      </header>
      <div className="ecard-name" data-testid="card-name">
        {card.name}
      </div>
      <div className="ecard-org" data-testid="card-org">
        {card.orgName}
      </div>
      <footer className="ecard-foot">
        <div>
          <span className="ecard-label">{t('me.cardNo')}</span>
          <span className="ecard-number" data-testid="card-no">
            {groupDigits(card.cardNo)}
          </span>
        </div>
        {card.joinedAt ? (
          <div className="ecard-joined">
            <span className="ecard-label">{t('me.joinedAt')}</span>
            <span data-testid="card-joined">{formatDate(card.joinedAt, lang)}</span>
          </div>
        ) : null}
      </footer>
    </section>
  );
}
