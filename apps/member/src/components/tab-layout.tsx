/** The three-tab shell (首页 / 服务 / 我的): scrolling content above a fixed bottom navigation. */
import type { ComponentType } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useI18n, type MessageKey } from '../i18n';
import { useUnread } from '../unread';
import { AppsIcon, HomeIcon, UserIcon } from './icons';

interface TabDef {
  to: string;
  key: string;
  label: MessageKey;
  Icon: ComponentType<{ size?: number | string }>;
}

const TABS: readonly TabDef[] = [
  { to: '/', key: 'home', label: 'tab.home', Icon: HomeIcon },
  { to: '/services', key: 'services', label: 'tab.services', Icon: AppsIcon },
  { to: '/me', key: 'me', label: 'tab.me', Icon: UserIcon },
];

export function TabLayout() {
  const { t } = useI18n();
  const { unread } = useUnread();
  return (
    <div className="tab-layout">
      <div className="tab-content">
        <Outlet />
      </div>
      <nav className="tab-bar" aria-label={t('app.name')}>
        {TABS.map(({ to, key, label, Icon }) => (
          <NavLink
            key={key}
            to={to}
            end
            data-testid={`tab-${key}`}
            className={({ isActive }) => (isActive ? 'tab-bar-item tab-bar-item--active' : 'tab-bar-item')}
          >
            <span className="tab-bar-icon">
              <Icon size={24} />
              {key === 'me' && unread > 0 ? (
                <span className="badge" data-testid="unread-badge" aria-label={t('messages.unreadCount', { count: unread })}>
                  {unread > 99 ? '99+' : unread}
                </span>
              ) : null}
            </span>
            <span className="tab-bar-title">{t(label)}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
