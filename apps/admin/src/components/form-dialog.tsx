/**
 * The console's form dialogs: a Modal whose OK button submits an antd Form, an error alert above the
 * form, and a submit wrapper that puts server errors on their fields (or in that alert).
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Form, Modal } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { showFormError } from '../forms';
import type { FormErrorOptions } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import type { DialogProps } from './use-dialog';

export interface FormSubmit {
  submitting: boolean;
  formError: string | null;
  setFormError: (text: string | null) => void;
  /**
   * Run `action` with the form disabled. A failure goes through `onError` first (return true when it
   * was handled), then onto the form's fields or its alert.
   */
  run: (action: () => Promise<void>, onError?: (error: unknown) => boolean) => Promise<void>;
}

export function useFormSubmit(form: FormInstance, options: Omit<FormErrorOptions, 'lang'>): FormSubmit {
  const { lang } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>, onError?: (error: unknown) => boolean) => {
    setSubmitting(true);
    setFormError(null);
    try {
      await action();
    } catch (error) {
      if (!onError?.(error)) setFormError(showFormError(form, error, { ...options, lang }));
    } finally {
      setSubmitting(false);
    }
  };
  return { submitting, formError, setFormError, run };
}

export function FormAlert({ text, description }: { text: string | null; description?: ReactNode }) {
  return text ? <Alert type="error" showIcon title={text} description={description} className="gh-form-alert" data-testid="form-error" /> : null;
}

type DataAttributes = { [key: `data-${string}`]: string | undefined };

export interface FormDialogProps<V> extends DialogProps {
  form: FormInstance<V>;
  submit: FormSubmit;
  title: ReactNode;
  okText: string;
  submitTestId: string;
  danger?: boolean;
  /** Width on wide screens (full width on phones); antd's default when absent. */
  width?: number;
  /** Shown above the error alert. */
  intro?: ReactNode;
  errorDescription?: ReactNode;
  formProps: Omit<FormProps<V>, 'form' | 'layout' | 'disabled'> & DataAttributes;
  children: ReactNode;
}

export function FormDialog<V>({
  form,
  submit,
  title,
  okText,
  submitTestId,
  danger,
  width,
  intro,
  errorDescription,
  formProps,
  children,
  open,
  onClose,
  afterClose,
}: FormDialogProps<V>) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: submit.submitting, 'data-testid': submitTestId }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={width === undefined ? undefined : isMobile ? '100%' : width}
    >
      {intro}
      <FormAlert text={submit.formError} description={errorDescription} />
      <Form<V> {...formProps} form={form} layout="vertical" disabled={submit.submitting}>
        {children}
      </Form>
    </Modal>
  );
}
