import type { EChartsCoreOption } from 'echarts/core'
import { onBeforeUnmount, onMounted, type Ref, ref, watch } from 'vue'
import { init } from './echarts.ts'

/**
 * An ECharts instance on `el` for the life of the component: drawn once mounted, redrawn whole whenever
 * `option()` gives a new option, resized with its box, disposed with the component. The box's width goes
 * into `width` when one is given, for options laid out by the room they have (a legend beside or under a ring).
 */
export function useEChart(
  el: Ref<HTMLElement | null>,
  option: () => EChartsCoreOption,
  width: Ref<number> = ref(0),
): void {
  let chart: ReturnType<typeof init> | undefined
  let observer: ResizeObserver | undefined

  onMounted(() => {
    if (!el.value) return
    width.value = el.value.clientWidth
    chart = init(el.value)
    chart.setOption(option())
    observer = new ResizeObserver(() => {
      if (el.value) width.value = el.value.clientWidth
      chart?.resize()
    })
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
