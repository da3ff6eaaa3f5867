/**
 * 找工会 / 入会: find a base union by name, by the employer's unified social credit code, by region
 * (drilling down from the province), or by scanning the union's join QR code. Every union row leads
 * to `/join/<id>`, where the member applies. The mode and the query stay in the address.
 */
import { useEffect, useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { PublicOrg } from '@gonghui/contracts';
import { api } from '../api-client';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { CreditSearch } from '../components/credit-search';
import { BuildingIcon, CloseCircleIcon, MapIcon, ScanIcon, SearchIcon } from '../components/icons';
import { OrgBrowseItem, OrgLinkItem } from '../components/org-item';
import { PageHeader } from '../components/page-header';
import { PagedFooter } from '../components/paged-footer';
import { QrScanner, canScanQr } from '../components/qr-scanner';
import { TextField } from '../components/text-field';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { usePagedList } from '../hooks/use-paged-list';
import { useResource } from '../hooks/use-resource';
import { useI18n, type MessageKey } from '../i18n';
import { parseJoinTarget } from '../join-link';

const PAGE_SIZE = 20;
const MODES = ['name', 'credit', 'region', 'scan'] as const;
type Mode = (typeof MODES)[number];
const MODE_LABEL: Record<Mode, MessageKey> = { name: 'orgs.mode.name', credit: 'orgs.mode.credit', region: 'orgs.mode.region', scan: 'orgs.mode.scan' };
const MODE_ICON = { name: SearchIcon, credit: BuildingIcon, region: MapIcon, scan: ScanIcon } as const;

function isMode(value: string | null): value is Mode {
  return value !== null && (MODES as readonly string[]).includes(value);
}

export function OrgsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const mode: Mode = isMode(params.get('mode')) ? (params.get('mode') as Mode) : 'name';
  const intent = params.get('intent');

  const switchMode = (next: Mode) => {
    const kept = new URLSearchParams();
    kept.set('mode', next);
    if (intent) kept.set('intent', intent);
    setParams(kept, { replace: true });
  };

  return (
    <div className="sub-page orgs-page">
      <div className="sticky-top">
        <PageHeader title={t('orgs.title')} />
        <div className="mode-tabs" role="tablist" aria-label={t('orgs.title')}>
          {MODES.map((m) => {
            const Icon = MODE_ICON[m];
            return (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={mode === m}
                className={mode === m ? 'mode-tab mode-tab--active' : 'mode-tab'}
                onClick={() => switchMode(m)}
                data-testid={`orgs-mode-${m}`}
              >
                <Icon size={18} />
                <span>{t(MODE_LABEL[m])}</span>
              </button>
            );
          })}
        </div>
      </div>
      {intent === 'transfer' ? (
        <div className="notice notice--info notice--page" data-testid="orgs-intent-transfer">
          {t('orgs.intentTransfer')}
        </div>
      ) : null}
      {mode === 'name' ? <NameSearch onMode={switchMode} /> : null}
      {mode === 'credit' ? <CreditSearch /> : null}
      {mode === 'region' ? <RegionBrowse /> : null}
      {mode === 'scan' ? <ScanJoin /> : null}
    </div>
  );
}

