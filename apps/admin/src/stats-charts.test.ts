import { describe, expect, it } from 'vitest';
import type { Stats, StatsChild } from '@gonghui/contracts';
import { translate } from './i18n';
import type { Labels } from './stats-charts';
import {
  cadrePositionLabel,
  compositionBarOption,
  compositionLabel,
  flowTrendOption,
  formatShare,
  formatSigned,
  genderPieOption,
  netGrowth,
  orderedComposition,
  orgDimensionLabel,
  participationActionLabel,
  participationSourceLabel,
  periodLabel,
  rankingMetric,
  topChildrenOption,
  withShares,
} from './stats-charts';

const zh: Labels = { lang: 'zh-CN', t: (key, params) => translate('zh-CN', key, params) };
const en: Labels = { lang: 'en', t: (key, params) => translate('en', key, params) };

type Series = { id?: string; name?: string; type?: string; stack?: string; data?: unknown[] };
const seriesOf = (option: { series?: unknown }): Series[] => option.series as Series[];

const flows: Stats['flows'] = {
  series: [
    { period: '2026-05-01', joins: 5, leaves: 1, transfersIn: 2, transfersOut: 0, held: 1 },
    { period: '2026-05-02', joins: 0, leaves: 3, transfersIn: 0, transfersOut: 2, held: 0 },
  ],
  totals: { joins: 5, leaves: 4, transfersIn: 2, transfersOut: 2, held: 1 },
};

function child(id: string, name: string, figures: Partial<StatsChild> = {}): StatsChild {
  return {
    org: { id, name, level: 'district', hasChildren: true },
    members: 100,
    byStatus: { registered: 0, pending: 0, active: 90, held: 10, ended: 3 },
    verified: 80,
    verifiedShare: 0.8,
    joins: 0,
    leaves: 0,
    transfersIn: 0,
    transfersOut: 0,
    held: 0,
    growth: 0,
    ...figures,
  };
}

describe('labels of statistics keys', () => {
  it('names composition keys with the console’s words, “not given” for the empty key', () => {
    expect(compositionLabel('gender', 'female', zh)).toBe('女');
    expect(compositionLabel('gender', 'male', en)).toBe('Male');
    expect(compositionLabel('gender', '', zh)).toBe('未填写');
    expect(compositionLabel('ageBand', '26-35', zh)).toBe('26-35 岁');
    expect(compositionLabel('ageBand', 'unknown', en)).toBe('Not given');
    expect(compositionLabel('industry', '制造业', zh)).toBe('制造业');
    expect(compositionLabel('industry', '制造业', en)).toBe('Manufacturing');
    expect(compositionLabel('industry', '航天', en)).toBe('航天'); // an industry with no English name stays as written
    expect(compositionLabel('education', '高中/中专', en)).toBe('Senior secondary / vocational');
  });

  it('reuses the labels of levels, types, statuses, positions; unknown keys stay raw', () => {
    expect(orgDimensionLabel('level', 'city', zh)).toBe('市级');
    expect(orgDimensionLabel('type', 'base', zh)).toBe('基层工会');
    expect(orgDimensionLabel('status', 'deregistered', en)).toBe('Deregistered');
    expect(orgDimensionLabel('type', 'guild', en)).toBe('guild');
    expect(cadrePositionLabel('chair', zh)).toBe('主席');
    expect(cadrePositionLabel('treasurer', en)).toBe('treasurer');
    expect(participationSourceLabel('membership', zh)).toBe('会籍');
    expect(participationActionLabel('checked_in', en)).toBe('Checked in');
    expect(participationActionLabel('shared', en)).toBe('shared');
  });

  it('writes shares, growth and periods', () => {
    expect(formatShare(0.875, 'zh-CN')).toBe('87.5%');
    expect(formatShare(1, 'en')).toBe('100.0%');
    expect(formatSigned(1234, 'zh-CN')).toBe('+1,234');
    expect(formatSigned(-3, 'en')).toBe('−3');
    expect(formatSigned(0, 'en')).toBe('0');
    expect(periodLabel('2026-05-03', 'day', zh, true)).toBe('05-03');
    expect(periodLabel('2026-05-03', 'day', zh, false)).toBe('2026-05-03');
    expect(periodLabel('2026-05-04', 'week', zh, false)).toBe('2026-05-04 起的一周');
    expect(periodLabel('2026-05-01', 'month', en, true)).toBe('2026-05');
  });
});

