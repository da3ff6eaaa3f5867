/** The cadres database (工会干部): positions held by members, with terms; filters kept in the URL. */
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { CADRE_POSITIONS, CADRE_POSITION_LABELS, cadreQuerySchema } from '@gonghui/contracts';
import type { Cadre, CadrePosition } from '@gonghui/contracts';
import { api } from '../api-client';
import type { CadreQuery } from '../api-client';
import { useAuth } from '../auth';
import { CadreCreateModal, CadreEditModal, CadreEndModal } from '../components/cadre-dialogs';
import { ExportButtons } from '../components/download-button';
import { ImportDialog } from '../components/import-dialog';
import { LoadError } from '../components/load-error';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PageHeader } from '../components/page-header';
import { filtersOf, readQueryParams, updateQueryParams } from '../components/query-params';
import { CadrePositionText, CadreStatusTag } from '../components/tags';
import { useDialog } from '../components/use-dialog';
import { ResetFiltersButton, usePagedTable } from '../components/paged-table';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

export function CadresPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, cadreQuerySchema), [params]);
  const [nameText, setNameText] = useState(query.q ?? '');
  const createDialog = useDialog();
  const editDialog = useDialog<Cadre>();
  const endDialog = useDialog<Cadre>();
  const importDialog = useDialog();
  const canWrite = can('member.write');

  useEffect(() => setNameText(query.q ?? ''), [query.q]);

  const { data, error, loading, reload } = useApi(
    (signal) => api.cadres(query, signal),
    [query.page, query.pageSize, query.orgId, query.q, query.position, query.fullTime, query.status],
  );

  const update = (changes: Partial<Record<keyof CadreQuery, string | number | undefined>>, resetPage = true) =>
    updateQueryParams(setParams, changes, resetPage);

  const none = t('common.none');
  const columns: TableColumnsType<Cadre> = [
    {
      key: 'member',
      title: t('cadres.member'),
      dataIndex: 'memberName',
      fixed: isMobile ? undefined : 'left',
      width: 110,
      render: (name: string | null, c) =>
        can('member.read') ? (
          <Link to={`/members/${encodeURIComponent(c.memberId)}`} data-testid="cadre-member-link">
            {name ?? none}
          </Link>
        ) : (
          (name ?? none)
        ),
    },
    { key: 'position', title: t('cadres.position'), dataIndex: 'position', width: 150, render: (p: CadrePosition) => <CadrePositionText position={p} /> },
    { key: 'org', title: t('cadres.org'), dataIndex: 'orgName', width: 220, ellipsis: true },
    {
      key: 'term',
      title: t('cadres.term'),
      width: 210,
      render: (_, c) => (
        <span className="gh-nowrap">
          {formatDate(c.termStart, lang)} – {c.termEnd ? formatDate(c.termEnd, lang) : t('cadres.termOpen')}
        </span>
      ),
    },
    {
      key: 'fullTime',
      title: t('cadres.fullTime'),
      dataIndex: 'fullTime',
      width: 80,
      render: (v: boolean) => <Tag color={v ? 'blue' : 'default'}>{v ? t('cadres.fullTimeYes') : t('cadres.fullTimeNo')}</Tag>,
    },
    { key: 'status', title: t('cadres.status'), dataIndex: 'status', width: 80, render: (s: Cadre['status']) => <CadreStatusTag status={s} /> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 160,
      fixed: isMobile ? undefined : 'right',
      render: (_, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} className="gh-link-button" onClick={() => editDialog.show(c)} data-testid="cadre-edit" data-cadre-id={c.id}>
            {t('common.edit')}
          </Button>
          {c.status === 'serving' ? (
            <Button
              type="link"
              size="small"
              danger
              icon={<StopOutlined />}
              className="gh-link-button"
              onClick={() => endDialog.show(c)}
              data-testid="cadre-end"
              data-cadre-id={c.id}
            >
              {t('cadres.end')}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  const paged = usePagedTable(query, data?.total, setParams);

  const filtered = Boolean(query.orgId || query.q || query.position || query.fullTime || query.status);

  return (
    <div data-testid="cadres-page">
      <PageHeader
        title={t('cadres.title')}
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => createDialog.show(true)} data-testid="cadre-create-open">
                {t('cadres.create')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button icon={<UploadOutlined />} onClick={() => importDialog.show(true)} data-testid="cadres-import-open">
                {t('sheets.import')}
              </Button>
            ) : null}
            <ExportButtons kind="cadres" filters={filtersOf(query)} testIdPrefix="cadres" />
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
          </Space>
        }
      />
      <Card>
        <div className="gh-filters">
          <OrgTreeSelect
            value={query.orgId}
            onChange={(orgId) => update({ orgId })}
            placeholder={t('cadres.orgFilter')}
            className="gh-filter-org"
            data-testid="cadres-org-filter"
          />
          <Input.Search
            value={nameText}
            onChange={(event) => setNameText(event.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            placeholder={t('cadres.nameFilter')}
            allowClear
            maxLength={50}
            className="gh-filter-name"
            data-testid="cadres-name-filter"
          />
          <Select<CadrePosition>
            value={query.position}
            onChange={(position) => update({ position })}
            allowClear
            placeholder={t('cadres.positionFilter')}
            options={CADRE_POSITIONS.map((p) => ({ value: p, label: CADRE_POSITION_LABELS[p][lang] }))}
            className="gh-filter-position"
            data-testid="cadres-position-filter"
          />
          <Select<'true' | 'false'>
            value={query.fullTime}
            onChange={(fullTime) => update({ fullTime })}
            allowClear
            placeholder={t('cadres.fullTimeFilter')}
            options={[
              { value: 'true', label: t('cadres.fullTimeYes') },
              { value: 'false', label: t('cadres.fullTimeNo') },
            ]}
            className="gh-filter-status"
            data-testid="cadres-full-time-filter"
          />
          <Select<Cadre['status']>
            value={query.status}
            onChange={(status) => update({ status })}
            allowClear
            placeholder={t('cadres.statusFilter')}
            options={(['serving', 'ended'] as const).map((s) => ({ value: s, label: t(`cadreStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="cadres-status-filter"
          />
          <ResetFiltersButton setParams={setParams} filtered={filtered} page={query.page} testId="cadres-reset" />
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<Cadre>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('cadres.empty') }}
            data-testid="cadres-table"
          />
        )}
        <Typography.Paragraph type="secondary" className="gh-table-note">
          {t('cadres.note')}
        </Typography.Paragraph>
      </Card>
      {createDialog.state ? (
        <CadreCreateModal
          key={createDialog.state.seq}
          defaultOrgId={query.orgId}
          {...createDialog.props}
          onCreated={() => {
            createDialog.close();
            reload();
          }}
        />
      ) : null}
      {editDialog.state ? (
        <CadreEditModal
          key={editDialog.state.seq}
          cadre={editDialog.state.payload}
          {...editDialog.props}
          onSaved={() => {
            editDialog.close();
            reload();
          }}
        />
      ) : null}
      {endDialog.state ? (
        <CadreEndModal
          key={endDialog.state.seq}
          cadre={endDialog.state.payload}
          {...endDialog.props}
          onSaved={() => {
            endDialog.close();
            reload();
          }}
        />
      ) : null}
      {importDialog.state ? <ImportDialog key={importDialog.state.seq} kind="cadres" {...importDialog.props} onImported={reload} /> : null}
    </div>
  );
}
