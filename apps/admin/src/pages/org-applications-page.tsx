/**
 * "组织审批": applications to establish, change or deregister base unions that the admin may see
 * (filed within their scope or decided by it), with approve / reject for those they may decide.
 */
import { useMemo } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Select, Space, Table, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { ORG_APPLICATION_KINDS, ORG_APPLICATION_STATUSES, orgApplicationQuerySchema, orgDecisionRequestSchema } from '@gonghui/contracts';
import type { OrgApplication } from '@gonghui/contracts';
import { api } from '../api-client';
import type { OrgApplicationView } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { formatOrgFieldValue, orgFieldLabel } from '../components/org-form';
import { PageHeader } from '../components/page-header';
import { readQueryParams, updateQueryParams } from '../components/query-params';
import { ApplicationKindTag, ApplicationStatusTag } from '../components/tags';
import { DecisionDialog } from '../components/decision-dialog';
import type { Decision } from '../components/decision-dialog';
import { useDialog } from '../components/use-dialog';
import type { DialogProps } from '../components/use-dialog';
import { ResetFiltersButton, usePagedTable } from '../components/paged-table';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

/** Waiting longer than this many working days is overdue (shown in red). */
const OVERDUE_DAYS = 3;

export function WaitingDays({ application }: { application: OrgApplication }) {
  const { t } = useI18n();
  const days = application.waitingWorkingDays;
  if (application.status !== 'pending') {
    return (
      <Typography.Text type="secondary" className="gh-nowrap">
        {t('applications.tookDays', { days })}
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type={days > OVERDUE_DAYS ? 'danger' : undefined} strong={days > OVERDUE_DAYS} className="gh-nowrap" data-testid="application-waiting" data-overdue={days > OVERDUE_DAYS}>
      {t('applications.waitingDays', { days })}
    </Typography.Text>
  );
}

function subjectName(application: OrgApplication): string {
  if (application.orgName) return application.orgName;
  const name = application.fields.name;
  return typeof name === 'string' ? name : '—';
}

function ApplicationDetails({ application }: { application: OrgApplication }) {
  const { t, lang } = useI18n();
  const fieldItems: DescriptionsProps['items'] = Object.entries(application.fields).map(([key, value]) => ({
    key,
    label: orgFieldLabel(key, t),
    children: formatOrgFieldValue(key, value, t, lang),
  }));
  const items: DescriptionsProps['items'] = [
    ...fieldItems,
    ...(application.kind === 'deregister'
      ? [{ key: 'hold', label: t('applications.holdMembersShort'), children: application.holdMembersAtParent ? t('common.yes') : t('common.no') }]
      : []),
    { key: 'note', label: t('applications.note'), children: application.note ?? t('common.none') },
    { key: 'decidedBy', label: t('applications.decidedBy'), children: application.decidedBy ?? t('common.none') },
    { key: 'decidedAt', label: t('applications.decidedAt'), children: formatDateTime(application.decidedAt, lang) },
    { key: 'reason', label: t('applications.decisionReason'), children: application.decisionReason ?? t('common.none') },
  ];
  return (
    <div data-testid="application-details">
      {application.kind === 'change' && fieldItems.length ? (
        <Typography.Text type="secondary">{t('applications.changedFields')}</Typography.Text>
      ) : null}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }} items={items} />
    </div>
  );
}

