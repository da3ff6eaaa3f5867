/** The phone and SMS-code fields shared by login, registration and password reset. */
import { useRef } from 'react';
import type { ApiError, SmsPurpose } from '../api-client';
import { useI18n } from '../i18n';
import { SmsCodeButton } from './sms-code-button';
import { TextField } from './text-field';

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
