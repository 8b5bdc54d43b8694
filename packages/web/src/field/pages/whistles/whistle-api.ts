import type { TUnit } from '@onegrid/core/api/identity'
import type { TCheckInWhistle, TRaiseWhistle, TWhistle, TWhistleList } from '@onegrid/core/api/whistles'
import { api } from '../../../shared/api/endpoints.ts'

/**
 * The whistle's operations as the field app calls them: online only (a whistle summons people to a
 * place now; a check-in is a position now), each answered with the whistle as it stands.
 */

export const listWhistles = (query: {
  waitingForMe?: boolean
  status?: 'open' | 'closed'
  caseId?: number
}) => api.get<TWhistleList>('/api/whistles', { ...query, pageSize: 50 })

export const getWhistle = (id: number, signal?: AbortSignal) =>
  api.get<TWhistle>(`/api/whistles/${id}`, undefined, { signal })

export const raiseWhistle = (body: TRaiseWhistle, idempotencyKey: string) =>
  api.post<TWhistle>('/api/whistles', body, { headers: { 'Idempotency-Key': idempotencyKey } })

export const acknowledgeWhistle = (id: number, note?: string) =>
  api.post<TWhistle>(`/api/whistles/${id}/acknowledge`, note ? { note } : {})

export const checkInWhistle = (id: number, body: TCheckInWhistle) =>
  api.post<TWhistle>(`/api/whistles/${id}/check-in`, body)

export const closeWhistle = (id: number, outcome: string) =>
  api.post<TWhistle>(`/api/whistles/${id}/close`, { outcome })

/** The departments and platforms of one's district a whistle may summon. */
export const listDepartments = () => api.get<{ items: TUnit[] }>('/api/whistles/units')
