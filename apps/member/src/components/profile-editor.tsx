/** 更正: the profile fields a member corrects directly (PATCH /api/v1/me/profile), in a bottom sheet. */
import type { FormEvent } from 'react';
import { Button, Popup, Toast } from 'antd-mobile';
import { EDUCATION_OPTIONS, INDUSTRY_OPTIONS, profileUpdateSchema, type MyData } from '@gonghui/contracts';
import { api } from '../api-client';
import { useForm } from '../hooks/use-form';
import { localizeBilingual, useI18n } from '../i18n';
import { SelectField } from './select-field';
import { TextField } from './text-field';

type ProfileField = 'employer' | 'industry' | 'education' | 'hometown';
type Member = NonNullable<MyData['member']>;

export function ProfileEditor({ member, visible, onClose, onSaved }: { member: Member; visible: boolean; onClose: () => void; onSaved: () => void }) {
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="sheet" destroyOnClose>
      <ProfileForm member={member} onClose={onClose} onSaved={onSaved} />
    </Popup>
  );
}

function ProfileForm({ member, onClose, onSaved }: { member: Member; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const form = useForm<ProfileField>({
    employer: member.employer ?? '',
    industry: member.industry ?? '',
    education: member.education ?? '',
    hometown: member.hometown ?? '',
  });
  const { values, errors, setValue, setErrors, submitting, formError } = form;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Only what changed is sent; a cleared field becomes null.
    const changes: Partial<Record<ProfileField, string | null>> = {};
    for (const field of ['employer', 'industry', 'education', 'hometown'] as const) {
      const value = values[field].trim();
      if (value !== (member[field] ?? '')) changes[field] = value === '' ? null : value;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    const parsed = profileUpdateSchema.safeParse(changes);
    if (!parsed.success) {
      const found: Partial<Record<ProfileField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '') as ProfileField;
        if (!found[field]) found[field] = localizeBilingual(issue.message, lang);
      }
      setErrors(found);
      return;
    }
    void form.submit(async () => {
      await api.updateProfile(parsed.data);
      Toast.show({ icon: 'success', content: t('profile.saved') });
      onSaved();
      onClose();
    });
  };

  return (
    <form className="form sheet-form" onSubmit={onSubmit} noValidate data-testid="profile-form">
      <div className="sheet-head">
        <h2 className="sheet-title">{t('profile.title')}</h2>
        <p className="sheet-subtitle">{t('profile.subtitle')}</p>
      </div>
      <TextField
        label={t('profile.employer')}
        testId="profile-employer"
        maxLength={100}
        placeholder={t('profile.employerPlaceholder')}
        value={values.employer}
        onValueChange={(v) => setValue('employer', v)}
        error={errors.employer}
      />
      <SelectField
        label={t('profile.industry')}
        testId="profile-industry"
        options={INDUSTRY_OPTIONS}
        placeholder={t('profile.choose')}
        value={values.industry}
        onValueChange={(v) => setValue('industry', v)}
        error={errors.industry}
      />
      <SelectField
        label={t('profile.education')}
        testId="profile-education"
        options={EDUCATION_OPTIONS}
        placeholder={t('profile.choose')}
        value={values.education}
        onValueChange={(v) => setValue('education', v)}
        error={errors.education}
      />
      <TextField
        label={t('profile.hometown')}
        testId="profile-hometown"
        maxLength={20}
        placeholder={t('profile.hometownPlaceholder')}
        value={values.hometown}
        onValueChange={(v) => setValue('hometown', v)}
        error={errors.hometown}
      />
      {formError ? (
        <div className="form-error" role="alert" data-testid="form-error">
          {formError}
        </div>
      ) : null}
      <div className="sheet-actions">
        <Button shape="rounded" onClick={onClose} disabled={submitting}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color="primary" shape="rounded" loading={submitting} disabled={submitting} data-testid="profile-save">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
