/**
 * The ID-card photo step of a manual identity review (verification, correction, reclaim): the 人像面
 * and the 国徽面, each checked for type and size in the browser, previewed, and uploaded at once
 * with a progress bar. When the server holds both sides the review goes to an admin.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { ProgressBar, Toast } from 'antd-mobile';
import { PHOTO_MAX_BYTES, PHOTO_SIDES, PHOTO_TYPES, type OwnIdentityReview, type PhotoSide } from '@gonghui/contracts';
import { errorMessage } from '../api-client';
import { useI18n, type MessageKey } from '../i18n';
import { CameraIcon, CheckCircleIcon } from './icons';

export type PhotoUploader = (side: PhotoSide, file: File, onProgress: (percent: number) => void) => Promise<OwnIdentityReview | undefined>;

interface SideState {
  status: 'empty' | 'uploading' | 'done' | 'error';
  preview: string | null;
  progress: number;
  error: string | null;
}

const SIDE_LABEL: Record<PhotoSide, MessageKey> = { front: 'photo.front', back: 'photo.back' };
const SIDE_HINT: Record<PhotoSide, MessageKey> = { front: 'photo.frontHint', back: 'photo.backHint' };
const ACCEPT = PHOTO_TYPES.join(',');
const MAX_MB = Math.round(PHOTO_MAX_BYTES / 1024 / 1024);

function initial(uploaded: readonly PhotoSide[]): Record<PhotoSide, SideState> {
  const state = (side: PhotoSide): SideState => ({ status: uploaded.includes(side) ? 'done' : 'empty', preview: null, progress: 0, error: null });
  return { front: state('front'), back: state('back') };
}

export interface IdPhotoStepProps {
  /** Sides the server already holds (a step resumed after a reload). */
  uploaded: readonly PhotoSide[];
  upload: PhotoUploader;
  /** Both sides are on the server; the review (as the last upload returned it) is waiting for an admin. */
  onComplete: (review: OwnIdentityReview | null) => void;
}