function DecisionModal({
  application,
  decision,
  open,
  onClose,
  afterClose,
  onDecided,
}: DialogProps & { application: OrgApplication; decision: Decision; onDecided: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const rejecting = decision === 'reject';

  return (
    <DecisionDialog
      decision={decision}
      title={t(rejecting ? 'applications.rejectTitle' : 'applications.approveTitle', { name: subjectName(application) })}
      okText={t(rejecting ? 'applications.reject' : 'applications.approve')}
      intro={
        <>
          <Space className="gh-decision-head" wrap>
            <ApplicationKindTag kind={application.kind} />
            <Typography.Text strong>{subjectName(application)}</Typography.Text>
            <Typography.Text type="secondary">{t('applications.applicantLine', { applicant: application.applicant })}</Typography.Text>
          </Space>
          {application.kind === 'deregister' && application.holdMembersAtParent ? (
            <Alert type="warning" showIcon className="gh-form-alert" title={t('applications.holdMembersNotice', { parent: application.parentName })} />
          ) : null}
        </>
      }
      reasonLabel={t(rejecting ? 'applications.rejectReason' : 'applications.approveReason')}
      reasonMaxLength={500}
      submitTestId="application-decision-submit"
      formTestId="application-decision-form"
      reasonTestId="application-decision-reason"
      parse={(reason) => orgDecisionRequestSchema.safeParse({ decision, reason })}
      onSubmit={async (body) => {
        await api.decideOrgApplication(application.id, body);
        message.success(t(rejecting ? 'applications.rejected' : 'applications.approved'));
        onDecided();
      }}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
    />
  );
}

export function OrgApplicationsPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, orgApplicationQuerySchema), [params]);
  const decisionDialog = useDialog<{ application: OrgApplication; decision: Decision }>();
  const canWrite = can('org.write');

  const { data, error, loading, reload } = useApi(
    (signal) => api.orgApplications(query, signal),
    [query.page, query.pageSize, query.status, query.kind],
  );

  const none = t('common.none');
  const columns: TableColumnsType<OrgApplicationView> = [
    {
      key: 'subject',
      title: t('applications.subject'),
      fixed: isMobile ? undefined : 'left',
      width: 220,
      render: (_, a) => (
        <span className="gh-stack">
          <span>
            <ApplicationKindTag kind={a.kind} />
            {a.orgId ? <Link to={`/orgs?org=${encodeURIComponent(a.orgId)}`}>{subjectName(a)}</Link> : subjectName(a)}
          </span>
          <Typography.Text type="secondary" className="gh-small">
            {t('applications.parentLine', { parent: a.parentName })}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'applicant', title: t('applications.applicant'), dataIndex: 'applicant', width: 120 },
    { key: 'createdAt', title: t('applications.createdAt'), dataIndex: 'createdAt', width: 165, render: (v: string) => <span className="gh-nowrap">{formatDateTime(v, lang)}</span> },
    { key: 'status', title: t('applications.status'), dataIndex: 'status', width: 90, render: (s: OrgApplication['status']) => <ApplicationStatusTag status={s} /> },
    { key: 'waiting', title: t('applications.waiting'), width: 150, render: (_, a) => <WaitingDays application={a} /> },
    {
      key: 'decision',
      title: t('applications.decision'),
      width: 200,
      ellipsis: true,
      render: (_, a) =>
        a.decidedBy ? (
          <span className="gh-stack">
            <span>{a.decidedBy}</span>
            {a.decisionReason ? (
              <Typography.Text type="secondary" className="gh-small" ellipsis={{ tooltip: a.decisionReason }}>
                {a.decisionReason}
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          none
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 150,
      fixed: isMobile ? undefined : 'right',
      render: (_, a) =>
        a.canDecide ? (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              icon={<CheckOutlined />}
              className="gh-link-button"
              onClick={() => decisionDialog.show({ application: a, decision: 'approve' })}
              data-testid="application-approve"
              data-application-id={a.id}
            >
              {t('applications.approve')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              icon={<CloseOutlined />}
              className="gh-link-button"
              onClick={() => decisionDialog.show({ application: a, decision: 'reject' })}
              data-testid="application-reject"
              data-application-id={a.id}
            >
              {t('applications.reject')}
            </Button>
          </Space>
        ) : null,
    });
  }

  const paged = usePagedTable(query, data?.total, setParams);

  const filtered = Boolean(query.status || query.kind);

  return (
    <div data-testid="org-applications-page">
      <PageHeader
        title={t('applications.title')}
        subTitle={t('applications.subtitle')}
        extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />}
      />
      <Card>
        <div className="gh-filters">
          <Select<OrgApplication['status']>
            value={query.status}
            onChange={(status) => updateQueryParams(setParams, { status })}
            allowClear
            placeholder={t('applications.statusFilter')}
            options={ORG_APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`applicationStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="applications-status-filter"
          />
          <Select<OrgApplication['kind']>
            value={query.kind}
            onChange={(kind) => updateQueryParams(setParams, { kind })}
            allowClear
            placeholder={t('applications.kindFilter')}
            options={ORG_APPLICATION_KINDS.map((k) => ({ value: k, label: t(`applicationKind.${k}`) }))}
            className="gh-filter-status"
            data-testid="applications-kind-filter"
          />
          <ResetFiltersButton setParams={setParams} filtered={filtered} page={query.page} />
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<OrgApplicationView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            rowClassName={(a) => (a.status === 'pending' ? 'gh-row-pending' : '')}
            onRow={(a) => ({ 'data-testid': 'application-row', 'data-status': a.status } as HTMLAttributes<HTMLElement>)}
            expandable={{ expandedRowRender: (a) => <ApplicationDetails application={a} /> }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('applications.empty') }}
            data-testid="applications-table"
          />
        )}
      </Card>
      {decisionDialog.state ? (
        <DecisionModal
          key={decisionDialog.state.seq}
          application={decisionDialog.state.payload.application}
          decision={decisionDialog.state.payload.decision}
          {...decisionDialog.props}
          onDecided={() => {
            decisionDialog.close();
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
