/**
 * `/join/<orgId>`: what a union's join QR code opens. Anyone can see the union; applying needs a
 * login (and comes back here after it) and real-name verification. The request kind (join, transfer,
 * join from held) is chosen by the server from the member's status; the page says which it will be.
 */
import { useState } from 'react';
import { Button, Tag, TextArea, Toast } from 'antd-mobile';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ORG_LEVEL_LABELS, joinRequestCreateSchema, type Me, type PublicOrg } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { useAuth } from '../auth';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { BuildingIcon, PinIcon, ShieldIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { useResource } from '../hooks/use-resource';
import { localizeBilingual, useI18n } from '../i18n';
import { orgTypeKey } from '../member-labels';

type Blocker = 'not_verified' | 'pending' | 'same_org' | null;

function blockerOf(me: Me | null, org: PublicOrg): Blocker {
  const member = me?.member ?? null;
  if (!me) return null;
  if (!member || member.verification !== 'verified') return 'not_verified';
  if (member.status === 'pending') return 'pending';
  if ((member.status === 'active' || member.status === 'held') && member.orgId === org.id) return 'same_org';
  return null;
}

export function JoinPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { orgId = '' } = useParams();
  const valid = /^\d{1,20}$/.test(orgId);
  const resource = useResource((signal) => (valid ? api.org(orgId, signal) : Promise.reject(new ApiError({ status: 404, code: 'ORG_NOT_FOUND', message: t('join.notFound') }))), [orgId]);
  const { state, data, reload } = resource;

  return (
    <div className="sub-page join-page">
      <PageHeader title={t('join.title')} />
      {state.status === 'loading' ? <LoadingCard testId="join-loading" /> : null}
      {!data && state.status === 'error' ? (
        state.error?.code === 'ORG_NOT_FOUND' || state.error?.code === 'NOT_FOUND' ? (
          <EmptyState title={t('join.notFoundTitle')} description={t('join.notFound')} testId="join-not-found">
            <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/orgs')}>
              {t('orgs.title')}
            </Button>
          </EmptyState>
        ) : (
          <ErrorState message={state.message} onRetry={() => void reload()} testId="join-error" />
        )
      ) : null}
      {data ? <JoinOrg org={data} /> : null}
    </div>
  );
}

