/**
 * 找回账号 (public): for a phone number someone else registered (a recycled number), or an ID number
 * bound to an account the person can no longer use. Prove the phone with an SMS code, give name, ID
 * number and a new password, upload the ID photos; an admin decides. The reclaim id and token stay in
 * sessionStorage so a reload (or coming back from the camera) keeps the application.
 */
import { useState, type FormEvent } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { passwordSchema, smsCodeSchema } from '@gonghui/contracts';
import { ApiError, api } from '../api-client';
import { AuthLayout } from '../components/auth-layout';
import { ErrorState, LoadingCard } from '../components/async-states';
import { IdPhotoStep, type PhotoUploader } from '../components/id-photo-step';
import { FlowSteps, ReviewApproved, ReviewPending, ReviewRejected } from '../components/review-status';
import { IdentityFields } from '../components/identity-fields';
import { PasswordPairFields, PhoneCodeFields, usePhoneCheck } from '../components/phone-fields';
import { FormError, SubmitButton } from '../components/form-footer';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { useResource } from '../hooks/use-resource';
import { checkIdentity } from '../identity-check';
import { useI18n, type MessageKey } from '../i18n';
import { phoneFromState } from './route-state';

const STORAGE_KEY = 'gh_reclaim';
const STEPS: readonly MessageKey[] = ['steps.phone', 'steps.photos', 'steps.review', 'steps.done'];

interface StoredReclaim {
  id: string;
  token: string;
  phone: string;
}

function readStored(): StoredReclaim | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'id' in value &&
      'token' in value &&
      typeof value.id === 'string' &&
      typeof value.token === 'string'
    ) {
      const phone = 'phone' in value && typeof value.phone === 'string' ? value.phone : '';
      return { id: value.id, token: value.token, phone };
    }
  } catch {
    // Unreadable storage: start a new application.
  }
  return null;
}

function writeStored(value: StoredReclaim | null): void {
  try {
    if (value) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the application still works until the page is reloaded.
  }
}

export function ReclaimPage() {
  const { t } = useI18n();
  const [stored, setStored] = useState<StoredReclaim | null>(readStored);

  const start = (value: StoredReclaim | null) => {
    writeStored(value);
    setStored(value);
  };

  return (
    <AuthLayout
      title={t('reclaim.title')}
      subtitle={t('reclaim.subtitle')}
      back
      footer={
        <Link to="/login" className="link-strong" data-testid="goto-login">
          {t('forgot.backToLogin')}
        </Link>
      }
    >
      {stored ? <ReclaimStatus stored={stored} onRestart={() => start(null)} /> : <ReclaimForm onCreated={start} />}
    </AuthLayout>
  );
}

type ReclaimField = 'phone' | 'code' | 'name' | 'idNumber' | 'password' | 'confirm';

