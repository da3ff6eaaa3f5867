import { useCallback, useRef, useState } from 'react';
import { Toast } from 'antd-mobile';
import { splitApiError, type FieldErrors } from '../form';
import { useI18n } from '../i18n';

export interface FormController<F extends string> {
  values: Record<F, string>;
  setValue: (field: F, value: string) => void;
  errors: FieldErrors<F>;
  setErrors: (errors: FieldErrors<F>) => void;
  setFieldError: (field: F, message: string | undefined) => void;
  formError: string | null;
  submitting: boolean;
  /** Runs `action` once at a time; server errors land on their fields, in a toast and under the form. */
  submit: (action: () => Promise<void>) => Promise<void>;
}

export function useForm<F extends string>(initial: Record<F, string>): FormController<F> {
  const { lang } = useI18n();
  const [values, setValues] = useState(initial);
  const [errors, setErrorsState] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);
  const fields = useRef(Object.keys(initial) as F[]);

  const setValue = useCallback((field: F, value: string) => {
    setValues((prev) => ({ ...prev, [field]: value }));
    setErrorsState((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));
    setFormError(null);
  }, []);

  const setErrors = useCallback((next: FieldErrors<F>) => setErrorsState(next), []);
  const setFieldError = useCallback(
    (field: F, message: string | undefined) => setErrorsState((prev) => ({ ...prev, [field]: message })),
    [],
  );

  const submit = useCallback(
    async (action: () => Promise<void>) => {
      if (busy.current) return;
      busy.current = true;
      setSubmitting(true);
      setFormError(null);
      try {
        await action();
      } catch (error) {
        const { fieldErrors, message } = splitApiError(error, fields.current, lang);
        setErrorsState((prev) => ({ ...prev, ...fieldErrors }));
        setFormError(message);
        Toast.show({ icon: 'fail', content: message });
      } finally {
        busy.current = false;
        setSubmitting(false);
      }
    },
    [lang],
  );

  return { values, setValue, errors, setErrors, setFieldError, formError, submitting, submit };
}
