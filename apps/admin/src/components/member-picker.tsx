/** Pick an active member by name (prefix search on the server), optionally within an organization. */
import { useEffect, useMemo, useState } from 'react';
import { App, Select, Spin, Typography } from 'antd';
import type { AdminMember } from '@gonghui/contracts';
import { api, isAbortError, isApiError } from '../api-client';
import { useI18n } from '../i18n';

export interface MemberPickerProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined, member: AdminMember | undefined) => void;
  /** Search within this organization's subtree. */
  orgId?: string;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

export function MemberPicker({ id, value, onChange, orgId, placeholder, disabled, ...rest }: MemberPickerProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<AdminMember[]>([]);
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<AdminMember | undefined>(undefined);

  const q = search.trim();
  useEffect(() => {
    if (!q) {
      setItems([]);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    const timer = window.setTimeout(() => {
      api
        .members({ q, orgId, status: 'active', page: 1, pageSize: 20 }, controller.signal)
        .then((page) => setItems(page.items))
        .catch((error: unknown) => {
          if (isAbortError(error) || controller.signal.aborted) return;
          setItems([]);
          if (isApiError(error)) message.error(error.message);
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 300);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [q, orgId, message]);

  // Keep the picked member in the options so its label stays while a new search runs.
  const options = useMemo(() => {
    const list = picked && picked.id === value && !items.some((m) => m.id === picked.id) ? [picked, ...items] : items;
    return list.map((m) => ({
      value: m.id,
      label: m.name ?? m.id,
      member: m,
    }));
  }, [items, picked, value]);

  return (
    <Select<string, { value: string; label: string; member: AdminMember }>
      id={id}
      value={value}
      onChange={(next, option) => {
        const member = Array.isArray(option) ? undefined : option?.member;
        setPicked(member);
        onChange?.(next, member);
      }}
      showSearch={{ searchValue: search, onSearch: setSearch, filterOption: false }}
      allowClear
      disabled={disabled}
      placeholder={placeholder ?? t('cadres.memberPlaceholder')}
      options={options}
      optionRender={(option) => {
        const m = option.data.member;
        return (
          <span className="gh-stack">
            <span>{m.name ?? m.id}</span>
            <Typography.Text type="secondary" className="gh-small">
              {[m.orgName, m.cardNo, m.phone].filter(Boolean).join(' · ')}
            </Typography.Text>
          </span>
        );
      }}
      notFoundContent={loading ? <Spin size="small" /> : q ? t('cadres.noMembers') : t('cadres.typeToSearch')}
      data-testid={rest['data-testid']}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 260, maxWidth: 'min(420px, 95vw)' } } }}
    />
  );
}
