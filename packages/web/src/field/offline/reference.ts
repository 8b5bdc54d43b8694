import type { TAreaFeatureCollection } from '@onegrid/core/api/areas'
import type { TMyCampaignItems } from '@onegrid/core/api/campaigns'
import type { TCaseList, TNotificationList } from '@onegrid/core/api/cases'
import type { TCatalogTree } from '@onegrid/core/api/catalog'
import type { TMe } from '@onegrid/core/api/identity'
import type { TPatrolList } from '@onegrid/core/api/patrols'
import type { TDueVisits } from '@onegrid/core/api/visits'
import type { TWhistleList } from '@onegrid/core/api/whistles'
import { computed, type Ref, readonly, ref, shallowRef } from 'vue'
import { caseQueryString } from '../../shared/api/cases.ts'
import { ApiError } from '../../shared/api/client.ts'
import { api } from '../../shared/api/endpoints.ts'
import { fieldDb } from './db.ts'

/**
 * Reference data for offline use: what the field app needs to show and to fill in forms without signal.
 * Each part is kept in IndexedDB with the time it was fetched, refreshed when online, read from the
 * device when not. A part the server refuses (no permission, an older server without the operation)
 * keeps its last copy, or stays null.
 */

/** The cases the home page and 我的案件 show offline: each the first page, newest first. */
export interface MyCases {
  /** 待核查: handled cases in my grids waiting for a check on site. */
  toVerify: TCaseList
  /** Dispatched to me (or my unit) and not yet done: to sign for, or handling. */
  toHandle: TCaseList
  /** 我上报的: the cases I reported. */
  reported: TCaseList
}

export interface ReferenceValues {
  /** Who I am, my assignments and scope (as GET /api/me answered). */
  me: TMe
  /** My grids' boundaries (WGS84): my grid on the map, the grid a point is in. */
  grids: TAreaFeatureCollection
  /** The admitted, current catalog with each item's pinyin initials, for the report's picker. */
  catalog: TCatalogTree
  /** Due and overdue visits in my grids, with today's progress (日访十户). */
  dueVisits: TDueVisits
  cases: MyCases
  /** 指令/通知 from the center, newest first. */
  notifications: TNotificationList
  /** My patrols started today. */
  patrolsToday: TPatrolList
  /** 我的任务: my items of active campaigns (done ones of the last 30 days too), with each campaign's form. */
  campaigns: TMyCampaignItems
  /** 吹哨报到: whistles waiting for my department (a handler), or the latest of my area (a raiser). */
  whistles: TWhistleList
}

export type ReferenceKey = keyof ReferenceValues
/**
 * Every part, in the order they are read and fetched: what the home page counts first, the catalog (the
 * largest) last.
 */
export const referenceKeys: readonly ReferenceKey[] = [
  'me',
  'cases',
  'campaigns',
  'whistles',
  'dueVisits',
  'patrolsToday',
  'notifications',
  'grids',
  'catalog',
]

/** The grid codes (or communities of a grid leader) one is posted to. */
export function postedAreaCodes(me: TMe): string[] {
  return [...new Set(me.user.assignments.flatMap((a) => (a.areaCode ? [a.areaCode] : [])))]
}

/** Today in China time (UTC+8), as the server's days are counted. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

const listQuery = (query: Parameters<typeof caseQueryString>[0]) => `/api/cases?${caseQueryString(query)}`

/** At most this many posted areas' grids are kept (a grid leader's community has a handful). */
const maxPostedAreas = 8

type Loader<K extends ReferenceKey> = (me: TMe | null, signal?: AbortSignal) => Promise<ReferenceValues[K]>

