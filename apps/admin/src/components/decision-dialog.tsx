/**
 * Approve or reject something with a reason (required when rejecting, as the request schema says):
 * the join request and organization application decisions.
 */
import type { ReactNode } from 'react';
import { Form, Input } from 'antd';
import { firstIssueMessage } from '../forms';
import type { ZodLikeIssue } from '../api-client';
import { useI18n } from '../i18n';
import { FormDialog, useFormSubmit } from './form-dialog';
import type { DialogProps } from './use-dialog';

export type Decision = 'approve' | 'reject';

type ParseResult<T> = { success: true; data: T } | { success: false; error: { issues: readonly ZodLikeIssue[] } };

interface ReasonValues {
  reason?: string;
}

export interface DecisionDialogProps<T> extends DialogProps {
  decision: Decision;
  title: ReactNode;
  okText: string;
  /** What is decided on, and any notice, above the reason. */
  intro: ReactNode;
  reasonLabel: string;
  reasonMaxLength: number;
  submitTestId: string;
  formTestId: string;
  reasonTestId: string;
  /** The request body for this reason (trimmed, undefined when blank). */
  parse: (reason: string | undefined) => ParseResult<T>;
  onSubmit: (body: T) => Promise<void>;
  /** A failure handled here (return true) instead of in the form's alert. */
  onError?: (error: unknown) => boolean;
}

export function DecisionDialog<T>({
  decision,
  title,
  okText,
  intro,
  reasonLabel,
  reasonMaxLength,
  submitTestId,
  formTestId,
  reasonTestId,
  parse,
  onSubmit,
  onError,
  open,
  onClose,
  afterClose,
}: DecisionDialogProps<T>) {
  const { lang } = useI18n();
  const [form] = Form.useForm<ReasonValues>();
  const submitter = useFormSubmit(form, { fields: ['reason'] });
  const rejecting = decision === 'reject';

  const validate = (raw: unknown) => {
    const reason = typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
    return { reason, parsed: parse(reason) };
  };

  const submit = async (values: ReasonValues) => {
    const { reason, parsed } = validate(values.reason);
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: [firstIssueMessage(parsed.error, lang, reason)] }]);
      return;
    }
    await submitter.run(() => onSubmit(parsed.data), onError);
  };

  return (
    <FormDialog<ReasonValues>
      form={form}
      submit={submitter}
      title={title}
      okText={okText}
      submitTestId={submitTestId}
      danger={rejecting}
      intro={intro}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, 'data-testid': formTestId }}
    >
      <Form.Item
        name="reason"
        label={reasonLabel}
        required={rejecting}
        rules={[
          {
            validator: async (_rule, raw: unknown) => {
              const { reason, parsed } = validate(raw);
              if (!parsed.success) throw new Error(firstIssueMessage(parsed.error, lang, reason));
            },
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={reasonMaxLength} showCount data-testid={reasonTestId} />
      </Form.Item>
    </FormDialog>
  );
}
