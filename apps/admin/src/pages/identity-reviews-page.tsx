/**
 * "实名审核": real-name verifications, identity corrections and account reclaims that wait for an
 * admin to compare the uploaded ID photos. The review drawer shows the unmasked ID number and the
 * photos (both audited by the server) and takes the decision.
 */
import { useEffect, useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Image, Input, Segmented, Select, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, EyeOutlined, ReloadOutlined, RotateRightOutlined, SafetyOutlined } from '@ant-design/icons';
import { IDENTITY_REVIEW_KINDS, IDENTITY_REVIEW_STATUSES, MEMBER_STATUSES, PHOTO_SIDES, identityReviewQuerySchema, reviewDecisionSchema } from '@gonghui/contracts';
import type { AdminIdentityReview, IdentityReviewKind, IdentityReviewStatus, MemberStatus, PhotoSide } from '@gonghui/contracts';
import { ApiError, api, isAbortError, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { readQueryParams, updateQueryParams } from '../components/query-params';
import { IdentityReviewKindTag, IdentityReviewStatusTag, MemberStatusTag } from '../components/tags';
import { useDialog } from '../components/use-dialog';
import type { DialogProps } from '../components/use-dialog';
import { WaitingWorkingDays } from '../components/waiting-days';
import { usePagedTable } from '../components/paged-table';
import { formatDateTime } from '../format';
import { firstIssueMessage, showFormError } from '../forms';
import { useI18n } from '../i18n';
import { useQueueCounts } from '../queue-counts';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

type KindTab = 'all' | IdentityReviewKind;
const KIND_TABS: readonly KindTab[] = ['all', ...IDENTITY_REVIEW_KINDS];

function isMemberStatus(value: string): value is MemberStatus {
  return (MEMBER_STATUSES as readonly string[]).includes(value);
}

/** Still waiting for someone: the clock runs. */
const isOpen = (status: IdentityReviewStatus) => status === 'pending' || status === 'awaiting_photos';

/** An ID card is 85.6 × 54 mm: turned sideways it has to shrink by this much to fit its frame. */
const CARD_RATIO = 85.6 / 54;

function IdPhoto({ reviewId, side, uploaded }: { reviewId: string; side: PhotoSide; uploaded: boolean }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [rotation, setRotation] = useState(0);

  useEffect(() => {
    if (!uploaded) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    setUrl(null);
    setError(null);
    api
      .identityReviewPhoto(reviewId, side, controller.signal)
      .then((blob) => {
        if (controller.signal.aborted) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted || isAbortError(err)) return;
        setError(isApiError(err) ? err : new ApiError(0, 'NETWORK_ERROR', String(err)));
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // Not on a language switch: every fetch of a photo is audited.
  }, [reviewId, side, uploaded]);

  const sideways = rotation % 180 !== 0;
  let body;
  if (!uploaded) {
    body = <Typography.Text type="secondary">{t('reviews.photoMissing')}</Typography.Text>;
  } else if (error) {
    body = (
      <Typography.Text type="danger" className="gh-small">
        {t('reviews.photoFailed')}：{error.message}
      </Typography.Text>
    );
  } else if (!url) {
    body = <Skeleton.Image active />;
  } else {
    body = (
      <Image
        src={url}
        alt={t(`reviews.side.${side}`)}
        className="gh-id-photo-img"
        styles={{ image: { transform: `rotate(${rotation}deg) scale(${sideways ? 1 / CARD_RATIO : 1})` } }}
        preview={{ mask: t('reviews.enlarge') }}
        data-testid={`review-photo-${side}`}
      />
    );
  }

  return (
    <figure className="gh-id-photo" data-testid={`review-photo-box-${side}`}>
      <div className="gh-id-photo-frame">{body}</div>
      <figcaption className="gh-id-photo-caption">
        <span>{t(`reviews.side.${side}`)}</span>
        {url ? (
          <Button
            size="small"
            type="text"
            icon={<RotateRightOutlined />}
            onClick={() => setRotation((r) => (r + 90) % 360)}
            aria-label={t('reviews.rotate')}
            title={t('reviews.rotate')}
            data-testid={`review-rotate-${side}`}
          />
        ) : null}
      </figcaption>
    </figure>
  );
}

function ReviewDetails({ review }: { review: AdminIdentityReview }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const none = t('common.none');
  const correction = review.kind === 'correction';
  const nameChanged = correction && review.currentName !== null && review.currentName !== review.name;

  // What the photos are compared with comes first, next to them; the rest below.
  const identity: DescriptionsProps['items'] = [
    ...(correction
      ? [
          { key: 'currentName', label: t('reviews.currentName'), children: review.currentName ?? none },
          {
            key: 'name',
            label: t('reviews.requestedName'),
            children: (
              <Typography.Text strong={nameChanged} mark={nameChanged} data-testid="review-name">
                {review.name}
                {nameChanged ? null : <Typography.Text type="secondary"> （{t('reviews.nameUnchanged')}）</Typography.Text>}
              </Typography.Text>
            ),
          },
        ]
      : [{ key: 'name', label: t('reviews.name'), children: <span data-testid="review-name">{review.name}</span> }]),
    {
      key: 'idNumber',
      label: t(correction ? 'reviews.requestedIdNumber' : 'reviews.idNumberFull'),
      children: (
        <Typography.Text className="gh-revealed" copyable data-testid="review-id-number">
          {review.idNumber}
        </Typography.Text>
      ),
    },
  ];
  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: t('reviews.kind'), children: <IdentityReviewKindTag kind={review.kind} /> },
    { key: 'status', label: t('reviews.status'), children: <IdentityReviewStatusTag status={review.status} /> },
    // Reclaims carry the phone being reclaimed; the other kinds have none.
    ...(review.phone ? [{ key: 'phone', label: t('reviews.phone'), children: <span className="gh-masked">{review.phone}</span> }] : []),
    {
      key: 'member',
      label: t('reviews.member'),
      children: review.member ? (
        <Space size={4} wrap>
          {can('member.read') ? <Link to={`/members/${encodeURIComponent(review.member.id)}`}>{review.member.name ?? review.member.id}</Link> : (review.member.name ?? none)}
          {review.member.orgName ? <Typography.Text type="secondary">{review.member.orgName}</Typography.Text> : null}
          {isMemberStatus(review.member.status) ? <MemberStatusTag status={review.member.status} /> : null}
        </Space>
      ) : (
        t('reviews.noMember')
      ),
    },
    { key: 'method', label: t('reviews.method'), children: t(`reviewMethod.${review.method}`) },
    { key: 'reviewOrg', label: t('reviews.reviewOrg'), children: review.reviewOrg ?? none },
    { key: 'note', label: t('reviews.note'), children: review.note ?? none },
    { key: 'createdAt', label: t('reviews.createdAt'), children: formatDateTime(review.createdAt, lang) },
    {
      key: 'waiting',
      label: t('reviews.waiting'),
      children: <WaitingWorkingDays days={review.waitingWorkingDays} overdue={review.overdue} pending={isOpen(review.status)} />,
    },
    ...(review.decidedAt
      ? [
          { key: 'decidedBy', label: t('reviews.decidedBy'), children: review.decidedBy ?? none },
          { key: 'decidedAt', label: t('reviews.decidedAt'), children: formatDateTime(review.decidedAt, lang) },
          { key: 'reason', label: t('reviews.decisionReason'), children: review.reason ?? none },
        ]
      : []),
  ];
  return (
    <div data-testid="review-details">
      <Descriptions size="small" bordered column={1} items={identity} className="gh-review-identity" />
      {review.photosPurgedAt ? (
        <Alert type="info" showIcon data-testid="review-photos-purged" message={t('reviews.photosPurged', { at: formatDateTime(review.photosPurgedAt, lang) })} />
      ) : (
        <>
          <div className="gh-id-photos">
            {PHOTO_SIDES.map((side) => (
              <IdPhoto key={side} reviewId={review.id} side={side} uploaded={review.photos.includes(side)} />
            ))}
          </div>
          <Typography.Paragraph type="secondary" className="gh-small">
            {t('reviews.enlargeHint')}
          </Typography.Paragraph>
        </>
      )}
      <Descriptions size="small" bordered column={1} items={items} />
    </div>
  );
}

