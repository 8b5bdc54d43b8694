// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type { TPoint } from '@onegrid/core/api/cases'
import type {
  TCheckInWhistle,
  TRaiseWhistle,
  TWhistle,
  TWhistleList,
  TWhistleResponse,
  WhistleResponseStatus,
} from '@onegrid/core/api/whistles'
import { api } from './endpoints.ts'
import type { TUnit } from './identity.ts'
import { compactQuery } from './registry.ts'

export type {
  TCheckInWhistle,
  TPoint,
  TRaiseWhistle,
  TWhistle,
  TWhistleList,
  TWhistleResponse,
  WhistleResponseStatus,
}
export type WhistleAction = TWhistle['allowedActions'][number]
export type WhistleStatus = TWhistle['status']

export interface WhistleListQuery {
  status?: WhistleStatus | undefined
  waitingForMe?: boolean | undefined
  caseId?: number | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const base = '/api/whistles'

/** 201 with the whistle; 400 names the field (`unitIds`, `location`, `caseId`). */
export const raiseWhistle = (body: TRaiseWhistle) => api.post<TWhistle>(base, body)

export const listWhistles = (query: WhistleListQuery, signal?: AbortSignal) =>
  api.get<TWhistleList>(base, compactQuery({ ...query }), { signal })

/** The departments and platforms of the caller's district a whistle may summon (a grid worker's scope holds none). */
export const listWhistleUnits = () => api.get<{ items: TUnit[] }>(`${base}/units`)

export const getWhistle = (id: number, signal?: AbortSignal) =>
  api.get<TWhistle>(`${base}/${id}`, undefined, { signal })

/** A summoned department's handler says it is coming (报到). */
export const acknowledgeWhistle = (id: number, body: { note?: string | undefined }) =>
  api.post<TWhistle>(`${base}/${id}/acknowledge`, compactQuery({ ...body }))

/** The raiser records that a department arrived (`unitId`, `at`), or a handler checks in by position. */
export const checkInWhistle = (id: number, body: TCheckInWhistle) =>
  api.post<TWhistle>(`${base}/${id}/check-in`, body)

export const escalateWhistle = (id: number, body: { note: string }) =>
  api.post<TWhistle>(`${base}/${id}/escalate`, body)

export const closeWhistle = (id: number, body: { outcome: string }) =>
  api.post<TWhistle>(`${base}/${id}/close`, body)
