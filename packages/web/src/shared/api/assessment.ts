// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TAssessment,
  TAssessmentPublication,
  TAssessmentRow,
  TAssessmentScheme,
  TGridWorkerPaySettings,
  TIndicatorScore,
  TUpdateAssessmentScheme,
  TUpdateGridWorkerPaySettings,
} from '@onegrid/core/api/assessment'
import type { AssessmentAreaLevel, AssessmentKind, Grade } from '@onegrid/core/stats/assessment'
import { buildUrl } from './client.ts'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  AssessmentAreaLevel,
  AssessmentKind,
  Grade,
  TAssessment,
  TAssessmentPublication,
  TAssessmentRow,
  TAssessmentScheme,
  TGridWorkerPaySettings,
  TIndicatorScore,
  TUpdateAssessmentScheme,
  TUpdateGridWorkerPaySettings,
}

/** The same lists as core's (core/stats/assessment.ts), without bundling it into the pages. */
export const assessmentKindList: readonly AssessmentKind[] = [
  'grid_worker',
  'supervisor',
  'operator',
  'dispatcher',
  'department',
  'area',
]
export const assessmentLevelList: readonly AssessmentAreaLevel[] = ['street', 'community', 'grid']
export const gradeList: readonly Grade[] = ['A', 'B', 'C', 'D', 'E']

export interface AssessmentQuery {
  month?: string | undefined
  kind: AssessmentKind
  level?: AssessmentAreaLevel | undefined
  areaCode?: string | undefined
  grade?: Grade | 'none' | undefined
  q?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** A month of one kind of object in one's jurisdiction, ranked district-wide; live until published. */
export const getAssessment = (query: AssessmentQuery, signal?: AbortSignal) =>
  api.get<TAssessment>('/api/assessment', compactQuery({ ...query }), { signal })

export const publishAssessment = (month: string, kind: AssessmentKind) =>
  api.post<TAssessmentPublication>('/api/assessment/publish', { month, kind })

export const getAssessmentScheme = (kind: AssessmentKind, signal?: AbortSignal) =>
  api.get<TAssessmentScheme>('/api/assessment/scheme', { kind }, { signal })

export const updateAssessmentScheme = (body: TUpdateAssessmentScheme) =>
  api.request<TAssessmentScheme>('PUT', '/api/assessment/scheme', { body })

export const getPaySettings = (signal?: AbortSignal) =>
  api.get<TGridWorkerPaySettings>('/api/assessment/pay-settings', undefined, { signal })

export const updatePaySettings = (body: TUpdateGridWorkerPaySettings) =>
  api.request<TGridWorkerPaySettings>('PUT', '/api/assessment/pay-settings', { body })

/** A download link (same origin, the session cookie goes along) for the month's grid worker pay sheet. */
export const payExportUrl = (month: string, areaCode?: string | null) =>
  buildUrl('', '/api/assessment/pay.xlsx', compactQuery({ month, areaCode: areaCode ?? undefined }))
