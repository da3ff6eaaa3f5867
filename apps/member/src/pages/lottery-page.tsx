/**
 * `/lottery/<activityId>`: the public record of a draw (no login), and its verification in the
 * browser with the contracts' own `verifyDraw` on a synchronous SHA-256 (lottery-check.ts). Each
 * session is drawn on its own with the one seed, so each has its places, entrant list, digest,
 * order and winners, its own check and its own draw.json for the independent
 * `scripts/lottery-verify.mjs`. Before the seed is revealed only the lists can be checked against
 * their digests. `?entry=<id>` highlights the member's entry id.
 */
import { useMemo, useRef, useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, type PublicDraw } from '../api-client';
import { formatActivityTime, formatCount } from '../activity-time';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { AlertIcon, CheckCircleIcon, ChevronRightIcon, CopyIcon, DownloadIcon, LotteryIcon, SearchIcon, TerminalIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n';
import {
  canCheckSession,
  drawFileFor,
  drawFileName,
  findEntry,
  isSessionDrawn,
  recomputedCommitment,
  verifySessionDraw,
  type SessionDraw,
  type SessionVerification,
} from '../lottery-check';

const PREVIEW = 30;
const MAX_SHOWN = 1000;
const cliCommand = (file: string) => `node scripts/lottery-verify.mjs ${file}`;

interface Checked {
  commitment: string | null;
  sessions: Record<string, SessionVerification>;
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
  const [checked, setChecked] = useState<Checked | null>(null);
  const [running, setRunning] = useState(false);
  const run = useRef(0);
  const checkable = draw.draws.filter(canCheckSession);
  const drawn = draw.draws.length > 0 && draw.draws.every((session) => isSessionDrawn(draw, session));

  // Session after session, each in its own task, so a phone keeps painting between large lists.
  const verifyAll = () => {
    if (running) return;
    const mine = ++run.current;
    setRunning(true);
    setChecked(null);
    const result: Checked = { commitment: recomputedCommitment(draw), sessions: {} };
    const queue = [...checkable];
    const step = () => {
      if (mine !== run.current) return;
      const next = queue.shift();
      if (!next) {
        setChecked({ ...result, sessions: { ...result.sessions } });
        setRunning(false);
        return;
      }
      const verification = verifySessionDraw(draw, next);
      if (verification) result.sessions[next.sessionId] = verification;
      window.setTimeout(step, 0);
    };
    // Let the spinner paint first.
    window.setTimeout(step, 30);
  };

  const place = myEntry ? findEntry(draw, myEntry) : null;
  const results = checked ? Object.values(checked.sessions) : [];
  const failed = results.filter((r) => !r.ok).length;
  const full = results.length > 0 && results.every((r) => r.scope === 'full');

  return (
    <div data-testid="lottery-view" data-activity-id={draw.activityId} data-drawn={drawn}>
      <section className="lottery-hero">
        <span className="lottery-hero-icon" aria-hidden="true">
          <LotteryIcon size={30} />
        </span>
        <div>
          <h1 className="lottery-hero-title" data-testid="lottery-title">
            {draw.title}
          </h1>
          <p className="lottery-hero-sub">
            {draw.drawnAt ? `${t('lottery.drawnAt')} ${formatActivityTime(draw.drawnAt, lang)}` : draw.closedAt ? t('activity.awaitingDraw') : t('activity.phase.open.lottery')}
          </p>
        </div>
      </section>

      <p className="intro-card">{t('lottery.intro')}</p>

      {myEntry && place ? (
        <section className={place.kind === 'winner' ? 'notice notice--ok notice--page' : 'notice notice--info notice--page'} data-testid="lottery-my-entry" data-place={place.kind}>
          <span>
            {t('lottery.myEntry')}：<code className="mono">{myEntry}</code>
          </span>
          {'session' in place ? <span>{t('lottery.myEntryIn', { session: place.session.sessionName })}</span> : null}
          <strong>
            {place.kind === 'winner'
              ? t('lottery.myEntryWon', { rank: place.rank })
              : place.kind === 'in_line'
                ? t('lottery.myEntryInLine', { rank: place.rank })
                : place.kind === 'listed'
                  ? t('lottery.myEntryListed')
                  : place.kind === 'not_listed'
                    ? t('lottery.myEntryNotListed')
                    : t('entryStatus.registered')}
          </strong>
        </section>
      ) : null}

      <section className="card">
        <dl className="hash-list">
          <HashRow label={t('lottery.algorithm')} value={draw.algorithm} testId="lottery-algorithm" />
          <HashRow label={t('lottery.commitment')} value={draw.commitment} pending={t('lottery.notPublished')} recomputed={checked?.commitment} testId="lottery-commitment" />
          <HashRow label={t('lottery.seed')} value={draw.seed} pending={t('lottery.seedPending')} testId="lottery-seed" />
        </dl>
        <dl className="kv-list kv-list--small lottery-times">
          <div>
            <dt>{t('lottery.windowEnd')}</dt>
            <dd>{formatActivityTime(draw.windowEnd, lang)}</dd>
          </div>
          {draw.closedAt ? (
            <div>
              <dt>{t('lottery.closedAt')}</dt>
              <dd>{formatActivityTime(draw.closedAt, lang)}</dd>
            </div>
          ) : null}
          {draw.drawnAt ? (
            <div>
              <dt>{t('lottery.drawnAt')}</dt>
              <dd>{formatActivityTime(draw.drawnAt, lang)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('lottery.confirmHours')}</dt>
            <dd>{t('lottery.confirmHoursValue', { hours: draw.confirmHours })}</dd>
          </div>
        </dl>
      </section>

      <section className="card verify-card">
        <Button
          block
          color="primary"
          shape="rounded"
          size="large"
          disabled={checkable.length === 0}
          loading={running}
          loadingText={t('lottery.verifying')}
          onClick={verifyAll}
          data-testid="lottery-verify"
        >
          {t('lottery.verifyAll')}
        </Button>
        {!draw.seed ? <p className="form-note verify-note">{t('lottery.verifyNotReady')}</p> : null}
        {checked && results.length > 0 ? (
          <div
            className={failed === 0 ? 'verify-result verify-result--ok' : 'verify-result verify-result--bad'}
            data-testid="lottery-result"
            data-result={failed === 0 ? 'ok' : 'mismatch'}
            data-scope={full ? 'full' : 'digest'}
            role="status"
          >
            <div className="verify-result-head">
              {failed === 0 ? <CheckCircleIcon size={26} /> : <AlertIcon size={26} />}
              <strong>
                {failed > 0 ? t('lottery.mismatchSome', { count: failed }) : full ? t('lottery.okAll', { count: results.length }) : t('lottery.okAllDigest', { count: results.length })}
              </strong>
            </div>
            <p>{failed > 0 ? t('lottery.mismatchText') : full ? t('lottery.okText') : t('lottery.okDigestText')}</p>
            <p className="verify-time">{t('lottery.checkedAt', { ms: Math.max(1, Math.round(results.reduce((sum, r) => sum + r.ms, 0))) })}</p>
          </div>
        ) : null}
      </section>

      <h2 className="list-summary lottery-sessions-title">{t('lottery.sessions')}</h2>
      <p className="form-note lottery-sessions-note">{t('lottery.sessionsHint')}</p>
      {draw.draws.length === 0 ? <p className="card muted">{t('lottery.noSessions')}</p> : null}
      {draw.draws.map((session) => (
        <SessionCard key={session.sessionId} draw={draw} session={session} verification={checked?.sessions[session.sessionId] ?? null} highlight={myEntry} />
      ))}

      {drawn ? (
        <section className="card cli-card" data-testid="lottery-cli">
          <h2 className="section-title">
            <TerminalIcon /> {t('lottery.cli')}
          </h2>
          <p className="section-text">{t('lottery.cliText')}</p>
          <p className="form-note">{t('lottery.cliExit')}</p>
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

function SessionCard({ draw, session, verification, highlight }: { draw: PublicDraw; session: SessionDraw; verification: SessionVerification | null; highlight: string | null }) {
  const { t, lang } = useI18n();
  const drawn = isSessionDrawn(draw, session);
  const file = drawFileName(draw, session);
  const command = cliCommand(file);
  const waiting = useMemo(() => (session.order && session.winners ? session.order.slice(session.winners.length) : null), [session.order, session.winners]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([drawFileFor(draw, session)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const copy = () => {
    navigator.clipboard
      ?.writeText(command)
      .then(() => Toast.show({ icon: 'success', content: t('lottery.copied') }))
      .catch(() => undefined);
  };

  return (
    <section className="card session-draw" data-testid="lottery-session" data-session-id={session.sessionId} data-result={verification ? (verification.ok ? 'ok' : 'mismatch') : ''}>
      <header className="session-draw-head">
        <h3 className="session-draw-name">{session.sessionName}</h3>
        <div className="session-draw-facts">
          <span data-testid="lottery-places">{t('lottery.sessionPlaces', { places: formatCount(session.places, lang) })}</span>
          <span data-testid="lottery-entrant-count">{t('lottery.sessionEntrants', { count: formatCount(session.entrantCount, lang) })}</span>
        </div>
      </header>
      <dl className="hash-list">
        <HashRow label={t('lottery.entrantsDigest')} value={session.entrantsDigest} pending={t('lottery.digestPending')} recomputed={verification?.entrantsDigest} testId="lottery-digest" />
      </dl>
      {verification ? <SessionResult verification={verification} /> : null}

      {session.entrants && session.entrants.length === 0 ? (
        <p className="muted" data-testid="lottery-no-entrants">
          {t('lottery.noEntrants')}
        </p>
      ) : null}
      {session.winners && session.winners.length > 0 ? <IdList title={t('lottery.winners')} ids={session.winners} ranked highlight={highlight} testId="lottery-winners" /> : null}
      {waiting && waiting.length > 0 ? (
        <IdList title={t('lottery.order')} hint={t('lottery.orderHint')} ids={waiting} ranked firstRank={(session.winners?.length ?? 0) + 1} highlight={highlight} searchable testId="lottery-order" />
      ) : null}
      {session.entrants && session.entrants.length > 0 ? <IdList title={t('lottery.entrants')} ids={session.entrants} highlight={highlight} searchable testId="lottery-entrants" /> : null}

      {drawn ? (
        <div className="session-draw-cli">
          <div className="cli-command">
            <code>{command}</code>
            <button type="button" className="icon-button" onClick={copy} aria-label={t('lottery.copy')} data-testid="lottery-copy">
              <CopyIcon />
            </button>
          </div>
          <Button block fill="outline" color="primary" shape="rounded" onClick={download} data-testid="lottery-download" data-file={file}>
            <DownloadIcon /> {t('lottery.downloadSession', { file })}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function SessionResult({ verification }: { verification: SessionVerification }) {
  const { t } = useI18n();
  const title = verification.ok ? (verification.scope === 'full' ? t('lottery.session.ok') : t('lottery.session.okDigest')) : t('lottery.session.mismatch');
  return (
    <div
      className={verification.ok ? 'verify-result verify-result--ok verify-result--small' : 'verify-result verify-result--bad verify-result--small'}
      data-testid="lottery-session-result"
      data-result={verification.ok ? 'ok' : 'mismatch'}
      data-scope={verification.scope}
    >
      <div className="verify-result-head">
        {verification.ok ? <CheckCircleIcon size={20} /> : <AlertIcon size={20} />}
        <strong>{title}</strong>
      </div>
      {verification.problems.length > 0 ? (
        <ul className="verify-problems">
          {verification.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
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

function IdList({
  title,
  hint,
  ids,
  ranked,
  firstRank = 1,
  highlight,
  searchable,
  testId,
}: {
  title: string;
  hint?: string;
  ids: readonly string[];
  ranked?: boolean;
  firstRank?: number;
  highlight: string | null;
  searchable?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  const [query, setQuery] = useState('');
  const q = query.trim();
  const filtered = useMemo(() => {
    const indexed = ids.map((id, index) => ({ id, rank: index + firstRank }));
    return q ? indexed.filter((item) => item.id.includes(q)) : indexed;
  }, [ids, q, firstRank]);
  const shown = filtered.slice(0, expanded || q ? MAX_SHOWN : PREVIEW);
  return (
    <div className="id-block" data-testid={testId} data-count={ids.length}>
      <h4 className="id-block-title">
        {title}
        <span className="section-count">{t('lottery.count', { count: ids.length })}</span>
      </h4>
      {hint ? <p className="form-note">{hint}</p> : null}
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
    </div>
  );
}
