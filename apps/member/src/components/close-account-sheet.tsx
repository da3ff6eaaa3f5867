/**
 * 注销账号: says what goes (the login: phone, password, sessions) and what the law keeps (the union
 * membership record and its history), then asks for an SMS code (purpose close_account) and the
 * word 注销 typed out. Afterwards the app forgets the session and goes to /login.
 */
import { useState, type FormEvent } from 'react';
import { Button, Popup, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { closeAccountRequestSchema, smsCodeSchema } from '@gonghui/contracts';
import { ApiError, api } from '../api-client';
import { useAuth } from '../auth';
import { checkField, type FieldErrors } from '../form';
import { useForm } from '../hooks/use-form';
import { localizeBilingual, useI18n } from '../i18n';
import { displayPhone } from '../member-labels';
import { SmsCodeField } from './phone-fields';
import { TextField } from './text-field';

type CloseField = 'code' | 'confirm';
export const CLOSE_WORD = '注销';

export function CloseAccountSheet({ phone, visible, onClose }: { phone: string; visible: boolean; onClose: () => void }) {
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="sheet sheet--tall" destroyOnClose>
      <CloseAccountForm phone={phone} onClose={onClose} />
    </Popup>
  );
}

function CloseAccountForm({ phone, onClose }: { phone: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const form = useForm<CloseField>({ code: '', confirm: '' });
  const { values, errors, setValue, setErrors, setFieldError, submitting, formError } = form;
  const [understood, setUnderstood] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldErrors<CloseField> = {};
    const code = checkField(smsCodeSchema, values.code.trim(), lang, t('validation.codeRequired'));
    if (!code.ok) found.code = code.error;
    const parsed = closeAccountRequestSchema.safeParse({ code: values.code.trim(), confirm: values.confirm.trim() });
    if (!parsed.success) {
      const confirmIssue = parsed.error.issues.find((issue) => issue.path[0] === 'confirm');
      if (confirmIssue) found.confirm = values.confirm.trim() ? localizeBilingual(confirmIssue.message, lang) : t('close.confirmRequired');
    }
    setErrors(found);
    if (!parsed.success || !code.ok) return;
    void form.submit(async () => {
      try {
        await api.closeAccount(parsed.data);
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'SMS_CODE_INVALID' || error.code === 'SMS_CODE_EXPIRED')) setFieldError('code', error.message);
        throw error;
      }
      // The server has ended every session; forget ours without asking it again.
      await logout().catch(() => undefined);
      Toast.show({ icon: 'success', content: t('close.done') });
      navigate('/login', { replace: true });
    });
  };

  return (
    <form className="form sheet-form" onSubmit={onSubmit} noValidate data-testid="close-form">
      <div className="sheet-head">
        <h2 className="sheet-title">{t('close.title')}</h2>
        <p className="sheet-subtitle">{t('close.subtitle')}</p>
      </div>
      <div className="close-explain">
        <div className="close-box close-box--removed" data-testid="close-removed">
          <h3>{t('close.removedTitle')}</h3>
          <ul>
            <li>{t('close.removed1')}</li>
            <li>{t('close.removed2')}</li>
            <li>{t('close.removed3')}</li>
          </ul>
        </div>
        <div className="close-box close-box--kept" data-testid="close-kept">
          <h3>{t('close.keptTitle')}</h3>
          <ul>
            <li>{t('close.kept1')}</li>
            <li>{t('close.kept2')}</li>
          </ul>
        </div>
      </div>
      <label className="consent-row">
        <input type="checkbox" className="consent-box" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} data-testid="close-understood" />
        <span>{t('close.understood')}</span>
      </label>
      {understood ? (
        <>
          <p className="form-note">{t('close.codeTo', { phone: displayPhone(phone) })}</p>
          <SmsCodeField
            testId="close-code"
            sendTestId="close-send-code"
            purpose="close_account"
            value={values.code}
            onValueChange={(v) => setValue('code', v)}
            error={errors.code}
            getPhone={() => phone}
            onPhoneError={(message) => Toast.show({ icon: 'fail', content: message })}
          />
          <TextField
            label={t('close.confirmLabel', { word: CLOSE_WORD })}
            testId="close-confirm"
            autoComplete="off"
            maxLength={10}
            placeholder={CLOSE_WORD}
            value={values.confirm}
            onValueChange={(v) => setValue('confirm', v)}
            error={errors.confirm}
          />
        </>
      ) : null}
      {formError ? (
        <div className="form-error" role="alert" data-testid="form-error">
          {formError}
        </div>
      ) : null}
      <div className="sheet-actions">
        <Button shape="rounded" onClick={onClose} disabled={submitting}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color="danger" shape="rounded" loading={submitting} disabled={submitting || !understood} data-testid="close-submit">
          {t('close.submit')}
        </Button>
      </div>
    </form>
  );
}
