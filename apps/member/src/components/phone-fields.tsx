/** The phone, SMS-code and new-password fields shared by login, registration, password reset and reclaim. */
import { useRef, type ReactNode } from 'react';
import { phoneSchema } from '@gonghui/contracts';
import type { ApiError, SmsPurpose } from '../api-client';
import { checkField } from '../form';
import type { FormController } from '../hooks/use-form';
import { useI18n, type MessageKey } from '../i18n';
import { SmsCodeButton } from './sms-code-button';
import { TextField } from './text-field';

/** The part of a form these fields read and write. */
type FieldsOf<F extends string> = Pick<FormController<F>, 'values' | 'errors' | 'setValue' | 'setFieldError'>;

/**
 * `checkPhone` checks the phone field for submit; `phoneForCode` is for the "get code" button: the
 * phone when it is valid, else null with the error shown on the field.
 */
export function usePhoneCheck(form: Pick<FormController<'phone'>, 'values' | 'setFieldError'>) {
  const { t, lang } = useI18n();
  const checkPhone = () => checkField(phoneSchema, form.values.phone, lang, t('validation.phoneRequired'));
  const phoneForCode = (): string | null => {
    const phone = checkPhone();
    if (phone.ok) return phone.value;
    form.setFieldError('phone', phone.error);
    return null;
  };
  return { checkPhone, phoneForCode };
}

interface FieldProps {
  testId: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string | undefined;
}

export function PhoneField({ testId, value, onValueChange, error }: FieldProps) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('field.phone')}
      testId={testId}
      type="tel"
      inputMode="numeric"
      autoComplete="tel"
      maxLength={20}
      placeholder={t('field.phone.placeholder')}
      value={value}
      onValueChange={onValueChange}
      error={error}
    />
  );
}

/** A 6-digit code field with its "get code" button; the field takes focus once the code is sent. */
export function SmsCodeField({
  testId,
  sendTestId,
  purpose,
  value,
  onValueChange,
  error,
  getPhone,
  onPhoneError,
  onSendError,
}: FieldProps & {
  sendTestId: string;
  purpose: SmsPurpose;
  getPhone: () => string | null;
  onPhoneError: (message: string) => void;
  onSendError?: (error: ApiError) => void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <TextField
      ref={input}
      label={t('field.code')}
      testId={testId}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder={t('field.code.placeholder')}
      value={value}
      onValueChange={(v) => onValueChange(v.replace(/\D/g, ''))}
      error={error}
      suffix={
        <SmsCodeButton
          purpose={purpose}
          testId={sendTestId}
          getPhone={getPhone}
          onPhoneError={onPhoneError}
          onError={onSendError}
          onSent={() => input.current?.focus()}
        />
      }
    />
  );
}

/**
 * The phone and its SMS code, with test ids `<prefix>-phone`, `<prefix>-code` and
 * `<prefix>-send-code`; `between` goes between the two (e.g. a notice about the phone).
 */
export function PhoneCodeFields({
  testIdPrefix,
  purpose,
  form,
  getPhone,
  onPhoneChange,
  onSendError,
  between,
}: {
  testIdPrefix: string;
  purpose: SmsPurpose;
  form: FieldsOf<'phone' | 'code'>;
  getPhone: () => string | null;
  onPhoneChange?: () => void;
  onSendError?: (error: ApiError) => void;
  between?: ReactNode;
}) {
  const { values, errors, setValue, setFieldError } = form;
  return (
    <>
      <PhoneField
        testId={`${testIdPrefix}-phone`}
        value={values.phone}
        onValueChange={(v) => {
          setValue('phone', v);
          onPhoneChange?.();
        }}
        error={errors.phone}
      />
      {between}
      <SmsCodeField
        testId={`${testIdPrefix}-code`}
        sendTestId={`${testIdPrefix}-send-code`}
        purpose={purpose}
        value={values.code}
        onValueChange={(v) => setValue('code', v)}
        error={errors.code}
        getPhone={getPhone}
        onPhoneError={(message) => setFieldError('phone', message)}
        onSendError={onSendError}
      />
    </>
  );
}

/** A new password field (show/hide toggle, browser password manager hint). */
export function NewPasswordField({
  testId,
  label,
  placeholder,
  value,
  onValueChange,
  error,
}: FieldProps & { label: MessageKey; placeholder: MessageKey }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t(label)}
      testId={testId}
      type="password"
      revealable
      autoComplete="new-password"
      maxLength={64}
      placeholder={t(placeholder)}
      value={value}
      onValueChange={onValueChange}
      error={error}
    />
  );
}

/** A new password and its confirmation, with test ids `<prefix>-password` and `<prefix>-password-confirm`. */
export function PasswordPairFields({ testIdPrefix, form }: { testIdPrefix: string; form: FieldsOf<'password' | 'confirm'> }) {
  const { values, errors, setValue } = form;
  return (
    <>
      <NewPasswordField
        testId={`${testIdPrefix}-password`}
        label="field.resetPassword"
        placeholder="field.newPassword.placeholder"
        value={values.password}
        onValueChange={(v) => setValue('password', v)}
        error={errors.password}
      />
      <NewPasswordField
        testId={`${testIdPrefix}-password-confirm`}
        label="field.confirmPassword"
        placeholder="field.confirmPassword.placeholder"
        value={values.confirm}
        onValueChange={(v) => setValue('confirm', v)}
        error={errors.confirm}
      />
    </>
  );
}
