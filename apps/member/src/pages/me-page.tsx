import { useEffect, useState } from 'react';
import { Button, Dialog, List, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../api-client';
import { useAuth } from '../auth';
import { BellIcon, CardIcon, DatabaseIcon, FlagIcon, ShieldIcon, TicketIcon, UserIcon } from '../components/icons';
import { LangSwitch } from '../components/lang-switch';
import { useI18n } from '../i18n';
import { displayPhone, formatDate, memberStatusKey, verificationKey } from '../member-labels';
import { useVerificationStatus } from '../hooks/use-verification-status';
import { useUnread } from '../unread';

export function MePage() {
  const { t, lang } = useI18n();
  const { me, logout, refresh } = useAuth();
  const { unread, refresh: refreshUnread } = useUnread();
  const verification = useVerificationStatus(me);
  const navigate = useNavigate();
  const [busy, setBusy] = useState<'logout' | 'logout-all' | null>(null);
  const [version, setVersion] = useState<string | null>(null);

  // Decisions may have arrived since the app loaded: show the current status and count.
  useEffect(() => {
    void refresh();
    refreshUnread();
  }, [refresh, refreshUnread]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .health(controller.signal)
      .then((health) => setVersion(health.version))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  if (!me) return null;
  const member = me.member;
  const none = t('common.none');

  const doLogout = async (everywhere: boolean) => {
    if (busy) return;
    setBusy(everywhere ? 'logout-all' : 'logout');
    try {
      await logout(everywhere);
      navigate('/login', { replace: true });
      Toast.show({ icon: 'success', content: t('me.loggedOut') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      setBusy(null);
    }
  };

  const confirmLogoutAll = async () => {
    const confirmed = await Dialog.confirm({
      title: t('me.logoutAll'),
      content: t('me.logoutAllConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (confirmed) await doLogout(true);
  };

  return (
    <div className="plain-page me-page">
      <header className="me-header">
        <span className="me-avatar" aria-hidden="true">
          <UserIcon size={34} />
        </span>
        <div className="me-header-text">
          <div className="me-header-name" data-testid="me-name">
            {member?.name ?? displayPhone(me.phone)}
          </div>
          <div className="me-header-tags">
            <span className={member?.status === 'active' ? 'me-pill me-pill--gold' : 'me-pill'} data-testid="me-status-tag">
              {member ? t(memberStatusKey(member.status)) : t('me.notMember')}
            </span>
            {member ? <span className="me-pill">{t(verificationKey(member.verification))}</span> : null}
          </div>
        </div>
      </header>

      <List header={t('me.services')} className="me-list me-entries" mode="card">
        <List.Item
          prefix={<ShieldIcon className="entry-icon entry-icon--blue" />}
          extra={
            <span data-testid="me-verify-status" className={verification === 'verified' ? 'text-ok' : 'text-warn'}>
              {t(verificationKey(verification))}
            </span>
          }
          onClick={() => navigate('/verify')}
          data-testid="me-verify"
        >
          {t('verify.title')}
        </List.Item>
        <List.Item prefix={<CardIcon className="entry-icon entry-icon--green" />} onClick={() => navigate('/card')} data-testid="me-card">
          {t('card.title')}
        </List.Item>
        <List.Item prefix={<TicketIcon className="entry-icon entry-icon--pink" />} onClick={() => navigate('/tickets')} data-testid="me-tickets">
          {t('me.tickets')}
        </List.Item>
        <List.Item
          prefix={<FlagIcon className="entry-icon entry-icon--red" />}
          extra={member ? t(memberStatusKey(member.status)) : t('me.notMember')}
          onClick={() => navigate('/membership')}
          data-testid="me-membership"
        >
          {t('membership.title')}
        </List.Item>
        <List.Item
          prefix={<BellIcon className="entry-icon entry-icon--orange" />}
          extra={
            unread > 0 ? (
              <span className="badge badge--inline" data-testid="me-unread">
                {unread > 99 ? '99+' : unread}
              </span>
            ) : null
          }
          onClick={() => navigate('/messages')}
          data-testid="me-messages"
        >
          {t('messages.title')}
        </List.Item>
        <List.Item prefix={<DatabaseIcon className="entry-icon entry-icon--purple" />} onClick={() => navigate('/my-data')} data-testid="me-my-data">
          {t('myData.title')}
        </List.Item>
      </List>

      <List header={t('me.account')} className="me-list" mode="card">
        <List.Item extra={<span data-testid="me-phone">{displayPhone(me.phone)}</span>}>{t('me.phone')}</List.Item>
        {member?.name ? <List.Item extra={member.name}>{t('me.name')}</List.Item> : null}
        <List.Item extra={<span data-testid="me-status">{member ? t(memberStatusKey(member.status)) : t('me.notMember')}</span>}>
          {t('me.memberStatus')}
        </List.Item>
        <List.Item
          extra={<span data-testid="me-verification">{t(verificationKey(verification))}</span>}
        >
          {t('me.verification')}
        </List.Item>
        <List.Item extra={<span data-testid="me-card-no">{member?.cardNo ?? none}</span>}>{t('me.cardNo')}</List.Item>
        {member?.orgName ? <List.Item extra={member.orgName}>{t('me.org')}</List.Item> : null}
        {member?.joinedAt ? <List.Item extra={formatDate(member.joinedAt, lang)}>{t('me.joinedAt')}</List.Item> : null}
        <List.Item extra={formatDate(me.createdAt, lang) ?? none}>{t('me.createdAt')}</List.Item>
      </List>

      <List header={t('me.settings')} className="me-list" mode="card">
        <List.Item extra={<LangSwitch />} description={t('lang.current')}>
          {t('lang.label')}
        </List.Item>
        {version ? <List.Item extra={`v${version}`}>{t('me.version')}</List.Item> : null}
      </List>

      <div className="me-actions">
        <Button
          block
          shape="rounded"
          size="large"
          color="danger"
          fill="outline"
          loading={busy === 'logout'}
          disabled={busy !== null}
          onClick={() => void doLogout(false)}
          data-testid="logout"
        >
          {t('me.logout')}
        </Button>
        <Button
          block
          shape="rounded"
          fill="none"
          loading={busy === 'logout-all'}
          disabled={busy !== null}
          onClick={() => void confirmLogoutAll()}
          data-testid="logout-all"
        >
          {t('me.logoutAll')}
        </Button>
      </div>
    </div>
  );
}
