/** One union in a list: name, level, type and parent; base unions lead to their join page. */
import { ORG_LEVEL_LABELS, type PublicOrg } from '@gonghui/contracts';
import { Tag } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';
import { orgTypeKey } from '../member-labels';
import { ChevronRightIcon } from './icons';

function OrgMeta({ org, showParent = true }: { org: PublicOrg; showParent?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <span className="org-meta">
      <Tag color={org.level === 'base' ? 'primary' : 'default'} fill="outline">
        {ORG_LEVEL_LABELS[org.level][lang]}
      </Tag>
      <span>{t(orgTypeKey(org.type))}</span>
      {showParent && org.parentName ? <span className="org-parent">{t('orgs.parent', { name: org.parentName })}</span> : null}
    </span>
  );
}

/** A row that links to `/join/<id>`. */
export function OrgLinkItem({ org, showParent = true }: { org: PublicOrg; showParent?: boolean }) {
  return (
    <li>
      <Link to={`/join/${org.id}`} className="org-row" data-testid="org-item" data-org-id={org.id} data-level={org.level}>
        <span className="org-row-main">
          <span className="org-name">{org.name}</span>
          <OrgMeta org={org} showParent={showParent} />
          {org.address && org.level === 'base' ? <span className="org-address">{org.address}</span> : null}
        </span>
        <ChevronRightIcon className="org-row-chevron" />
      </Link>
    </li>
  );
}

/** A row of the region browser: unions with member unions open them, the others their join page. */
export function OrgBrowseItem({ org, onOpen }: { org: PublicOrg; onOpen: (org: PublicOrg) => void }) {
  const { t } = useI18n();
  if (org.level === 'base' || !org.hasChildren) return <OrgLinkItem org={org} showParent={false} />;
  return (
    <li>
      <button type="button" className="org-row" onClick={() => onOpen(org)} data-testid="org-drill" data-org-id={org.id} data-level={org.level}>
        <span className="org-row-main">
          <span className="org-name">{org.name}</span>
          <OrgMeta org={org} showParent={false} />
        </span>
        <span className="org-row-more">{t('orgs.browseChildren')}</span>
        <ChevronRightIcon className="org-row-chevron" />
      </button>
    </li>
  );
}