export function IdPhotoStep({ uploaded, upload, onComplete }: IdPhotoStepProps) {
  const { t } = useI18n();
  const [sides, setSides] = useState<Record<PhotoSide, SideState>>(() => initial(uploaded));
  const previews = useRef<string[]>([]);
  const completed = useRef(false);
  const lastReview = useRef<OwnIdentityReview | null>(null);

  useEffect(
    () => () => {
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );

  useEffect(() => {
    if (completed.current) return;
    if (sides.front.status === 'done' && sides.back.status === 'done') {
      completed.current = true;
      Toast.show({ icon: 'success', content: t('photo.allUploaded') });
      onComplete(lastReview.current);
    }
  }, [sides, onComplete, t]);

  const patch = (side: PhotoSide, change: Partial<SideState>) => setSides((previous) => ({ ...previous, [side]: { ...previous[side], ...change } }));

  const choose = async (side: PhotoSide, event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Let the same file be chosen again after an error.
    event.target.value = '';
    if (!file) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) {
      patch(side, { status: 'error', error: t('photo.badType') });
      return;
    }
    if (file.size > PHOTO_MAX_BYTES) {
      patch(side, { status: 'error', error: t('photo.tooLarge', { max: MAX_MB }) });
      return;
    }
    if (file.size === 0) {
      patch(side, { status: 'error', error: t('photo.empty') });
      return;
    }
    const preview = URL.createObjectURL(file);
    previews.current.push(preview);
    patch(side, { status: 'uploading', preview, progress: 0, error: null });
    try {
      const review = await upload(side, file, (progress) => patch(side, { progress }));
      if (review && typeof review === 'object' && Array.isArray(review.photos)) lastReview.current = review;
      patch(side, { status: 'done', progress: 100 });
    } catch (error) {
      patch(side, { status: 'error', error: errorMessage(error) });
    }
  };

  return (
    <section className="photo-step" data-testid="photo-step">
      <ul className="photo-tips">
        <li>{t('photo.tip1')}</li>
        <li>{t('photo.tip2')}</li>
        <li>{t('photo.tip3', { max: MAX_MB })}</li>
      </ul>
      <div className="photo-grid">
        {PHOTO_SIDES.map((side) => {
          const state = sides[side];
          const inputId = `id-photo-${side}`;
          const busy = state.status === 'uploading';
          return (
            <div key={side} className={`photo-tile photo-tile--${state.status}`} data-testid={`photo-${side}`} data-status={state.status}>
              <label htmlFor={inputId} className="photo-frame" aria-disabled={busy}>
                {state.preview ? (
                  <img src={state.preview} alt={t(SIDE_LABEL[side])} className="photo-preview" />
                ) : (
                  <IdCardIllustration side={side} />
                )}
                {state.status === 'done' ? (
                  <span className="photo-badge" data-testid={`photo-${side}-done`}>
                    <CheckCircleIcon /> {t('photo.uploaded')}
                  </span>
                ) : null}
                {state.status === 'empty' || state.status === 'error' ? (
                  <span className="photo-camera">
                    <CameraIcon size={26} />
                  </span>
                ) : null}
              </label>
              <input
                id={inputId}
                className="visually-hidden"
                type="file"
                accept={ACCEPT}
                capture="environment"
                disabled={busy}
                data-testid={`photo-${side}-input`}
                onChange={(event) => void choose(side, event)}
              />
              <div className="photo-caption">
                <strong>{t(SIDE_LABEL[side])}</strong>
                <span>{state.status === 'done' ? t('photo.retake') : t(SIDE_HINT[side])}</span>
              </div>
              {busy ? (
                <div className="photo-progress" data-testid={`photo-${side}-progress`}>
                  <ProgressBar percent={state.progress} style={{ '--track-width': '4px' }} />
                  <span>{t('photo.uploading', { percent: state.progress })}</span>
                </div>
              ) : null}
              {state.error ? (
                <div className="field-error" role="alert" data-testid={`photo-${side}-error`}>
                  {state.error}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
      <p className="photo-privacy">{t('photo.privacy')}</p>
    </section>
  );
}

/** A drawn ID card (either side) as the placeholder of a photo frame. */
function IdCardIllustration({ side }: { side: PhotoSide }) {
  return (
    <svg viewBox="0 0 160 100" className="photo-illustration" aria-hidden="true">
      <rect x="2" y="2" width="156" height="96" rx="9" fill="#f4f6fb" stroke="#c9d1e2" strokeWidth="2" strokeDasharray="5 4" />
      {side === 'front' ? (
        <>
          <rect x="16" y="20" width="56" height="6" rx="3" fill="#d6dcea" />
          <rect x="16" y="34" width="72" height="6" rx="3" fill="#d6dcea" />
          <rect x="16" y="48" width="48" height="6" rx="3" fill="#d6dcea" />
          <rect x="16" y="74" width="92" height="7" rx="3.5" fill="#c9d1e2" />
          <rect x="106" y="16" width="40" height="50" rx="4" fill="#e3e8f3" />
          <circle cx="126" cy="34" r="9" fill="#c9d1e2" />
          <path d="M111 62c2-9 8-13 15-13s13 4 15 13" fill="#c9d1e2" />
        </>
      ) : (
        <>
          <circle cx="34" cy="34" r="16" fill="#f7d7d8" stroke="#e9a8aa" strokeWidth="2" />
          <path d="m34 24 3 7h7l-6 4 2 7-6-4-6 4 2-7-6-4h7Z" fill="#e9a8aa" />
          <rect x="60" y="24" width="84" height="8" rx="4" fill="#d6dcea" />
          <rect x="60" y="38" width="64" height="6" rx="3" fill="#d6dcea" />
          <rect x="40" y="66" width="104" height="6" rx="3" fill="#d6dcea" />
          <rect x="40" y="78" width="80" height="6" rx="3" fill="#d6dcea" />
        </>
      )}
    </svg>
  );
}
