import type { FormEvent } from 'react';
import { Toast } from 'antd-mobile';
import { Link, useNavigate } from 'react-router-dom';
import { passwordSchema, smsCodeSchema } from '@gonghui/contracts';
import { api } from '../api-client';
import { AuthLayout } from '../components/auth-layout';
import { PasswordPairFields, PhoneCodeFields, usePhoneCheck } from '../components/phone-fields';
import { FormError, SubmitButton } from '../components/form-footer';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { useI18n } from '../i18n';

type ResetField = 'phone' | 'code' | 'password' | 'confirm';

export function ForgotPasswordPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const form = useForm<ResetField>({ phone: '', code: '', password: '', confirm: '' });
  const { values, setErrors, submitting, formError } = form;

  const { checkPhone, phoneForCode } = usePhoneCheck(form);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = checkPhone();
    const code = checkField(smsCodeSchema, values.code.trim(), lang, t('validation.codeRequired'));
    const password = checkField(passwordSchema, values.password, lang, t('validation.passwordRequired'));
    const found: FieldErrors<ResetField> = {};
    if (!phone.ok) found.phone = phone.error;
    if (!code.ok) found.code = code.error;
    if (!password.ok) found.password = password.error;
    else if (values.confirm !== values.password) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (!phone.ok || !code.ok || !password.ok || found.confirm) return;

    void form.submit(async () => {
      await api.resetPassword({ phone: phone.value, code: code.value, password: password.value });
      Toast.show({ icon: 'success', content: t('forgot.success') });
      navigate('/login', { replace: true, state: { phone: phone.value } });
    });
  };

  return (
    <AuthLayout
      title={t('forgot.title')}
      subtitle={t('forgot.subtitle')}
      back
      footer={
        <Link to="/login" className="link-strong" data-testid="goto-login">
          {t('forgot.backToLogin')}
        </Link>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate data-testid="forgot-form">
        <PhoneCodeFields testIdPrefix="fp" purpose="reset_password" form={form} getPhone={phoneForCode} />
        <PasswordPairFields testIdPrefix="fp" form={form} />

        <FormError message={formError} />

        <SubmitButton submitting={submitting} loadingText={t('forgot.submitting')} testId="fp-submit">
          {t('forgot.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
