/**
 * "入会审批": applications to join, transfer into, or join from being held (上挂), addressed to base
 * unions of the admin's scope. The receiving union's admins with member.write decide (`canDecide`).
 */
import { useMemo } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Select, Space, Table, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { ArrowRightOutlined, CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { JOIN_OVERDUE_WORKING_DAYS, JOIN_REQUEST_KINDS, JOIN_REQUEST_STATUSES, adminJoinRequestQuerySchema, reviewDecisionSchema } from '@gonghui/contracts';
import type { AdminJoinRequest, JoinRequestKind, JoinRequestStatus } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { readQueryParams, updateQueryParams } from '../components/query-params';
import { JoinKindTag, JoinStatusTag, MemberStatusTag } from '../components/tags';
import { DecisionDialog } from '../components/decision-dialog';
import type { Decision } from '../components/decision-dialog';
import { useDialog } from '../components/use-dialog';
import type { DialogProps } from '../components/use-dialog';
import { WaitingWorkingDays } from '../components/waiting-days';
import { ResetFiltersButton, usePagedTable } from '../components/paged-table';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useQueueCounts } from '../queue-counts';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

function MemberCell({ request }: { request: AdminJoinRequest }) {
  const { t } = useI18n();
  const { member } = request;
  return (
    <span className="gh-stack">
      <span>
        <Link to={`/members/${encodeURIComponent(member.id)}`} onClick={(event) => event.stopPropagation()}>
          {member.name ?? t('common.none')}
        </Link>
        {member.gender ? <Typography.Text type="secondary"> · {t(`gender.${member.gender}`)}</Typography.Text> : null}
      </span>
      <span className="gh-masked gh-small">{member.idNumber ?? t('common.none')}</span>
      <Typography.Text type="secondary" className="gh-small">
        {member.cardNo ? t('join.cardNo', { cardNo: member.cardNo }) : t('join.noCard')}
      </Typography.Text>
    </span>
  );
}

function RouteCell({ request }: { request: AdminJoinRequest }) {
  const { t } = useI18n();
  return (
    <span className="gh-join-route">
      <Typography.Text type="secondary">{request.fromOrg?.name ?? t('join.fromNone')}</Typography.Text>
      <ArrowRightOutlined className="gh-arrow" />
      <Typography.Text strong>{request.toOrg.name}</Typography.Text>
    </span>
  );
}

