import type { TCaseQuery } from '@onegrid/core/api/cases'
import { type CaseStatus, caseStatuses } from '@onegrid/core/cases/states'
import { channels, urgencies } from '@onegrid/core/catalog/vocabulary'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

export type CaseChannel = (typeof channels)[number]
export type CaseUrgency = (typeof urgencies)[number]
export const caseSorts = ['reported_desc', 'reported_asc', 'due_asc', 'updated_desc'] as const
export type CaseSort = (typeof caseSorts)[number]

/** The list's filters as the form holds them. */
export interface CaseFilterModel {
  status: CaseStatus[]
  channel: CaseChannel | undefined
  urgency: CaseUrgency | undefined
  overdue: boolean
  supervised: boolean
  mine: boolean
  /** ISO dates (YYYY-MM-DD), both ends included. */
  range: [string, string] | null
  q: string
  sort: CaseSort
}

export function blankFilters(): CaseFilterModel {
  return {
    status: [],
    channel: undefined,
    urgency: undefined,
    overdue: false,
    supervised: false,
    mine: false,
    range: null,
    q: '',
    sort: 'reported_desc',
  }
}

const one = (value: LocationQuery[string] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? undefined
const isIn = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value)
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)

/** The filters, queue and page the address bar carries (so Back returns to the same list). */
export function filtersFromQuery(query: LocationQuery): { filters: CaseFilterModel; page: number } {
  const f = blankFilters()
  const status = one(query.status)
  f.status = status ? status.split(',').filter((s): s is CaseStatus => isIn(caseStatuses, s)) : []
  const channel = one(query.channel)
  if (isIn(channels, channel)) f.channel = channel
  const urgency = one(query.urgency)
  if (isIn(urgencies, urgency)) f.urgency = urgency
  f.overdue = one(query.overdue) === 'true'
  f.supervised = one(query.supervised) === 'true'
  f.mine = one(query.mine) === 'true'
  const from = one(query.from)
  const to = one(query.to)
  if (isDate(from) && isDate(to)) f.range = [from, to]
  f.q = one(query.q) ?? ''
  const sort = one(query.sort)
  if (isIn(caseSorts, sort)) f.sort = sort
  const page = Number(one(query.page))
  return { filters: f, page: Number.isInteger(page) && page > 0 ? page : 1 }
}

/** The reverse of filtersFromQuery: only what differs from the blank form, so addresses stay short. */
export function filtersToQuery(f: CaseFilterModel, page: number): LocationQueryRaw {
  return {
    status: f.status.length ? f.status.join(',') : undefined,
    channel: f.channel,
    urgency: f.urgency,
    overdue: f.overdue ? 'true' : undefined,
    supervised: f.supervised ? 'true' : undefined,
    mine: f.mine ? 'true' : undefined,
    from: f.range?.[0],
    to: f.range?.[1],
    q: f.q.trim() || undefined,
    sort: f.sort === 'reported_desc' ? undefined : f.sort,
    page: page > 1 ? String(page) : undefined,
  }
}

/** The API query for a queue (or all cases when null), the filters and a page. */
export function listQuery(
  queue: TCaseQuery['queue'] | null,
  f: CaseFilterModel,
  page: number,
  pageSize: number,
): TCaseQuery {
  return {
    ...(queue ? { queue } : {}),
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.urgency ? { urgency: f.urgency } : {}),
    ...(f.overdue ? { overdue: 'true' as const } : {}),
    ...(f.supervised ? { supervised: 'true' as const } : {}),
    ...(f.mine ? { mine: 'true' as const } : {}),
    ...(f.range ? { from: f.range[0], to: f.range[1] } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    sort: f.sort,
    page,
    pageSize,
  }
}
