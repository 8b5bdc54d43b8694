// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TCreateSpotCheck,
  TRecordSpotCheckResult,
  TSpotCheck,
  TSpotCheckAccuracy,
  TSpotCheckItem,
  TSpotCheckList,
  TSpotCheckSummary,
} from '@onegrid/core/api/spot-checks'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  TCreateSpotCheck,
  TRecordSpotCheckResult,
  TSpotCheck,
  TSpotCheckAccuracy,
  TSpotCheckItem,
  TSpotCheckList,
  TSpotCheckSummary,
}

export type SpotCheckStatus = TSpotCheckSummary['status']
export type SpotCheckMethod = TSpotCheckSummary['method']
export type SpotCheckResult = NonNullable<TSpotCheckItem['result']>
export type MethodUsed = NonNullable<TSpotCheckItem['methodUsed']>
export type CheckedField = TSpotCheckItem['fieldsWrong'][number]

export interface SpotCheckListQuery {
  status?: SpotCheckStatus | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** Which items a spot check's page lists; the accuracy always covers all of them. */
export interface SpotCheckItemQuery {
  gridCode?: string | undefined
  /** Only items without a result yet. */
  pending?: boolean | undefined
  /** Only the caller's own items. */
  mine?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const base = '/api/registry/spot-checks'

/** Spot checks reaching into one's jurisdiction, newest first, each with its accuracy so far. */
export const listSpotChecks = (query: SpotCheckListQuery, signal?: AbortSignal) =>
  api.get<TSpotCheckList>(base, compactQuery({ ...query }), { signal })

/** A spot check with its accuracy overall, per grid and per worker, and one page of its items. */
export const getSpotCheck = (id: number, query: SpotCheckItemQuery = {}, signal?: AbortSignal) =>
  api.get<TSpotCheck>(`${base}/${id}`, compactQuery({ ...query }), { signal })

/** 201 with the drawn sample; 400 names the field (`areaCode` outside the jurisdiction or without persons). */
export const createSpotCheck = (body: TCreateSpotCheck) => api.post<TSpotCheck>(base, body)

/** 409 when the version read is no longer current (somebody recorded meanwhile) or the check was closed. */
export const recordSpotCheckResult = (id: number, itemId: number, body: TRecordSpotCheckResult) =>
  api.post<TSpotCheckItem>(`${base}/${id}/items/${itemId}/result`, body)

/** Ends the spot check; 409 when it was closed already. */
export const closeSpotCheck = (id: number) => api.post<TSpotCheck>(`${base}/${id}/close`)
