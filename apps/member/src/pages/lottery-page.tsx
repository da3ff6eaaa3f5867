/**
 * `/lottery/<activityId>`: the public record of a draw (no login), and its verification in the
 * browser with the contracts' own `verifyDraw` on a synchronous SHA-256 (lottery-sha256.ts). Before
 * the seed is revealed only the entrant list can be checked against its digest. The same values can
 * be checked with the independent `scripts/lottery-verify.mjs`.
 */
import { useMemo, useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { LOTTERY_ALGORITHM, commitmentFor, entrantsDigestFor, isLotterySeed, verifyDraw } from '@gonghui/contracts';
import { ApiError, api, type PublicDraw } from '../api-client';
import { formatActivityTime } from '../activity-time';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { AlertIcon, CheckCircleIcon, ChevronRightIcon, CopyIcon, DownloadIcon, LotteryIcon, SearchIcon, TerminalIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n';
import { sha256 } from '../lottery-sha256';

const PREVIEW = 30;
const MAX_SHOWN = 1000;
const CLI_COMMAND = 'node scripts/lottery-verify.mjs draw.json';

interface Verification {
  /** 'full': seed, commitment, list and winners; 'digest': only the list against its digest. */
  scope: 'full' | 'digest';
  ok: boolean;
  problems: string[];
  ms: number;
  commitment: string | null;
  entrantsDigest: string | null;
}

function verify(draw: PublicDraw): Verification | null {
  const started = performance.now();
  const entrants = draw.entrants ?? [];
  let digest: string | null = null;
  try {
    digest = draw.entrants ? entrantsDigestFor(sha256, entrants) : null;
  } catch {
    digest = null;
  }
  const commitment = draw.seed && isLotterySeed(draw.seed) ? commitmentFor(sha256, draw.seed) : null;
  if (draw.seed && draw.commitment && draw.entrantsDigest && draw.entrants) {
    const result = verifyDraw(sha256, {
      algorithm: draw.algorithm,
      seed: draw.seed,
      commitment: draw.commitment,
      entrantsDigest: draw.entrantsDigest,
      entrantIds: draw.entrants,
      winners: draw.winners ?? undefined,
      places: draw.places,
    });
    return { scope: 'full', ...result, ms: performance.now() - started, commitment, entrantsDigest: digest };
  }
  if (draw.entrants && draw.entrantsDigest) {
    const problems: string[] = [];
    if (draw.algorithm !== LOTTERY_ALGORITHM) problems.push(`the algorithm is ${JSON.stringify(draw.algorithm)}, this verifier implements ${LOTTERY_ALGORITHM}`);
    if (digest === null) problems.push('the entrant list holds an id that cannot be an entrant');
    else if (digest !== draw.entrantsDigest.toLowerCase()) problems.push('the entrants digest does not match the entrant list');
    return { scope: 'digest', ok: problems.length === 0, problems, ms: performance.now() - started, commitment, entrantsDigest: digest };
  }
  return null;
}

/** draw.json as scripts/lottery-verify.mjs reads it. */
function drawFile(draw: PublicDraw): string {
  return `${JSON.stringify(
    {
      algorithm: draw.algorithm,
      seed: draw.seed,
      commitment: draw.commitment,
      entrantsDigest: draw.entrantsDigest,
      entrants: draw.entrants,
      places: draw.places,
      winners: draw.winners,
    },
    null,
    2,
  )}\n`;
}

export function LotteryPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const valid = /^\d{1,20}$/.test(id);
  const { state, data, reload } = useResource(
    (signal) => (valid ? api.draw(id, signal) : Promise.reject(new ApiError({ status: 404, code: 'NOT_FOUND', message: t('lottery.notFound') }))),
    [id],
  );
  const notFound = state.status === 'error' && state.error?.status === 404;
  return (
    <div className="sub-page lottery-page">
      <PageHeader title={t('lottery.title')} />
      {state.status === 'loading' ? <LoadingCard testId="lottery-loading" lines={8} /> : null}
      {!data && notFound ? <EmptyState title={t('lottery.notFoundTitle')} description={t('lottery.notFound')} testId="lottery-not-found" /> : null}
      {!data && state.status === 'error' && !notFound ? <ErrorState message={state.message} onRetry={() => void reload()} testId="lottery-error" /> : null}
      {data ? <DrawView draw={data} /> : null}
    </div>
  );
}

function DrawView({ draw }: { draw: PublicDraw }) {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const myEntry = params.get('entry');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [running, setRunning] = useState(false);
  const canVerify = Boolean(draw.entrants && draw.entrantsDigest);
  const complete = Boolean(draw.seed && draw.commitment && draw.entrantsDigest && draw.entrants && draw.winners);

  const run = () => {
    if (running) return;
    setRunning(true);
    setVerification(null);
    // Let the spinner paint first: a large list takes a moment on a phone.
    window.setTimeout(() => {
      try {
        setVerification(verify(draw));
      } finally {
        setRunning(false);
      }
    }, 30);
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([drawFile(draw)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'draw.json';
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const copy = () => {
    navigator.clipboard
      ?.writeText(CLI_COMMAND)
      .then(() => Toast.show({ icon: 'success', content: t('lottery.copied') }))
      .catch(() => undefined);
  };

  const winnerRank = myEntry && draw.winners ? draw.winners.indexOf(myEntry) + 1 : 0;
  const listed = myEntry && draw.entrants ? draw.entrants.includes(myEntry) : null;

  return (
    <div data-testid="lottery-view" data-activity-id={draw.activityId} data-drawn={complete}>
      <section className="lottery-hero">
        <span className="lottery-hero-icon" aria-hidden="true">
          <LotteryIcon size={30} />
        </span>
        <div>
          <h1 className="lottery-hero-title" data-testid="lottery-title">
            {draw.title}
          </h1>
          <p className="lottery-hero-sub">
            {draw.drawnAt ? `${t('lottery.drawnAt')} ${formatActivityTime(draw.drawnAt, lang)}` : t('activity.awaitingDraw')}
          </p>
        </div>
      </section>

      <p className="intro-card">{t('lottery.intro')}</p>

      {myEntry ? (
        <section className={winnerRank > 0 ? 'notice notice--ok notice--page' : 'notice notice--info notice--page'} data-testid="lottery-my-entry">
          <span>
            {t('lottery.myEntry')}：<code className="mono">{myEntry}</code>
          </span>
          <strong>
            {winnerRank > 0 ? t('lottery.myEntryWon', { rank: winnerRank }) : listed === null ? t('entryStatus.registered') : listed ? t('lottery.myEntryListed') : t('lottery.myEntryNotListed')}
          </strong>
        </section>
      ) : null}

      <section className="card">
        <dl className="hash-list">
          <HashRow label={t('lottery.algorithm')} value={draw.algorithm} testId="lottery-algorithm" />
          <HashRow label={t('lottery.commitment')} value={draw.commitment} pending={t('lottery.notPublished')} recomputed={verification?.commitment} testId="lottery-commitment" />
          <HashRow label={t('lottery.entrantsDigest')} value={draw.entrantsDigest} pending={t('lottery.digestPending')} recomputed={verification?.entrantsDigest} testId="lottery-digest" />
          <HashRow label={t('lottery.seed')} value={draw.seed} pending={t('lottery.seedPending')} testId="lottery-seed" />
          <HashRow label={t('lottery.places')} value={String(draw.places)} testId="lottery-places" />
        </dl>
      </section>

      <section className="card verify-card">
        <Button block color="primary" shape="rounded" size="large" disabled={!canVerify} loading={running} loadingText={t('lottery.verifying')} onClick={run} data-testid="lottery-verify">
          {t('lottery.verify')}
        </Button>
        {!draw.seed ? <p className="form-note verify-note">{t('lottery.verifyNotReady')}</p> : null}
        {verification ? <VerificationResult verification={verification} /> : null}
      </section>

      {draw.winners ? <IdList title={t('lottery.winners')} ids={draw.winners} ranked highlight={myEntry} testId="lottery-winners" /> : null}
      {draw.entrants ? <IdList title={t('lottery.entrants')} ids={draw.entrants} highlight={myEntry} searchable testId="lottery-entrants" /> : null}

      {complete ? (
        <section className="card cli-card" data-testid="lottery-cli">
          <h2 className="section-title">
            <TerminalIcon /> {t('lottery.cli')}
          </h2>
          <p className="section-text">{t('lottery.cliText')}</p>
          <div className="cli-command">
            <code>{CLI_COMMAND}</code>
            <button type="button" className="icon-button" onClick={copy} aria-label={t('lottery.copy')} data-testid="lottery-copy">
              <CopyIcon />
            </button>
          </div>
          <p className="form-note">{t('lottery.cliExit')}</p>
          <Button block fill="outline" color="primary" shape="rounded" onClick={download} data-testid="lottery-download">
            <DownloadIcon /> {t('lottery.download')}
          </Button>
        </section>
      ) : null}

      <Link to={`/activities/${draw.activityId}`} className="entry-row lottery-activity-link">
        <LotteryIcon size={22} />
        <span>{t('lottery.toActivity')}</span>
        <ChevronRightIcon />
      </Link>
    </div>
  );
}

function HashRow({ label, value, pending, recomputed, testId }: { label: string; value: string | null; pending?: string; recomputed?: string | null; testId: string }) {
  const { t } = useI18n();
  const matches = recomputed && value ? recomputed === value.toLowerCase() : null;
  return (
    <div className="hash-row">
      <dt>{label}</dt>
      <dd className={value ? 'mono hash' : 'muted'} data-testid={testId}>
        {value ?? pending ?? '—'}
      </dd>
      {recomputed ? (
        <dd className={matches ? 'hash-recomputed hash-recomputed--ok' : 'hash-recomputed hash-recomputed--bad'}>
          <span className="hash-recomputed-label">
            {matches ? <CheckCircleIcon /> : <AlertIcon />} {t('lottery.recomputed')}
          </span>
          <span className="mono">{recomputed}</span>
        </dd>
      ) : null}
    </div>
  );
}

function VerificationResult({ verification }: { verification: Verification }) {
  const { t } = useI18n();
  const title = verification.ok ? (verification.scope === 'full' ? t('lottery.ok') : t('lottery.okDigest')) : t('lottery.mismatch');
  const text = verification.ok ? (verification.scope === 'full' ? t('lottery.okText') : t('lottery.okDigestText')) : t('lottery.mismatchText');
  return (
    <div
      className={verification.ok ? 'verify-result verify-result--ok' : 'verify-result verify-result--bad'}
      data-testid="lottery-result"
      data-result={verification.ok ? 'ok' : 'mismatch'}
      data-scope={verification.scope}
      role="status"
    >
      <div className="verify-result-head">
        {verification.ok ? <CheckCircleIcon size={26} /> : <AlertIcon size={26} />}
        <strong>{title}</strong>
      </div>
      <p>{text}</p>
      {verification.problems.length > 0 ? (
        <ul className="verify-problems">
          {verification.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <p className="verify-time">{t('lottery.checkedAt', { ms: Math.max(1, Math.round(verification.ms)) })}</p>
    </div>
  );
}

function IdList({ title, ids, ranked, highlight, searchable, testId }: { title: string; ids: readonly string[]; ranked?: boolean; highlight: string | null; searchable?: boolean; testId: string }) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  const [query, setQuery] = useState('');
  const q = query.trim();
  const filtered = useMemo(() => {
    const indexed = ids.map((id, index) => ({ id, rank: index + 1 }));
    return q ? indexed.filter((item) => item.id.includes(q)) : indexed;
  }, [ids, q]);
  const shown = filtered.slice(0, expanded || q ? MAX_SHOWN : PREVIEW);
  return (
    <section className="card" data-testid={testId} data-count={ids.length}>
      <h2 className="section-title">
        {title}
        <span className="section-count">{t('lottery.count', { count: ids.length })}</span>
      </h2>
      {searchable && ids.length > PREVIEW ? (
        <label className="search-bar search-bar--inline">
          <SearchIcon className="search-bar-icon" />
          <input className="search-bar-input" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('lottery.search')} aria-label={t('lottery.search')} />
        </label>
      ) : null}
      <ol className={ranked ? 'id-list id-list--ranked' : 'id-list'}>
        {shown.map((item) => (
          <li key={`${item.rank}:${item.id}`} className={item.id === highlight ? 'id-item id-item--mine' : 'id-item'}>
            {ranked ? <span className="id-rank">{item.rank}</span> : null}
            <code className="mono">{item.id}</code>
          </li>
        ))}
      </ol>
      {filtered.length > shown.length || (expanded && filtered.length > PREVIEW) ? (
        <button type="button" className="link-button id-list-toggle" onClick={() => setExpanded((value) => !value)}>
          {expanded ? t('lottery.collapse') : filtered.length > MAX_SHOWN ? t('lottery.showMore', { count: MAX_SHOWN }) : t('lottery.showAll', { count: filtered.length })}
        </button>
      ) : null}
    </section>
  );
}
