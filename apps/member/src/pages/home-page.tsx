import { Swiper } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth';
import { BrandMark } from '../components/icons';
import { LangSwitch } from '../components/lang-switch';
import { ServiceGrid } from '../components/service-grid';
import { useI18n, type MessageKey } from '../i18n';
import { displayPhone, hasMembership, memberStatusKey } from '../member-labels';
import { SERVICES } from '../services';

const BANNERS: ReadonlyArray<{ title: MessageKey; subtitle: MessageKey; to: string; className: string }> = [
  { title: 'banner.1.title', subtitle: 'banner.1.subtitle', to: '/services', className: 'banner banner--red' },
  { title: 'banner.2.title', subtitle: 'banner.2.subtitle', to: '/services/reading', className: 'banner banner--orange' },
  { title: 'banner.3.title', subtitle: 'banner.3.subtitle', to: '/services/legal', className: 'banner banner--blue' },
];

export function HomePage() {
  const { t } = useI18n();
  const { me } = useAuth();
  if (!me) return null;
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
          <LangSwitch className="lang-switch--on-dark" />
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

        {!hasMembership(me) ? (
          <section className="card join-card" data-testid="join-card">
            <div>
              <h2 className="join-card-title">{t('home.notMember')}</h2>
              <p className="join-card-text">{t('home.joinHint')}</p>
            </div>
            <Link to="/orgs" className="pill-button" data-testid="home-find-union">
              {t('home.findUnion')}
            </Link>
          </section>
        ) : null}

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
