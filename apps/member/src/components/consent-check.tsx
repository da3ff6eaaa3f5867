/** "我已阅读并同意《用户协议》和《隐私政策》" with a native checkbox and the texts in a dialog. */
import { Dialog } from 'antd-mobile';
import { useI18n, type MessageKey } from '../i18n';

export interface ConsentCheckProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}

export function ConsentCheck({ checked, onChange, error }: ConsentCheckProps) {
  const { t } = useI18n();
  const show = (title: MessageKey, body: MessageKey) => {
    void Dialog.alert({
      title: t(title),
      content: <div className="legal-text">{t(body)}</div>,
      confirmText: t('common.close'),
      closeOnMaskClick: true,
    });
  };
  return (
    <div className={error ? 'consent consent--error' : 'consent'}>
      <div className="consent-row">
        <input
          id="reg-consent"
          type="checkbox"
          className="consent-box"
          data-testid="reg-consent"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'reg-consent-error' : undefined}
        />
        <span className="consent-text">
          <label htmlFor="reg-consent">{t('consent.prefix')}</label>
          <button type="button" className="link-button" onClick={() => show('agreement.title', 'agreement.body')} data-testid="show-agreement">
            {t('consent.agreement')}
          </button>
          {t('consent.and')}
          <button type="button" className="link-button" onClick={() => show('privacy.title', 'privacy.body')} data-testid="show-privacy">
            {t('consent.privacy')}
          </button>
        </span>
      </div>
      {error ? (
        <div className="field-error" id="reg-consent-error" role="alert" data-testid="reg-consent-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
