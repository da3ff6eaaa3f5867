/** Headline numbers of the admin's scope. */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  IdcardOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { MEMBER_STATUSES } from '@gonghui/contracts';
import type { MemberStatus } from '@gonghui/contracts';
import { api } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';

const STATUS_ACCENTS: Record<MemberStatus, string> = {
  registered: '#8c8c8c',
  pending: '#d48806',
  active: '#389e0d',
  held: '#1677ff',
  ended: '#595959',
};

function StatCard(props: { title: ReactNode; value: number; icon?: ReactNode; accent?: string; to?: string; testId: string; loading: boolean }) {
  const { t } = useI18n();
  const { title, value, icon, accent, to, testId, loading } = props;
  return (
    <Card className="gh-stat-card" data-testid={testId}>
      <Skeleton loading={loading} active paragraph={{ rows: 1 }} title={false}>
        <Statistic
          title={
            <span className="gh-stat-title">
              {icon}
              {title}
            </span>
          }
          value={value}
          styles={accent ? { content: { color: accent } } : undefined}
        />
        {to ? (
          <Link to={to} className="gh-stat-link">
            {t('dashboard.viewList')} ›
          </Link>
        ) : null}
      </Skeleton>
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const { profile, can } = useAuth();
  const { data, error, loading, reload } = useApi((signal) => api.dashboard(signal), []);
  const showLinks = can('member.read');

  const totalMembers = data ? MEMBER_STATUSES.reduce((sum, status) => sum + (data.members[status] ?? 0), 0) : 0;
  const busy = loading && !data;

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title')}
        subTitle={t('dashboard.scope', { org: data?.org.name ?? profile?.org.name ?? '' })}
        extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />}
      />
      {error ? (
        <Card>
          <LoadError error={error} onRetry={reload} />
        </Card>
      ) : (
        <>
          <Typography.Title level={5} className="gh-section-title">
            {t('dashboard.members')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            <Col xs={12} sm={12} md={8} xl={4}>
              <StatCard
                testId="stat-members-total"
                title={t('dashboard.totalMembers')}
                value={totalMembers}
                icon={<TeamOutlined />}
                loading={busy}
                to={showLinks ? '/members' : undefined}
              />
            </Col>
            {MEMBER_STATUSES.map((status) => (
              <Col key={status} xs={12} sm={12} md={8} xl={4}>
                <StatCard
                  testId={`stat-members-${status}`}
                  title={t(`memberStatus.${status}`)}
                  value={data?.members[status] ?? 0}
                  accent={STATUS_ACCENTS[status]}
                  loading={busy}
                  to={showLinks ? `/members?status=${status}` : undefined}
                />
              </Col>
            ))}
          </Row>
          <Typography.Title level={5} className="gh-section-title">
            {t('dashboard.overview')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <StatCard testId="stat-verified" title={t('dashboard.verified')} value={data?.verifiedCount ?? 0} icon={<IdcardOutlined />} loading={busy} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard
                testId="stat-orgs"
                title={t('dashboard.orgCount')}
                value={data?.orgCount ?? 0}
                icon={<ApartmentOutlined />}
                loading={busy}
                to={can('org.read') ? '/orgs' : undefined}
              />
            </Col>
            <Col xs={12} md={6}>
              <StatCard testId="stat-base-unions" title={t('dashboard.baseUnionCount')} value={data?.baseUnionCount ?? 0} icon={<BankOutlined />} loading={busy} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard
                testId="stat-admins"
                title={t('dashboard.adminCount')}
                value={data?.adminCount ?? 0}
                icon={<SafetyCertificateOutlined />}
                loading={busy}
                to={can('admin.read') ? '/admins' : undefined}
              />
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