export const loaders: { [K in ReferenceKey]: Loader<K> } = {
  me: (_me, signal) => api.get<TMe>('/api/me', undefined, { signal }),
  async grids(me, signal) {
    const codes = me ? postedAreaCodes(me).slice(0, maxPostedAreas) : []
    const collections = await Promise.all(
      codes.map((under) =>
        api.get<TAreaFeatureCollection>('/api/areas/geojson', { under, level: 'grid' }, { signal }),
      ),
    )
    const seen = new Set<string>()
    return {
      type: 'FeatureCollection',
      features: collections
        .flatMap((c) => c.features)
        .filter((f) => !seen.has(f.properties.code) && seen.add(f.properties.code)),
    }
  },
  catalog: (_me, signal) => api.get<TCatalogTree>('/api/catalog', { admitted: 'true' }, { signal }),
  dueVisits: (_me, signal) => api.get<TDueVisits>('/api/visits/due', { pageSize: 500 }, { signal }),
  async cases(_me, signal) {
    const [toVerify, toHandle, reported] = await Promise.all([
      api.get<TCaseList>(listQuery({ queue: 'to_verify', pageSize: 50 }), undefined, { signal }),
      api.get<TCaseList>(
        listQuery({ mine: 'true', status: ['dispatched', 'handling'], sort: 'due_asc', pageSize: 50 }),
        undefined,
        { signal },
      ),
      api.get<TCaseList>(listQuery({ reportedByMe: 'true', sort: 'updated_desc', pageSize: 50 }), undefined, {
        signal,
      }),
    ])
    return { toVerify, toHandle, reported }
  },
  // Campaign items are grid workers' (fieldwork.do): anybody else has none, and is not asked.
  campaigns: (me, signal) =>
    me && !me.permissions.includes('fieldwork.do')
      ? Promise.resolve({ campaigns: [], items: [] })
      : api.get<TMyCampaignItems>('/api/campaign-items/mine', { includeDone: 'true' }, { signal }),
  whistles(me, signal) {
    const can = (p: string) => me?.permissions.some((x) => x === p) ?? false
    if (can('whistles.answer'))
      return api.get<TWhistleList>('/api/whistles', { waitingForMe: 'true', pageSize: 50 }, { signal })
    if (can('whistles.raise')) return api.get<TWhistleList>('/api/whistles', { pageSize: 50 }, { signal })
    return Promise.resolve({ items: [], total: 0, page: 1, pageSize: 50 })
  },
  notifications: (_me, signal) => api.get<TNotificationList>('/api/notifications', { limit: 20 }, { signal }),
  patrolsToday: (_me, signal) =>
    api.get<TPatrolList>(
      '/api/patrols',
      { mine: 'true', day: chinaDay(new Date()), pageSize: 20 },
      { signal },
    ),
}

// ---------------------------------------------------------------- the device's copy

export async function readReference<K extends ReferenceKey>(
  key: K,
): Promise<{ value: ReferenceValues[K]; savedAt: number; owner: number | null } | undefined> {
  const record = await (await fieldDb()).get('reference', key)
  return record
    ? { value: record.value as ReferenceValues[K], savedAt: record.savedAt, owner: record.owner }
    : undefined
}

export async function writeReference<K extends ReferenceKey>(
  key: K,
  value: ReferenceValues[K],
  owner: number | null,
  savedAt = Date.now(),
): Promise<void> {
  await (await fieldDb()).put('reference', { key, value, savedAt, owner })
}

/** Forgets every part (signing out, or 清除缓存 in the settings). */
export async function clearReference(): Promise<void> {
  await (await fieldDb()).clear('reference')
}

// ---------------------------------------------------------------- the reactive cache

type Values = { [K in ReferenceKey]: ReferenceValues[K] | null }

const values = shallowRef<Values>(emptyValues())
const savedAt = ref<Partial<Record<ReferenceKey, number>>>({})
const errors = shallowRef<Partial<Record<ReferenceKey, ApiError>>>({})
const refreshing = ref(false)
const loaded = ref(false)
let loading: Promise<void> | null = null

function emptyValues(): Values {
  return {
    me: null,
    grids: null,
    catalog: null,
    dueVisits: null,
    cases: null,
    notifications: null,
    patrolsToday: null,
    campaigns: null,
    whistles: null,
  }
}

/**
 * Reads the device's copy into memory (once per page); a copy of another user is not shown. The parts
 * are read side by side and each is shown as it arrives: the home page counts its duties without
 * waiting for the catalog.
 */
export function loadReference(owner: number | null): Promise<void> {
  loading ??= (async () => {
    await Promise.all(
      referenceKeys.map(async (key) => {
        const copy = await readReference(key).catch(() => undefined)
        if (!copy || (owner !== null && copy.owner !== null && copy.owner !== owner)) return
        // A refresh may have answered while the device's copy was being read (right after signing in):
        // what it brought is newer than the copy and stays.
        const fetched = savedAt.value[key]
        if (fetched !== undefined && fetched >= copy.savedAt) return
        values.value = { ...values.value, [key]: copy.value }
        savedAt.value = { ...savedAt.value, [key]: copy.savedAt }
      }),
    )
    loaded.value = true
  })()
  return loading
}

/** Forgets the copy in memory (the device's stays): the next loadReference reads it again. */
export function unloadReference(): void {
  loading = null
  values.value = emptyValues()
  savedAt.value = {}
  errors.value = {}
  loaded.value = false
}