describe('composition in reading order', () => {
  it('puts age bands in order with missing bands as 0 and “not given” last', () => {
    const rows = orderedComposition('ageBand', [{ key: 'unknown', n: 2 }, { key: '56+', n: 1 }, { key: '26-35', n: 9 }], zh);
    expect(rows.map((r) => [r.key, r.n])).toEqual([['18-25', 0], ['26-35', 9], ['36-45', 0], ['46-55', 0], ['56+', 1], ['unknown', 2]]);
    expect(orderedComposition('ageBand', [{ key: '26-35', n: 9 }], zh).map((r) => r.key)).not.toContain('unknown');
  });

  it('orders education by schooling, industries by size, and merges the two spellings of “not given”', () => {
    const education = orderedComposition('education', [{ key: '本科', n: 3 }, { key: '', n: 1 }, { key: '初中', n: 2 }, { key: '博士后', n: 1 }], zh);
    expect(education.map((r) => r.key)).toEqual(['初中', '本科', '博士后', '']);
    const industry = orderedComposition('industry', [{ key: '建筑业', n: 1 }, { key: '', n: 7 }, { key: '制造业', n: 5 }], en);
    expect(industry.map((r) => [r.label, r.n])).toEqual([['Manufacturing', 5], ['Construction', 1], ['Not given', 7]]);
    const gender = orderedComposition('gender', [{ key: '', n: 1 }, { key: 'female', n: 4 }, { key: 'male', n: 5 }], zh);
    expect(gender.map((r) => r.label)).toEqual(['男', '女', '未填写']);
  });

  it('computes shares of the whole', () => {
    expect(withShares([{ n: 1 }, { n: 3 }]).map((r) => r.share)).toEqual([0.25, 0.75]);
    expect(withShares([{ n: 0 }]).map((r) => r.share)).toEqual([0]);
  });
});

describe('chart options', () => {
  it('draws the flows as in-bars above the axis, out-bars below it and the net growth as a line', () => {
    const option = flowTrendOption(flows, 'day', zh);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['05-01', '05-02'] });
    const series = seriesOf(option);
    const byId = Object.fromEntries(series.map((s) => [s.id, s]));
    expect(byId.joins).toMatchObject({ type: 'bar', stack: 'flows', name: '入会', data: [5, 0] });
    expect(byId.transfersIn?.data).toEqual([2, 0]);
    expect(byId.leaves?.data).toEqual([-1, -3]);
    expect(byId.transfersOut?.data).toEqual([0, -2]);
    expect(byId.held?.data).toEqual([-1, 0]);
    expect(byId.net).toMatchObject({ type: 'line', data: [5, -5] });
    expect(netGrowth(flows.totals)).toBe(0);
  });

  it('shows unsigned counts in the flows tooltip, the net growth signed', () => {
    const option = flowTrendOption(flows, 'week', en);
    const tooltip = option.tooltip as { formatter: (params: unknown) => string };
    const html = tooltip.formatter([
      { dataIndex: 1, seriesName: 'Left', value: -3, marker: '' },
      { dataIndex: 1, seriesName: 'Net growth', value: -5, marker: '' },
    ]);
    expect(html).toContain('Week of 2026-05-02');
    expect(html).toMatch(/Left<span[^>]*>3</);
    expect(html).toMatch(/Net growth<span[^>]*>−5</);
  });

  it('draws gender as a ring and composition dimensions as bars, industries across', () => {
    const pie = seriesOf(genderPieOption([{ key: 'male', n: 6 }, { key: 'female', n: 4 }], zh))[0];
    expect(pie).toMatchObject({ type: 'pie', data: [{ name: '男', value: 6 }, { name: '女', value: 4 }] });
    const ages = compositionBarOption('ageBand', [{ key: '36-45', n: 3 }], en);
    expect(ages.xAxis).toMatchObject({ type: 'category', data: ['18-25', '26-35', '36-45', '46-55', '56+'] });
    const industry = compositionBarOption('industry', [{ key: '制造业', n: 3 }, { key: '', n: 1 }], zh);
    expect(industry.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['制造业', '未填写'] });
    expect((seriesOf(industry)[0]?.data as { value: number; itemStyle: { color: string } }[]).map((d) => d.itemStyle.color)[1]).toBe('#bfbfbf');
  });

  it('ranks the first ten children by the chosen figure, shares on a 0–100% axis', () => {
    const children = Array.from({ length: 12 }, (_, i) => child(String(i), `区${i}`, { growth: 6 - i, verifiedShare: 1 - i / 20, members: 100 - i }));
    const growth = topChildrenOption(children, 'growth', zh);
    expect(growth.yAxis).toMatchObject({ data: children.slice(0, 10).map((c) => c.org.name) });
    const bars = seriesOf(growth)[0]?.data as { value: number; itemStyle: { color: string } }[];
    expect(bars.map((b) => b.value)).toEqual([6, 5, 4, 3, 2, 1, 0, -1, -2, -3]);
    expect(bars[9]?.itemStyle.color).toBe('#c8102e');
    expect(bars[0]?.itemStyle.color).toBe('#389e0d');
    const share = topChildrenOption(children, 'verifiedShare', zh);
    expect(share.xAxis).toMatchObject({ type: 'value', min: 0, max: 1 });
    expect(rankingMetric('name')).toBe('members');
    expect((seriesOf(topChildrenOption(children, 'name', zh))[0]?.data as { value: number }[])[0]?.value).toBe(100);
  });
});
