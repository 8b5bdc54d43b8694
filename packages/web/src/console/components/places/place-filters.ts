import { type PlaceKind, placeKinds } from '@onegrid/core/registry/places'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { PlaceQuery } from '../../../shared/api/places.ts'
import { filterFields, isPlaceKind, parsePlaceRef, placeRef } from './place-format.ts'

/** The page's tabs: one per kind, and the map of all of them. */
export type PlaceTab = PlaceKind | 'map'
export const placeTabs: readonly PlaceTab[] = [...placeKinds, 'map']

/** What a tab's search bar holds; a kind uses the filters it has and ignores the others. */
export interface PlaceFilters {
  q: string
  tag: string
  use: string | null
  kind: string | null
  status: string | null
  state: string | null
  /** Houses with a current tenant (true), without one (false), or all. */
  rented: boolean | null
  /** Houses of one building (opened from the building). */
  buildingId: number | null
}

/** The whole page as the address bar holds it, so a link or the back button brings it back. */
export interface PlacesView {
  tab: PlaceTab
  area: string | null
  filters: PlaceFilters
  page: number
  /** The record shown in the drawer. */
  open: { kind: PlaceKind; id: number } | null
  /** The kinds drawn on the map tab. */
  layers: PlaceKind[]
}

export const blankFilters = (): PlaceFilters => ({
  q: '',
  tag: '',
  use: null,
  kind: null,
  status: null,
  state: null,
  rented: null,
  buildingId: null,
})

const one = (value: LocationQuery[string] | undefined): string => {
  const raw = Array.isArray(value) ? value[0] : value
  return typeof raw === 'string' ? raw : ''
}
const orNull = (value: string) => (value.trim() === '' ? null : value.trim())
const areaCode = (value: string): string | null => (/^\d{6,15}$/.test(value) ? value : null)

export function viewFromQuery(query: LocationQuery): PlacesView {
  const tab = one(query.tab)
  const page = Number(one(query.page))
  const building = Number(one(query.building))
  const rented = one(query.rented)
  const layers = one(query.layers)
    .split(',')
    .filter((k): k is PlaceKind => isPlaceKind(k))
  return {
    tab: tab === 'map' || isPlaceKind(tab) ? tab : 'building',
    area: areaCode(one(query.area)),
    filters: {
      q: one(query.q),
      tag: one(query.tag),
      use: orNull(one(query.use)),
      kind: orNull(one(query.kind)),
      status: orNull(one(query.status)),
      state: orNull(one(query.state)),
      rented: rented === 'true' ? true : rented === 'false' ? false : null,
      buildingId: Number.isSafeInteger(building) && building > 0 ? building : null,
    },
    page: Number.isInteger(page) && page > 1 ? page : 1,
    open: parsePlaceRef(one(query.open)),
    layers: layers.length ? [...new Set(layers)] : [...placeKinds],
  }
}

export function viewToQuery(view: PlacesView): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const set = (key: string, value: string | null | undefined) => {
    if (value && value.trim() !== '') query[key] = value.trim()
  }
  if (view.tab !== 'building') query.tab = view.tab
  set('area', view.area)
  const f = view.filters
  set('q', f.q)
  set('tag', f.tag)
  set('use', f.use)
  set('kind', f.kind)
  set('status', f.status)
  set('state', f.state)
  if (f.rented !== null) query.rented = String(f.rented)
  if (f.buildingId !== null) query.building = String(f.buildingId)
  if (view.page > 1) query.page = String(view.page)
  if (view.open) query.open = placeRef(view.open.kind, view.open.id)
  // All kinds is the default, so a plain link shows everything.
  if (view.layers.length && view.layers.length < placeKinds.length) query.layers = view.layers.join(',')
  return query
}

/**
 * The server's query for a kind: only the filters it has (the server refuses the others by name). The
 * organizations' and cameras' status travels as `state`.
 */
export function placeQuery(
  kind: PlaceKind,
  filters: PlaceFilters,
  area: string | null,
  page: number,
  pageSize: number,
): PlaceQuery {
  const has = (field: 'use' | 'kind' | 'status' | 'state') => filterFields[kind].includes(field)
  const query: PlaceQuery = {
    q: filters.q || undefined,
    tag: filters.tag || undefined,
    areaCode: area ?? undefined,
    page,
    pageSize,
  }
  if (has('use') && filters.use) query.use = filters.use
  if (has('kind') && filters.kind) query.kind = filters.kind
  if (has('status') && filters.status) query.state = filters.status
  if (has('state') && filters.state) query.state = filters.state
  if (kind === 'house') {
    if (filters.rented !== null) query.rented = filters.rented
    if (filters.buildingId !== null) query.buildingId = filters.buildingId
  }
  return query
}

/** True when any filter beyond the text is set: a phone's search bar opens to show it. */
export function hasMoreFilters(filters: PlaceFilters): boolean {
  return !!(filters.tag || filters.rented !== null)
}
