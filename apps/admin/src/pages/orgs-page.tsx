/**
 * The organization tree of the admin's scope, a name search within it, and a detail panel with
 * the organization's history and its lifecycle actions (create below, edit, applications).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Key, ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Statistic, Tree, Typography } from 'antd';
import type { DescriptionsProps, TreeDataNode } from 'antd';
import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  AuditOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FileAddOutlined,
  FormOutlined,
  PlusOutlined,
  QrcodeOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { OrgDetail, OrgNode } from '@gonghui/contracts';
import { ApiError, api, isAbortError, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { ExportButtons } from '../components/download-button';
import { ImportDialog } from '../components/import-dialog';
import { JoinQrModal } from '../components/join-qr-dialog';
import { LoadError } from '../components/load-error';
import { OrgApplicationModal, OrgCreateModal, OrgEditModal, childLevels } from '../components/org-dialogs';
import type { OrgApplicationMode } from '../components/org-dialogs';
import { OrgHistory } from '../components/org-history';
import { PageHeader } from '../components/page-header';
import { OrgLevelTag, OrgStatusTag, OrgTypeText } from '../components/tags';
import { useDialog } from '../components/use-dialog';
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

interface OrgDetailPanelProps {
  detail: OrgDetail;
  scopeRootId: string | undefined;
  onSelect: (id: string) => void;
  actions: ReactNode;
  historyVersion: number;
  onShowJoinQr: (org: OrgDetail) => void;
}

function OrgDetailPanel({ detail, scopeRootId, onSelect, actions, historyVersion, onShowJoinQr }: OrgDetailPanelProps) {
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
    { key: 'chairperson', label: t('orgs.chairperson'), children: detail.chairperson ?? t('common.none') },
    { key: 'industry', label: t('orgs.industry'), children: detail.industry ?? t('common.none') },
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
        <Space wrap>
          {detail.level === 'base' && detail.status === 'active' ? (
            <Button icon={<QrcodeOutlined />} onClick={() => onShowJoinQr(detail)} data-testid="org-join-qr-open">
              {t('joinQr.open')}
            </Button>
          ) : null}
          {can('member.read') ? (
            <Link to={`/members?orgId=${encodeURIComponent(detail.id)}`}>
              <Button icon={<TeamOutlined />} data-testid="org-view-members">
                {t('orgs.viewMembers')}
              </Button>
            </Link>
          ) : null}
        </Space>
      </div>
      {actions ? <div className="gh-org-actions" data-testid="org-actions">{actions}</div> : null}
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
      <Typography.Title level={5} className="gh-section-title">
        {t('orgHistory.title')}
      </Typography.Title>
      <OrgHistory orgId={detail.id} version={historyVersion} />
    </div>
  );
}

export function OrgsPage() {
  const { t } = useI18n();
  const { can, profile } = useAuth();
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
  const [historyVersion, setHistoryVersion] = useState(0);
  const createDialog = useDialog<OrgDetail>();
  const editDialog = useDialog<OrgDetail>();
  const applyDialog = useDialog<{ mode: OrgApplicationMode; org: OrgDetail }>();
  const importDialog = useDialog();
  const joinQrDialog = useDialog<OrgDetail>();
  const canWrite = can('org.write');

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

  const refreshTree = (ids: (string | null)[]) => {
    for (const id of new Set(ids)) {
      tree.refreshChildren(id).catch((error: unknown) => {
        if (isApiError(error)) message.error(error.message);
      });
    }
  };

  const actionsFor = (org: OrgDetail): ReactNode => {
    if (!canWrite || org.status !== 'active') return null;
    const isRoot = org.parentId === null;
    const ownOrg = org.id === profile?.org.id;
    const buttons: ReactNode[] = [];
    if (childLevels(org.level).length) {
      buttons.push(
        <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => createDialog.show(org)} data-testid="org-create-open">
          {t('orgs.create')}
        </Button>,
      );
    }
    // "Edit by the level above": not one's own organization, unless it is the root.
    if (!ownOrg || isRoot) {
      buttons.push(
        <Button key="edit" icon={<EditOutlined />} onClick={() => editDialog.show(org)} data-testid="org-edit-open">
          {t('common.edit')}
        </Button>,
      );
    }
    if (org.level === 'street' || org.level === 'district') {
      buttons.push(
        <Button key="establish" icon={<FileAddOutlined />} onClick={() => applyDialog.show({ mode: 'establish', org })} data-testid="org-apply-establish">
          {t('applications.establish')}
        </Button>,
      );
    }
    if (org.level === 'base') {
      buttons.push(
        <Button key="change" icon={<FormOutlined />} onClick={() => applyDialog.show({ mode: 'change', org })} data-testid="org-apply-change">
          {t('applications.change')}
        </Button>,
        <Button key="deregister" danger icon={<CloseCircleOutlined />} onClick={() => applyDialog.show({ mode: 'deregister', org })} data-testid="org-apply-deregister">
          {t('applications.deregister')}
        </Button>,
      );
    }
    return buttons.length ? <Space wrap>{buttons}</Space> : null;
  };

  let detailPanel;
  if (!selectedId) {
    detailPanel = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.selectHint')} />;
  } else if (detail.error) {
    detailPanel = <LoadError error={detail.error} onRetry={detail.reload} compact />;
  } else if (!detail.data || detail.data.id !== selectedId) {
    detailPanel = <Skeleton active paragraph={{ rows: 8 }} />;
  } else {
    detailPanel = (
      <OrgDetailPanel
        detail={detail.data}
        scopeRootId={tree.roots?.[0]?.id}
        onSelect={select}
        actions={actionsFor(detail.data)}
        historyVersion={historyVersion}
        onShowJoinQr={(org) => joinQrDialog.show(org)}
      />
    );
  }

  return (
    <div data-testid="orgs-page">
      <PageHeader
        title={t('orgs.title')}
        extra={
          <Space wrap>
            <Link to="/org-applications">
              <Button icon={<AuditOutlined />} data-testid="org-applications-link">
                {t('nav.orgApplications')}
              </Button>
            </Link>
            {canWrite ? (
              <Button icon={<UploadOutlined />} onClick={() => importDialog.show(true)} data-testid="orgs-import-open">
                {t('sheets.import')}
              </Button>
            ) : null}
            <ExportButtons kind="orgs" filters={{ orgId: selectedId }} testIdPrefix="orgs" />
          </Space>
        }
      />
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
      {createDialog.state ? (
        <OrgCreateModal
          key={createDialog.state.seq}
          parent={createDialog.state.payload}
          {...createDialog.props}
          onCreated={(org) => {
            const parent = createDialog.state?.payload;
            createDialog.close();
            if (parent) {
              refreshTree([parent.id, parent.parentId]);
              setExpanded((keys) => [...new Set([...keys, parent.id])]);
            }
            select(org.id);
          }}
        />
      ) : null}
      {editDialog.state ? (
        <OrgEditModal
          key={editDialog.state.seq}
          org={editDialog.state.payload}
          {...editDialog.props}
          onSaved={(org) => {
            editDialog.close();
            refreshTree([org.parentId]);
            detail.reload();
            setHistoryVersion((v) => v + 1);
          }}
        />
      ) : null}
      {applyDialog.state ? (
        <OrgApplicationModal
          key={applyDialog.state.seq}
          mode={applyDialog.state.payload.mode}
          org={applyDialog.state.payload.org}
          {...applyDialog.props}
          onFiled={() => applyDialog.close()}
        />
      ) : null}
      {joinQrDialog.state ? <JoinQrModal key={joinQrDialog.state.seq} org={joinQrDialog.state.payload} {...joinQrDialog.props} /> : null}
      {importDialog.state ? (
        <ImportDialog
          key={importDialog.state.seq}
          kind="orgs"
          {...importDialog.props}
          onImported={() => {
            tree.reload();
            detail.reload();
            setHistoryVersion((v) => v + 1);
          }}
        />
      ) : null}
    </div>
  );
}
