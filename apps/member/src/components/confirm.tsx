/** Dialog.confirm with test ids on its two buttons (`confirm-ok`, `confirm-cancel`). */
import type { ReactNode } from 'react';
import { Dialog } from 'antd-mobile';
import { currentLang, translate } from '../i18n';

export function confirmDialog({ title, content, confirmText, cancelText }: { title: string; content: ReactNode; confirmText?: string; cancelText?: string }): Promise<boolean> {
  const lang = currentLang();
  return Dialog.confirm({
    title,
    content,
    confirmText: <span data-testid="confirm-ok">{confirmText ?? translate(lang, 'common.confirm')}</span>,
    cancelText: <span data-testid="confirm-cancel">{cancelText ?? translate(lang, 'common.cancel')}</span>,
  });
}