function DecisionForm({ review, onDecided, onConflict }: { review: AdminIdentityReview; onDecided: (approved: boolean) => void; onConflict: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [submitting, setSubmitting] = useState<'approve' | 'reject' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const decide = async (approve: boolean) => {
    const raw: unknown = form.getFieldValue('reason');
    const reason = typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
    const parsed = reviewDecisionSchema.safeParse({ approve, reason });
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: [firstIssueMessage(parsed.error, lang, reason)] }]);
      return;
    }
    form.setFields([{ name: 'reason', errors: [] }]);
    setSubmitting(approve ? 'approve' : 'reject');
    setFormError(null);
    try {
      await api.decideIdentityReview(review.id, parsed.data);
      message.success(t(approve ? 'reviews.approved' : 'reviews.rejected'));
      onDecided(approve);
    } catch (error) {
      if (isApiError(error) && error.code === 'APPLICATION_DECIDED') {
        onConflict();
        return;
      }
      setFormError(showFormError(form, error, { fields: ['reason'], lang }));
    } finally {
      setSubmitting(null);
    }
  };

  return (
    <Form form={form} layout="vertical" disabled={submitting !== null} className="gh-review-decision" data-testid="review-decision-form">
      {formError ? <Alert type="error" showIcon title={formError} className="gh-form-alert" data-testid="form-error" /> : null}
      <Form.Item name="reason" label={t('reviews.reason')} extra={t('reviews.reasonHelp')} className="gh-review-reason">
        <Input.TextArea rows={2} maxLength={200} showCount data-testid="review-reason" />
      </Form.Item>
      <div className="gh-review-buttons">
        <Button danger icon={<CloseOutlined />} loading={submitting === 'reject'} onClick={() => void decide(false)} data-testid="review-reject">
          {t('reviews.reject')}
        </Button>
        <Button type="primary" icon={<CheckOutlined />} loading={submitting === 'approve'} onClick={() => void decide(true)} data-testid="review-approve">
          {t('reviews.approve')}
        </Button>
      </div>
    </Form>
  );
}

