/**
 * 更正姓名/身份证号 (PIPL right to correction): the new name and ID number, then the same ID photo
 * step as verification; an admin compares the photos. An open correction is found in GET /me/data,
 * so leaving and coming back resumes it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, TextArea, Toast } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { identityCorrectionRequestSchema, type MyData, type OwnIdentityReview } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { useAuth } from '../auth';
import { ErrorState, LoadingCard } from '../components/async-states';
import { IdCardIcon } from '../components/icons';
import { IdPhotoStep, type PhotoUploader } from '../components/id-photo-step';
import { confirmDialog } from '../components/confirm';
import { PageHeader } from '../components/page-header';
import { FlowSteps, ReviewApproved, ReviewPending } from '../components/review-status';
import { IdentityFields } from '../components/identity-fields';
import { FormError, SubmitButton } from '../components/form-footer';
import { useForm } from '../hooks/use-form';
import { useResource } from '../hooks/use-resource';
import { checkIdentity } from '../identity-check';
import { localizeBilingual, useI18n, type MessageKey } from '../i18n';

const STEPS: readonly MessageKey[] = ['steps.fillCorrection', 'steps.photos', 'steps.review', 'steps.done'];

function latestCorrection(data: MyData): OwnIdentityReview | null {
  const corrections = data.identityReviews.filter((review) => review.kind === 'correction');
  corrections.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return corrections[0] ?? null;
}

export function CorrectionPage() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const { state, data, reload } = useResource((signal) => api.myData(signal), []);
  const [withdrawing, setWithdrawing] = useState(false);
  const [fresh, setFresh] = useState(false);

  const changed = async () => {
    await reload({ silent: true });
    await refresh();
  };

  let body: ReactNode = null;
  if (state.status === 'loading') body = <LoadingCard testId="correction-loading" />;
  else if (!data) body = <ErrorState message={state.status === 'error' ? state.message : ''} onRetry={() => void reload()} testId="correction-error" />;
  else if (!data.member) {
    body = (
      <section className="card notice-card" data-testid="correction-no-member">
        <p>{t('correction.noMember')}</p>
        <Link to="/verify" className="pill-button">
          {t('verify.title')}
        </Link>
      </section>
    );
  } else {
    const latest = latestCorrection(data);
    const open = latest && (latest.status === 'awaiting_photos' || latest.status === 'pending') ? latest : null;
    const upload: PhotoUploader = (side, file, onProgress) => {
      if (!open) return Promise.reject(new Error('no open correction'));
      return api.uploadReviewPhoto(open.id, side, file, { onProgress });
    };
    const withdraw = async (review: OwnIdentityReview) => {
      const confirmed = await confirmDialog({ title: t('review.withdraw'), content: t('review.withdrawConfirm'), confirmText: t('common.confirm'), cancelText: t('common.cancel') });
      if (!confirmed) return;
      setWithdrawing(true);
      try {
        await api.withdrawReview(review.id);
        Toast.show({ icon: 'success', content: t('review.withdrawn') });
        await changed();
      } catch (error) {
        Toast.show({ icon: 'fail', content: errorMessage(error) });
      } finally {
        setWithdrawing(false);
      }
    };
    const current = open ? (open.status === 'awaiting_photos' ? 1 : 2) : latest?.status === 'approved' && !fresh ? 3 : 0;
    body = (
      <div data-testid="correction-view" data-step={current}>
        <FlowSteps steps={STEPS} current={current} />
        {open?.status === 'awaiting_photos' ? (
          <section className="card">
            <h2 className="section-title">{t('photo.title')}</h2>
            <IdPhotoStep uploaded={open.photos} upload={upload} onComplete={() => void changed()} />
            <Button block fill="none" shape="rounded" onClick={() => void withdraw(open)} disabled={withdrawing} data-testid="correction-cancel">
              {t('correction.cancel')}
            </Button>
          </section>
        ) : null}
        {open?.status === 'pending' ? <ReviewPending review={open} onWithdraw={() => void withdraw(open)} withdrawing={withdrawing} /> : null}
        {!open && latest?.status === 'approved' && !fresh ? (
          <ReviewApproved title={t('correction.approvedTitle')} review={latest}>
            <Button block shape="rounded" fill="outline" onClick={() => setFresh(true)} data-testid="correction-again">
              {t('correction.again')}
            </Button>
          </ReviewApproved>
        ) : null}
        {!open && (latest?.status !== 'approved' || fresh) ? (
          <>
            {latest?.status === 'rejected' ? (
              <div className="notice notice--warn notice--page" data-testid="correction-last-rejected">
                {t('correction.lastRejected', { reason: latest.reason ?? '—' })}
              </div>
            ) : null}
            <CorrectionForm
              current={{ name: data.member.name ?? '', idNumber: data.member.idNumber ?? '' }}
              onCreated={async () => {
                setFresh(false);
                await changed();
              }}
            />
          </>
        ) : null}
      </div>
    );
  }

  return (
    <div className="sub-page correction-page">
      <PageHeader title={t('correction.title')} />
      <div className="intro-card">
        <IdCardIcon size={28} />
        <p>{t('correction.intro')}</p>
      </div>
      {body}
    </div>
  );
}

type CorrectionField = 'name' | 'idNumber' | 'note';

function CorrectionForm({ current, onCreated }: { current: { name: string; idNumber: string }; onCreated: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const form = useForm<CorrectionField>({ name: current.name, idNumber: current.idNumber, note: '' });
  const { values, errors, setValue, setErrors, setFieldError, submitting, formError } = form;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const identity = checkIdentity(values, lang);
    const note = values.note.trim();
    const noteCheck = identityCorrectionRequestSchema.shape.note.safeParse(note || undefined);
    const found: Partial<Record<CorrectionField, string>> = identity.ok ? {} : { ...identity.errors };
    if (!noteCheck.success) found.note = localizeBilingual(noteCheck.error.issues[0]?.message ?? '', lang);
    if (identity.ok && identity.name === current.name && identity.idNumber === current.idNumber) found.name = t('correction.unchanged');
    setErrors(found);
    if (!identity.ok || Object.keys(found).length > 0) return;
    void form.submit(async () => {
      try {
        await api.requestCorrection({ name: identity.name, idNumber: identity.idNumber, ...(note ? { note } : {}) });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ID_NUMBER_INVALID') setFieldError('idNumber', error.message);
        throw error;
      }
      Toast.show({ icon: 'success', content: t('correction.created') });
      await onCreated();
    });
  };

  return (
    <section className="card">
      <form className="form" onSubmit={onSubmit} noValidate data-testid="correction-form">
        <IdentityFields testIdPrefix="correction" form={form} nameLabel="correction.newName" idNumberLabel="correction.newIdNumber" />
        <div className={errors.note ? 'field field--error' : 'field'}>
          <label className="field-label" htmlFor="correction-note">
            {t('correction.note')}
          </label>
          <TextArea
            id="correction-note"
            className="join-note"
            data-testid="correction-note"
            placeholder={t('correction.notePlaceholder')}
            value={values.note}
            onChange={(v) => setValue('note', v)}
            maxLength={200}
            showCount
            rows={3}
          />
          {errors.note ? <div className="field-error">{errors.note}</div> : null}
        </div>
        <FormError message={formError} />
        <SubmitButton submitting={submitting} testId="correction-submit">
          {t('correction.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
