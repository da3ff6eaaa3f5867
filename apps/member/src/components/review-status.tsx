/** How an identity review stands, for the person who asked for it: waiting, rejected or approved. */
import type { ReactNode } from 'react';
import { Button, Steps } from 'antd-mobile';
import type { OwnIdentityReview } from '@gonghui/contracts';
import { useI18n, type MessageKey } from '../i18n';
import { formatDateTime } from '../member-labels';
import { CheckCircleIcon, ClockIcon, CloseCircleIcon } from './icons';

/** The steps of a review at the top of the verification, correction and reclaim pages. */
export function FlowSteps({ steps, current, failed = false, testId = 'flow-steps' }: { steps: readonly MessageKey[]; current: number; failed?: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="flow-steps" data-testid={testId} data-current={current}>
      <Steps current={current}>
        {steps.map((step, index) => (
          <Steps.Step key={step} title={t(step)} status={failed && index === current ? 'error' : undefined} />
        ))}
      </Steps>
    </div>
  );
}

function SubmittedLines({ review }: { review: OwnIdentityReview }) {
  const { t, lang } = useI18n();
  return (
    <dl className="kv-list">
      <div>
        <dt>{t('identity.name')}</dt>
        <dd data-testid="review-name">{review.name}</dd>
      </div>
      <div>
        <dt>{t('identity.idNumber')}</dt>
        <dd data-testid="review-id-number">{review.idNumber}</dd>
      </div>
      <div>
        <dt>{t('review.submittedAt')}</dt>
        <dd>{formatDateTime(review.createdAt, lang)}</dd>
      </div>
      {review.decidedAt ? (
        <div>
          <dt>{t('review.decidedAt')}</dt>
          <dd>{formatDateTime(review.decidedAt, lang)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function ReviewPending({ review, onWithdraw, withdrawing = false, extra }: { review: OwnIdentityReview; onWithdraw?: () => void; withdrawing?: boolean; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="card status-card status-card--waiting" data-testid="review-pending">
      <div className="status-card-icon">
        <ClockIcon size={40} />
      </div>
      <h2 className="status-card-title">{t('review.pendingTitle')}</h2>
      <p className="status-card-text">{t('review.pendingText')}</p>
      <p className="status-card-days" data-testid="review-waiting-days">
        {review.waitingWorkingDays > 0 ? t('review.waitedDays', { days: review.waitingWorkingDays }) : t('review.waitedToday')}
      </p>
      <SubmittedLines review={review} />
      {extra}
      {onWithdraw ? (
        <Button block shape="rounded" fill="outline" loading={withdrawing} disabled={withdrawing} onClick={onWithdraw} data-testid="review-withdraw">
          {t('review.withdraw')}
        </Button>
      ) : null}
    </section>
  );
}

export function ReviewRejected({ review, onRetry, retryLabel }: { review: OwnIdentityReview | null; onRetry: () => void; retryLabel?: string }) {
  const { t } = useI18n();
  return (
    <section className="card status-card status-card--rejected" data-testid="review-rejected">
      <div className="status-card-icon">
        <CloseCircleIcon size={40} />
      </div>
      <h2 className="status-card-title">{t('review.rejectedTitle')}</h2>
      {review?.reason ? (
        <p className="status-card-reason" data-testid="review-reason">
          {t('review.reason', { reason: review.reason })}
        </p>
      ) : null}
      <p className="status-card-text">{t('review.rejectedText')}</p>
      {review ? <SubmittedLines review={review} /> : null}
      <Button block color="primary" shape="rounded" size="large" onClick={onRetry} data-testid="review-retry">
        {retryLabel ?? t('review.retry')}
      </Button>
    </section>
  );
}

export function ReviewApproved({ title, text, review, children }: { title: string; text?: string; review: OwnIdentityReview | null; children?: ReactNode }) {
  return (
    <section className="card status-card status-card--done" data-testid="review-approved">
      <div className="status-card-icon">
        <CheckCircleIcon size={44} />
      </div>
      <h2 className="status-card-title">{title}</h2>
      {text ? <p className="status-card-text">{text}</p> : null}
      {review ? <SubmittedLines review={review} /> : null}
      {children ? <div className="status-card-actions">{children}</div> : null}
    </section>
  );
}