function ReviewDrawer({ reviewId, open, onClose, afterClose, onChanged }: DialogProps & { reviewId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const { data, error, loading, reload } = useApi((signal) => api.identityReview(reviewId, signal), [reviewId]);
  const [conflict, setConflict] = useState(false);
  const review = data && data.id === reviewId ? data : undefined;

  let body;
  if (error) body = <LoadError error={error} onRetry={reload} compact />;
  else if (!review) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else body = <ReviewDetails review={review} />;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      afterOpenChange={(visible) => {
        if (!visible) afterClose();
      }}
      size={isMobile ? '100%' : 720}
      title={
        review ? (
          <Space size={6} wrap>
            <IdentityReviewKindTag kind={review.kind} />
            <span>{review.name}</span>
            <IdentityReviewStatusTag status={review.status} />
          </Space>
        ) : (
          t('reviews.drawerTitle')
        )
      }
      extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />}
      footer={review?.status === 'pending' && !conflict ? <DecisionForm key={review.id} review={review} onDecided={() => {
        onChanged();
        onClose();
      }} onConflict={() => {
        setConflict(true);
        reload();
        onChanged();
      }} /> : null}
      data-testid="review-drawer"
    >
      <Alert type="warning" showIcon icon={<SafetyOutlined />} title={t('reviews.auditNotice')} className="gh-form-alert" />
      {conflict ? <Alert type="error" showIcon title={t('reviews.conflict')} className="gh-form-alert" data-testid="review-conflict" /> : null}
      {review && review.status !== 'pending' && !conflict ? (
        <Alert type="info" showIcon title={t('reviews.notPending', { status: t(`reviewStatus.${review.status}`) })} className="gh-form-alert" />
      ) : null}
      {body}
    </Drawer>
  );
}