function NameSearch({ onMode }: { onMode: (mode: Mode) => void }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [input, setInput] = useState(() => params.get('q') ?? '');
  const [query, setQuery] = useDebouncedValue(input.trim(), 300);
  // Without a name the server answers the province only: ask for a name instead.
  const list = usePagedList<PublicOrg>(
    (page, signal) => (query ? api.searchOrgs({ q: query, page, pageSize: PAGE_SIZE }, signal) : Promise.resolve({ items: [], page, pageSize: PAGE_SIZE, total: 0 })),
    [query],
  );

  // Keep ?q= in the address so back/forward and sharing keep the search.
  useEffect(() => {
    const current = params.get('q') ?? '';
    if (current !== query) {
      const next = new URLSearchParams(params);
      if (query) next.set('q', query);
      else next.delete('q');
      setParams(next, { replace: true });
    }
  }, [query, params, setParams]);

  return (
    <>
      <form
        className="search-bar search-bar--page"
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
      {query && list.status === 'loading' ? <LoadingCard testId="orgs-loading" lines={5} /> : null}
      {list.status === 'error' ? <ErrorState message={list.message ?? ''} onRetry={list.reload} testId="orgs-error" /> : null}
      {!query ? (
        <div className="orgs-hint" data-testid="orgs-hint">
          <p>{t('orgs.hint')}</p>
          <div className="orgs-hint-links">
            <button type="button" className="link-button" onClick={() => onMode('credit')}>
              {t('orgs.mode.credit')} ›
            </button>
            <button type="button" className="link-button" onClick={() => onMode('region')}>
              {t('orgs.mode.region')} ›
            </button>
            <button type="button" className="link-button" onClick={() => onMode('scan')}>
              {t('orgs.mode.scan')} ›
            </button>
          </div>
        </div>
      ) : null}
      {query && list.status === 'ready' && list.items.length === 0 ? <EmptyState title={t('orgs.empty')} description={`“${query}”`} testId="orgs-empty" /> : null}
      {list.status === 'ready' && list.items.length > 0 ? (
        <>
          <p className="list-summary" data-testid="orgs-total">
            {t('orgs.total', { total: list.total })}
          </p>
          <ul className="org-rows" data-testid="orgs-list">
            {list.items.map((org) => (
              <OrgLinkItem key={org.id} org={org} />
            ))}
          </ul>
          <PagedFooter hasMore={list.hasMore} loadMore={list.loadMore} testId="orgs" />
        </>
      ) : null}
    </>
  );
}

const TRAIL_KEY = 'gh_region_trail';
type Crumb = Pick<PublicOrg, 'id' | 'name'>;

function readTrail(): Crumb[] {
  try {
    const raw = window.sessionStorage.getItem(TRAIL_KEY);
    const value: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(value)) return [];
    return value.filter((c): c is Crumb => typeof c === 'object' && c !== null && typeof (c as Crumb).id === 'string' && typeof (c as Crumb).name === 'string');
  } catch {
    return [];
  }
}

