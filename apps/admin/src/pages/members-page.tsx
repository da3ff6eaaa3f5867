/** Members in the admin's scope: server-side paging and filters, masked PII with audited reveal. */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { MEMBER_STATUSES, memberStatusSchema } from '@gonghui/contracts';
import type { AdminMember, MemberStatus } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { MemberQuery } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PageHeader } from '../components/page-header';
import { MemberStatusTag, VerificationTag } from '../components/tags';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

const PAGE_SIZES = [10, 20, 50, 100];

function readQuery(params: URLSearchParams): MemberQuery {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const status = memberStatusSchema.safeParse(params.get('status'));
  const orgId = params.get('orgId')?.slice(0, 64);
  const q = params.get('q')?.trim().slice(0, 50);
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    status: status.success ? status.data : undefined,
    orgId: orgId || undefined,
    q: q || undefined,
  };
}

interface Revealed {
  phone: string | null;
  idNumber: string | null;
}

export function MembersPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const [nameText, setNameText] = useState(query.q ?? '');
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});
  const [revealing, setRevealing] = useState<string | null>(null);
  const canReveal = can('pii.reveal');

  useEffect(() => setNameText(query.q ?? ''), [query.q]);

  const { data, error, loading, reload } = useApi(
    (signal) => api.members(query, signal),
    [query.page, query.pageSize, query.orgId, query.status, query.q],
  );

  const update = (changes: Partial<Record<keyof MemberQuery, string | number | undefined>>, resetPage = true) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (resetPage) next.delete('page');
      return next;
    });
  };

  const reveal = async (member: AdminMember) => {
    if (revealed[member.id]) {
      setRevealed(({ [member.id]: _hidden, ...rest }) => rest);
      return;
    }
    setRevealing(member.id);
    try {
      const result = await api.revealMember(member.id);
      setRevealed((current) => ({ ...current, [member.id]: result }));
    } catch (err) {
      if (isApiError(err)) message.error(err.message);
    } finally {
      setRevealing(null);
    }
  };

  const none = t('common.none');
  const columns: TableColumnsType<AdminMember> = [
    {
      key: 'name',
      title: t('members.name'),
      dataIndex: 'name',
      fixed: isMobile ? undefined : 'left',
      width: 110,
      render: (name: string | null) => name ?? none,
    },
    {
      key: 'gender',
      title: t('members.gender'),
      dataIndex: 'gender',
      width: 70,
      render: (gender: AdminMember['gender']) => (gender ? t(`gender.${gender}`) : none),
    },
    {
      key: 'phone',
      title: t('members.phone'),
      width: 140,
      render: (_, m) => {
        const shown = revealed[m.id];
        return (
          <Typography.Text className={shown ? 'gh-revealed' : 'gh-masked'} data-testid="member-phone">
            {(shown ? shown.phone : m.phone) ?? none}
          </Typography.Text>
        );
      },
    },
    {
      key: 'idNumber',
      title: t('members.idNumber'),
      width: 200,
      render: (_, m) => {
        const shown = revealed[m.id];
        return (
          <Typography.Text className={shown ? 'gh-revealed' : 'gh-masked'} data-testid="member-id-number">
            {(shown ? shown.idNumber : m.idNumber) ?? none}
          </Typography.Text>
        );
      },
    },
    {
      key: 'status',
      title: t('members.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: MemberStatus) => <MemberStatusTag status={status} />,
    },
    {
      key: 'verification',
      title: t('members.verification'),
      dataIndex: 'verification',
      width: 100,
      render: (v: AdminMember['verification']) => <VerificationTag status={v} />,
    },
    { key: 'cardNo', title: t('members.cardNo'), dataIndex: 'cardNo', width: 150, render: (v: string | null) => v ?? none },
    { key: 'org', title: t('members.org'), dataIndex: 'orgName', width: 200, ellipsis: true, render: (v: string | null) => v ?? none },
    { key: 'employer', title: t('members.employer'), dataIndex: 'employer', width: 180, ellipsis: true, render: (v: string | null) => v ?? none },
    { key: 'joinedAt', title: t('members.joinedAt'), dataIndex: 'joinedAt', width: 120, render: (v: string | null) => formatDate(v, lang) },
  ];
  if (canReveal) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      fixed: 'right',
      render: (_, m) => {
        const shown = Boolean(revealed[m.id]);
        return (
          <Button
            type="link"
            size="small"
            className="gh-link-button"
            icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            loading={revealing === m.id}
            disabled={!m.phone && !m.idNumber}
            onClick={() => void reveal(m)}
            data-testid="member-reveal"
            data-member-id={m.id}
          >
            {shown ? t('members.hide') : t('members.reveal')}
          </Button>
        );
      },
    });
  }

  const pagination: TablePaginationConfig = {
    current: query.page,
    pageSize: query.pageSize,
    total: data?.total ?? 0,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: true,
    showTotal: (total) => t('common.total', { total }),
    size: isMobile ? 'small' : undefined,
    simple: isMobile,
  };

  const filtered = Boolean(query.orgId || query.status || query.q);

  return (
    <div data-testid="members-page">
      <PageHeader title={t('members.title')} extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />} />
      <Alert
        type={canReveal ? 'warning' : 'info'}
        showIcon
        className="gh-page-alert"
        title={canReveal ? t('members.revealNote') : t('members.maskedNote')}
        data-testid="members-audit-note"
      />
      <Card>
        <div className="gh-filters">
          <OrgTreeSelect
            value={query.orgId}
            onChange={(orgId) => update({ orgId })}
            placeholder={t('members.orgFilter')}
            className="gh-filter-org"
            data-testid="members-org-filter"
          />
          <Select<MemberStatus>
            value={query.status}
            onChange={(status) => update({ status })}
            allowClear
            placeholder={t('members.statusFilter')}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`memberStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="members-status-filter"
          />
          <Input.Search
            value={nameText}
            onChange={(event) => setNameText(event.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            placeholder={t('members.nameFilter')}
            allowClear
            maxLength={50}
            className="gh-filter-name"
            data-testid="members-name-filter"
          />
          <Button onClick={() => setParams(new URLSearchParams())} disabled={!filtered && query.page === 1}>
            {t('common.reset')}
          </Button>
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AdminMember>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            pagination={pagination}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? query.pageSize }, false)}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('members.empty') }}
            data-testid="members-table"
          />
        )}
      </Card>
    </div>
  );
}
