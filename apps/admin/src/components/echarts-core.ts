/**
 * The part of ECharts the console draws with, registered once. Only imported dynamically (by
 * `EChart`), so the library is a chunk of its own, fetched from our server when a chart first shows.
 */
import { init, use } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
