import type { TCaseMap, TCaseSummary } from '@onegrid/core/api/cases'
import { onScopeDispose, type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import { getCaseMap, listCases } from '../shared/api/cases.ts'
import { getDashboard, type TDashboard } from '../shared/api/stats.ts'
import type { EventStream, StreamEvent } from '../shared/sse/event-stream.ts'

/** A case reported while the screen was showing: marked new, pulsing on the map for a while. */
export interface Arrival {
  id: number
  at: number
}

export interface ScreenData {
  dashboard: ShallowRef<TDashboard | null>
  points: ShallowRef<TCaseMap['points']>
  /** The latest reports, newest first. */
  latest: ShallowRef<TCaseSummary[]>
  /** Cases that arrived live, by id, newest first (kept for `pulseMs`). */
  arrivals: ShallowRef<Arrival[]>
  failure: Ref<unknown>
  reload: () => Promise<void>
}

const latestCount = 8
/** How long a new case pulses on the map and is marked new in the list. */
export const pulseMs = 10 * 60_000

const eventKey = (e: StreamEvent) => `${e.topic}#${e.id}`

function isCreated(event: StreamEvent): event is StreamEvent<{ id: number }> {
  const data = event.data
  return (
    event.topic === 'case.created' &&
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { id?: unknown }).id === 'number'
  )
}

/**
 * The big screen's numbers: this month's dashboard of the signed-in user's whole jurisdiction (today, the
 * tiles, trend, shares, ranking, open and overdue cases), the open cases' points and the latest reports.
 * Live: a reported case is in the list (and on the map, pulsing) a moment after its event; the counts
 * follow a second and a half after a burst of case events, once the catch-up has counted them. Everything
 * is read again every five minutes, in case an event was missed while the stream was reconnecting.
 */
export function useScreenData(stream: EventStream): ScreenData {
  const dashboard = shallowRef<TDashboard | null>(null)
  const points = shallowRef<TCaseMap['points']>([])
  const latest = shallowRef<TCaseSummary[]>([])
  const arrivals = shallowRef<Arrival[]>([])
  const failure = ref<unknown>(null)

  async function loadLatest(): Promise<void> {
    const list = await listCases({ sort: 'reported_desc', pageSize: latestCount })
    latest.value = list.items
  }

  async function loadCounts(): Promise<void> {
    const [d, map] = await Promise.all([getDashboard({ period: 'month' }), getCaseMap()])
    dashboard.value = d
    points.value = map.points
  }

  async function reload(): Promise<void> {
    try {
      await Promise.all([loadCounts(), loadLatest()])
      failure.value = null
    } catch (error) {
      failure.value = error
    }
  }

  let listTimer: ReturnType<typeof setTimeout> | undefined
  let countTimer: ReturnType<typeof setTimeout> | undefined
  watch(stream.events, (now, before) => {
    const seen = new Set((before ?? []).map(eventKey))
    const fresh = now.filter((e) => e.topic.startsWith('case.') && !seen.has(eventKey(e)))
    if (fresh.length === 0) return
    const created = fresh.filter(isCreated)
    if (created.length) {
      const at = Date.now()
      const ids = new Set(created.map((e) => e.data.id))
      arrivals.value = [
        ...created.map((e) => ({ id: e.data.id, at })),
        ...arrivals.value.filter((a) => !ids.has(a.id) && at - a.at < pulseMs),
      ]
      clearTimeout(listTimer)
      listTimer = setTimeout(() => void loadLatest().catch(() => undefined), 250)
    }
    clearTimeout(countTimer)
    countTimer = setTimeout(() => void loadCounts().catch(() => undefined), 1500)
  })

  // Old arrivals stop pulsing.
  const sweep = setInterval(() => {
    const now = Date.now()
    if (arrivals.value.some((a) => now - a.at >= pulseMs))
      arrivals.value = arrivals.value.filter((a) => now - a.at < pulseMs)
  }, 30_000)
  const refresh = setInterval(() => void reload(), 5 * 60_000)
  onScopeDispose(() => {
    clearTimeout(listTimer)
    clearTimeout(countTimer)
    clearInterval(sweep)
    clearInterval(refresh)
  })

  void reload()
  return { dashboard, points, latest, arrivals, failure, reload }
}
