// Modular import: only the charts the screen and the console draw go into the bundle (bars; the statistics'
// trend lines and share donuts).
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>
/** Lines and bars over time on one or two value axes, with a legend. */
export type TrendChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>
export type PieChartOption = ComposeOption<PieSeriesOption | LegendComponentOption | TooltipComponentOption>
export { init }
