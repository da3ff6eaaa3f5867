/** Headline numbers of the admin's scope. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  IdcardOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { MEMBER_STATUSES } from '@gonghui/contracts';
import type { MemberStatus, Permission } from '@gonghui/contracts';
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

interface TodoCounts {
  reviews: { pending: number; overdue: number; exact: boolean } | null;
  joins: { pending: number; overdue: number } | null;
  unread: number | null;
}

/** How many identity reviews one request may look at to count the overdue ones (the API has no overdue filter for them). */
const REVIEW_SAMPLE = 100;

/** What waits for this admin: pending reviews and join requests (with the overdue ones) and unread reminders. */
async function loadTodo(can: (p: Permission) => boolean, signal: AbortSignal): Promise<TodoCounts> {
  const one = { page: 1, pageSize: 1 };
  const [reviews, joins, joinsOverdue, inbox] = await Promise.all([
    can('identity.review') ? api.identityReviews({ page: 1, pageSize: REVIEW_SAMPLE, status: 'pending' }, signal) : null,
    can('member.read') ? api.joinRequests({ ...one, status: 'pending' }, signal) : null,
    can('member.read') ? api.joinRequests({ ...one, status: 'pending', overdue: 'true' }, signal) : null,
    can('member.read') ? api.notifications(one, signal) : null,
  ]);
  return {
    reviews: reviews
      ? {
          pending: reviews.total,
          overdue: reviews.items.filter((r) => r.overdue).length,
          // The queue comes longest-waiting first: once one is not overdue, none after it is.
          exact: reviews.total <= reviews.items.length || reviews.items.some((r) => !r.overdue),
        }
      : null,
    joins: joins && joinsOverdue ? { pending: joins.total, overdue: joinsOverdue.total } : null,
    unread: inbox ? inbox.unread : null,
  };
}

function TodoCard(props: { title: ReactNode; icon: ReactNode; value: number; detail?: ReactNode; to: string; testId: string; urgent?: boolean }) {
  const { t } = useI18n();
  const { title, icon, value, detail, to, testId, urgent } = props;
  return (
    <Card className={`gh-stat-card gh-todo-card${value ? ' gh-todo-card-active' : ''}${urgent ? ' gh-todo-card-urgent' : ''}`} data-testid={testId} data-count={value}>
      <Statistic
        title={
          <span className="gh-stat-title">
            {icon}
            {title}
          </span>
        }
        value={value}
        styles={value ? { content: { color: urgent ? '#cf1322' : '#d48806' } } : undefined}
      />
      <div className="gh-todo-detail">{detail}</div>
      <Link to={to} className="gh-stat-link" data-testid={`${testId}-open`}>
        {t('dashboard.open')} ›
      </Link>
    </Card>
  );
}

function TodoSection({ version }: { version: number }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi((signal) => loadTodo(can, signal), [can, version]);
  if (!can('identity.review') && !can('member.read')) return null;
  let body;
  if (error) {
    body = <LoadError error={error} onRetry={reload} compact />;
  } else if (!data) {
    body = <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  } else {
    const overdueText = (count: number, exact: boolean, testId: string) => (
      <Typography.Text type={count ? 'danger' : 'secondary'} className="gh-small" data-testid={testId} data-count={count}>
        {count ? t(exact ? 'dashboard.overdue' : 'dashboard.overdueAtLeast', { count }) : t('dashboard.noneOverdue')}
      </Typography.Text>
    );
    body = (
      <Row gutter={[16, 16]}>
        {data.joins ? (
          <Col xs={24} sm={12} md={8}>
            <TodoCard
              testId="todo-joins"
              title={t('dashboard.pendingJoins')}
              icon={<UserAddOutlined />}
              value={data.joins.pending}
              urgent={data.joins.overdue > 0}
              detail={overdueText(data.joins.overdue, true, 'todo-joins-overdue')}
              to={data.joins.overdue ? '/join-requests?overdue=true' : '/join-requests'}
            />
          </Col>
        ) : null}
        {data.reviews ? (
          <Col xs={24} sm={12} md={8}>
            <TodoCard
              testId="todo-reviews"
              title={t('dashboard.pendingReviews')}
              icon={<IdcardOutlined />}
              value={data.reviews.pending}
              urgent={data.reviews.overdue > 0}
              detail={overdueText(data.reviews.overdue, data.reviews.exact, 'todo-reviews-overdue')}
              to="/identity-reviews"
            />
          </Col>
        ) : null}
        {data.unread !== null ? (
          <Col xs={24} sm={12} md={8}>
            <TodoCard
              testId="todo-notifications"
              title={t('dashboard.unread')}
              icon={<BellOutlined />}
              value={data.unread}
              detail={<Typography.Text type="secondary" className="gh-small">{t('dashboard.unreadHint')}</Typography.Text>}
              to="/notifications"
            />
          </Col>
        ) : null}
      </Row>
    );
  }
  return (
    <>
      <Typography.Title level={5} className="gh-section-title">
        {t('dashboard.todo')}
      </Typography.Title>
      {body}
    </>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const { profile, can } = useAuth();
  const { data, error, loading, reload } = useApi((signal) => api.dashboard(signal), []);
  const showLinks = can('member.read');
  const [todoVersion, setTodoVersion] = useState(0);
  const navigate = useNavigate();

  const totalMembers = data ? MEMBER_STATUSES.reduce((sum, status) => sum + (data.members[status] ?? 0), 0) : 0;
  const busy = loading && !data;

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title')}
        subTitle={t('dashboard.scope', { org: data?.org.name ?? profile?.org.name ?? '' })}
        extra={
          <Space>
            {can('stats.read') ? (
              <Button icon={<BarChartOutlined />} onClick={() => navigate('/stats')} data-testid="dashboard-open-stats">
                {t('dashboard.openStats')}
              </Button>
            ) : null}
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                reload();
                setTodoVersion((v) => v + 1);
              }}
              loading={loading}
              aria-label={t('common.refresh')}
              title={t('common.refresh')}
            />
          </Space>
        }
      />
      <TodoSection version={todoVersion} />
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