function JoinOrg({ org }: { org: PublicOrg }) {
  const { t, lang } = useI18n();
  const { state: auth, me, refresh } = useAuth();
  const navigate = useNavigate();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<Blocker>(null);
  const base = org.level === 'base';
  const member = me?.member ?? null;
  const blocker = blocked ?? blockerOf(me, org);
  const here = `/join/${org.id}`;

  const apply = async () => {
    if (auth.status !== 'authenticated') {
      navigate(`/login?next=${encodeURIComponent(here)}`);
      return;
    }
    const parsed = joinRequestCreateSchema.safeParse({ orgId: org.id, note: note.trim() || undefined });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setNoteError(issue ? localizeBilingual(issue.message, lang) : undefined);
      return;
    }
    setSubmitting(true);
    setFormError(null);
    try {
      await api.applyToJoin(parsed.data);
      Toast.show({ icon: 'success', content: t('join.submitted') });
      await refresh();
      navigate('/membership', { replace: true });
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.code === 'NOT_VERIFIED') setBlocked('not_verified');
        else if (error.code === 'REQUEST_PENDING' || error.code === 'APPLICATION_PENDING') setBlocked('pending');
        else if (error.code === 'ALREADY_IN_ORG') setBlocked('same_org');
        const noteIssue = error.issues.find((issue) => issue.path.split('.').pop() === 'note');
        if (noteIssue) setNoteError(localizeBilingual(noteIssue.message, lang));
      }
      setFormError(errorMessage(error));
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setSubmitting(false);
    }
  };

  let kindText: string;
  let applyLabel: string;
  if (member?.status === 'active') {
    kindText = t('join.kindTransfer', { from: member.orgName ?? '—', to: org.name });
    applyLabel = t('join.applyTransfer');
  } else if (member?.status === 'held') {
    kindText = t('join.kindHeld', { from: member.orgName ?? '—', to: org.name });
    applyLabel = t('join.applyJoin');
  } else {
    kindText = t('join.kindJoin');
    applyLabel = t('join.applyJoin');
  }

  return (
    <div data-testid="join-org" data-org-id={org.id} data-level={org.level}>
      <section className="org-hero">
        <span className="org-hero-icon">
          <BuildingIcon size={30} />
        </span>
        <h1 className="org-hero-name" data-testid="join-org-name">
          {org.name}
        </h1>
        <div className="org-hero-meta">
          <Tag color="warning" fill="solid">
            {ORG_LEVEL_LABELS[org.level][lang]}
          </Tag>
          <span>{t(orgTypeKey(org.type))}</span>
        </div>
        {org.parentName ? <p className="org-hero-parent">{t('orgs.parent', { name: org.parentName })}</p> : null}
        {org.address ? (
          <p className="org-hero-address" data-testid="join-org-address">
            <PinIcon size={14} /> {org.address}
          </p>
        ) : null}
      </section>

      {!base ? (
        <section className="card join-not-base" data-testid="join-not-base">
          <div className="notice notice--info">
            <p>{t('join.notBase')}</p>
          </div>
          {org.hasChildren ? (
            <Button
              block
              color="primary"
              shape="rounded"
              onClick={() => navigate(`/orgs?mode=region&parent=${org.id}&parentName=${encodeURIComponent(org.name)}`)}
              data-testid="join-browse-children"
            >
              {t('join.browseChildren')}
            </Button>
          ) : null}
        </section>
      ) : (
        <section className="card join-apply-card">
          <h2 className="section-title">{member?.status === 'active' && blocker !== 'same_org' ? t('join.transferTitle') : t('join.applyTitle')}</h2>
          {auth.status !== 'authenticated' ? (
            <p className="form-note" data-testid="join-login-hint">
              {t('join.loginHint')}
            </p>
          ) : null}
          {blocker === 'not_verified' ? (
            <div className="notice notice--warn" data-testid="join-not-verified">
              <ShieldIcon size={20} />
              <p>{t('join.notVerified')}</p>
              <Link to={`/verify?next=${encodeURIComponent(here)}`} className="link-strong" data-testid="join-goto-verify">
                {t('join.gotoVerify')} ›
              </Link>
            </div>
          ) : null}
          {blocker === 'pending' ? (
            <div className="notice notice--warn" data-testid="join-pending">
              <p>{t('join.pendingExists')}</p>
              <Link to="/membership" className="link-strong" data-testid="join-goto-membership">
                {t('membership.title')} ›
              </Link>
            </div>
          ) : null}
          {blocker === 'same_org' ? (
            <div className="notice notice--ok" data-testid="join-same-org">
              <p>{t('join.sameOrg')}</p>
              <Link to="/membership" className="link-strong">
                {t('membership.title')} ›
              </Link>
            </div>
          ) : null}
          {auth.status === 'authenticated' && blocker === null ? (
            <>
              <p className="join-kind" data-testid="join-kind">
                {kindText}
              </p>
              <label className="field-label" htmlFor="join-note">
                {t('join.note')}
              </label>
              <TextArea
                id="join-note"
                className="join-note"
                data-testid="join-note"
                placeholder={t('join.notePlaceholder')}
                value={note}
                onChange={(value) => {
                  setNote(value);
                  setNoteError(undefined);
                }}
                maxLength={200}
                showCount
                rows={3}
              />
              {noteError ? (
                <div className="field-error" role="alert" data-testid="join-note-error">
                  {noteError}
                </div>
              ) : null}
            </>
          ) : null}
          {formError && blocker === null ? (
            <div className="form-error" role="alert" data-testid="form-error">
              {formError}
            </div>
          ) : null}
          {blocker === null ? (
            <Button
              block
              color="primary"
              size="large"
              shape="rounded"
              loading={submitting}
              loadingText={t('common.submitting')}
              disabled={submitting || auth.status === 'loading'}
              onClick={() => void apply()}
              data-testid="join-apply"
            >
              {auth.status === 'authenticated' ? applyLabel : t('join.loginToApply')}
            </Button>
          ) : null}
          {blocker === null ? <p className="form-note">{t('join.review')}</p> : null}
        </section>
      )}
    </div>
  );
}
