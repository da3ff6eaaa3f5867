/**
 * Requests per second during a grab as plain SVG bars (no chart library in the console): each
 * second's requests, with the part that got a place drawn over it.
 */
import type { ActivityLive } from '@gonghui/contracts';
import { formatChinaTime, formatNumber } from '../format';
import { useI18n } from '../i18n';

type Point = ActivityLive['requestsPerSecond'][number];

const WIDTH = 640;
const HEIGHT = 200;
const PAD_LEFT = 48;
const PAD_RIGHT = 8;
const PAD_TOP = 10;
const PAD_BOTTOM = 24;

/** A round axis maximum at or above `value`: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

export function RateChart({ points }: { points: readonly Point[] }) {
  const { t, lang } = useI18n();
  const peak = points.reduce((max, p) => Math.max(max, p.requests, p.allocated), 0);
  const top = niceMax(peak);
  const plotWidth = WIDTH - PAD_LEFT - PAD_RIGHT;
  const plotHeight = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const slots = Math.max(points.length, 60);
  const slot = plotWidth / slots;
  const barWidth = Math.max(1, slot * 0.72);
  const y = (value: number) => PAD_TOP + plotHeight - (value / top) * plotHeight;
  const offset = slots - points.length;
  const first = points[0];
  const last = points[points.length - 1];
  const summary = t('live.chartSummary', { peak: formatNumber(peak, lang), now: formatNumber(last?.requests ?? 0, lang) });

  return (
    <figure className="gh-rate-chart" data-testid="live-rate-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD_LEFT} x2={WIDTH - PAD_RIGHT} y1={y(top * f)} y2={y(top * f)} className="gh-rate-grid" />
            <text x={PAD_LEFT - 6} y={y(top * f) + 4} textAnchor="end" className="gh-rate-label">
              {formatNumber(top * f, lang)}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const x = PAD_LEFT + (offset + i) * slot + (slot - barWidth) / 2;
          const allocated = p.requests ? Math.min(p.allocated, p.requests) : p.allocated;
          return (
            <g key={p.at}>
              <title>{t('live.barTitle', { time: formatChinaTime(p.at, lang), requests: formatNumber(p.requests, lang), allocated: formatNumber(p.allocated, lang) })}</title>
              <rect x={x} width={barWidth} y={y(p.requests)} height={Math.max(0, y(0) - y(p.requests))} className="gh-rate-requests" />
              <rect x={x} width={barWidth} y={y(allocated)} height={Math.max(0, y(0) - y(allocated))} className="gh-rate-allocated" />
            </g>
          );
        })}
        <line x1={PAD_LEFT} x2={WIDTH - PAD_RIGHT} y1={y(0)} y2={y(0)} className="gh-rate-axis" />
        {first ? (
          <text x={PAD_LEFT + offset * slot} y={HEIGHT - 6} className="gh-rate-label">
            {formatChinaTime(first.at, lang)}
          </text>
        ) : null}
        {last ? (
          <text x={WIDTH - PAD_RIGHT} y={HEIGHT - 6} textAnchor="end" className="gh-rate-label">
            {formatChinaTime(last.at, lang)}
          </text>
        ) : null}
      </svg>
      <figcaption className="gh-rate-legend">
        <span>
          <i className="gh-rate-swatch gh-rate-swatch-requests" /> {t('live.legendRequests')}
        </span>
        <span>
          <i className="gh-rate-swatch gh-rate-swatch-allocated" /> {t('live.legendAllocated')}
        </span>
        <span className="gh-rate-summary">{summary}</span>
      </figcaption>
    </figure>
  );
}
