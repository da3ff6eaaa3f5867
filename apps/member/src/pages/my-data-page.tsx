/**
 * 我的数据 (PIPL): everything the platform holds about the person (GET /api/v1/me/data), a download
 * of it, corrections (profile fields directly; name and ID number through a review), consents, the
 * devices logged in, and closing the account.
 */
import { useState, type ReactNode } from 'react';
import { Button, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { maskIdNumber, maskPhone, type MemberStatus, type MyData } from '@gonghui/contracts';
import { api, errorMessage } from '../api-client';
import { ErrorState, LoadingCard } from '../components/async-states';
import { CloseAccountSheet } from '../components/close-account-sheet';
import { ConsentsSection } from '../components/consents-section';
import { DatabaseIcon, DownloadIcon, EyeIcon, EyeOffIcon, IdCardIcon } from '../components/icons';
import { JoinRequestCard } from '../components/join-request-card';
import { PageHeader } from '../components/page-header';
import { ProfileEditor } from '../components/profile-editor';
import { Timeline } from '../components/timeline';
import { useResource } from '../hooks/use-resource';
import { useI18n, type MessageKey } from '../i18n';
import { formatDate, formatDateTime, memberStatusKey, reviewKindKey, reviewStatusKey, verificationKey } from '../member-labels';

export function MyDataPage() {
  const { t } = useI18n();
  const { state, data, reload } = useResource((signal) => api.myData(signal), []);
  return (
    <div className="sub-page my-data-page">
      <PageHeader title={t('myData.title')} />
      <div className="intro-card">
        <DatabaseIcon size={28} />
        <p>{t('myData.intro')}</p>
      </div>
      {state.status === 'loading' ? <LoadingCard testId="my-data-loading" lines={8} /> : null}
      {!data && state.status === 'error' ? <ErrorState message={state.message} onRetry={() => void reload()} testId="my-data-error" /> : null}
      {data ? <MyDataView data={data} reload={() => void reload({ silent: true })} /> : null}
    </div>
  );
}

function Section({ title, testId, action, children, count }: { title: string; testId: string; action?: ReactNode; children: ReactNode; count?: number }) {
  return (
    <section className="card data-section" data-testid={testId}>
      <div className="section-head">
        <h2 className="section-title">
          {title}
          {count !== undefined ? <span className="section-count">{count}</span> : null}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

function Row({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value === null || value === undefined || value === '' ? <span className="muted">{t('common.none')}</span> : value}</dd>
    </div>
  );
}

/** Sensitive values are masked on screen until the person asks to see them. */
function Revealable({ value, masked, testId }: { value: string | null; masked: string; testId: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  if (!value) return null;
  return (
    <span className="revealable">
      <span data-testid={testId}>{shown ? value : masked}</span>
      <button type="button" className="icon-button" onClick={() => setShown((v) => !v)} aria-label={shown ? t('myData.hide') : t('myData.show')} data-testid={`${testId}-toggle`}>
        {shown ? <EyeOffIcon /> : <EyeIcon />}
      </button>
    </span>
  );
}

function statusLabel(status: string): MessageKey | null {
  const known: readonly MemberStatus[] = ['registered', 'pending', 'active', 'held', 'ended'];
  return (known as readonly string[]).includes(status) ? memberStatusKey(status as MemberStatus) : null;
}

function MyDataView({ data, reload }: { data: MyData; reload: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const member = data.member;

  const exportData = async () => {
    setExporting(true);
    try {
      await api.exportMyData();
      Toast.show({ icon: 'success', content: t('myData.exported') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  const verificationText = (value: string) =>
    value === 'unverified' || value === 'pending' || value === 'verified' || value === 'rejected' ? t(verificationKey(value)) : value;
  const accountStatus = data.account.status === 'active' ? t('myData.accountActive') : data.account.status;

  return (
    <div data-testid="my-data">
      <div className="data-actions">
        <Button color="primary" shape="rounded" loading={exporting} onClick={() => void exportData()} data-testid="data-export">
          <DownloadIcon /> {t('myData.export')}
        </Button>
        <Button color="primary" fill="outline" shape="rounded" disabled={!member} onClick={() => setEditing(true)} data-testid="data-correct">
          {t('myData.correct')}
        </Button>
      </div>
      <p className="page-footnote page-footnote--left">{t('myData.exportedAt', { at: formatDateTime(data.exportedAt, lang) ?? '' })}</p>

      <Section title={t('myData.account')} testId="data-account">
        <dl className="kv-list">
          <Row label={t('me.phone')} value={<Revealable value={data.account.phone} masked={maskPhone(data.account.phone)} testId="data-phone" />} />
          <Row label={t('myData.accountStatus')} value={accountStatus} />
          <Row label={t('me.createdAt')} value={formatDateTime(data.account.createdAt, lang)} />
          <Row label={t('myData.lastLogin')} value={formatDateTime(data.account.lastLoginAt, lang)} />
          <Row label={t('myData.notifications')} value={String(data.notificationsCount)} />
        </dl>
      </Section>

      <Section
        title={t('myData.member')}
        testId="data-member"
        action={
          member ? (
            <button type="button" className="section-more link-button" onClick={() => setEditing(true)} data-testid="profile-edit">
              {t('myData.correct')}
            </button>
          ) : null
        }
      >
        {member ? (
          <>
            <dl className="kv-list">
              <Row label={t('me.name')} value={member.name} testId="data-name" />
              <Row
                label={t('identity.idNumber')}
                value={member.idNumber ? <Revealable value={member.idNumber} masked={maskIdNumber(member.idNumber)} testId="data-id-number" /> : null}
              />
              <Row label={t('myData.gender')} value={member.gender === 'male' ? t('myData.male') : member.gender === 'female' ? t('myData.female') : member.gender} />
              <Row label={t('myData.birthDate')} value={formatDate(member.birthDate, lang)} />
              <Row label={t('myData.memberPhone')} value={member.phone ? <Revealable value={member.phone} masked={maskPhone(member.phone)} testId="data-member-phone" /> : null} />
              <Row label={t('me.memberStatus')} value={statusLabel(member.status) ? t(statusLabel(member.status) as MessageKey) : member.status} />
              <Row label={t('me.verification')} value={verificationText(member.verification)} />
              <Row label={t('me.cardNo')} value={member.cardNo} />
              <Row label={t('me.org')} value={member.org} />
              <Row label={t('me.joinedAt')} value={formatDate(member.joinedAt, lang)} />
              <Row label={t('profile.employer')} value={member.employer} testId="data-employer" />
              <Row label={t('profile.industry')} value={member.industry} testId="data-industry" />
              <Row label={t('profile.education')} value={member.education} testId="data-education" />
              <Row label={t('profile.hometown')} value={member.hometown} testId="data-hometown" />
            </dl>
            <button type="button" className="entry-row" onClick={() => navigate('/my-data/correction')} data-testid="data-correct-identity">
              <IdCardIcon size={20} />
              <span>
                <strong>{t('correction.entry')}</strong>
                <small>{t('correction.entryHint')}</small>
              </span>
              <span aria-hidden="true">›</span>
            </button>
          </>
        ) : (
          <p className="empty-line">{t('myData.noMember')}</p>
        )}
      </Section>

      <Section title={t('membership.timeline')} testId="data-timeline" count={data.events.length}>
        <Timeline events={data.events} testId="data-events" />
      </Section>

      <Section title={t('membership.applications')} testId="data-applications" count={data.joinRequests.length}>
        {data.joinRequests.length === 0 ? (
          <p className="empty-line">{t('membership.noApplications')}</p>
        ) : (
          <div className="request-list">
            {data.joinRequests.map((request) => (
              <JoinRequestCard key={request.id} request={request} compact testId="data-application" />
            ))}
          </div>
        )}
      </Section>

      <Section title={t('myData.reviews')} testId="data-reviews" count={data.identityReviews.length}>
        {data.identityReviews.length === 0 ? (
          <p className="empty-line">{t('myData.noReviews')}</p>
        ) : (
          <ul className="plain-list">
            {data.identityReviews.map((review) => (
              <li key={review.id} className="plain-item" data-testid="data-review" data-status={review.status}>
                <div className="plain-item-head">
                  <strong>{t(reviewKindKey(review.kind))}</strong>
                  <Tag fill="outline" color={review.status === 'approved' ? 'success' : review.status === 'rejected' ? 'danger' : 'default'}>
                    {t(reviewStatusKey(review.status))}
                  </Tag>
                </div>
                <p>
                  {review.name} · {review.idNumber}
                </p>
                <p className="muted">
                  {formatDateTime(review.createdAt, lang)}
                  {review.reason ? ` · ${t('review.reason', { reason: review.reason })}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t('consents.title')} testId="data-consents">
        <ConsentsSection initial={data.consents} onCloseAccount={() => setClosing(true)} />
      </Section>

      <Section title={t('myData.sessions')} testId="data-sessions" count={data.sessions.length}>
        <ul className="plain-list">
          {data.sessions.map((session, index) => (
            <li key={`${session.createdAt}-${index}`} className="plain-item" data-testid="data-session">
              <div className="plain-item-head">
                <strong className="ua">{session.userAgent ? shortAgent(session.userAgent) : t('myData.unknownDevice')}</strong>
                {session.current ? (
                  <Tag color="success" fill="outline">
                    {t('myData.thisDevice')}
                  </Tag>
                ) : null}
              </div>
              <p className="muted">
                {t('myData.sessionTimes', { created: formatDateTime(session.createdAt, lang) ?? '', seen: formatDateTime(session.lastSeenAt, lang) ?? '' })}
              </p>
            </li>
          ))}
        </ul>
      </Section>

      <section className="card danger-zone" data-testid="data-close">
        <h2 className="section-title">{t('close.title')}</h2>
        <p className="section-text">{t('close.teaser')}</p>
        <Button block color="danger" fill="outline" shape="rounded" onClick={() => setClosing(true)} data-testid="close-account">
          {t('close.title')}
        </Button>
      </section>

      {member ? <ProfileEditor member={member} visible={editing} onClose={() => setEditing(false)} onSaved={reload} /> : null}
      <CloseAccountSheet phone={data.account.phone} visible={closing} onClose={() => setClosing(false)} />
    </div>
  );
}

/** "Chrome 124 · Android" from a user-agent string, enough to recognise a device. */
function shortAgent(agent: string): string {
  const browser =
    /MicroMessenger\/([\d.]+)/.exec(agent)?.[0]?.replace('/', ' ') ??
    /(Edg|Chrome|Firefox|Version)\/(\d+)/.exec(agent)?.slice(1, 3).join(' ').replace('Version', 'Safari') ??
    null;
  const os = /Android [\d.]+|iPhone OS [\d_]+|Windows NT [\d.]+|Mac OS X [\d_]+|Linux/.exec(agent)?.[0]?.replace(/_/g, '.') ?? null;
  const parts = [browser, os].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : agent.slice(0, 60);
}
