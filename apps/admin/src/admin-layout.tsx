/** The signed-in frame: side menu (a drawer on narrow screens), header with the admin, and pages. */
import { Suspense, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Badge, Button, Drawer, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CrownOutlined,
  DashboardOutlined,
  DownOutlined,
  FileDoneOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MenuOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  TeamOutlined,
  UserAddOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { Permission } from '@gonghui/contracts';
import { isApiError } from './api-client';
import { FullPageSpin, useAuth } from './auth';
import { LangSwitch } from './components/lang-switch';
import { RoleTag } from './components/tags';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n';
import { useQueueCounts } from './queue-counts';
import type { QueueCounts } from './queue-counts';
import { useIsMobile, useMediaQuery } from './use-media-query';

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission?: Permission;
  /** A count shown on the item (what waits there). */
  badge?: keyof QueueCounts;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { path: '/stats', label: 'nav.stats', icon: <BarChartOutlined />, permission: 'stats.read' },
  { path: '/orgs', label: 'nav.orgs', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/org-applications', label: 'nav.orgApplications', icon: <FileDoneOutlined />, permission: 'org.read' },
  { path: '/members', label: 'nav.members', icon: <TeamOutlined />, permission: 'member.read' },
  { path: '/join-requests', label: 'nav.joinRequests', icon: <UserAddOutlined />, permission: 'member.read', badge: 'joinsPending' },
  { path: '/identity-reviews', label: 'nav.identityReviews', icon: <IdcardOutlined />, permission: 'identity.review', badge: 'reviewsPending' },
  { path: '/cadres', label: 'nav.cadres', icon: <CrownOutlined />, permission: 'member.read' },
  { path: '/card-check', label: 'nav.cardCheck', icon: <ScanOutlined />, permission: 'card.verify' },
  { path: '/activities', label: 'nav.activities', icon: <CalendarOutlined />, permission: 'activity.read' },
  { path: '/check-in', label: 'nav.checkIn', icon: <QrcodeOutlined />, permission: 'ticket.check_in' },
  { path: '/notifications', label: 'nav.notifications', icon: <BellOutlined />, permission: 'member.read', badge: 'unread' },
  { path: '/admins', label: 'nav.admins', icon: <SafetyCertificateOutlined />, permission: 'admin.read' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
];

function Brand({ collapsed = false }: { collapsed?: boolean }) {
  const { t } = useI18n();
  return (
    <Link to="/" className="gh-brand" aria-label={t('app.title')}>
      <span className="gh-brand-mark" aria-hidden>
        工
      </span>
      {collapsed ? null : (
        <span className="gh-brand-text">
          <span className="gh-brand-name">{t('app.brand')}</span>
          <span className="gh-brand-sub">{t('app.subtitle')}</span>
        </span>
      )}
    </Link>
  );
}

export function AdminLayout() {
  const { t } = useI18n();
  const { profile, can, logout, logoutAll } = useAuth();
  const { message, modal } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const isWide = useMediaQuery('(min-width: 992px)');
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const counts = useQueueCounts();
  const items = useMemo<MenuProps['items']>(
    () =>
      NAV_ITEMS.filter((item) => !item.permission || can(item.permission)).map((item) => {
        const count = item.badge ? counts[item.badge] : null;
        const testId = `nav-${item.path === '/' ? 'dashboard' : item.path.slice(1)}`;
        return {
          key: item.path,
          icon: item.icon,
          label: count ? (
            <span className="gh-nav-label">
              <span className="gh-nav-text">{t(item.label)}</span>
              <Badge count={count} overflowCount={99} size="small" className="gh-nav-badge" data-testid={`${testId}-badge`} />
            </span>
          ) : (
            t(item.label)
          ),
          'data-testid': testId,
        };
      }),
    [can, t, counts],
  );

  const selectedKey = `/${location.pathname.split('/')[1] ?? ''}`;

  if (!profile) return <FullPageSpin />;

  const doLogout = async () => {
    try {
      await logout();
      message.success(t('header.loggedOut'));
    } catch (error) {
      if (isApiError(error)) message.error(error.message);
    }
  };

  const doLogoutAll = () => {
    modal.confirm({
      title: t('header.logoutAllTitle'),
      content: t('header.logoutAllText'),
      okText: t('header.logoutAll'),
      okButtonProps: { danger: true, 'data-testid': 'logout-all-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await logoutAll();
          message.success(t('header.loggedOutAll'));
        } catch (error) {
          if (isApiError(error)) message.error(error.message);
          throw error;
        }
      },
    });
  };

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="gh-user-card">
          <Typography.Text strong>{profile.displayName}</Typography.Text>
          <Typography.Text type="secondary">@{profile.username}</Typography.Text>
          <Typography.Text type="secondary">{profile.org.name}</Typography.Text>
          <div>
            {profile.roles.map((role) => (
              <RoleTag key={role} role={role} />
            ))}
          </div>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout">{t('header.logout')}</span>,
      onClick: () => void doLogout(),
    },
    {
      key: 'logout-all',
      icon: <UserSwitchOutlined />,
      danger: true,
      label: <span data-testid="logout-all">{t('header.logoutAll')}</span>,
      onClick: doLogoutAll,
    },
  ];

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        if (key !== location.pathname) navigate(key);
      }}
      data-testid="nav-menu"
    />
  );

  return (
    <Layout className="gh-shell">
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          className="gh-nav-drawer"
          styles={{ body: { padding: 0 } }}
          title={null}
        >
          <div className="gh-sider-inner">
            <Brand />
            {menu}
          </div>
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed || !isWide}
          onCollapse={setCollapsed}
          trigger={isWide ? undefined : null}
          width={220}
          className="gh-sider"
        >
          <div className="gh-sider-inner">
            <Brand collapsed={collapsed || !isWide} />
            {menu}
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="gh-header">
          <div className="gh-header-left">
            {isMobile ? (
              <>
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  onClick={() => setDrawerOpen(true)}
                  aria-label={t('nav.openMenu')}
                  data-testid="nav-open"
                />
                <Brand />
              </>
            ) : (
              <Typography.Text className="gh-header-org" ellipsis title={profile.org.name}>
                {profile.org.name}
              </Typography.Text>
            )}
          </div>
          <Space size={4} className="gh-header-right">
            {isWide ? (
              <span className="gh-header-roles">
                {profile.roles.map((role) => (
                  <RoleTag key={role} role={role} />
                ))}
              </span>
            ) : null}
            {can('member.read') ? (
              <Link to="/notifications" className="gh-header-bell" aria-label={t('header.notifications')} title={t('header.notifications')} data-testid="header-notifications">
                <Badge count={counts.unread ?? 0} overflowCount={99} size="small" data-testid="header-unread" data-count={counts.unread ?? 0}>
                  <BellOutlined />
                </Badge>
              </Link>
            ) : null}
            <LangSwitch />
            <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
              <Button type="text" className="gh-user-button" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} className="gh-avatar" />
                <span className="gh-user-name" data-testid="admin-user">
                  {profile.displayName}
                </span>
                <DownOutlined className="gh-user-caret" />
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="gh-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
