// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TCheckInList,
  TCheckInRecord,
  TFieldWorkerList,
  TGridCoverage,
  TGridDay,
  TOnDutyPosition,
  TOnDutyPositions,
  TPatrol,
  TPatrolCoverage,
  TPatrolList,
  TWorkerDay,
  TWorkerDayCase,
} from '@onegrid/core/api/patrols'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  TCheckInList,
  TCheckInRecord,
  TFieldWorkerList,
  TGridCoverage,
  TGridDay,
  TOnDutyPosition,
  TOnDutyPositions,
  TPatrol,
  TPatrolCoverage,
  TPatrolList,
  TWorkerDay,
  TWorkerDayCase,
}

/** The latest position of each worker on duty in one's jurisdiction (or an area of it). */
export const listOnDutyPositions = (areaCode?: string, signal?: AbortSignal) =>
  api.get<TOnDutyPositions>('/api/patrols/on-duty', compactQuery({ areaCode }), { signal })

/** Grid workers and leaders posted in one's jurisdiction, with their grids. */
export const listFieldWorkers = (query: { areaCode?: string; q?: string }, signal?: AbortSignal) =>
  api.get<TFieldWorkerList>('/api/fieldwork/workers', compactQuery({ ...query }), { signal })

/** One worker's day: tracks, check-ins and the cases they reported. */
export const getWorkerDay = (userId: number, day: string, signal?: AbortSignal) =>
  api.get<TWorkerDay>('/api/fieldwork/worker-day', { userId, day }, { signal })

/** Per grid per day under an area (or one grid): patrolled, distance, duration, coverage. */
export const getPatrolCoverage = (
  query: { areaCode?: string; gridCode?: string; from: string; to: string },
  signal?: AbortSignal,
) => api.get<TPatrolCoverage>('/api/patrols/coverage', compactQuery({ ...query }), { signal })
