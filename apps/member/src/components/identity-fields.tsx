/** The name + ID number pair of identity verification, corrections and account reclaim. */
import type { HTMLAttributes } from 'react';
import type { FormController } from '../hooks/use-form';
import { useI18n, type MessageKey } from '../i18n';
import { cleanIdInput, type IdentityField } from '../identity-check';
import { TextField } from './text-field';

/** Test ids `<prefix>-name` and `<prefix>-id-number`; the ID number keeps only what may be part of one as it is typed. */
export function IdentityFields({
  testIdPrefix,
  form,
  nameLabel = 'identity.name',
  idNumberLabel = 'identity.idNumber',
  idNumberInputMode,
}: {
  testIdPrefix: string;
  form: Pick<FormController<IdentityField>, 'values' | 'errors' | 'setValue'>;
  nameLabel?: MessageKey;
  idNumberLabel?: MessageKey;
  idNumberInputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
}) {
  const { t } = useI18n();
  const { values, errors, setValue } = form;
  return (
    <>
      <TextField
        label={t(nameLabel)}
        testId={`${testIdPrefix}-name`}
        autoComplete="name"
        maxLength={30}
        placeholder={t('identity.namePlaceholder')}
        value={values.name}
        onValueChange={(v) => setValue('name', v)}
        error={errors.name}
      />
      <TextField
        label={t(idNumberLabel)}
        testId={`${testIdPrefix}-id-number`}
        autoComplete="off"
        inputMode={idNumberInputMode}
        autoCapitalize="characters"
        maxLength={18}
        placeholder={t('identity.idNumberPlaceholder')}
        value={values.idNumber}
        onValueChange={(v) => setValue('idNumber', cleanIdInput(v))}
        error={errors.idNumber}
      />
    </>
  );
}
