// Modular import: the calendar heat map of patrol coverage, in its own chunk with the page that draws it.
import { HeatmapChart, type HeatmapSeriesOption } from 'echarts/charts'
import {
  CalendarComponent,
  type CalendarComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
  VisualMapComponent,
  type VisualMapComponentOption,
} from 'echarts/components'
import { type ComposeOption, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([HeatmapChart, CalendarComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export type CalendarHeatmapOption = ComposeOption<
  HeatmapSeriesOption | CalendarComponentOption | TooltipComponentOption | VisualMapComponentOption
>
export { init }
