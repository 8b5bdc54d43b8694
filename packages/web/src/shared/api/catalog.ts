// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TCalendar,
  TCalendarDay,
  TDeadlineRequest,
  TDeadlineResult,
  TUpdateCalendar,
  TWorkingPeriod,
} from '@onegrid/core/api/calendar'
import type {
  TCatalogDomain,
  TCatalogImportReport,
  TCatalogItem,
  TCatalogRules,
  TCatalogTree,
  TCreateCatalogItem,
  THandlingBody,
  TRefusalCounts,
  TUpdateCatalogItem,
} from '@onegrid/core/api/catalog'
import { buildUrl } from './client.ts'
import { api } from './endpoints.ts'

export type {
  TCalendar,
  TCalendarDay,
  TCatalogImportReport,
  TCatalogItem,
  TCatalogRules,
  TCatalogTree,
  TDeadlineRequest,
  TDeadlineResult,
  THandlingBody,
  TRefusalCounts,
  TWorkingPeriod,
}

// ---------------------------------------------------------------- the event catalog (事项清单)

export interface CatalogQuery {
  /** Code prefix, or part of a name or description. */
  q?: string | undefined
  domain?: TCatalogDomain | undefined
  admitted?: 'true' | 'false' | undefined
  includeRetired?: 'true' | 'false' | undefined
}

const itemPath = (code: string) => `/api/catalog/items/${encodeURIComponent(code)}`

/** Majors with their items' summaries, and the counts. */
export const listCatalog = (query: CatalogQuery = {}, signal?: AbortSignal) =>
  api.get<TCatalogTree>('/api/catalog', { ...query }, { signal })

/** An item's current rules and the history of its versions. */
export const getCatalogItem = (code: string, signal?: AbortSignal) =>
  api.get<TCatalogItem>(itemPath(code), undefined, { signal })

/** A new version of the rules; 409 `conflict` when the item moved on from `expectedVersion`. */
export const updateCatalogItem = (code: string, body: TUpdateCatalogItem) =>
  api.request<TCatalogItem>('PUT', itemPath(code), { body })

export const createCatalogItem = (body: TCreateCatalogItem) =>
  api.post<TCatalogItem>('/api/catalog/items', body)

/** Department types and the street's four platforms a matter can be routed to. */
export const listHandlingBodies = () => api.get<{ bodies: THandlingBody[] }>('/api/catalog/bodies')

export interface CatalogImportFields {
  file: Blob
  /** The file's name as picked; the server judges the file by its bytes. */
  filename: string
  reason: string
  /** Items missing from the file are retired (kept for old cases, closed to new ones). */
  retireMissing: boolean
  dryRun: boolean
}

/** The catalog workbook back (XLSX): a report per sheet, row and column, written only when confirmed and clean. */
export function importCatalog(fields: CatalogImportFields) {
  const form = new FormData()
  form.set('reason', fields.reason)
  form.set('retireMissing', String(fields.retireMissing))
  form.set('dryRun', String(fields.dryRun))
  form.set('file', fields.file, fields.filename)
  return api.post<TCatalogImportReport>('/api/catalog/import', form)
}

/** A download link (same origin, the session cookie goes along) for the whole catalog as XLSX. */
export const exportCatalogUrl = () => buildUrl('', '/api/catalog/export')

/** 回绝 counts per item in a period (ISO dates); the server's default is the last 30 days. */
export const listCatalogRefusals = (query: { from?: string | undefined; to?: string | undefined } = {}) =>
  api.get<TRefusalCounts>('/api/catalog/refusals', { ...query })

// ---------------------------------------------------------------- the working-day calendar (工作日历)

export const getCalendar = (year: number, signal?: AbortSignal) =>
  api.get<TCalendar>(`/api/calendar/${year}`, undefined, { signal })

/** Replaces the year's whole list of holidays and make-up working days. */
export const updateCalendar = (year: number, body: TUpdateCalendar) =>
  api.request<TCalendar>('PUT', `/api/calendar/${year}`, { body })

export const updateWorkingHours = (body: { hours: TWorkingPeriod[]; reason: string }) =>
  api.request<{ hours: TWorkingPeriod[] }>('PUT', '/api/calendar/hours', { body })

/** When limits started at one moment run out, on the platform's calendar. */
export const computeDeadline = (body: TDeadlineRequest, signal?: AbortSignal) =>
  api.request<TDeadlineResult>('POST', '/api/calendar/deadline', { body, signal })
