// Apache ECharts, imported modularly (only what the dashboard draws) to keep the bundle small.
import * as echarts from 'echarts/core';
import { LineChart, MapChart, GraphChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkPointComponent, AriaComponent, TitleComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, MapChart, GraphChart, GridComponent, TooltipComponent, LegendComponent,
  MarkLineComponent, MarkPointComponent, AriaComponent, TitleComponent, SVGRenderer]);

const live = new Set();
export function chart(el) {
  const c = echarts.init(el, null, { renderer: 'svg' });
  live.add(c);
  return c;
}
export function disposeAll() { for (const c of live) c.dispose(); live.clear(); }
(window.__integraDispose ||= []).push(disposeAll);
window.addEventListener('resize', () => { for (const c of live) c.resize(); });
window.addEventListener('beforeprint', () => { for (const c of live) c.resize(); });
export { echarts };
