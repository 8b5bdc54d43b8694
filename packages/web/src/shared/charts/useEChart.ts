import type { EChartsCoreOption } from 'echarts/core'
import { onBeforeUnmount, onMounted, type Ref, watch } from 'vue'
import { init } from './echarts.ts'

/**
 * An ECharts instance on `el` for the life of the component: drawn once mounted, redrawn whole whenever
 * `option()` gives a new option, resized with its box, disposed with the component.
 */
export function useEChart(el: Ref<HTMLElement | null>, option: () => EChartsCoreOption): void {
  let chart: ReturnType<typeof init> | undefined
  let observer: ResizeObserver | undefined

  onMounted(() => {
    if (!el.value) return
    chart = init(el.value)
    chart.setOption(option())
    observer = new ResizeObserver(() => chart?.resize())
    observer.observe(el.value)
  })
  watch(option, (next) => chart?.setOption(next, { notMerge: true }))
  onBeforeUnmount(() => {
    observer?.disconnect()
    chart?.dispose()
    chart = undefined
  })
}

/** Whether to animate: not for people (and test browsers) who asked for less motion. */
export const chartAnimation = (): boolean =>
  !(window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false)
