/**
 * 实名认证: name + ID number. A provider answers at once; otherwise (manual) the member uploads the
 * two sides of the ID card and an admin decides. The page follows GET /api/v1/me/verification.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { OwnIdentityReview, VerificationState } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { safeNextPath, useAuth } from '../auth';
import { ErrorState, LoadingCard } from '../components/async-states';
import { ShieldIcon } from '../components/icons';
import { IdPhotoStep, type PhotoUploader } from '../components/id-photo-step';
import { confirmDialog } from '../components/confirm';
import { PageHeader } from '../components/page-header';
import { FlowSteps, ReviewApproved, ReviewPending, ReviewRejected } from '../components/review-status';
import { IdentityFields } from '../components/identity-fields';
import { FormError, SubmitButton } from '../components/form-footer';
import { useForm } from '../hooks/use-form';
import { useResource } from '../hooks/use-resource';
import { checkIdentity, type IdentityField } from '../identity-check';
import { useI18n, type MessageKey } from '../i18n';

const MANUAL_STEPS: readonly MessageKey[] = ['steps.fill', 'steps.photos', 'steps.review', 'steps.done'];
const PROVIDER_STEPS: readonly MessageKey[] = ['steps.fill', 'steps.done'];

type View = 'form' | 'photos' | 'pending' | 'rejected' | 'verified';

function viewOf(state: VerificationState, retrying: boolean): View {
  const review = state.review;
  if (state.verification === 'verified') return 'verified';
  if (review?.status === 'awaiting_photos' && review.method === 'manual') return 'photos';
  if (review?.status === 'pending') return 'pending';
  if (!retrying && (review?.status === 'rejected' || state.verification === 'rejected')) return 'rejected';
  return 'form';
}

function stepOf(view: View, manual: boolean): number {
  if (!manual) return view === 'verified' || view === 'rejected' ? 1 : 0;
  return { form: 0, rejected: 2, photos: 1, pending: 2, verified: 3 }[view];
}

export function VerifyPage() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const resource = useResource((signal) => api.verification(signal), []);
  const [retrying, setRetrying] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const { state, reload, data } = resource;

  const afterChange = useCallback(async () => {
    await reload({ silent: true });
    await refresh();
  }, [reload, refresh]);

  const upload: PhotoUploader = (side, file, onProgress) => {
    const review = data?.review ?? null;
    if (!review) return Promise.reject(new Error('no review'));
    return api.uploadReviewPhoto(review.id, side, file, { onProgress });
  };

  const withdraw = async (review: OwnIdentityReview) => {
    const confirmed = await confirmDialog({
      title: t('review.withdraw'),
      content: t('review.withdrawConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setWithdrawing(true);
    try {
      await api.withdrawReview(review.id);
      Toast.show({ icon: 'success', content: t('review.withdrawn') });
      setRetrying(true);
      await afterChange();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setWithdrawing(false);
    }
  };

  let body;
  if (state.status === 'loading') body = <LoadingCard testId="verify-loading" />;
  else if (!data) body = <ErrorState message={state.status === 'error' ? state.message : ''} onRetry={() => void reload()} testId="verify-error" />;
  else {
    const view = viewOf(data, retrying);
    const manual = data.method === 'manual';
    body = (
      <div data-testid="verify-view" data-view={view}>
        <FlowSteps steps={manual ? MANUAL_STEPS : PROVIDER_STEPS} current={stepOf(view, manual)} failed={view === 'rejected'} />
        {view === 'form' ? (
          <VerifyForm
            state={data}
            onSubmitted={async (next) => {
              setRetrying(false);
              if (next.verification === 'verified') Toast.show({ icon: 'success', content: t('verify.success') });
              await afterChange();
            }}
          />
        ) : null}
        {view === 'photos' && data.review ? (
          <section className="card">
            <h2 className="section-title">{t('photo.title')}</h2>
            <IdPhotoStep uploaded={data.review.photos} upload={upload} onComplete={() => void afterChange()} />
          </section>
        ) : null}
        {view === 'pending' && data.review ? (
          <ReviewPending review={data.review} withdrawing={withdrawing} onWithdraw={() => void withdraw(data.review as OwnIdentityReview)} />
        ) : null}
        {view === 'rejected' ? (
          <>
            <ReviewRejected review={data.review} onRetry={() => setRetrying(true)} />
            <p className="page-footnote" data-testid="verify-attempts">
              {data.attemptsLeft > 0 ? t('verify.attemptsLeft', { count: data.attemptsLeft }) : t('verify.noAttempts')}
            </p>
          </>
        ) : null}
        {view === 'verified' ? <VerifiedView review={data.review} /> : null}
      </div>
    );
  }

  return (
    <div className="sub-page verify-page">
      <PageHeader title={t('verify.title')} />
      <div className="intro-card">
        <ShieldIcon size={28} />
        <p>{t('verify.intro')}</p>
      </div>
      {body}
    </div>
  );
}

function VerifiedView({ review }: { review: OwnIdentityReview | null }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Sent here from a union's join page: go back there to apply.
  const next = safeNextPath(params.get('next'));
  const joined = me?.member && me.member.status !== 'registered';
  return (
    <ReviewApproved title={t('verify.verifiedTitle')} text={joined ? t('verify.verifiedText') : t('verify.verifiedJoinText')} review={review}>
      {next !== '/' ? (
        <Button block color="primary" shape="rounded" size="large" onClick={() => navigate(next, { replace: true })} data-testid="verify-continue">
          {t('verify.continue')}
        </Button>
      ) : joined ? (
        <Button block color="primary" shape="rounded" size="large" onClick={() => navigate('/membership')} data-testid="verify-goto-membership">
          {t('membership.title')}
        </Button>
      ) : (
        <Button block color="primary" shape="rounded" size="large" onClick={() => navigate('/orgs')} data-testid="verify-goto-join">
          {t('home.findUnion')}
        </Button>
      )}
    </ReviewApproved>
  );
}

function VerifyForm({ state, onSubmitted }: { state: VerificationState; onSubmitted: (next: VerificationState) => Promise<void> }) {
  const { t, lang } = useI18n();
  const form = useForm<IdentityField>({ name: '', idNumber: '' });
  const { values, setErrors, setFieldError, submitting, formError } = form;
  const [bound, setBound] = useState(false);
  const noAttempts = state.attemptsLeft <= 0;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBound(false);
    const checked = checkIdentity(values, lang);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    void form.submit(async () => {
      try {
        await api.verify({ name: checked.name, idNumber: checked.idNumber });
      } catch (error) {
        if (error instanceof ApiError) {
          if (error.code === 'ID_NUMBER_BOUND') setBound(true);
          if (error.code === 'ID_NUMBER_INVALID') setFieldError('idNumber', error.message);
          if (error.code === 'IDENTITY_MISMATCH') setFieldError('name', error.message);
          if (error.code === 'VERIFY_LIMIT_REACHED') throw new ApiError({ status: 429, code: 'VERIFY_LIMIT_REACHED', message: t('verify.noAttempts'), retryAfter: error.retryAfter });
          if (error.code === 'ALREADY_VERIFIED') {
            await onSubmitted({ ...state, verification: 'verified' });
            return;
          }
        }
        throw error;
      }
      const next = await api.verification();
      await onSubmitted(next);
    });
  };

  return (
    <section className="card">
      <form className="form" onSubmit={onSubmit} noValidate data-testid="verify-form">
        <IdentityFields testIdPrefix="verify" form={form} idNumberInputMode="text" />
        <p className={noAttempts ? 'form-note form-note--warn' : 'form-note'} data-testid="verify-attempts">
          {noAttempts ? t('verify.noAttempts') : t('verify.attemptsLeft', { count: state.attemptsLeft })}
        </p>
        {bound ? (
          <div className="notice notice--warn" role="alert" data-testid="verify-bound">
            <p>{t('verify.boundText')}</p>
            <Link to="/reclaim" className="link-strong" data-testid="verify-reclaim-link">
              {t('reclaim.title')} ›
            </Link>
          </div>
        ) : (
          <FormError message={formError} />
        )}
        <SubmitButton submitting={submitting} loadingText={t('common.submitting')} disabled={noAttempts} testId="verify-submit">
          {state.method === 'manual' ? t('verify.submitManual') : t('verify.submit')}
        </SubmitButton>
        <p className="form-note">{t('verify.privacy')}</p>
      </form>
    </section>
  );
}
