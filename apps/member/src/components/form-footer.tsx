/** The end of a form: its form-wide error and the big submit button. */
import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';

/** The form-wide error under a form's fields (nothing when there is none). */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}

/** The full-width primary submit button, spinning (and disabled) while the form is submitting. */
export function SubmitButton({
  submitting,
  loadingText,
  disabled = false,
  testId,
  children,
}: {
  submitting: boolean;
  loadingText?: string;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Button
      block
      type="submit"
      color="primary"
      size="large"
      shape="rounded"
      loading={submitting}
      loadingText={loadingText}
      disabled={submitting || disabled}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