function ReclaimForm({ onCreated }: { onCreated: (value: StoredReclaim) => void }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const [params] = useSearchParams();
  const form = useForm<ReclaimField>({
    phone: phoneFromState(location.state) || (params.get('phone') ?? ''),
    code: '',
    name: '',
    idNumber: '',
    password: '',
    confirm: '',
  });
  const { values, setErrors, setFieldError, submitting, formError } = form;

  const { checkPhone, phoneForCode } = usePhoneCheck(form);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = checkPhone();
    const code = checkField(smsCodeSchema, values.code.trim(), lang, t('validation.codeRequired'));
    const identity = checkIdentity(values, lang);
    const password = checkField(passwordSchema, values.password, lang, t('validation.passwordRequired'));
    const found: FieldErrors<ReclaimField> = identity.ok ? {} : { ...identity.errors };
    if (!phone.ok) found.phone = phone.error;
    if (!code.ok) found.code = code.error;
    if (!password.ok) found.password = password.error;
    else if (values.confirm !== values.password) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (!phone.ok || !code.ok || !password.ok || !identity.ok || found.confirm) return;

    void form.submit(async () => {
      try {
        const created = await api.createReclaim({
          phone: phone.value,
          code: code.value,
          name: identity.name,
          idNumber: identity.idNumber,
          password: password.value,
        });
        Toast.show({ icon: 'success', content: t('reclaim.created') });
        onCreated({ id: created.review.id, token: created.reclaimToken, phone: phone.value });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ID_NUMBER_INVALID') setFieldError('idNumber', error.message);
        if (error instanceof ApiError && (error.code === 'SMS_CODE_INVALID' || error.code === 'SMS_CODE_EXPIRED')) setFieldError('code', error.message);
        if (error instanceof ApiError && error.code === 'NOTHING_TO_RECLAIM') setFieldError('phone', t('reclaim.nothingToReclaim'));
        throw error;
      }
    });
  };

  return (
    <>
      <div className="notice notice--info" data-testid="reclaim-intro">
        <p>{t('reclaim.intro')}</p>
      </div>
      <FlowSteps steps={STEPS} current={0} />
      <form className="form" onSubmit={onSubmit} noValidate data-testid="reclaim-form">
        <PhoneCodeFields testIdPrefix="rc" purpose="reclaim" form={form} getPhone={phoneForCode} />
        <IdentityFields testIdPrefix="rc" form={form} />
        <PasswordPairFields testIdPrefix="rc" form={form} />
        <FormError message={formError} />
        <SubmitButton submitting={submitting} loadingText={t('common.submitting')} testId="rc-submit">
          {t('reclaim.submit')}
        </SubmitButton>
      </form>
    </>
  );
}

function ReclaimStatus({ stored, onRestart }: { stored: StoredReclaim; onRestart: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { state, data, reload } = useResource((signal) => api.reclaim(stored.id, stored.token, signal), [stored.id, stored.token]);

  const upload: PhotoUploader = (side, file, onProgress) => api.uploadReclaimPhoto(stored.id, stored.token, side, file, { onProgress });

  if (state.status === 'loading') return <LoadingCard testId="reclaim-loading" />;
  if (!data) {
    return (
      <div data-testid="reclaim-status-error">
        <ErrorState message={state.status === 'error' ? state.message : ''} onRetry={() => void reload()} testId="reclaim-error" />
        <Button block shape="rounded" fill="outline" onClick={onRestart} data-testid="reclaim-restart">
          {t('reclaim.restart')}
        </Button>
      </div>
    );
  }

  const current = { awaiting_photos: 1, pending: 2, approved: 3, rejected: 2, withdrawn: 0 }[data.status];
  return (
    <div className="reclaim-status" data-testid="reclaim-status" data-status={data.status}>
      <FlowSteps steps={STEPS} current={current} failed={data.status === 'rejected'} />
      {data.status === 'awaiting_photos' ? (
        <>
          <h2 className="section-title">{t('photo.title')}</h2>
          <IdPhotoStep uploaded={data.photos} upload={upload} onComplete={() => void reload({ silent: true })} />
        </>
      ) : null}
      {data.status === 'pending' ? (
        <ReviewPending
          review={data}
          extra={
            <Button block shape="rounded" fill="none" onClick={() => void reload({ silent: true })} data-testid="reclaim-refresh">
              {t('reclaim.refresh')}
            </Button>
          }
        />
      ) : null}
      {data.status === 'approved' ? (
        <ReviewApproved title={t('reclaim.approvedTitle')} text={t('reclaim.approvedText')} review={data}>
          <Button
            block
            color="primary"
            shape="rounded"
            size="large"
            data-testid="reclaim-login"
            onClick={() => {
              onRestart();
              navigate('/login', { replace: true, state: { phone: stored.phone } });
            }}
          >
            {t('login.submit')}
          </Button>
        </ReviewApproved>
      ) : null}
      {data.status === 'rejected' ? <ReviewRejected review={data} onRetry={onRestart} retryLabel={t('reclaim.restart')} /> : null}
      {data.status === 'withdrawn' ? (
        <Button block color="primary" shape="rounded" onClick={onRestart} data-testid="reclaim-restart">
          {t('reclaim.restart')}
        </Button>
      ) : null}
    </div>
  );
}