/** Forgets the copy in memory and on the device. */
export async function resetReference(): Promise<void> {
  unloadReference()
  await clearReference()
}

/** The fetch of each part under way, for a caller that will take it rather than ask again. */
const fetching = new Map<ReferenceKey, Promise<void>>()

export interface RefreshOptions {
  owner?: number | null
  signal?: AbortSignal
  /**
   * Takes a fetch of the same part already under way instead of asking again: for a page that shows
   * what there is (the home page as it opens, while the session's own refresh is running). Without it a
   * part is fetched anew (after a write whose result the page waits for).
   */
  join?: boolean
}

/**
 * Fetches the parts from the server and keeps them; a part that fails keeps its last copy. `me` comes
 * first, for the others depend on who I am. Network failures are quiet: the copy is what there is.
 */
export async function refreshReference(
  keys: readonly ReferenceKey[] = referenceKeys,
  options: RefreshOptions = {},
): Promise<void> {
  refreshing.value = true
  try {
    let me = values.value.me
    const store = <K extends ReferenceKey>(key: K): Promise<void> => {
      const running = options.join ? fetching.get(key) : undefined
      if (running) return running
      const fetch = fetchPart(key).finally(() => {
        if (fetching.get(key) === fetch) fetching.delete(key)
      })
      fetching.set(key, fetch)
      return fetch
    }
    const fetchPart = async <K extends ReferenceKey>(key: K): Promise<void> => {
      try {
        const value = await loaders[key](me, options.signal)
        const at = Date.now()
        const owner = options.owner ?? (key === 'me' ? (value as TMe).user.id : me?.user.id) ?? null
        // Shown first, kept next: the screen does not wait for the device's storage.
        values.value = { ...values.value, [key]: value }
        savedAt.value = { ...savedAt.value, [key]: at }
        await writeReference(key, value, owner, at)
        const { [key]: _dropped, ...rest } = errors.value
        errors.value = rest
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return
        // An answer of an unexpected shape is a failure of that part like any other: its copy stays.
        const failure =
          error instanceof ApiError
            ? error
            : new ApiError({ status: 0, code: 'bad_response', message: String(error), cause: error })
        errors.value = { ...errors.value, [key]: failure }
      }
    }
    if (keys.includes('me')) {
      await store('me')
      me = values.value.me
    }
    await Promise.all(keys.filter((k) => k !== 'me').map((k) => store(k)))
  } finally {
    refreshing.value = false
  }
}

export interface UseReference {
  me: Readonly<Ref<TMe | null>>
  grids: Readonly<Ref<TAreaFeatureCollection | null>>
  catalog: Readonly<Ref<TCatalogTree | null>>
  dueVisits: Readonly<Ref<TDueVisits | null>>
  cases: Readonly<Ref<MyCases | null>>
  notifications: Readonly<Ref<TNotificationList | null>>
  patrolsToday: Readonly<Ref<TPatrolList | null>>
  campaigns: Readonly<Ref<TMyCampaignItems | null>>
  whistles: Readonly<Ref<TWhistleList | null>>
  /** When each part was fetched (epoch ms): pages say how old their copy is. */
  savedAt: Readonly<Ref<Partial<Record<ReferenceKey, number>>>>
  /** The last failure to fetch each part (kept until it is fetched again). */
  errors: Readonly<Ref<Partial<Record<ReferenceKey, ApiError>>>>
  refreshing: Readonly<Ref<boolean>>
  /** True once the device's copy has been read. */
  loaded: Readonly<Ref<boolean>>
  refresh(keys?: readonly ReferenceKey[], options?: Pick<RefreshOptions, 'join'>): Promise<void>
}

/** The reference data, reactive and shared by every page. */
export function useReference(): UseReference {
  const part = <K extends ReferenceKey>(key: K) =>
    computed(() => values.value[key] as ReferenceValues[K] | null)
  return {
    me: part('me'),
    grids: part('grids'),
    catalog: part('catalog'),
    dueVisits: part('dueVisits'),
    cases: part('cases'),
    notifications: part('notifications'),
    patrolsToday: part('patrolsToday'),
    campaigns: part('campaigns'),
    whistles: part('whistles'),
    savedAt: readonly(savedAt) as Readonly<Ref<Partial<Record<ReferenceKey, number>>>>,
    errors: readonly(errors) as Readonly<Ref<Partial<Record<ReferenceKey, ApiError>>>>,
    refreshing: readonly(refreshing),
    loaded: readonly(loaded),
    refresh: (keys, options) => refreshReference(keys, options),
  }
}
