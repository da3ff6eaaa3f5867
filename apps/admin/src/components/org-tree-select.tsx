/**
 * Pick an organization in the admin's scope: a lazily loaded tree, with a server-side name search
 * (within the scope) while the admin types.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CSSProperties } from 'react';
import { App, Spin, TreeSelect } from 'antd';
import { ORG_LEVEL_LABELS } from '@gonghui/contracts';
import type { OrgNode } from '@gonghui/contracts';
import { api, isAbortError, isApiError } from '../api-client';
import { useI18n } from '../i18n';
import { buildOrgTree, useOrgTree } from './use-org-tree';

interface OrgOption {
  value: string;
  key: string;
  title: string;
  label: string;
  isLeaf: boolean;
  disabled?: boolean;
  children?: OrgOption[];
}

interface Labelled {
  value: string;
  label: string;
}

export interface OrgTreeSelectProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Deregistered organizations cannot be picked (e.g. when creating an admin). */
  activeOnly?: boolean;
  /** Only these can be picked (others stay visible and can be opened); pass a stable function. */
  isSelectable?: (org: OrgNode) => boolean;
  style?: CSSProperties;
  className?: string;
  'data-testid'?: string;
}

export function OrgTreeSelect(props: OrgTreeSelectProps) {
  const { value, onChange, placeholder, allowClear = true, activeOnly = false, isSelectable, style, className, id } = props;
  const { lang, t } = useI18n();
  const { message } = App.useApp();
  const tree = useOrgTree();
  const [expanded, setExpanded] = useState<(string | number)[]>([]);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<OrgNode[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [valueLabel, setValueLabel] = useState<Labelled | null>(null);

  const toOption = useCallback(
    (org: OrgNode, kids?: OrgOption[]): OrgOption => ({
      value: org.id,
      key: org.id,
      title: `${org.name}（${ORG_LEVEL_LABELS[org.level][lang]}）`,
      label: org.name,
      isLeaf: org.childCount === 0,
      disabled: (activeOnly && org.status !== 'active') || (isSelectable ? !isSelectable(org) : false),
      children: kids,
    }),
    [activeOnly, isSelectable, lang],
  );

  // Open the scope root once it arrives.
  const rootIds = useMemo(() => tree.roots?.map((org) => org.id) ?? [], [tree.roots]);
  useEffect(() => {
    if (rootIds.length) setExpanded((keys) => (keys.length ? keys : rootIds));
  }, [rootIds]);

  // Server-side search while typing (debounced).
  const query = search.trim();
  useEffect(() => {
    if (!query) {
      setResults(null);
      setSearching(false);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    const timer = window.setTimeout(() => {
      api
        .orgSearch(query, controller.signal)
        .then(({ items }) => setResults(items))
        .catch((error: unknown) => {
          if (isAbortError(error) || controller.signal.aborted) return;
          setResults([]);
          if (isApiError(error)) message.error(error.message);
        })
        .finally(() => {
          if (!controller.signal.aborted) setSearching(false);
        });
    }, 300);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [query, message]);

  // The label of a value that was set from outside (e.g. from the URL) before its node loaded.
  useEffect(() => {
    if (!value) return;
    if (tree.known(value) || valueLabel?.value === value) return;
    const controller = new AbortController();
    api
      .org(value, controller.signal)
      .then((org) => setValueLabel({ value: org.id, label: org.name }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [value, tree.known, tree.children, valueLabel]);

  const treeData = useMemo<OrgOption[]>(() => {
    if (query && results) return results.map((org) => ({ ...toOption(org), isLeaf: true }));
    if (query) return [];
    return tree.roots ? buildOrgTree(tree.roots, tree.children, toOption) : [];
  }, [query, results, tree.roots, tree.children, toOption]);

  const loadedKeys = useMemo(() => [...tree.children.keys()], [tree.children]);

  const loadData = useCallback(
    async (node: { value?: string | number }) => {
      const parentId = String(node.value);
      try {
        await tree.loadChildren(parentId);
      } catch (error) {
        setExpanded((keys) => keys.filter((key) => key !== parentId));
        if (isApiError(error)) message.error(error.message);
      }
    },
    [tree.loadChildren, message],
  );

  let labelled: Labelled | undefined;
  if (value) {
    const label = tree.known(value)?.name ?? (valueLabel?.value === value ? valueLabel.label : value);
    labelled = { value, label };
  }

  const notFound = searching || (!tree.roots && !tree.rootError) ? <Spin size="small" /> : t('orgs.noResults');

  return (
    <TreeSelect<Labelled | undefined, OrgOption>
      id={id}
      data-testid={props['data-testid']}
      className={className}
      style={style}
      labelInValue
      value={labelled}
      onChange={(next) => onChange?.(next ? String(next.value) : undefined)}
      treeData={treeData}
      loadData={query ? undefined : loadData}
      treeLoadedKeys={query ? undefined : loadedKeys}
      treeExpandedKeys={query ? undefined : expanded}
      onTreeExpand={(keys) => setExpanded(keys)}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false }}
      treeNodeLabelProp="label"
      placeholder={placeholder}
      allowClear={allowClear}
      notFoundContent={notFound}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280, maxWidth: 'min(480px, 95vw)' } } }}
      listHeight={360}
    />
  );
}
