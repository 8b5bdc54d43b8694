// Modular import: only the bar charts the screen and the console draw go into the bundle.
import { BarChart, type BarSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer])

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>
export { init }
