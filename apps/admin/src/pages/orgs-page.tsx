/** The organization tree of the admin's scope, a name search within it, and a detail panel. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Key } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Statistic, Tree, Typography } from 'antd';
import type { DescriptionsProps, TreeDataNode } from 'antd';
import { ApartmentOutlined, ArrowLeftOutlined, TeamOutlined } from '@ant-design/icons';
import type { OrgDetail, OrgNode } from '@gonghui/contracts';
import { ApiError, api, isAbortError, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { OrgLevelTag, OrgStatusTag, OrgTypeText } from '../components/tags';
import { buildOrgTree, useOrgTree } from '../components/use-org-tree';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

interface OrgTreeNode extends TreeDataNode {
  key: string;
  org: OrgNode;
  children?: OrgTreeNode[];
}

function OrgTitle({ org }: { org: OrgNode }) {
  return (
    <span className="gh-org-title">
      <span className="gh-org-name">{org.name}</span>
      <OrgLevelTag level={org.level} />
      {org.status !== 'active' ? <OrgStatusTag status={org.status} /> : null}
    </span>
  );
}

function toTreeNode(org: OrgNode, kids?: OrgTreeNode[]): OrgTreeNode {
  return { key: org.id, org, title: <OrgTitle org={org} />, isLeaf: org.childCount === 0, children: kids };
}

function OrgDetailPanel({ detail, scopeRootId, onSelect }: { detail: OrgDetail; scopeRootId: string | undefined; onSelect: (id: string) => void }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  // Ancestors above the admin's own organization are outside the scope: show them, but not as links.
  const scopeStart = scopeRootId ? detail.path.findIndex((p) => p.id === scopeRootId) : -1;

  const items: DescriptionsProps['items'] = [
    { key: 'level', label: t('orgs.level'), children: <OrgLevelTag level={detail.level} /> },
    { key: 'type', label: t('orgs.type'), children: <OrgTypeText type={detail.type} /> },
    { key: 'status', label: t('orgs.status'), children: <OrgStatusTag status={detail.status} /> },
    {
      key: 'creditCode',
      label: t('orgs.creditCode'),
      children: detail.creditCode ? <Typography.Text copyable>{detail.creditCode}</Typography.Text> : t('common.none'),
    },
    { key: 'address', label: t('orgs.address'), children: detail.address ?? t('common.none') },
    { key: 'contact', label: t('orgs.contact'), children: detail.contact ?? t('common.none') },
    { key: 'createdAt', label: t('orgs.createdAt'), children: formatDateTime(detail.createdAt, lang) },
  ];

  const stats: { key: string; label: string; value: number }[] = [
    { key: 'childCount', label: t('orgs.childCount'), value: detail.childCount },
    { key: 'memberCount', label: t('orgs.memberCount'), value: detail.memberCount },
    { key: 'subtreeOrgCount', label: t('orgs.subtreeOrgCount'), value: detail.subtreeOrgCount },
    { key: 'subtreeMemberCount', label: t('orgs.subtreeMemberCount'), value: detail.subtreeMemberCount },
  ];

  return (
    <div data-testid="org-detail">
      <Breadcrumb
        className="gh-org-path"
        items={detail.path.map((p, index) => {
          const last = index === detail.path.length - 1;
          const inScope = scopeStart >= 0 && index >= scopeStart;
          return {
            key: p.id,
            title:
              !last && inScope ? (
                <a
                  href={`?org=${encodeURIComponent(p.id)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onSelect(p.id);
                  }}
                >
                  {p.name}
                </a>
              ) : (
                p.name
              ),
          };
        })}
      />
      <div className="gh-org-detail-head">
        <Typography.Title level={4} className="gh-org-detail-name" data-testid="org-detail-name">
          {detail.name}
        </Typography.Title>
        {can('member.read') ? (
          <Link to={`/members?orgId=${encodeURIComponent(detail.id)}`}>
            <Button icon={<TeamOutlined />}>{t('orgs.viewMembers')}</Button>
          </Link>
        ) : null}
      </div>
      <Row gutter={[12, 12]} className="gh-org-stats">
        {stats.map((s) => (
          <Col key={s.key} xs={12} md={6}>
            <Card size="small">
              <Statistic title={s.label} value={s.value} formatter={(v) => formatNumber(Number(v), lang)} />
            </Card>
          </Col>
        ))}
      </Row>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 2 }} items={items} />
    </div>
  );
}

export function OrgsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('org') ?? undefined;
  const tree = useOrgTree();
  const { loadChildren } = tree;
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState<{ q: string; items: OrgNode[] | null; error: ApiError | null } | null>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const select = useCallback(
    (id: string | undefined) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (id) next.set('org', id);
          else next.delete('org');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  // Open the scope root when it arrives.
  useEffect(() => {
    const scopeRoots = tree.roots;
    if (scopeRoots?.length) setExpanded((keys) => (keys.length ? keys : scopeRoots.map((org) => org.id)));
  }, [tree.roots]);

  const detail = useApi((signal) => (selectedId ? api.org(selectedId, signal) : Promise.resolve(null)), [selectedId]);

  // Reveal the selected organization in the tree: load and expand its ancestors within the scope.
  const detailData = detail.data;
  const roots = tree.roots;
  useEffect(() => {
    if (!detailData || !roots) return;
    const start = detailData.path.findIndex((p) => roots.some((root) => root.id === p.id));
    if (start < 0) return;
    const ancestors = detailData.path.slice(start, -1).map((p) => p.id);
    if (!ancestors.length) return;
    let cancelled = false;
    (async () => {
      for (const id of ancestors) await loadChildren(id);
      if (!cancelled) setExpanded((keys) => [...new Set([...keys, ...ancestors])]);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [detailData, roots, loadChildren]);

  useEffect(() => {
    if (isMobile && selectedId) detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [isMobile, selectedId]);

  const treeData = useMemo(
    () => (tree.roots ? buildOrgTree<OrgTreeNode>(tree.roots, tree.children, toTreeNode) : []),
    [tree.roots, tree.children],
  );
  const loadedKeys = useMemo(() => [...tree.children.keys()], [tree.children]);

  const loadData = useCallback(
    async (node: OrgTreeNode) => {
      try {
        await loadChildren(node.key);
      } catch (error) {
        setExpanded((keys) => keys.filter((key) => key !== node.key));
        if (isApiError(error)) message.error(error.message);
      }
    },
    [loadChildren, message],
  );

  const runSearch = useCallback(async (raw: string) => {
    const q = raw.trim();
    if (!q) {
      setSearch(null);
      return;
    }
    setSearch({ q, items: null, error: null });
    try {
      const { items } = await api.orgSearch(q);
      setSearch((current) => (current?.q === q ? { q, items, error: null } : current));
    } catch (error) {
      if (isAbortError(error)) return;
      const apiError = isApiError(error) ? error : new ApiError(0, 'HTTP_ERROR', String(error));
      setSearch((current) => (current?.q === q ? { q, items: [], error: apiError } : current));
    }
  }, []);

  const clearSearch = () => {
    setSearchText('');
    setSearch(null);
  };

  const searchNodes = useMemo<OrgTreeNode[]>(
    () => (search?.items ?? []).map((org) => ({ ...toTreeNode(org), isLeaf: true })),
    [search],
  );

  let treePanel;
  if (tree.rootError) {
    treePanel = <LoadError error={tree.rootError} onRetry={tree.reload} compact />;
  } else if (search) {
    treePanel = (
      <div data-testid="org-search-results">
        <div className="gh-search-head">
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={clearSearch} className="gh-link-button">
            {t('orgs.backToTree')}
          </Button>
          {search.items ? (
            <Typography.Text type="secondary">{t('orgs.searchResults', { count: search.items.length })}</Typography.Text>
          ) : null}
        </div>
        {search.error ? <Alert type="error" showIcon title={search.error.message} /> : null}
        {search.items === null ? (
          <Skeleton active paragraph={{ rows: 4 }} title={false} />
        ) : search.items.length === 0 ? (
          search.error ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noResults')} />
        ) : (
          <>
            <Tree<OrgTreeNode>
              blockNode
              treeData={searchNodes}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(_keys, info) => select(info.node.key)}
            />
            {search.items.length >= 50 ? (
              <Typography.Paragraph type="secondary" className="gh-search-limit">
                {t('orgs.searchLimit')}
              </Typography.Paragraph>
            ) : null}
          </>
        )}
      </div>
    );
  } else if (!tree.roots) {
    treePanel = <Skeleton active paragraph={{ rows: 6 }} title={false} />;
  } else if (!treeData.length) {
    treePanel = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.emptyTree')} />;
  } else {
    treePanel = (
      <Tree<OrgTreeNode>
        data-testid="org-tree"
        blockNode
        showLine
        treeData={treeData}
        loadData={loadData}
        loadedKeys={loadedKeys}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys)}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(_keys, info) => select(info.node.key)}
      />
    );
  }

  let detailPanel;
  if (!selectedId) {
    detailPanel = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.selectHint')} />;
  } else if (detail.error) {
    detailPanel = <LoadError error={detail.error} onRetry={detail.reload} compact />;
  } else if (!detail.data || detail.data.id !== selectedId) {
    detailPanel = <Skeleton active paragraph={{ rows: 8 }} />;
  } else {
    detailPanel = <OrgDetailPanel detail={detail.data} scopeRootId={tree.roots?.[0]?.id} onSelect={select} />;
  }

  return (
    <div data-testid="orgs-page">
      <PageHeader title={t('orgs.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xxl={8}>
          <Card
            title={
              <Space>
                <ApartmentOutlined />
                {t('orgs.tree')}
              </Space>
            }
            className="gh-tree-card"
          >
            <Input.Search
              value={searchText}
              onChange={(event) => {
                setSearchText(event.target.value);
                if (!event.target.value) setSearch(null);
              }}
              onSearch={(value) => void runSearch(value)}
              placeholder={t('orgs.searchPlaceholder')}
              allowClear
              maxLength={50}
              enterButton
              loading={search !== null && search.items === null}
              className="gh-tree-search"
              data-testid="org-search"
            />
            <div className="gh-tree-scroll">{treePanel}</div>
          </Card>
        </Col>
        <Col xs={24} lg={15} xxl={16}>
          <div ref={detailRef}>
            <Card title={t('orgs.detail')}>{detailPanel}</Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
