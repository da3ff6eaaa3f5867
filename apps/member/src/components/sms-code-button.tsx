/** "获取验证码": sends the SMS code, then counts down resendAfterSeconds before it can be used again. */
import { useState } from 'react';
import { Toast } from 'antd-mobile';
import { ApiError, api, errorMessage, type SmsPurpose } from '../api-client';
import { localizeBilingual, useI18n } from '../i18n';
import { useCountdown } from '../hooks/use-countdown';

export interface SmsCodeButtonProps {
  purpose: SmsPurpose;
  /** Returns the normalised phone number, or null after showing its error. */
  getPhone: () => string | null;
  onPhoneError: (message: string) => void;
  onSent?: () => void;
  /** Any failure to send, after the phone error (if any) was shown. */
  onError?: (error: ApiError) => void;
  testId: string;
}

export function SmsCodeButton({ purpose, getPhone, onPhoneError, onSent, onError, testId }: SmsCodeButtonProps) {
  const { t, lang } = useI18n();
  const { remaining, start } = useCountdown();
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (sending || remaining > 0) return;
    const phone = getPhone();
    if (!phone) return;
    setSending(true);
    try {
      const result = await api.sendSmsCode(phone, purpose);
      start(result.resendAfterSeconds > 0 ? result.resendAfterSeconds : 60);
      Toast.show({ icon: 'success', content: t('sms.sent', { minutes: Math.max(1, Math.round(result.expiresInSeconds / 60)) }) });
      onSent?.();
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.code === 'RATE_LIMITED' && error.retryAfter) start(error.retryAfter);
        const phoneIssue = error.issues.find((issue) => issue.path.split('.').pop() === 'phone');
        if (phoneIssue) onPhoneError(localizeBilingual(phoneIssue.message, lang));
        else if (error.code === 'PHONE_ALREADY_REGISTERED' || error.code === 'PHONE_NOT_REGISTERED') onPhoneError(error.message);
        onError?.(error);
      }
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setSending(false);
    }
  };

  const label = sending ? t('sms.sending') : remaining > 0 ? t('sms.resendIn', { seconds: remaining }) : t('sms.send');
  return (
    <button
      type="button"
      className="sms-button"
      data-testid={testId}
      onClick={() => void send()}
      disabled={sending || remaining > 0}
      aria-live="polite"
    >
      {label}
    </button>
  );
}
