/**
 * The statistics page's figures turned into words and chart options, as plain functions (no React,
 * no echarts runtime: only its option types) so they are unit-tested. Keys of the statistics are
 * raw values (gender 'male', age band '26-35', industry '制造业', '' = not given); labels reuse the
 * console's dictionaries where they exist and fall back to the raw value where none does.
 */
import { CADRE_POSITION_LABELS, FLOW_KINDS, ORG_LEVEL_LABELS, STATS_AGE_BANDS } from '@gonghui/contracts';
import type { FlowKind, FlowPoint, Lang, Stats, StatsChild, StatsGrain } from '@gonghui/contracts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { ChartOption } from './components/echart';
import { formatNumber } from './format';
import { isMessageKey } from './i18n';
import type { Translate } from './i18n';
import type { StatsChildSort } from './stats-view';

export type { ChartOption };

export interface Labels {
  t: Translate;
  lang: Lang;
}

export type CompositionDimension = keyof Stats['composition'];
export type OrgDimension = 'level' | 'type' | 'status';

/** The console's red first, then colours that stay apart on a white card. */
export const PALETTE = ['#c8102e', '#1677ff', '#389e0d', '#d48806', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c', '#fa541c', '#2f54eb'];

export const FLOW_COLORS: Record<FlowKind | 'net', string> = {
  joins: '#389e0d',
  transfersIn: '#1677ff',
  leaves: '#8c8c8c',
  transfersOut: '#fa8c16',
  held: '#722ed1',
  net: '#c8102e',
};
const INFLOWS: readonly FlowKind[] = ['joins', 'transfersIn'];
const GENDER_COLORS: Record<string, string> = { male: '#1677ff', female: '#eb2f96', '': '#bfbfbf' };
const FONT =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif';

/** Education from the least to the most schooling; '初中' is how older records (and the demo) write the first. */
const EDUCATION_ORDER = ['初中及以下', '初中', '高中/中专', '大专', '本科', '研究生'];

// ---------------------------------------------------------------- labels

/** What a composition key means, in the reader's language. */
export function compositionLabel(dimension: CompositionDimension, key: string, { t }: Labels): string {
  if (key === '' || key === 'unknown') return t('stats.unknown');
  switch (dimension) {
    case 'gender':
      return key === 'male' || key === 'female' ? t(`gender.${key}`) : key;
    case 'ageBand':
      return t('members.ageBandLabel', { band: key });
    case 'industry':
    case 'education': {
      const messageKey = `${dimension}.${key}`;
      return isMessageKey(messageKey) ? t(messageKey) : key;
    }
  }
}

export function orgDimensionLabel(dimension: OrgDimension, key: string, { t, lang }: Labels): string {
  if (dimension === 'level') return key in ORG_LEVEL_LABELS ? ORG_LEVEL_LABELS[key as keyof typeof ORG_LEVEL_LABELS][lang] : key;
  const messageKey = `${dimension === 'type' ? 'orgType' : 'orgStatus'}.${key}`;
  return isMessageKey(messageKey) ? t(messageKey) : key;
}

export function cadrePositionLabel(key: string, { lang }: Labels): string {
  return key in CADRE_POSITION_LABELS ? CADRE_POSITION_LABELS[key as keyof typeof CADRE_POSITION_LABELS][lang] : key;
}

export function participationSourceLabel(source: string, { t }: Labels): string {
  const messageKey = `stats.source.${source}`;
  return isMessageKey(messageKey) ? t(messageKey) : source;
}

export function participationActionLabel(action: string, { t }: Labels): string {
  const messageKey = `stats.action.${action}`;
  return isMessageKey(messageKey) ? t(messageKey) : action;
}

/** A 0…1 share as a percentage with one decimal ("87.5%"). */
export function formatShare(share: number, lang: Lang): string {
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(share * 100)}%`;
}

/** A signed count (+12, −3, 0) for growth. */
export function formatSigned(value: number, lang: Lang): string {
  if (value > 0) return `+${formatNumber(value, lang)}`;
  if (value < 0) return `−${formatNumber(-value, lang)}`;
  return '0';
}

/**
 * A period of the flow series (its first day, YYYY-MM-DD) for an axis (`short`) or a tooltip:
 * days as 05-03 / 2026-05-03, weeks as the week of their Monday, months as 2026-05.
 */
export function periodLabel(period: string, grain: StatsGrain, { t }: Labels, short: boolean): string {
  if (grain === 'month') return short ? period.slice(0, 7) : t('stats.periodMonth', { month: period.slice(0, 7) });
  if (grain === 'week') return short ? period.slice(5) : t('stats.periodWeek', { day: period });
  return short ? period.slice(5) : period;
}

// ---------------------------------------------------------------- numbers

/** Net growth of a flow point or totals: joins + transfers in − leaves − transfers out − newly held. */
export function netGrowth(flows: Omit<FlowPoint, 'period'>): number {
  return flows.joins + flows.transfersIn - flows.leaves - flows.transfersOut - flows.held;
}

export interface LabelledCount {
  key: string;
  label: string;
  n: number;
}

/**
 * Counts of a composition in reading order with their labels: age bands and education in their
 * natural order (missing bands as 0, so the axis never jumps), gender male, female, not given;
 * industries (and anything unexpected) by size. "Not given" always comes last.
 */
export function orderedComposition(dimension: CompositionDimension, counts: readonly { key: string; n: number }[], labels: Labels): LabelledCount[] {
  const byKey = new Map<string, number>();
  for (const c of counts) byKey.set(c.key, (byKey.get(c.key) ?? 0) + c.n);
  const isUnknown = (key: string) => key === '' || key === 'unknown';
  let keys: string[];
  if (dimension === 'ageBand') {
    keys = STATS_AGE_BANDS.filter((band) => band !== 'unknown' || byKey.has('unknown') || byKey.has(''));
    for (const key of byKey.keys()) if (!keys.includes(key) && !isUnknown(key)) keys.splice(keys.length - 1, 0, key);
  } else {
    const order = dimension === 'gender' ? ['male', 'female'] : dimension === 'education' ? EDUCATION_ORDER : [];
    const known = order.filter((key) => byKey.has(key));
    const rest = [...byKey.keys()].filter((key) => !order.includes(key) && !isUnknown(key)).sort((a, b) => (byKey.get(b) ?? 0) - (byKey.get(a) ?? 0) || a.localeCompare(b));
    keys = [...known, ...rest, ...[...byKey.keys()].filter(isUnknown)];
  }
  return keys.map((key) => ({
    key,
    label: compositionLabel(dimension, key, labels),
    n: isUnknown(key) ? (byKey.get('unknown') ?? 0) + (byKey.get('') ?? 0) : (byKey.get(key) ?? 0),
  }));
}

/** Counts with their labels and shares of the whole, largest first (for the small tables). */
export function withShares<T extends { n: number }>(rows: readonly T[]): (T & { share: number })[] {
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  return rows.map((r) => ({ ...r, share: total ? r.n / total : 0 }));
}

// ---------------------------------------------------------------- chart options

const BASE: ChartOption = {
  textStyle: { fontFamily: FONT },
  animationDuration: 400,
};

interface TooltipParam {
  marker?: unknown;
  seriesName?: string;
  value?: unknown;
  dataIndex: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The flows of the period as diverging stacked bars (in above the axis, out below it) with the net
 * growth as a line; the tooltip shows every kind as a plain (unsigned) count.
 */
export function flowTrendOption(flows: Stats['flows'], grain: StatsGrain, labels: Labels): ChartOption {
  const { t, lang } = labels;
  const points = flows.series;
  const barSeries: BarSeriesOption[] = FLOW_KINDS.map((kind) => {
    const sign = INFLOWS.includes(kind) ? 1 : -1;
    return {
      type: 'bar',
      id: kind,
      name: t(`stats.flow.${kind}`),
      stack: 'flows',
      barMaxWidth: 28,
      itemStyle: { color: FLOW_COLORS[kind] },
      emphasis: { focus: 'series' },
      // Math.abs keeps a 0 out-flow from being drawn as −0.
      data: points.map((p) => (p[kind] ? sign * p[kind] : 0)),
    };
  });
  const netSeries: LineSeriesOption = {
    type: 'line',
    id: 'net',
    name: t('stats.flow.net'),
    data: points.map((p) => netGrowth(p)),
    itemStyle: { color: FLOW_COLORS.net },
    lineStyle: { width: 2 },
    symbol: points.length > 60 ? 'none' : 'circle',
    symbolSize: 5,
    z: 5,
  };
  return {
    ...BASE,
    color: PALETTE,
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (raw: unknown) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
        const index = params[0]?.dataIndex ?? 0;
        const point = points[index];
        if (!point) return '';
        const head = `<strong>${escapeHtml(periodLabel(point.period, grain, labels, false))}</strong>`;
        const lines = params.map((p) => {
          const value = typeof p.value === 'number' ? p.value : 0;
          const text = p.seriesName === t('stats.flow.net') ? formatSigned(value, lang) : formatNumber(Math.abs(value), lang);
          return `${typeof p.marker === 'string' ? p.marker : ''}${escapeHtml(p.seriesName ?? '')}<span style="float:right;margin-left:16px;font-weight:600">${text}</span>`;
        });
        return [head, ...lines].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => periodLabel(p.period, grain, labels, true)),
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { formatter: (value: number) => formatNumber(Math.abs(value), lang) },
    },
    series: [...barSeries, netSeries],
  };
}

/** Gender as a ring: male, female, not given. */
export function genderPieOption(counts: readonly { key: string; n: number }[], labels: Labels): ChartOption {
  const rows = orderedComposition('gender', counts, labels);
  return {
    ...BASE,
    legend: { bottom: 0 },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '72%'],
        center: ['50%', '45%'],
        // Shares inside the ring, names in the legend: outside labels get cut short on a phone.
        label: { position: 'inside', color: '#fff', fontWeight: 600, formatter: (p) => (typeof p.percent === 'number' && p.percent >= 4 ? formatShare(p.percent / 100, labels.lang) : '') },
        data: rows.map((r) => ({ name: r.label, value: r.n, itemStyle: { color: GENDER_COLORS[r.key] ?? GENDER_COLORS[''] } })),
      },
    ],
  };
}

export interface BarOptionInput {
  categories: string[];
  values: number[];
  /** Categories down the left, bars to the right (long names: industries, organizations). */
  horizontal?: boolean;
  color?: string | ((value: number, index: number) => string);
  seriesName: string;
  formatValue: (value: number) => string;
  /** A fixed value axis (e.g. 0–1 for shares); else from the data. */
  valueRange?: { min: number; max: number };
}

/** One series of bars, values printed at their ends. */
export function barOption({ categories, values, horizontal = false, color = PALETTE[1], seriesName, formatValue, valueRange }: BarOptionInput): ChartOption {
  const colorOf = typeof color === 'function' ? color : () => color;
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    axisTick: { show: false },
    ...(horizontal ? { inverse: true, axisLabel: { width: 150, overflow: 'truncate' as const } } : { axisLabel: { interval: 0, width: 56, overflow: 'break' as const } }),
  };
  const valueAxis = { type: 'value' as const, ...(valueRange ?? { minInterval: 1 }), axisLabel: { formatter: (v: number) => formatValue(v) }, splitNumber: 4 };
  return {
    ...BASE,
    grid: { left: 8, right: horizontal ? 48 : 16, top: 16, bottom: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? formatValue(v) : String(v ?? '')) },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: horizontal ? 18 : 36,
        data: values.map((value, i) => ({ value, itemStyle: { color: colorOf(value, i) } })),
        label: { show: true, position: horizontal ? 'right' : 'top', formatter: (p) => (typeof p.value === 'number' ? formatValue(p.value) : '') },
      },
    ],
  };
}

/** Bars of a composition dimension (age bands, industries, education) in reading order. */
export function compositionBarOption(dimension: Exclude<CompositionDimension, 'gender'>, counts: readonly { key: string; n: number }[], labels: Labels): ChartOption {
  const rows = orderedComposition(dimension, counts, labels);
  const colors: Record<typeof dimension, string> = { ageBand: PALETTE[1]!, industry: PALETTE[0]!, education: PALETTE[4]! };
  return barOption({
    // The chart's title says "age": bands go on the axis bare (18-25), which fits a phone's width.
    categories: rows.map((r) => (dimension === 'ageBand' && r.key !== 'unknown' && r.key !== '' ? r.key : r.label)),
    values: rows.map((r) => r.n),
    horizontal: dimension === 'industry',
    color: (_value, i) => (rows[i] && (rows[i].key === '' || rows[i].key === 'unknown') ? '#bfbfbf' : colors[dimension]),
    seriesName: labels.t('stats.people'),
    formatValue: (v) => formatNumber(v, labels.lang),
  });
}

/** Which figure of a child the ranking chart shows for a sort (by name: its members). */
export function rankingMetric(sort: StatsChildSort): 'growth' | 'verifiedShare' | 'members' {
  return sort === 'name' ? 'members' : sort;
}

/** The first ten children by the chosen figure, as horizontal bars (growth red when negative). */
export function topChildrenOption(children: readonly StatsChild[], sort: StatsChildSort, labels: Labels): ChartOption {
  const metric = rankingMetric(sort);
  const rows = children.slice(0, 10);
  const values = rows.map((c) => (metric === 'verifiedShare' ? c.verifiedShare : c[metric]));
  const seriesName = labels.t(metric === 'growth' ? 'stats.col.growth' : metric === 'verifiedShare' ? 'stats.col.verifiedShare' : 'stats.col.members');
  const formatValue =
    metric === 'verifiedShare' ? (v: number) => formatShare(v, labels.lang) : metric === 'growth' ? (v: number) => formatSigned(v, labels.lang) : (v: number) => formatNumber(v, labels.lang);
  return barOption({
    categories: rows.map((c) => c.org.name),
    values,
    horizontal: true,
    color: (value) => (metric === 'growth' ? (value < 0 ? FLOW_COLORS.net : FLOW_COLORS.joins) : metric === 'verifiedShare' ? PALETTE[5]! : PALETTE[1]!),
    seriesName,
    formatValue,
    // Shares on a 0–100% axis, so that 98% does not look like 50%.
    valueRange: metric === 'verifiedShare' ? { min: 0, max: 1 } : undefined,
  });
}