/** Browse by region: the province's unions, then each one's children, with breadcrumbs back up. */
function RegionBrowse() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  // The root (the province) is the shallowest active organization.
  const root = useResource(async (signal) => (await api.searchOrgs({ page: 1, pageSize: 1 }, signal)).items[0] ?? null, []);
  const [trail, setTrail] = useState<Crumb[]>(() => {
    const parent = params.get('parent');
    const saved = readTrail();
    if (!parent) return saved;
    const at = saved.findIndex((c) => c.id === parent);
    if (at >= 0) return saved.slice(0, at + 1);
    return [{ id: parent, name: params.get('parentName') ?? parent }];
  });

  useEffect(() => {
    try {
      window.sessionStorage.setItem(TRAIL_KEY, JSON.stringify(trail));
    } catch {
      // The trail only helps after a reload.
    }
    const next = new URLSearchParams(params);
    const last = trail[trail.length - 1];
    if (last) next.set('parent', last.id);
    else next.delete('parent');
    next.delete('parentName');
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [trail, params, setParams]);

  const rootOrg = root.state.status === 'ready' ? root.state.data : null;
  const parentId = trail[trail.length - 1]?.id ?? rootOrg?.id ?? null;
  const list = usePagedList<PublicOrg>(
    (page, signal) => (parentId ? api.searchOrgs({ parentId, page, pageSize: PAGE_SIZE }, signal) : Promise.resolve({ items: [], page, pageSize: PAGE_SIZE, total: 0 })),
    [parentId],
  );

  if (root.state.status === 'loading') return <LoadingCard testId="region-loading" lines={5} />;
  if (root.state.status === 'error') return <ErrorState message={root.state.message} onRetry={() => void root.reload()} testId="region-error" />;

  const open = (org: PublicOrg) => setTrail((previous) => [...previous, { id: org.id, name: org.name }]);
  const current = trail[trail.length - 1] ?? rootOrg;

  return (
    <div className="region-browse" data-testid="region-browse">
      <nav className="breadcrumbs" aria-label={t('orgs.mode.region')} data-testid="region-breadcrumbs">
        <button type="button" className={trail.length === 0 ? 'crumb crumb--current' : 'crumb'} onClick={() => setTrail([])} data-testid="crumb-root">
          {rootOrg?.name ?? t('orgs.allRegions')}
        </button>
        {trail.map((crumb, index) => (
          <span key={crumb.id} className="crumb-wrap">
            <span className="crumb-sep" aria-hidden="true">
              ›
            </span>
            <button
              type="button"
              className={index === trail.length - 1 ? 'crumb crumb--current' : 'crumb'}
              aria-current={index === trail.length - 1 ? 'page' : undefined}
              onClick={() => setTrail(trail.slice(0, index + 1))}
              data-testid="crumb"
            >
              {crumb.name}
            </button>
          </span>
        ))}
      </nav>
      {current && trail.length > 0 ? (
        <div className="region-current">
          <span>{t('orgs.childrenOf', { name: current.name })}</span>
        </div>
      ) : null}
      {list.status === 'loading' ? <LoadingCard testId="region-list-loading" lines={5} /> : null}
      {list.status === 'error' ? <ErrorState message={list.message ?? ''} onRetry={list.reload} testId="region-list-error" /> : null}
      {list.status === 'ready' && list.items.length === 0 ? <EmptyState title={t('orgs.noChildren')} testId="region-empty" /> : null}
      {list.status === 'ready' && list.items.length > 0 ? (
        <>
          <p className="list-summary">{t('orgs.total', { total: list.total })}</p>
          <ul className="org-rows" data-testid="region-list">
            {list.items.map((org) => (
              <OrgBrowseItem key={org.id} org={org} onOpen={open} />
            ))}
          </ul>
          <PagedFooter hasMore={list.hasMore} loadMore={list.loadMore} testId="region" />
        </>
      ) : null}
    </div>
  );
}

/** 扫码入会: the camera where the browser can read QR codes, and typing or pasting the link always. */
function ScanJoin() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const scannable = canScanQr();

  const go = (value: string) => {
    const id = parseJoinTarget(value);
    if (!id) {
      setError(t('scan.unrecognised'));
      Toast.show({ icon: 'fail', content: t('scan.unrecognised') });
      return;
    }
    navigate(`/join/${id}`);
  };

  return (
    <div className="scan-join" data-testid="scan-join">
      <section className="card">
        {scannable ? (
          <QrScanner onResult={go} />
        ) : (
          <div className="notice notice--info" data-testid="scan-unsupported">
            {t('scan.unsupported')}
          </div>
        )}
      </section>
      <section className="card">
        <h2 className="section-title">{t('scan.manualTitle')}</h2>
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!text.trim()) {
              setError(t('scan.required'));
              return;
            }
            go(text);
          }}
          data-testid="scan-form"
        >
          <TextField
            label={t('scan.manualLabel')}
            testId="scan-input"
            autoComplete="off"
            spellCheck={false}
            maxLength={300}
            placeholder={t('scan.manualPlaceholder')}
            value={text}
            onValueChange={(v) => {
              setText(v);
              setError(undefined);
            }}
            error={error}
            suffix={
              typeof navigator !== 'undefined' && navigator.clipboard && 'readText' in navigator.clipboard ? (
                <button
                  type="button"
                  className="sms-button"
                  onClick={() => {
                    navigator.clipboard
                      .readText()
                      .then((value) => setText(value.trim()))
                      .catch(() => Toast.show({ content: t('scan.pasteFailed') }));
                  }}
                  data-testid="scan-paste"
                >
                  {t('scan.paste')}
                </button>
              ) : null
            }
          />
          <Button block type="submit" color="primary" shape="rounded" data-testid="scan-go">
            {t('scan.go')}
          </Button>
        </form>
      </section>
    </div>
  );
}
