import type {
  TCitizenAddress,
  TCitizenCategory,
  TCitizenChallenge,
  TCitizenReceipt,
  TCitizenReport,
  TCitizenReportSummary,
  TCitizenSession,
  TCitizenTrack,
  TModerationItem,
  TPhoneCodeSent,
  TPublicCaseList,
} from '@onegrid/core/api/citizen'
import { ApiError } from './client.ts'
import { api } from './endpoints.ts'

export type {
  TCitizenAddress,
  TCitizenCategory,
  TCitizenChallenge,
  TCitizenReceipt,
  TCitizenReportSummary,
  TCitizenSession,
  TCitizenTrack,
  TModerationItem,
  TPublicCaseList,
}

export const requestPhoneCode = (phone: string) =>
  api.post<TPhoneCodeSent>('/api/citizen/phone-codes', { phone })

/** A wrong code is a 400, not a lost session. */
export const verifyPhoneCode = (phone: string, code: string) =>
  api.post<TCitizenSession>('/api/citizen/sessions', { phone, code }, { expectUnauthorized: true })

export const listCitizenCategories = () => api.get<TCitizenCategory[]>('/api/citizen/categories')

export const searchCitizenAddresses = (q: string, signal?: AbortSignal) =>
  api.get<TCitizenAddress[]>('/api/citizen/addresses', { q }, { signal })

export function uploadCitizenPhoto(file: Blob, filename: string) {
  const form = new FormData()
  form.set('file', file, filename)
  return api.post<{ id: number; kind: string; size: number }>('/api/citizen/photos', form)
}

export const citizenReport = (body: TCitizenReport) => api.post<TCitizenReceipt>('/api/citizen/reports', body)

/** The question the server asks before taking another report, when it refused one for it. */
export function challengeOf(error: unknown): TCitizenChallenge | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null
  const c = error.details.challenge as TCitizenChallenge | undefined
  return c && typeof c.id === 'string' && typeof c.question === 'string' ? c : null
}

export const citizenTrack = (code: string) =>
  api.get<TCitizenTrack>(`/api/citizen/track/${encodeURIComponent(code.trim().toUpperCase())}`)

export const citizenRate = (code: string, body: { satisfaction: string; comment?: string | undefined }) =>
  api.post<TCitizenTrack>(`/api/citizen/track/${encodeURIComponent(code)}/rating`, body)

export const listMyReports = () => api.get<TCitizenReportSummary[]>('/api/citizen/reports')

export const listPublicCases = (days = 90) => api.get<TPublicCaseList>('/api/citizen/public-cases', { days })

/** Staff: residents' photos waiting for a decision before the public map shows them. */
export const listPhotoModeration = (status: TModerationItem['status'] = 'pending') =>
  api.get<TModerationItem[]>('/api/citizen/moderation', { status })

export const moderatePhoto = (id: number, decision: 'approved' | 'rejected') =>
  api.request<null>('POST', `/api/citizen/moderation/${id}`, { body: { decision } })