export function IdentityReviewsPage() {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const counts = useQueueCounts();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, identityReviewQuerySchema), [params]);
  const drawer = useDialog<string>();

  const { data, error, loading, reload } = useApi(
    (signal) => api.identityReviews(query, signal),
    [query.page, query.pageSize, query.status, query.kind],
  );

  const columns: TableColumnsType<AdminIdentityReview> = [
    {
      key: 'name',
      title: t('reviews.name'),
      fixed: isMobile ? undefined : 'left',
      width: 140,
      render: (_, r) => (
        <span className="gh-stack">
          <Typography.Text strong>{r.name}</Typography.Text>
          {r.kind === 'correction' && r.currentName && r.currentName !== r.name ? (
            <Typography.Text type="secondary" className="gh-small">
              {t('reviews.nowNamed', { name: r.currentName })}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { key: 'idNumber', title: t('reviews.idNumber'), dataIndex: 'idNumber', width: 190, render: (v: string) => <span className="gh-masked">{v}</span> },
    { key: 'kind', title: t('reviews.kind'), dataIndex: 'kind', width: 110, render: (k: IdentityReviewKind) => <IdentityReviewKindTag kind={k} /> },
    { key: 'status', title: t('reviews.status'), dataIndex: 'status', width: 100, render: (s: IdentityReviewStatus) => <IdentityReviewStatusTag status={s} /> },
    {
      key: 'waiting',
      title: t('reviews.waiting'),
      width: 190,
      render: (_, r) => <WaitingWorkingDays days={r.waitingWorkingDays} overdue={r.overdue} pending={isOpen(r.status)} />,
    },
    { key: 'createdAt', title: t('reviews.createdAt'), dataIndex: 'createdAt', width: 165, render: (v: string) => <span className="gh-nowrap">{formatDateTime(v, lang)}</span> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      fixed: isMobile ? undefined : 'right',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          className="gh-link-button"
          onClick={(event) => {
            event.stopPropagation();
            drawer.show(r.id);
          }}
          data-testid="review-open"
          data-review-id={r.id}
        >
          {r.status === 'pending' ? t('reviews.review') : t('reviews.view')}
        </Button>
      ),
    },
  ];

  const paged = usePagedTable(query, data?.total, setParams);

  const statusOptions = IDENTITY_REVIEW_STATUSES.map((s) => ({ value: s, label: t(`reviewStatus.${s}`) }));
  const setStatus = (status: IdentityReviewStatus) => updateQueryParams(setParams, { status: status === 'pending' ? undefined : status });

  return (
    <div data-testid="identity-reviews-page">
      <PageHeader
        title={t('reviews.title')}
        subTitle={t('reviews.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />}
      />
      <Card>
        <Tabs
          activeKey={query.kind ?? 'all'}
          onChange={(key) => updateQueryParams(setParams, { kind: key === 'all' ? undefined : key })}
          items={KIND_TABS.map((kind) => ({
            key: kind,
            label: <span data-testid={`reviews-tab-${kind}`}>{kind === 'all' ? t('reviews.allKinds') : t(`reviewKind.${kind}`)}</span>,
          }))}
          className="gh-review-tabs"
        />
        <div className="gh-filters">
          {isMobile ? (
            <Select<IdentityReviewStatus> value={query.status} onChange={setStatus} options={statusOptions} data-testid="reviews-status-filter" />
          ) : (
            <Segmented<IdentityReviewStatus> value={query.status} onChange={setStatus} options={statusOptions} data-testid="reviews-status-filter" />
          )}
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AdminIdentityReview>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            rowClassName={(r) => `gh-row-clickable${r.overdue && isOpen(r.status) ? ' gh-row-overdue' : ''}`}
            onRow={(r) =>
              ({
                'data-testid': `review-row-${r.id}`,
                'data-status': r.status,
                'data-overdue': r.overdue,
                onClick: () => drawer.show(r.id),
              }) as HTMLAttributes<HTMLElement>
            }
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('reviews.empty') }}
            data-testid="reviews-table"
          />
        )}
      </Card>
      {drawer.state ? (
        <ReviewDrawer
          key={drawer.state.seq}
          reviewId={drawer.state.payload}
          {...drawer.props}
          onChanged={() => {
            reload();
            counts.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
