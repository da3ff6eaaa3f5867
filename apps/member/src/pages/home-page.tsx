import { useEffect, type ComponentType } from 'react';
import { Swiper } from 'antd-mobile';
import { Link } from 'react-router-dom';
import type { Me } from '@gonghui/contracts';
import { useAuth } from '../auth';
import { BellIcon, BrandMark, CardIcon, ClockIcon, FlagIcon, ShieldIcon } from '../components/icons';
import { LangSwitch } from '../components/lang-switch';
import { ServiceGrid } from '../components/service-grid';
import { useI18n, type MessageKey } from '../i18n';
import { displayPhone, memberStatusKey } from '../member-labels';
import { SERVICES } from '../services';
import { useUnread } from '../unread';
import { useVerificationStatus, type VerificationStatus } from '../hooks/use-verification-status';

type PromptKind = 'verify' | 'verify_pending' | 'verify_rejected' | 'join' | 'join_pending' | 'held' | 'card' | 'ended';

interface Prompt {
  kind: PromptKind;
  title: MessageKey;
  text: MessageKey;
  action: MessageKey;
  to: string;
  tone: 'red' | 'gold' | 'blue' | 'green';
  Icon: ComponentType<{ size?: number | string }>;
}

/** What the member should do next, from GET /api/v1/me: verify, join, wait, move, or show the card. */
function promptFor(me: Me, verification: VerificationStatus): Prompt {
  const member = me.member;
  if (verification === 'pending') {
    return { kind: 'verify_pending', title: 'prompt.verifyPending.title', text: 'prompt.verifyPending.text', action: 'prompt.view', to: '/verify', tone: 'blue', Icon: ClockIcon };
  }
  if (verification === 'rejected') {
    return { kind: 'verify_rejected', title: 'prompt.verifyRejected.title', text: 'prompt.verifyRejected.text', action: 'prompt.verifyRejected.action', to: '/verify', tone: 'red', Icon: ShieldIcon };
  }
  if (!member || verification === 'unverified') {
    return { kind: 'verify', title: 'prompt.verify.title', text: 'prompt.verify.text', action: 'prompt.verify.action', to: '/verify', tone: 'red', Icon: ShieldIcon };
  }
  if (member.status === 'pending') {
    return { kind: 'join_pending', title: 'prompt.joinPending.title', text: 'prompt.joinPending.text', action: 'prompt.view', to: '/membership', tone: 'blue', Icon: ClockIcon };
  }
  if (member.status === 'held') {
    return { kind: 'held', title: 'prompt.held.title', text: 'prompt.held.text', action: 'prompt.held.action', to: '/membership', tone: 'gold', Icon: FlagIcon };
  }
  if (member.status === 'active') {
    return { kind: 'card', title: 'prompt.card.title', text: 'prompt.card.text', action: 'prompt.card.action', to: '/card', tone: 'green', Icon: CardIcon };
  }
  if (member.status === 'ended') {
    return { kind: 'ended', title: 'prompt.ended.title', text: 'prompt.ended.text', action: 'prompt.view', to: '/membership', tone: 'blue', Icon: FlagIcon };
  }
  return { kind: 'join', title: 'home.notMember', text: 'home.joinHint', action: 'home.findUnion', to: '/orgs', tone: 'red', Icon: FlagIcon };
}

const BANNERS: ReadonlyArray<{ title: MessageKey; subtitle: MessageKey; to: string; className: string }> = [
  { title: 'banner.1.title', subtitle: 'banner.1.subtitle', to: '/services', className: 'banner banner--red' },
  { title: 'banner.2.title', subtitle: 'banner.2.subtitle', to: '/services/reading', className: 'banner banner--orange' },
  { title: 'banner.3.title', subtitle: 'banner.3.subtitle', to: '/services/legal', className: 'banner banner--blue' },
];

export function HomePage() {
  const { t } = useI18n();
  const { me, refresh } = useAuth();
  const { unread, refresh: refreshUnread } = useUnread();
  // Decisions may have arrived since the app loaded.
  useEffect(() => {
    void refresh();
    refreshUnread();
  }, [refresh, refreshUnread]);
  const verification = useVerificationStatus(me);
  if (!me) return null;
  const prompt = promptFor(me, verification);
  const member = me.member;
  const memberLine = member
    ? [member.name, t(memberStatusKey(member.status)), member.orgName].filter((part): part is string => Boolean(part)).join(' · ')
    : t('home.notMember');

  return (
    <div className="home-page">
      <header className="home-header">
        <div className="home-header-top">
          <div className="home-brand">
            <BrandMark size={28} />
            <span>{t('app.name')}</span>
          </div>
          <div className="home-header-actions">
            <LangSwitch className="lang-switch--on-dark" />
            <Link to="/messages" className="home-bell" aria-label={t('messages.title')} data-testid="home-messages">
              <BellIcon size={22} />
              {unread > 0 ? (
                <span className="badge" data-testid="home-unread-badge">
                  {unread > 99 ? '99+' : unread}
                </span>
              ) : null}
            </Link>
          </div>
        </div>
        <section className="home-greeting" data-testid="home-greeting">
          <h1 className="home-greeting-title">{t('home.greeting', { phone: displayPhone(me.phone) })}</h1>
          <p className="home-greeting-sub" data-testid="home-member">
            {memberLine}
          </p>
        </section>
      </header>

      <div className="home-body">
        <div className="home-banner-wrap">
          <Swiper
            className="home-banner"
            autoplay
            autoplayInterval={5000}
            loop
            style={{ '--border-radius': '12px', '--height': '132px' }}
            indicatorProps={{ color: 'white' }}
          >
            {BANNERS.map((banner) => (
              <Swiper.Item key={banner.title}>
                <Link to={banner.to} className={banner.className} draggable={false}>
                  <span className="banner-title">{t(banner.title)}</span>
                  <span className="banner-subtitle">{t(banner.subtitle)}</span>
                </Link>
              </Swiper.Item>
            ))}
          </Swiper>
        </div>

        <section className={`card prompt-card prompt-card--${prompt.tone}`} data-testid="home-prompt" data-kind={prompt.kind}>
          <span className="prompt-icon" aria-hidden="true">
            <prompt.Icon size={26} />
          </span>
          <div className="prompt-text">
            <h2 className="prompt-title">{t(prompt.title)}</h2>
            <p className="prompt-sub">{t(prompt.text)}</p>
          </div>
          <Link to={prompt.to} className="pill-button" data-testid={prompt.kind === 'join' ? 'home-find-union' : 'home-prompt-action'}>
            {t(prompt.action)}
          </Link>
        </section>

        <section className="card">
          <div className="section-head">
            <h2 className="section-title">{t('home.services')}</h2>
            <Link to="/services" className="section-more">
              {t('home.allServices')} ›
            </Link>
          </div>
          <ServiceGrid services={SERVICES} />
        </section>

        <p className="home-footnote">
          {t('app.name')} · {t('app.tagline')}
        </p>
      </div>
    </div>
  );
}
