// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TCreateHousehold,
  TCreatePerson,
  TGroupMember,
  TGroupMemberList,
  TGroupMembership,
  TGroupMembershipInput,
  THelperList,
  THistoryEntry,
  THousehold,
  TPerson,
  TPersonList,
  TPersonSummary,
  TRegistrySummary,
  TRevealPersonField,
  TSetRiskLevel,
  TUpdateGroupMembership,
  TUpdateHousehold,
  TUpdatePerson,
} from '@onegrid/core/api/registry'
import { buildUrl, type Query } from './client.ts'
import { api } from './endpoints.ts'

export type {
  TCreateHousehold,
  TCreatePerson,
  TGroupMemberList,
  TGroupMembership,
  TGroupMembershipInput,
  THistoryEntry,
  THousehold,
  TPerson,
  TPersonList,
  TPersonSummary,
  TRegistrySummary,
  TRevealPersonField,
  TSetRiskLevel,
  TUpdateGroupMembership,
  TUpdateHousehold,
  TUpdatePerson,
}

export type SpecialGroupKey = TPersonSummary['groups'][number]['group']
export type RiskLevel = TPersonSummary['groups'][number]['riskLevel']
export type RevealableField = TRevealPersonField['field']
export type GroupMember = TGroupMember

export type PersonStatus = TPersonSummary['status']

/** The person search as the page sends it; empty values are left out. */
export interface PersonQuery {
  q?: string | undefined
  documentNumber?: string | undefined
  phone?: string | undefined
  /** Part of a registry house's standard address: its households' members and its current tenants. */
  address?: string | undefined
  areaCode?: string | undefined
  tag?: string | undefined
  group?: SpecialGroupKey | undefined
  riskLevel?: RiskLevel | undefined
  nonLocal?: boolean | undefined
  status?: PersonStatus | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface GroupMemberQuery {
  group?: SpecialGroupKey | undefined
  areaCode?: string | undefined
  riskLevel?: RiskLevel | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const personPath = (id: number) => `/api/registry/persons/${id}`

/** Drops empty values, so `?q=&tag=` never reaches the server (which refuses empty strings). */
export function compactQuery(query: Record<string, string | number | boolean | null | undefined>): Query {
  const out: Query = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (typeof value === 'string' && value.trim() === '') continue
    out[key] = typeof value === 'string' ? value.trim() : value
  }
  return out
}

/** 实有人口: by name (Han prefix, pinyin or initials), exact ID number or phone, area, tag, group. */
export const searchPersons = (query: PersonQuery, signal?: AbortSignal) =>
  api.get<TPersonList>('/api/registry/persons', compactQuery({ ...query }), { signal })

/**
 * A download link (same origin, the session cookie goes along) for the filtered list as an XLSX sheet,
 * masked as on screen; the server audits it. Needs registry.import.
 */
export function personsExportUrl(query: PersonQuery): string {
  const { page: _page, pageSize: _pageSize, ...filters } = query
  return buildUrl('', '/api/registry/persons/export', compactQuery({ ...filters }))
}

export const getPerson = (id: number, signal?: AbortSignal) =>
  api.get<TPerson>(personPath(id), undefined, { signal })

/** 201 with the person; 400 names the fields (`documentNumber`: a wrong check digit, a duplicate). */
export const createPerson = (body: TCreatePerson) => api.post<TPerson>('/api/registry/persons', body)

/** Only the fields given change; 409 when `version` is no longer the current one. */
export const updatePerson = (id: number, body: TUpdatePerson) => api.patch<TPerson>(personPath(id), body)

/** One personal field in full, with the reason; the server writes the reveal to the audit log. */
export const revealPersonField = (id: number, body: TRevealPersonField) =>
  api.post<{ field: RevealableField; value: string | null }>(`${personPath(id)}/reveal`, body)

export const addSpecialGroup = (id: number, body: TGroupMembershipInput) =>
  api.post<TPerson>(`${personPath(id)}/groups`, body)

export const updateSpecialGroup = (id: number, group: SpecialGroupKey, body: TUpdateGroupMembership) =>
  api.patch<TPerson>(`${personPath(id)}/groups/${encodeURIComponent(group)}`, body)

/** The reason is required and kept with who set the level and when. */
export const setRiskLevel = (id: number, group: SpecialGroupKey, body: TSetRiskLevel) =>
  api.request<TPerson>('PUT', `${personPath(id)}/groups/${encodeURIComponent(group)}/risk`, { body })

/** Members of the special groups, red first. */
export const listSpecialGroupMembers = (query: GroupMemberQuery, signal?: AbortSignal) =>
  api.get<TGroupMemberList>('/api/registry/special-groups', compactQuery({ ...query }), { signal })

export const createHousehold = (body: TCreateHousehold) =>
  api.post<THousehold>('/api/registry/households', body)

export const getHousehold = (id: number, signal?: AbortSignal) =>
  api.get<THousehold>(`/api/registry/households/${id}`, undefined, { signal })

/**
 * Moves a household into a house (`houseId`) or out of one (null), or corrects its address or note. 409
 * when `version` is no longer the current one; 400 `houseId` for a house outside the caller's jurisdiction.
 */
export const updateHousehold = (id: number, body: TUpdateHousehold) =>
  api.patch<THousehold>(`/api/registry/households/${id}`, body)

/** Counts for an area and per grid under it (the map). */
/** Grid staff in one's jurisdiction who may be named helpers (needs registry.special only). */
export const listRegistryHelpers = (q: string | undefined) =>
  api.get<THelperList>('/api/registry/helpers', compactQuery({ q }))

export const getRegistrySummary = (areaCode: string | undefined, signal?: AbortSignal) =>
  api.get<TRegistrySummary>('/api/registry/summary', compactQuery({ areaCode }), { signal })
