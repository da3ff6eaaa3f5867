/**
 * 我的会籍: where the membership is (and, when held, at which upper union since when), the pending
 * application with a withdraw button, a way to move (换了新工作？ / 转会), the timeline of every
 * change and the history of applications.
 */
import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate } from 'react-router-dom';
import type { JoinRequest, OwnMembership, PublicOrg } from '@gonghui/contracts';
import { api, errorMessage } from '../api-client';
import { useAuth } from '../auth';
import { ErrorState, LoadingCard } from '../components/async-states';
import { LoadMoreButton } from '../components/paged-footer';
import { CreditSearch } from '../components/credit-search';
import { CardIcon, ChevronRightIcon, FlagIcon, SwapIcon } from '../components/icons';
import { JoinRequestCard } from '../components/join-request-card';
import { confirmDialog } from '../components/confirm';
import { PageHeader } from '../components/page-header';
import { Timeline } from '../components/timeline';
import { usePagedList } from '../hooks/use-paged-list';
import { useResource } from '../hooks/use-resource';
import { useVerificationStatus } from '../hooks/use-verification-status';
import { useI18n } from '../i18n';
import { formatDate, memberStatusKey, verificationKey } from '../member-labels';

const HISTORY_PAGE_SIZE = 10;

export function MembershipPage() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const membership = useResource((signal) => api.membership(signal), []);
  const history = usePagedList<JoinRequest>((page, signal) => api.joinRequests({ page, pageSize: HISTORY_PAGE_SIZE }, signal), []);
  const { state, data } = membership;

  /** After applying or withdrawing: the membership, the history and `me` all change. */
  const changed = async () => {
    history.reload();
    await Promise.all([membership.reload({ silent: true }), refresh()]);
  };

  return (
    <div className="sub-page membership-page">
      <PageHeader title={t('membership.title')} />
      {state.status === 'loading' ? <LoadingCard testId="membership-loading" lines={6} /> : null}
      {!data && state.status === 'error' ? <ErrorState message={state.message} onRetry={() => void membership.reload()} testId="membership-error" /> : null}
      {data ? <MembershipView data={data} onChanged={changed} /> : null}
      {data ? (
        <section className="card" data-testid="applications">
          <h2 className="section-title">{t('membership.applications')}</h2>
          {history.status === 'loading' ? <LoadingCard testId="applications-loading" lines={2} /> : null}
          {history.status === 'error' ? <ErrorState message={history.message ?? ''} onRetry={history.reload} testId="applications-error" /> : null}
          {history.status === 'ready' && history.items.length === 0 ? (
            <p className="empty-line" data-testid="applications-empty">
              {t('membership.noApplications')}
            </p>
          ) : null}
          {history.items.length > 0 ? (
            <div className="request-list">
              {history.items.map((request) => (
                <JoinRequestCard key={request.id} request={request} compact testId="application" />
              ))}
            </div>
          ) : null}
          {history.hasMore ? (
            <LoadMoreButton loadMore={history.loadMore} testId="applications-more" />
          ) : history.status === 'ready' && history.items.length > 0 ? (
            <p className="list-end">{t('membership.applicationsTotal', { total: history.total })}</p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function MembershipView({ data, onChanged }: { data: OwnMembership; onChanged: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [withdrawing, setWithdrawing] = useState(false);
  const { me } = useAuth();
  const verification = useVerificationStatus(me);
  const member = data.member;
  const pending = data.pendingRequest;

  const withdraw = async (request: JoinRequest) => {
    const confirmed = await confirmDialog({
      title: t('request.withdraw'),
      content: t('request.withdrawConfirm', { org: request.toOrg.name }),
      confirmText: t('request.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setWithdrawing(true);
    try {
      await api.withdrawJoinRequest(request.id);
      Toast.show({ icon: 'success', content: t('request.withdrawn') });
      await onChanged();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setWithdrawing(false);
    }
  };

  // The path ends with the union itself, shown above it in full.
  const upperPath = member ? member.orgPath.filter((o) => o.id !== member.org?.id) : [];
  const hasCard = member !== null && (member.status === 'active' || member.status === 'held') && member.cardNo !== null;

  return (
    <>
      <section className={`membership-card membership-card--${member?.status ?? 'none'}`} data-testid="membership-status" data-status={member?.status ?? 'none'}>
        <div className="membership-card-top">
          <span className="membership-card-label">{t('membership.status')}</span>
          <span className="membership-card-status" data-testid="membership-status-label">
            {member ? t(memberStatusKey(member.status)) : t(verificationKey(verification))}
          </span>
        </div>
        {member?.org ? (
          <>
            <p className="membership-card-org" data-testid="membership-org">
              {member.org.name}
            </p>
            {upperPath.length > 0 ? (
              <p className="membership-card-path" data-testid="membership-org-path">
                {upperPath.map((o) => o.name).join(' › ')}
              </p>
            ) : null}
          </>
        ) : null}
        <dl className="membership-card-facts">
          {member?.name ? (
            <div>
              <dt>{t('me.name')}</dt>
              <dd>{member.name}</dd>
            </div>
          ) : null}
          {member?.cardNo ? (
            <div>
              <dt>{t('me.cardNo')}</dt>
              <dd data-testid="membership-card-no">{member.cardNo}</dd>
            </div>
          ) : null}
          {member?.joinedAt ? (
            <div>
              <dt>{t('me.joinedAt')}</dt>
              <dd>{formatDate(member.joinedAt, lang)}</dd>
            </div>
          ) : null}
          {member?.employer ? (
            <div>
              <dt>{t('profile.employer')}</dt>
              <dd>{member.employer}</dd>
            </div>
          ) : null}
        </dl>
        {hasCard ? (
          <Link to="/card" className="membership-card-link" data-testid="membership-card-link">
            <CardIcon size={18} /> {t('card.title')}
            <ChevronRightIcon size={16} />
          </Link>
        ) : null}
      </section>

      {member === null || member.verification !== 'verified' ? (
        <section className="card notice-card" data-testid="membership-verify">
          <p>{verification === 'pending' ? t('membership.verifyPending') : t('membership.verifyFirst')}</p>
          <Button color="primary" shape="rounded" onClick={() => navigate('/verify')} data-testid="membership-goto-verify">
            {t('verify.title')}
          </Button>
        </section>
      ) : null}

      {member?.status === 'held' ? (
        <section className="card held-card" data-testid="held-notice">
          <div className="held-head">
            <FlagIcon size={22} />
            <p>
              {t('membership.heldNotice', {
                org: member.org?.name ?? '—',
                since: formatDate(member.heldSince, lang) ?? '—',
              })}
            </p>
          </div>
          {pending ? null : <NewEmployer title={t('membership.newJob')} text={t('membership.newJobText')} onApplied={onChanged} testId="held-new-employer" />}
        </section>
      ) : null}

      {pending ? (
        <section className="card" data-testid="pending-request">
          <h2 className="section-title">{t('membership.pending')}</h2>
          <JoinRequestCard request={pending} onWithdraw={() => void withdraw(pending)} withdrawing={withdrawing} testId="pending-request-card" />
        </section>
      ) : null}

      {data.canJoin && !pending && member?.status !== 'held' ? (
        <section className="card notice-card" data-testid="membership-join">
          <p>{t('membership.canJoin')}</p>
          <Button color="primary" shape="rounded" onClick={() => navigate('/orgs')} data-testid="membership-find-union">
            {t('home.findUnion')}
          </Button>
        </section>
      ) : null}

      {data.canTransfer && !pending && member?.status === 'active' ? (
        <section className="card" data-testid="transfer-entry">
          <div className="section-head">
            <h2 className="section-title">
              <SwapIcon size={18} /> {t('membership.transfer')}
            </h2>
          </div>
          <p className="section-text">{t('membership.transferText')}</p>
          <NewEmployer title={null} text={null} onApplied={onChanged} testId="transfer-new-employer" />
          <Button block fill="none" shape="rounded" onClick={() => navigate('/orgs?intent=transfer')} data-testid="transfer-search">
            {t('membership.transferSearch')} ›
          </Button>
        </section>
      ) : null}

      <section className="card">
        <h2 className="section-title">{t('membership.timeline')}</h2>
        <Timeline events={data.events} />
      </section>
    </>
  );
}

/** "换了新工作？": find the new employer's union by its credit code and apply to it in place. */
function NewEmployer({ title, text, onApplied, testId }: { title: string | null; text: string | null; onApplied: () => Promise<void>; testId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [applying, setApplying] = useState<string | null>(null);

  const apply = async (org: PublicOrg) => {
    const confirmed = await confirmDialog({
      title: t('membership.applyTo', { org: org.name }),
      content: t('membership.applyToText'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setApplying(org.id);
    try {
      await api.applyToJoin({ orgId: org.id });
      Toast.show({ icon: 'success', content: t('join.submitted') });
      await onApplied();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setApplying(null);
    }
  };

  return (
    <div className="new-employer" data-testid={testId}>
      {title ? <h3 className="new-employer-title">{title}</h3> : null}
      {text ? <p className="section-text">{text}</p> : null}
      {open ? (
        <CreditSearch
          compact
          renderOrgs={(orgs) => (
            <ul className="proposal-list" data-testid="proposals">
              {orgs.map((org) => (
                <li key={org.id} className="proposal" data-testid="proposal" data-org-id={org.id}>
                  <div className="proposal-text">
                    <span className="proposal-label">{t('membership.found')}</span>
                    <strong data-testid="proposal-name">{org.name}</strong>
                    {org.parentName ? <span className="org-parent">{t('orgs.parent', { name: org.parentName })}</span> : null}
                  </div>
                  {org.level === 'base' ? (
                    <Button color="primary" shape="rounded" size="small" loading={applying === org.id} disabled={applying !== null} onClick={() => void apply(org)} data-testid="proposal-apply">
                      {t('membership.applyHere')}
                    </Button>
                  ) : (
                    <Link to={`/join/${org.id}`} className="link-strong">
                      {t('common.view')}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        />
      ) : (
        <Button block color="primary" fill="outline" shape="rounded" onClick={() => setOpen(true)} data-testid={`${testId}-open`}>
          {t('membership.byCreditCode')}
        </Button>
      )}
    </div>
  );
}

