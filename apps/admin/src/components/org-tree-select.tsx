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

interface OrgOptionsConfig {
  activeOnly: boolean;
  isSelectable?: (org: OrgNode) => boolean;
}

/** The lazily loaded tree, the server-side search and the expanded keys, shared by the pickers. */
function useOrgOptions({ activeOnly, isSelectable }: OrgOptionsConfig) {
  const { lang, t } = useI18n();
  const { message } = App.useApp();
  const tree = useOrgTree();
  const [expanded, setExpanded] = useState<(string | number)[]>([]);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<OrgNode[] | null>(null);
  const [searching, setSearching] = useState(false);

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

  const notFound = searching || (!tree.roots && !tree.rootError) ? <Spin size="small" /> : t('orgs.noResults');

  /** Props for antd's TreeSelect, the same for one or many values. */
  const selectProps = {
    treeData,
    loadData: query ? undefined : loadData,
    treeLoadedKeys: query ? undefined : loadedKeys,
    treeExpandedKeys: query ? undefined : expanded,
    onTreeExpand: (keys: (string | number)[]) => setExpanded(keys),
    showSearch: { searchValue: search, onSearch: setSearch, filterTreeNode: false },
    treeNodeLabelProp: 'label',
    notFoundContent: notFound,
    popupMatchSelectWidth: false,
    styles: { popup: { root: { minWidth: 280, maxWidth: 'min(480px, 95vw)' } } },
    listHeight: 360,
  };
  return { tree, selectProps, clearSearch: () => setSearch('') };
}

/** Names of organizations set from outside (e.g. from the URL or a saved record) before their nodes loaded. */
function useOrgLabels(ids: readonly string[], known: (id: string) => OrgNode | undefined, loadedVersion: unknown): (id: string) => string {
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(() => new Map());
  const missing = ids.filter((id) => !known(id) && !labels.has(id));
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!missingKey) return;
    const controller = new AbortController();
    for (const id of missingKey.split(',')) {
      api
        .org(id, controller.signal)
        .then((org) => setLabels((previous) => new Map(previous).set(org.id, org.name)))
        .catch(() => undefined);
    }
    return () => controller.abort();
  }, [missingKey, loadedVersion]);
  return (id: string) => known(id)?.name ?? labels.get(id) ?? id;
}

export function OrgTreeSelect(props: OrgTreeSelectProps) {
  const { value, onChange, placeholder, allowClear = true, activeOnly = false, isSelectable, style, className, id } = props;
  const { tree, selectProps } = useOrgOptions({ activeOnly, isSelectable });
  const labelOf = useOrgLabels(value ? [value] : [], tree.known, tree.children);
  const labelled: Labelled | undefined = value ? { value, label: labelOf(value) } : undefined;

  return (
    <TreeSelect<Labelled | undefined, OrgOption>
      id={id}
      data-testid={props['data-testid']}
      className={className}
      style={style}
      labelInValue
      value={labelled}
      onChange={(next) => onChange?.(next ? String(next.value) : undefined)}
      placeholder={placeholder}
      allowClear={allowClear}
      {...selectProps}
    />
  );
}

export interface OrgTreeMultiSelectProps {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  activeOnly?: boolean;
  className?: string;
  'data-testid'?: string;
}

/** Pick several organizations of the scope (e.g. an activity's audience). */
export function OrgTreeMultiSelect(props: OrgTreeMultiSelectProps) {
  const { value, onChange, placeholder, activeOnly = false, className, id } = props;
  const { tree, selectProps } = useOrgOptions({ activeOnly });
  const ids = value ?? [];
  const labelOf = useOrgLabels(ids, tree.known, tree.children);
  const labelled: Labelled[] = ids.map((orgId) => ({ value: orgId, label: labelOf(orgId) }));

  return (
    <TreeSelect<Labelled[], OrgOption>
      id={id}
      data-testid={props['data-testid']}
      className={className}
      multiple
      labelInValue
      value={labelled}
      onChange={(next) => onChange?.((next ?? []).map((item) => String(item.value)))}
      placeholder={placeholder}
      allowClear
      maxTagCount="responsive"
      {...selectProps}
    />
  );
}