function DecisionModal({
  request,
  decision,
  open,
  onClose,
  afterClose,
  onDone,
}: DialogProps & { request: AdminJoinRequest; decision: Decision; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const rejecting = decision === 'reject';
  const name = request.member.name ?? t('common.none');
  const kind = t(`joinKind.${request.kind}`);

  const summary: DescriptionsProps['items'] = [
    { key: 'member', label: t('join.member'), children: <MemberCell request={request} /> },
    { key: 'route', label: t('join.route'), children: <RouteCell request={request} /> },
    ...(request.member.employer ? [{ key: 'employer', label: t('join.employer'), children: request.member.employer }] : []),
    { key: 'note', label: t('join.note'), children: request.note ?? t('common.none') },
  ];

  return (
    <DecisionDialog
      decision={decision}
      title={t(rejecting ? 'join.rejectTitle' : 'join.approveTitle', { kind, name })}
      okText={t(rejecting ? 'join.reject' : 'join.approve')}
      intro={
        <>
          <Descriptions size="small" column={1} items={summary} className="gh-decision-head" />
          {rejecting ? null : (
            <Alert type="info" showIcon className="gh-form-alert" title={t(`join.approveNotice.${request.kind}`, { to: request.toOrg.name })} />
          )}
        </>
      }
      reasonLabel={t(rejecting ? 'join.rejectReason' : 'join.approveReason')}
      reasonMaxLength={200}
      submitTestId="join-decision-submit"
      formTestId="join-decision-form"
      reasonTestId="join-reason"
      parse={(reason) => reviewDecisionSchema.safeParse({ approve: !rejecting, reason })}
      onSubmit={async (body) => {
        await api.decideJoinRequest(request.id, body);
        message.success(t(rejecting ? 'join.rejected' : 'join.approved'));
        onDone();
      }}
      onError={(error) => {
        if (!isApiError(error) || error.code !== 'APPLICATION_DECIDED') return false;
        message.warning({ content: t('join.conflict'), className: 'gh-conflict-message' });
        onDone();
        return true;
      }}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
    />
  );
}

export function JoinRequestsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const counts = useQueueCounts();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, adminJoinRequestQuerySchema), [params]);
  const decisionDialog = useDialog<{ request: AdminJoinRequest; decision: Decision }>();
  const canWrite = can('member.write');

  const { data, error, loading, reload } = useApi(
    (signal) => api.joinRequests(query, signal),
    [query.page, query.pageSize, query.q, query.status, query.kind, query.overdue],
  );

  const none = t('common.none');
  // Pending (the default view): every row is pending, so the status column gives way to the actions.
  const pendingView = query.status === 'pending';
  const columns: TableColumnsType<AdminJoinRequest> = [
    {
      key: 'member',
      title: t('join.member'),
      fixed: isMobile ? undefined : 'left',
      width: 190,
      render: (_, r) => <MemberCell request={r} />,
    },
    {
      key: 'route',
      title: t('join.route'),
      width: 300,
      render: (_, r) => (
        <span className="gh-stack">
          <span>
            <JoinKindTag kind={r.kind} />
          </span>
          <RouteCell request={r} />
        </span>
      ),
    },
    {
      key: 'note',
      title: t('join.note'),
      dataIndex: 'note',
      width: 160,
      ellipsis: { showTitle: false },
      render: (v: string | null) => (v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : none),
    },
    ...(pendingView
      ? []
      : [{ key: 'status', title: t('join.status'), dataIndex: 'status', width: 90, render: (s: JoinRequestStatus) => <JoinStatusTag status={s} /> }]),
    {
      key: 'waiting',
      title: t('join.waiting'),
      width: 190,
      render: (_, r) => (
        <span className="gh-stack">
          <WaitingWorkingDays days={r.waitingWorkingDays} overdue={r.overdue} pending={r.status === 'pending'} />
          <Typography.Text type="secondary" className="gh-small gh-nowrap">
            {t('join.submittedAt', { time: formatDateTime(r.createdAt, lang) })}
          </Typography.Text>
        </span>
      ),
    },
  ];
  if (!pendingView) {
    columns.push({
      key: 'decision',
      title: t('join.decision'),
      width: 200,
      render: (_, r) =>
        r.decidedBy || r.reason ? (
          <span className="gh-stack">
            <span>{r.decidedBy ?? none}</span>
            {r.reason ? (
              <Typography.Text type="secondary" className="gh-small" ellipsis={{ tooltip: r.reason }}>
                {r.reason}
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          none
        ),
    });
  }
  if (canWrite && pendingView) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 150,
      fixed: isMobile ? undefined : 'right',
      render: (_, r) =>
        r.status !== 'pending' ? null : r.canDecide ? (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              icon={<CheckOutlined />}
              className="gh-link-button"
              onClick={() => decisionDialog.show({ request: r, decision: 'approve' })}
              data-testid="join-approve"
              data-request-id={r.id}
            >
              {t('join.approve')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              icon={<CloseOutlined />}
              className="gh-link-button"
              onClick={() => decisionDialog.show({ request: r, decision: 'reject' })}
              data-testid="join-reject"
              data-request-id={r.id}
            >
              {t('join.reject')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary" className="gh-small">
            {t('join.cannotDecide')}
          </Typography.Text>
        ),
    });
  }

  const paged = usePagedTable(query, data?.total, setParams);

  const filtered = query.status !== 'pending' || Boolean(query.kind || query.overdue || query.q);

  return (
    <div data-testid="join-requests-page">
      <PageHeader
        title={t('join.title')}
        subTitle={t('join.subtitle', { days: JOIN_OVERDUE_WORKING_DAYS })}
        extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />}
      />
      <Card>
        <div className="gh-filters">
          <Input.Search
            defaultValue={query.q}
            key={query.q ?? ''}
            allowClear
            placeholder={t('join.searchName')}
            onSearch={(q) => updateQueryParams(setParams, { q: q.trim() || undefined })}
            className="gh-filter-name"
            data-testid="join-search"
          />
          <Select<JoinRequestStatus>
            value={query.status}
            onChange={(status) => updateQueryParams(setParams, { status: status === 'pending' ? undefined : status })}
            options={JOIN_REQUEST_STATUSES.map((s) => ({ value: s, label: t(`applicationStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="join-status-filter"
          />
          <Select<JoinRequestKind>
            value={query.kind}
            onChange={(kind) => updateQueryParams(setParams, { kind })}
            allowClear
            placeholder={t('join.kindFilter')}
            options={JOIN_REQUEST_KINDS.map((k) => ({ value: k, label: t(`joinKind.${k}`) }))}
            className="gh-filter-status"
            data-testid="join-kind-filter"
          />
          <Checkbox
            checked={query.overdue === 'true'}
            onChange={(event) => updateQueryParams(setParams, { overdue: event.target.checked ? 'true' : undefined })}
            className="gh-filter-check"
            data-testid="join-overdue-filter"
          >
            {t('join.overdueOnly', { days: JOIN_OVERDUE_WORKING_DAYS })}
          </Checkbox>
          <ResetFiltersButton setParams={setParams} filtered={filtered} page={query.page} />
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AdminJoinRequest>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            rowClassName={(r) => (r.overdue && r.status === 'pending' ? 'gh-row-overdue' : '')}
            onRow={(r) => ({ 'data-testid': `join-row-${r.id}`, 'data-status': r.status, 'data-overdue': r.overdue }) as HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (r) => <JoinRequestDetails request={r} />,
              rowExpandable: () => true,
            }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('join.empty') }}
            data-testid="join-table"
          />
        )}
      </Card>
      {decisionDialog.state ? (
        <DecisionModal
          key={decisionDialog.state.seq}
          request={decisionDialog.state.payload.request}
          decision={decisionDialog.state.payload.decision}
          {...decisionDialog.props}
          onDone={() => {
            decisionDialog.close();
            reload();
            counts.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function JoinRequestDetails({ request }: { request: AdminJoinRequest }) {
  const { t, lang } = useI18n();
  const none = t('common.none');
  const { member } = request;
  const items: DescriptionsProps['items'] = [
    { key: 'memberStatus', label: t('members.status'), children: <MemberStatusTag status={member.status} /> },
    { key: 'phone', label: t('members.phone'), children: <span className="gh-masked">{member.phone ?? none}</span> },
    { key: 'employer', label: t('join.employer'), children: member.employer ?? none },
    { key: 'note', label: t('join.note'), children: request.note ?? none },
    ...(request.decidedAt
      ? [
          { key: 'decidedBy', label: t('applications.decidedBy'), children: request.decidedBy ?? none },
          { key: 'decidedAt', label: t('applications.decidedAt'), children: formatDateTime(request.decidedAt, lang) },
          { key: 'reason', label: t('applications.decisionReason'), children: request.reason ?? none },
        ]
      : []),
  ];
  return <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} items={items} data-testid="join-details" />;
}
