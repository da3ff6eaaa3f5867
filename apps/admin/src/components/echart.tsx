/**
 * One ECharts chart: the library is loaded on first use (see `echarts-core.ts`), the chart is
 * created once per element, given each new option (replacing the previous one), resized with its
 * container and disposed of on unmount. Clicks on data items are passed on.
 */
import { useEffect, useRef, useState } from 'react';
import { Skeleton, Typography } from 'antd';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { useI18n } from '../i18n';

/** An option of the chart types and components registered in `echarts-core.ts`. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

type EChartsCore = typeof import('./echarts-core');

let loading: Promise<EChartsCore> | null = null;
/** The library, fetched once for the whole console (a failed fetch may be tried again). */
function loadECharts(): Promise<EChartsCore> {
  loading ??= import('./echarts-core').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** What a click on a bar, a slice or a point tells. */
export interface ChartItemClick {
  dataIndex: number;
  seriesIndex?: number;
  name: string;
}

export interface EChartProps {
  option: ChartOption;
  height?: number;
  /** Read by screen readers in place of the canvas. */
  label: string;
  onItemClick?: (item: ChartItemClick) => void;
  className?: string;
  'data-testid'?: string;
}

export function EChart({ option, height = 300, label, onItemClick, className, ...rest }: EChartProps) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [lib, setLib] = useState<EChartsCore | null>(null);
  const [failed, setFailed] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    let live = true;
    loadECharts().then(
      (loaded) => live && setLib(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  // Create once the library and the element are there; the option effect below runs right after.
  useEffect(() => {
    const host = element.current;
    if (!lib || !host) return;
    const instance = lib.init(host, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const handler = clickRef.current;
      if (handler && typeof params.dataIndex === 'number') handler({ dataIndex: params.dataIndex, seriesIndex: params.seriesIndex, name: params.name });
    });
    // Ready once an option has been drawn, its animation included (read by tests and screenshots).
    instance.on('finished', () => setDrawn(true));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [lib]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    // notMerge: a new option replaces the old (series may have come or gone), animated from it.
    setDrawn(false);
    instance.setOption(option, { notMerge: true });
  }, [lib, option]);

  return (
    <div className={`gh-chart${className ? ` ${className}` : ''}`} data-testid={rest['data-testid']} data-ready={drawn ? 'true' : 'false'}>
      {failed ? (
        <Typography.Text type="secondary" className="gh-chart-failed" style={{ height }}>
          {t('stats.chartFailed')}
        </Typography.Text>
      ) : (
        <>
          {lib ? null : <Skeleton.Node active className="gh-chart-skeleton" style={{ height }} />}
          <div ref={element} role="img" aria-label={label} style={{ height, display: lib ? undefined : 'none' }} />
        </>
      )}
    </div>
  );
}
