/** 找工会: searches GET /api/v1/orgs?q= and pages through the results with infinite scroll. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, DotLoading, ErrorBlock, InfiniteScroll, List, Skeleton, Tag } from 'antd-mobile';
import { useSearchParams } from 'react-router-dom';
import { ORG_LEVEL_LABELS, type PublicOrg } from '@gonghui/contracts';
import { api, errorMessage } from '../api-client';
import { CloseCircleIcon, SearchIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useI18n } from '../i18n';
import { orgTypeKey } from '../member-labels';

const PAGE_SIZE = 20;

interface Results {
  query: string;
  items: PublicOrg[];
  page: number;
  total: number;
  /** The server returned an empty page: stop asking even if `total` says otherwise. */
  exhausted: boolean;
}

type LoadState = { status: 'loading' } | { status: 'ready'; results: Results } | { status: 'error'; message: string };

export function OrgsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [input, setInput] = useState(() => params.get('q') ?? '');
  const [query, setQuery] = useDebouncedValue(input.trim(), 300);
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [reloadKey, setReloadKey] = useState(0);
  const generation = useRef(0);

  // First page whenever the query changes.
  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setState({ status: 'loading' });
    api
      .searchOrgs({ q: query, page: 1, pageSize: PAGE_SIZE }, controller.signal)
      .then((page) => {
        if (mine !== generation.current) return;
        setState({
          status: 'ready',
          results: { query, items: page.items, page: 1, total: page.total, exhausted: page.items.length === 0 },
        });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || mine !== generation.current) return;
        setState({ status: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [query, reloadKey]);

  // Keep ?q= in the address so back/forward and sharing keep the search.
  useEffect(() => {
    const current = params.get('q') ?? '';
    if (current !== query) setParams(query ? { q: query } : {}, { replace: true });
  }, [query, params, setParams]);

  const results = state.status === 'ready' ? state.results : null;
  const hasMore = results !== null && !results.exhausted && results.items.length < results.total;

  const loadMore = useCallback(async () => {
    if (!results) return;
    const mine = generation.current;
    const page = await api.searchOrgs({ q: results.query, page: results.page + 1, pageSize: PAGE_SIZE });
    if (mine !== generation.current) return;
    setState((previous) => {
      if (previous.status !== 'ready' || previous.results.query !== results.query) return previous;
      const seen = new Set(previous.results.items.map((org) => org.id));
      const fresh = page.items.filter((org) => !seen.has(org.id));
      return {
        status: 'ready',
        results: {
          ...previous.results,
          items: [...previous.results.items, ...fresh],
          page: results.page + 1,
          total: page.total,
          exhausted: fresh.length === 0,
        },
      };
    });
  }, [results]);

  return (
    <div className="sub-page orgs-page">
      <div className="sticky-top">
        <PageHeader title={t('orgs.title')} />
        <form
          className="search-bar"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setQuery(input.trim());
          }}
        >
          <SearchIcon className="search-bar-icon" />
          <input
            type="search"
            className="search-bar-input"
            data-testid="orgs-search"
            enterKeyHint="search"
            maxLength={50}
            placeholder={t('orgs.placeholder')}
            aria-label={t('orgs.placeholder')}
            value={input}
            onChange={(event) => setInput(event.target.value)}
          />
          {input ? (
            <button type="button" className="search-bar-clear" aria-label={t('orgs.clear')} onClick={() => setInput('')}>
              <CloseCircleIcon />
            </button>
          ) : null}
        </form>
      </div>

      {state.status === 'loading' ? (
        <div className="card" data-testid="orgs-loading">
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={5} animated />
        </div>
      ) : null}

      {state.status === 'error' ? (
        <ErrorBlock status="disconnected" title={t('error.loadFailed')} description={state.message} data-testid="orgs-error">
          <Button color="primary" fill="outline" shape="rounded" onClick={() => setReloadKey((k) => k + 1)}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      ) : null}

      {results && results.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('orgs.empty')} description={results.query ? `“${results.query}”` : undefined} data-testid="orgs-empty" />
      ) : null}

      {results && results.items.length > 0 ? (
        <>
          <p className="list-summary" data-testid="orgs-total">
            {t('orgs.total', { total: results.total })}
          </p>
          <List className="org-list" data-testid="orgs-list">
            {results.items.map((org) => (
              <List.Item
                key={org.id}
                data-testid="org-item"
                description={
                  <span className="org-meta">
                    <Tag color="primary" fill="outline">
                      {ORG_LEVEL_LABELS[org.level][lang]}
                    </Tag>
                    <span>{t(orgTypeKey(org.type))}</span>
                    {org.parentName ? <span className="org-parent">{t('orgs.parent', { name: org.parentName })}</span> : null}
                  </span>
                }
              >
                <span className="org-name">{org.name}</span>
              </List.Item>
            ))}
          </List>
          <InfiniteScroll loadMore={loadMore} hasMore={hasMore} threshold={200}>
            {(more, failed, retry) =>
              failed ? (
                <span className="infinite-status">
                  {t('error.loadFailed')}
                  <button type="button" className="link-button" onClick={retry} data-testid="orgs-retry">
                    {t('common.retry')}
                  </button>
                </span>
              ) : more ? (
                <span className="infinite-status" data-testid="orgs-loading-more">
                  {t('common.loading')}
                  <DotLoading />
                </span>
              ) : (
                <span className="infinite-status" data-testid="orgs-no-more">
                  {t('orgs.noMore')}
                </span>
              )
            }
          </InfiniteScroll>
        </>
      ) : null}
    </div>
  );
}
