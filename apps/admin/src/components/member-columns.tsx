/** The member of a ticket or an entry in a table: name (to the member's page) over card number, and the phone, masked by the server. */
import { Link } from 'react-router-dom';
import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useI18n } from '../i18n';

interface WithMember {
  member: { id: string; name: string | null; cardNo: string | null; phone: string | null };
}

export function useMemberColumns<T extends WithMember>(): TableColumnsType<T> {
  const { t } = useI18n();
  const none = t('common.none');
  return [
    {
      key: 'member',
      title: t('tickets.member'),
      width: 170,
      render: (_, r) => (
        <span className="gh-stack">
          <Link to={`/members/${encodeURIComponent(r.member.id)}`}>{r.member.name ?? none}</Link>
          <Typography.Text type="secondary" className="gh-small gh-mono">
            {r.member.cardNo ?? none}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'phone', title: t('tickets.phone'), width: 130, render: (_, r) => <span className="gh-masked">{r.member.phone ?? none}</span> },
  ];
}
