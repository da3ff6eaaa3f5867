import { useState, type FormEvent } from 'react';
import { Toast } from 'antd-mobile';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { passwordSchema, smsCodeSchema } from '@gonghui/contracts';
import { ApiError, api } from '../api-client';
import { safeNextPath, useAuth } from '../auth';
import { AuthLayout } from '../components/auth-layout';
import { ConsentCheck } from '../components/consent-check';
import { NewPasswordField, PhoneCodeFields, usePhoneCheck } from '../components/phone-fields';
import { FormError, SubmitButton } from '../components/form-footer';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { useI18n } from '../i18n';

type RegisterField = 'phone' | 'code' | 'password';

export function RegisterPage() {
  const { t, lang } = useI18n();
  const { state, signedIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const form = useForm<RegisterField>({ phone: '', code: '', password: '' });
  const { values, errors, setValue, setErrors, submitting, formError } = form;
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState<string | undefined>();
  /** The phone already has an account: offer logging in, or reclaiming a recycled number. */
  const [phoneTaken, setPhoneTaken] = useState<string | null>(null);
  const markTaken = (error: unknown, phone: string) => {
    if (error instanceof ApiError && error.code === 'PHONE_ALREADY_REGISTERED') setPhoneTaken(phone);
  };

  const { checkPhone, phoneForCode } = usePhoneCheck(form);

  if (state.status === 'authenticated' && !submitting) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = checkPhone();
    const code = checkField(smsCodeSchema, values.code.trim(), lang, t('validation.codeRequired'));
    const password = checkField(passwordSchema, values.password, lang, t('validation.passwordRequired'));
    const found: FieldErrors<RegisterField> = {};
    if (!phone.ok) found.phone = phone.error;
    if (!code.ok) found.code = code.error;
    if (!password.ok) found.password = password.error;
    setErrors(found);
    setConsentError(consent ? undefined : t('validation.consentRequired'));
    if (!phone.ok || !code.ok || !password.ok || !consent) return;

    void form.submit(async () => {
      let session;
      try {
        session = await api.register({ phone: phone.value, code: code.value, password: password.value });
      } catch (error) {
        markTaken(error, phone.value);
        throw error;
      }
      signedIn(session.me);
      Toast.show({ icon: 'success', content: t('register.success') });
      navigate(next, { replace: true });
    });
  };

  return (
    <AuthLayout
      title={t('register.title')}
      subtitle={t('register.subtitle')}
      back
      footer={
        <>
          <span>{t('register.haveAccount')}</span>
          <Link to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} className="link-strong" data-testid="goto-login">
            {t('register.gotoLogin')}
          </Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate data-testid="register-form">
        <PhoneCodeFields
          testIdPrefix="reg"
          purpose="register"
          form={form}
          getPhone={phoneForCode}
          onPhoneChange={() => setPhoneTaken(null)}
          onSendError={(error) => markTaken(error, values.phone)}
          between={
            phoneTaken ? (
              <div className="notice notice--warn" data-testid="reg-phone-taken">
                <p>{t('register.phoneTaken')}</p>
                <div className="notice-links">
                  <Link to="/login" state={{ phone: phoneTaken }} className="link-strong" data-testid="reg-taken-login">
                    {t('register.gotoLogin')}
                  </Link>
                  <Link to="/reclaim" state={{ phone: phoneTaken }} className="link-strong" data-testid="reg-reclaim-link">
                    {t('register.reclaim')}
                  </Link>
                </div>
              </div>
            ) : null
          }
        />
        <NewPasswordField
          testId="reg-password"
          label="field.newPassword"
          placeholder="field.newPassword.placeholder"
          value={values.password}
          onValueChange={(v) => setValue('password', v)}
          error={errors.password}
        />
        <ConsentCheck
          checked={consent}
          onChange={(checked) => {
            setConsent(checked);
            if (checked) setConsentError(undefined);
          }}
          error={consentError}
        />

        <FormError message={formError} />

        <SubmitButton submitting={submitting} loadingText={t('register.submitting')} testId="reg-submit">
          {t('register.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
