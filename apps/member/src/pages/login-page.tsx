import { useState, type FormEvent } from 'react';
import { Toast } from 'antd-mobile';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { smsCodeSchema } from '@gonghui/contracts';
import { api } from '../api-client';
import { safeNextPath, useAuth } from '../auth';
import { AuthLayout } from '../components/auth-layout';
import { PhoneField, SmsCodeField, usePhoneCheck } from '../components/phone-fields';
import { TextField } from '../components/text-field';
import { FormError, SubmitButton } from '../components/form-footer';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { useI18n } from '../i18n';
import { phoneFromState } from './route-state';

type LoginMode = 'password' | 'sms';
type LoginField = 'phone' | 'password' | 'code';

export function LoginPage() {
  const { t, lang } = useI18n();
  const { state, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [mode, setMode] = useState<LoginMode>(params.get('mode') === 'sms' ? 'sms' : 'password');
  const form = useForm<LoginField>({ phone: phoneFromState(location.state), password: '', code: '' });
  const { values, errors, setValue, setErrors, setFieldError, submitting, formError } = form;

  const { checkPhone, phoneForCode } = usePhoneCheck(form);

  if (state.status === 'authenticated') return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldErrors<LoginField> = {};
    const phone = checkPhone();
    if (!phone.ok) found.phone = phone.error;
    let code: string | null = null;
    if (mode === 'password') {
      if (values.password === '') found.password = t('validation.passwordRequired');
    } else {
      const checked = checkField(smsCodeSchema, values.code.trim(), lang, t('validation.codeRequired'));
      if (checked.ok) code = checked.value;
      else found.code = checked.error;
    }
    if (!phone.ok || Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    void form.submit(async () => {
      const session =
        mode === 'password' || code === null
          ? await api.login({ phone: phone.value, password: values.password })
          : await api.smsLogin({ phone: phone.value, code });
      signedIn(session.me);
      Toast.show({ icon: 'success', content: t('login.success') });
      navigate(next, { replace: true });
    });
  };

  const switchMode = (nextMode: LoginMode) => {
    setMode(nextMode);
    setErrors({});
  };

  const nextQuery = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;

  return (
    <AuthLayout
      title={t('login.welcome')}
      footer={
        <>
          <span>{t('login.noAccount')}</span>
          <Link to={`/register${nextQuery}`} data-testid="goto-register" className="link-strong">
            {t('login.gotoRegister')}
          </Link>
        </>
      }
    >
      <div className="segmented-tabs" role="tablist" aria-label={t('login.title')}>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'password'}
          className={mode === 'password' ? 'segmented-tab segmented-tab--active' : 'segmented-tab'}
          data-testid="login-tab-password"
          onClick={() => switchMode('password')}
        >
          {t('login.tabPassword')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'sms'}
          className={mode === 'sms' ? 'segmented-tab segmented-tab--active' : 'segmented-tab'}
          data-testid="login-tab-sms"
          onClick={() => switchMode('sms')}
        >
          {t('login.tabSms')}
        </button>
      </div>

      <form className="form" onSubmit={onSubmit} noValidate data-testid="login-form">
        <PhoneField testId="login-phone" value={values.phone} onValueChange={(v) => setValue('phone', v)} error={errors.phone} />
        {mode === 'password' ? (
          <TextField
            label={t('field.password')}
            testId="login-password"
            type="password"
            revealable
            autoComplete="current-password"
            maxLength={64}
            placeholder={t('field.password.placeholder')}
            value={values.password}
            onValueChange={(v) => setValue('password', v)}
            error={errors.password}
          />
        ) : (
          <SmsCodeField
            testId="login-code"
            sendTestId="login-send-code"
            purpose="login"
            value={values.code}
            onValueChange={(v) => setValue('code', v)}
            error={errors.code}
            getPhone={phoneForCode}
            onPhoneError={(message) => setFieldError('phone', message)}
          />
        )}

        <FormError message={formError} />

        <SubmitButton submitting={submitting} loadingText={t('login.submitting')} testId="login-submit">
          {t('login.submit')}
        </SubmitButton>
      </form>

      <div className="auth-links">
        <Link to="/forgot-password" data-testid="goto-forgot-password">
          {t('login.forgot')}
        </Link>
        <Link to="/orgs" data-testid="goto-orgs">
          {t('login.orgsLink')}
        </Link>
      </div>
      <p className="auth-reclaim">
        {t('login.reclaimHint')}
        <Link to="/reclaim" data-testid="goto-reclaim">
          {t('reclaim.title')}
        </Link>
      </p>
    </AuthLayout>
  );
}
