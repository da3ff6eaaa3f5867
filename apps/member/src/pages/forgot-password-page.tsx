import type { FormEvent } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate } from 'react-router-dom';
import { passwordSchema, phoneSchema, smsCodeSchema } from '@gonghui/contracts';
import { api } from '../api-client';
import { AuthLayout } from '../components/auth-layout';
import { PhoneField, SmsCodeField } from '../components/phone-fields';
import { TextField } from '../components/text-field';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { useI18n } from '../i18n';

type ResetField = 'phone' | 'code' | 'password' | 'confirm';

export function ForgotPasswordPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const form = useForm<ResetField>({ phone: '', code: '', password: '', confirm: '' });
  const { values, errors, setValue, setErrors, setFieldError, submitting, formError } = form;

  const checkPhone = () => checkField(phoneSchema, values.phone, lang, t('validation.phoneRequired'));
  const phoneForCode = () => {
    const phone = checkPhone();
    if (phone.ok) return phone.value;
    setFieldError('phone', phone.error);
    return null;
  };

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
        <PhoneField testId="fp-phone" value={values.phone} onValueChange={(v) => setValue('phone', v)} error={errors.phone} />
        <SmsCodeField
          testId="fp-code"
          sendTestId="fp-send-code"
          purpose="reset_password"
          value={values.code}
          onValueChange={(v) => setValue('code', v)}
          error={errors.code}
          getPhone={phoneForCode}
          onPhoneError={(message) => setFieldError('phone', message)}
        />
        <TextField
          label={t('field.resetPassword')}
          testId="fp-password"
          type="password"
          revealable
          autoComplete="new-password"
          maxLength={64}
          placeholder={t('field.newPassword.placeholder')}
          value={values.password}
          onValueChange={(v) => setValue('password', v)}
          error={errors.password}
        />
        <TextField
          label={t('field.confirmPassword')}
          testId="fp-password-confirm"
          type="password"
          revealable
          autoComplete="new-password"
          maxLength={64}
          placeholder={t('field.confirmPassword.placeholder')}
          value={values.confirm}
          onValueChange={(v) => setValue('confirm', v)}
          error={errors.confirm}
        />

        {formError ? (
          <div className="form-error" role="alert" data-testid="form-error">
            {formError}
          </div>
        ) : null}

        <Button
          block
          type="submit"
          color="primary"
          size="large"
          shape="rounded"
          loading={submitting}
          loadingText={t('forgot.submitting')}
          disabled={submitting}
          data-testid="fp-submit"
        >
          {t('forgot.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
