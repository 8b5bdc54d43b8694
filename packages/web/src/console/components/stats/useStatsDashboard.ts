import type { TCaseMap } from '@onegrid/core/api/cases'
import { onBeforeUnmount, type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import { getCaseMap } from '../../../shared/api/cases.ts'
import {
  getDashboard,
  getKpiTrend,
  getRanking,
  type TDashboard,
  type TKpiTrend,
  type TRanking,
} from '../../../shared/api/stats.ts'
import type { EventStream } from '../../../shared/sse/event-stream.ts'
import { freshEvents } from '../cases/case-format.ts'
import { type StatsView, trendLength } from './stats-query.ts'

/** The counts shown as bars in the trend; the district's closure rate is drawn as a line over them. */
export const trendCountKeys = ['reported', 'handled', 'closed'] as const

export interface StatsDashboard {
  dashboard: ShallowRef<TDashboard | null>
  trend: ShallowRef<TKpiTrend | null>
  /** The ranking at the level asked for (the dashboard's own unless `rank` names another). */
  ranking: ShallowRef<TRanking | null>
  points: ShallowRef<TCaseMap['points']>
  loading: Ref<boolean>
  failure: Ref<unknown>
  updatedAt: Ref<Date | null>
  reload: (silent?: boolean) => Promise<void>
}

/**
 * The dashboard's data for a view: the dashboard itself, then the trend of the period's kind, the ranking
 * at another level when asked, and the open cases' points. Loaded again when the view changes and, a
 * moment after the last of a burst of case events, live (the counts are kept by a catch-up about a second
 * behind the cases, so the reload waits a little longer than that).
 */
export function useStatsDashboard(view: () => StatsView, stream: EventStream): StatsDashboard {
  const dashboard = shallowRef<TDashboard | null>(null)
  const trend = shallowRef<TKpiTrend | null>(null)
  const ranking = shallowRef<TRanking | null>(null)
  const points = shallowRef<TCaseMap['points']>([])
  const loading = ref(false)
  const failure = ref<unknown>(null)
  const updatedAt = ref<Date | null>(null)
  let latest = 0

  async function reload(silent = false): Promise<void> {
    const v = view()
    const request = ++latest
    if (!silent) loading.value = true
    const scope = { areaCode: v.area ?? undefined }
    const period = { period: v.period, day: v.day ?? undefined }
    try {
      const [d, map] = await Promise.all([
        getDashboard({ ...scope, ...period }),
        getCaseMap(v.area ?? undefined),
      ])
      if (request !== latest) return
      const [t, r] = await Promise.all([
        getKpiTrend({
          ...scope,
          ...period,
          count: trendLength[v.period],
          keys: [...trendCountKeys, d.closureRateKey],
        }),
        v.rank && v.rank !== d.ranking.level
          ? getRanking({ ...scope, ...period, level: v.rank, kpi: d.ranking.kpi, bottom: 3 })
          : Promise.resolve(d.ranking),
      ])
      if (request !== latest) return
      dashboard.value = d
      points.value = map.points
      trend.value = t
      ranking.value = r
      failure.value = null
      updatedAt.value = new Date()
    } catch (error) {
      if (request === latest) failure.value = error
    } finally {
      if (request === latest) loading.value = false
    }
  }

  watch(
    () => JSON.stringify(view()),
    () => void reload(),
    { immediate: true },
  )

  // A burst of case events (a phone's batch) is one reload, a second and a half after the last.
  let liveTimer: ReturnType<typeof setTimeout> | undefined
  watch(stream.events, (now, before) => {
    if (!freshEvents(now, before).some((e) => e.topic.startsWith('case.'))) return
    clearTimeout(liveTimer)
    liveTimer = setTimeout(() => void reload(true), 1500)
  })
  onBeforeUnmount(() => clearTimeout(liveTimer))

  return { dashboard, trend, ranking, points, loading, failure, updatedAt, reload }
}
