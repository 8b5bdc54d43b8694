// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  DueStatus,
  TDueVisit,
  TDueVisits,
  TRecordVisit,
  TUpdateVisitPlanSettings,
  TVisit,
  TVisitList,
  TVisitPlanSettings,
  TVisitStats,
  VisitFlag,
  VisitMethod,
  VisitRule,
  VisitTargetKind,
} from '@onegrid/core/api/visits'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  DueStatus,
  TDueVisit,
  TDueVisits,
  TRecordVisit,
  TUpdateVisitPlanSettings,
  TVisit,
  TVisitList,
  TVisitPlanSettings,
  TVisitStats,
  VisitFlag,
  VisitMethod,
  VisitRule,
  VisitTargetKind,
}

/** The same lists as core's (core/api/visits.ts), without bundling zod into the pages. */
export const visitMethodList: readonly VisitMethod[] = ['door', 'phone', 'other']
export const visitFlagList: readonly VisitFlag[] = [
  'hazard',
  'need_help',
  'info_changed',
  'dispute',
  'abnormal',
]
export const visitRuleList: readonly VisitRule[] = ['ordinary_household', 'special_family', 'special_group']

export interface VisitListQuery {
  workerId?: number | undefined
  on?: string | undefined
  from?: string | undefined
  to?: string | undefined
  personId?: number | undefined
  householdId?: number | undefined
  areaCode?: string | undefined
  gridCode?: string | undefined
  flag?: VisitFlag | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface DueVisitsQuery {
  areaCode?: string | undefined
  gridCode?: string | undefined
  status?: DueStatus | undefined
  kind?: VisitTargetKind | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** Visits within one's jurisdiction, newest first. */
export const listVisits = (query: VisitListQuery, signal?: AbortSignal) =>
  api.get<TVisitList>('/api/visits', compactQuery({ ...query }), { signal })

export const getVisit = (id: number, signal?: AbortSignal) =>
  api.get<TVisit>(`/api/visits/${id}`, undefined, { signal })

/** The plan of one's jurisdiction (or an area of it), most urgent first, with today's progress. */
export const listDueVisits = (query: DueVisitsQuery, signal?: AbortSignal) =>
  api.get<TDueVisits>('/api/visits/due', compactQuery({ ...query }), { signal })

/** Per grid under an area: targets, overdue, due, the month's visits and the completion rate. */
export const getVisitStats = (
  query: { areaCode?: string | undefined; month?: string | undefined },
  signal?: AbortSignal,
) => api.get<TVisitStats>('/api/visits/stats', compactQuery({ ...query }), { signal })

export const getVisitPlan = (signal?: AbortSignal) =>
  api.get<TVisitPlanSettings>('/api/visit-plan', undefined, { signal })

export const updateVisitPlan = (body: TUpdateVisitPlanSettings) =>
  api.request<TVisitPlanSettings>('PUT', '/api/visit-plan', { body })
