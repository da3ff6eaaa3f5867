/** Publishing and cancelling an activity, with their confirmations (shared by the form and the detail page). */
import { useCallback } from 'react';
import { App } from 'antd';
import type { Activity, ActivityMode } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import { useI18n } from '../i18n';

export interface ActivityActions {
  /**
   * Ask, then run `before` (e.g. save the form) and publish what it returns. Resolves with the
   * published activity, or null when the admin said no or something failed (`onError` was told).
   */
  confirmPublish: (options: { mode: ActivityMode; title: string; before: () => Promise<string | null>; onError?: (error: unknown) => void }) => Promise<Activity | null>;
  confirmCancel: (activity: Activity) => Promise<Activity | null>;
}

export function useActivityActions(): ActivityActions {
  const { t } = useI18n();
  const { modal, message } = App.useApp();

  const confirmPublish = useCallback<ActivityActions['confirmPublish']>(
    ({ mode, title, before, onError }) =>
      new Promise((resolve) => {
        let settled = false;
        const finish = (value: Activity | null) => {
          if (settled) return;
          settled = true;
          resolve(value);
        };
        modal.confirm({
          title: t('activity.publishTitle', { title }),
          content: (
            <div className="gh-confirm-text">
              <p>{t('activity.publishText')}</p>
              {mode === 'lottery' ? <p>{t('activity.publishLotteryText')}</p> : null}
            </div>
          ),
          okText: t('activity.publish'),
          okButtonProps: { 'data-testid': 'confirm-publish' },
          cancelText: t('common.cancel'),
          onCancel: () => finish(null),
          onOk: async () => {
            try {
              const id = await before();
              if (!id) {
                finish(null);
                return;
              }
              const published = await api.publishActivity(id);
              message.success(t('activity.published'));
              finish(published);
            } catch (error) {
              if (onError) onError(error);
              else message.error(isApiError(error) ? error.message : t('errors.network'));
              finish(null);
            }
          },
        });
      }),
    [modal, message, t],
  );

  const confirmCancel = useCallback<ActivityActions['confirmCancel']>(
    (activity) =>
      new Promise((resolve) => {
        modal.confirm({
          title: t('activity.cancelTitle', { title: activity.title }),
          content: t(activity.status === 'draft' ? 'activity.cancelDraftText' : 'activity.cancelText'),
          okText: t('activity.cancelActivity'),
          okButtonProps: { danger: true, 'data-testid': 'confirm-cancel' },
          cancelText: t('activity.keep'),
          onCancel: () => resolve(null),
          onOk: async () => {
            try {
              const cancelled = await api.cancelActivity(activity.id);
              message.success(t('activity.cancelled'));
              resolve(cancelled);
            } catch (error) {
              message.error(isApiError(error) ? error.message : t('errors.network'));
              resolve(null);
            }
          },
        });
      }),
    [modal, message, t],
  );

  return { confirmPublish, confirmCancel };
}
