import type { RiskLevel, SpecialGroup } from '@onegrid/core/registry/special-groups'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { PersonQuery } from '../../../shared/api/registry.ts'
import { isRiskLevel, isSpecialGroup } from './registry-format.ts'

/** What the search bar holds. */
export interface PersonFilters {
  q: string
  documentNumber: string
  phone: string
  /** Part of a registry house's standard address (标准地址), not of a person's own address. */
  address: string
  tag: string
  group: SpecialGroup | null
  riskLevel: RiskLevel | null
  nonLocal: boolean
}

/** Where the list looks: the area picked, and a grid clicked on the map inside it. */
export interface PersonPlace {
  area: string | null
  grid: string | null
}

export const blankFilters = (): PersonFilters => ({
  q: '',
  documentNumber: '',
  phone: '',
  address: '',
  tag: '',
  group: null,
  riskLevel: null,
  nonLocal: false,
})

const one = (value: LocationQuery[string] | undefined): string => {
  const raw = Array.isArray(value) ? value[0] : value
  return typeof raw === 'string' ? raw : ''
}
const code = (value: LocationQuery[string] | undefined): string | null => {
  const raw = one(value)
  return /^\d{2,15}$/.test(raw) ? raw : null
}

/** The address bar is the state: filters, place and page from the query. */
export function filtersFromQuery(query: LocationQuery): {
  filters: PersonFilters
  place: PersonPlace
  page: number
} {
  const group = one(query.group)
  const risk = one(query.risk)
  const page = Number(one(query.page))
  return {
    filters: {
      q: one(query.q),
      documentNumber: one(query.doc),
      phone: one(query.phone),
      address: one(query.address),
      tag: one(query.tag),
      group: isSpecialGroup(group) ? group : null,
      riskLevel: isRiskLevel(risk) ? risk : null,
      nonLocal: one(query.nonLocal) === 'true',
    },
    place: { area: code(query.area), grid: code(query.grid) },
    page: Number.isInteger(page) && page > 1 ? page : 1,
  }
}

export function filtersToQuery(filters: PersonFilters, place: PersonPlace, page = 1): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const set = (key: string, value: string | null | undefined) => {
    if (value && value.trim() !== '') query[key] = value.trim()
  }
  set('q', filters.q)
  set('doc', filters.documentNumber)
  set('phone', filters.phone)
  set('address', filters.address)
  set('tag', filters.tag)
  set('group', filters.group)
  set('risk', filters.riskLevel)
  if (filters.nonLocal) query.nonLocal = 'true'
  set('area', place.area)
  set('grid', place.grid)
  if (page > 1) query.page = String(page)
  return query
}

/** The server refuses a shorter address text: one character would match half the district. */
export const minAddressLength = 2

/** The address text as it is searched, or null while it is too short to be sent. */
export function searchableAddress(text: string): string | null {
  const trimmed = text.trim()
  return [...trimmed].length >= minAddressLength ? trimmed : null
}

/**
 * The server's query. Special-group filters go only with registry.special (the server refuses them
 * otherwise); the grid clicked on the map wins over the area around it. An address too short to search
 * (a link typed by hand) is left out rather than answered with a 400 for the whole list.
 */
export function personQuery(
  filters: PersonFilters,
  place: PersonPlace,
  page: number,
  pageSize: number,
  special: boolean,
): PersonQuery {
  return {
    q: filters.q || undefined,
    documentNumber: filters.documentNumber || undefined,
    phone: filters.phone || undefined,
    address: searchableAddress(filters.address) ?? undefined,
    tag: filters.tag || undefined,
    group: special ? (filters.group ?? undefined) : undefined,
    riskLevel: special ? (filters.riskLevel ?? undefined) : undefined,
    nonLocal: filters.nonLocal ? true : undefined,
    areaCode: place.grid ?? place.area ?? undefined,
    page,
    pageSize,
  }
}
