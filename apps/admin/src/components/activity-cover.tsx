/**
 * An activity's cover image: the preview (the console's own cover URL, drafts too, with the session
 * cookie), and upload / replace / remove. The file's type and size are checked here before sending
 * and again by the server, which re-encodes it as JPEG.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Image, Popconfirm, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import type { Activity } from '@gonghui/contracts';
import { COVER_ACCEPT, COVER_MAX_BYTES, coverFileProblem } from '../activity-state';
import { api, isApiError } from '../api-client';
import { useI18n } from '../i18n';

const MAX_MB = COVER_MAX_BYTES / 1024 / 1024;

export function ActivityCoverCard({
  activity,
  editable,
  onChange,
  size = 'small',
}: {
  activity: Pick<Activity, 'id' | 'title' | 'coverUrl'>;
  editable: boolean;
  /** Small among the detail page's cards, default among the editor's. */
  size?: 'small' | 'default';
  /** Told the activity as the server answered after an upload or a removal. */
  onChange?: (activity: Activity) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [coverUrl, setCoverUrl] = useState(activity.coverUrl);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [broken, setBroken] = useState(false);

  useEffect(() => {
    setCoverUrl(activity.coverUrl);
    setBroken(false);
  }, [activity.coverUrl]);

  const applied = (updated: Activity, text: string) => {
    setCoverUrl(updated.coverUrl);
    setBroken(false);
    message.success(text);
    onChange?.(updated);
  };

  const run = async (kind: 'upload' | 'remove', action: () => Promise<void>) => {
    setBusy(kind);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(isApiError(error) ? error.message : t('errors.network'));
    } finally {
      setBusy(null);
    }
  };

  const upload = (file: File) => {
    const reason = coverFileProblem(file);
    if (reason) {
      setProblem(
        reason === 'type'
          ? t('cover.badType', { name: file.name })
          : reason === 'size'
            ? t('cover.tooLarge', { max: MAX_MB, size: (file.size / 1024 / 1024).toFixed(1) })
            : t('cover.empty'),
      );
      return;
    }
    void run('upload', async () => applied(await api.uploadActivityCover(activity.id, file), t('cover.uploaded')));
  };

  const remove = () => run('remove', async () => applied(await api.removeActivityCover(activity.id), t('cover.removed')));

  const src = coverUrl ? api.activityCoverSrc(activity.id, coverUrl) : null;

  return (
    <Card size={size} title={t('cover.title')} className="gh-detail-card gh-cover-card" data-testid="activity-cover" data-has-cover={Boolean(coverUrl)}>
      <div className="gh-cover-frame">
        {src && !broken ? (
          <Image src={src} alt={t('cover.alt', { title: activity.title })} onError={() => setBroken(true)} data-testid="activity-cover-image" />
        ) : (
          <div className="gh-cover-empty" data-testid="activity-cover-empty">
            <PictureOutlined />
            <span>{broken ? t('cover.loadFailed') : t('cover.none')}</span>
          </div>
        )}
      </div>
      {problem ? <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="cover-error" /> : null}
      {editable ? (
        <Space wrap className="gh-cover-actions">
          <Upload
            accept={COVER_ACCEPT}
            showUploadList={false}
            maxCount={1}
            disabled={busy !== null}
            beforeUpload={(file) => {
              upload(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'upload'} type={coverUrl ? 'default' : 'primary'} data-testid="cover-upload">
              {coverUrl ? t('cover.replace') : t('cover.upload')}
            </Button>
          </Upload>
          {coverUrl ? (
            <Popconfirm
              title={t('cover.removeConfirm')}
              okText={t('cover.remove')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, 'data-testid': 'cover-remove-confirm' }}
              onConfirm={remove}
            >
              <Button danger icon={<DeleteOutlined />} loading={busy === 'remove'} disabled={busy === 'upload'} data-testid="cover-remove">
                {t('cover.remove')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ) : null}
      <Typography.Paragraph type="secondary" className="gh-small gh-cover-help">
        {t('cover.help', { max: MAX_MB })}
      </Typography.Paragraph>
    </Card>
  );
}
