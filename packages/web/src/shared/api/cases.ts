// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  CaseQueue,
  TAttachment,
  TCase,
  TCaseActionRequest,
  TCaseList,
  TCaseMap,
  TCaseQuery,
  TCaseSummary,
  TDuplicates,
  TLight,
  TNotification,
  TNotificationList,
  TPoint,
  TQueueCounts,
  TReportCase,
  TStageClock,
  TTimelineEntry,
} from '@onegrid/core/api/cases'
import { ApiError, buildUrl, type Query } from './client.ts'
import { api } from './endpoints.ts'

export type {
  CaseQueue,
  TAttachment,
  TCase,
  TCaseActionRequest,
  TCaseList,
  TCaseMap,
  TCaseQuery,
  TCaseSummary,
  TDuplicates,
  TLight,
  TNotification,
  TNotificationList,
  TPoint,
  TQueueCounts,
  TReportCase,
  TStageClock,
  TTimelineEntry,
}

const casePath = (id: number) => `/api/cases/${id}`

/** The list's query as the URL carries it: `status` repeats (status=a&status=b). */
export function caseQueryString(query: TCaseQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v))
    else params.append(key, String(value))
  }
  return params.toString()
}

/** 案件列表: a queue or filters, a page of summaries with the total. */
export function listCases(query: TCaseQuery, signal?: AbortSignal) {
  const search = caseQueryString(query)
  return api.get<TCaseList>(`/api/cases${search ? `?${search}` : ''}`, undefined, { signal })
}

/** How many cases wait in each of the caller's queues. */
export const getCaseQueues = (signal?: AbortSignal) =>
  api.get<TQueueCounts>('/api/cases/queues', undefined, { signal })

/** Open cases with a location, compact: [id, lng, lat, light, status]. */
export const getCaseMap = (areaCode?: string, signal?: AbortSignal) =>
  api.get<TCaseMap>('/api/cases/map', { areaCode }, { signal })

export interface DuplicateQuery {
  itemCode?: string | undefined
  lng: number
  lat: number
  radius?: number | undefined
  days?: number | undefined
  excludeId?: number | undefined
}

/** Open cases of the same kind near a point: candidates for 合并. */
export const findDuplicateCases = (query: DuplicateQuery, signal?: AbortSignal) =>
  api.get<TDuplicates>('/api/cases/duplicates', { ...query }, { signal })

export const getCase = (id: number, signal?: AbortSignal) =>
  api.get<TCase>(casePath(id), undefined, { signal })

/**
 * One step of the loop. 409 `conflict` when someone else moved the case on since `expectedVersion`;
 * 409 `invalid_transition` when its state no longer allows the action.
 */
export const performCaseAction = (id: number, body: TCaseActionRequest) =>
  api.post<TCase>(`${casePath(id)}/actions`, body)

export const mergeCases = (body: { masterId: number; duplicateIds: number[]; note?: string | undefined }) =>
  api.post<{ master: TCaseSummary; merged: TCaseSummary[] }>('/api/cases/merge', body)

/** A photo, recording or video, checked by its content; its id goes with the report or the step. */
export function uploadAttachment(file: Blob, filename: string) {
  const form = new FormData()
  form.set('file', file, filename)
  return api.post<TAttachment>('/api/cases/attachments', form)
}

/** Where an attachment's bytes are (the session cookie goes along, so an <img> can show it). */
export const attachmentUrl = (id: number, thumb = false) =>
  buildUrl('', `/api/cases/attachments/${id}`, thumb ? { thumb: true } : undefined)

/**
 * A fresh Idempotency-Key for one form. randomUUID exists only on secure pages (https, localhost);
 * a console opened over plain http on the office network builds one from getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * A new case. The key makes a retried submission (a lost answer, a double click) create one case, not two:
 * the same key for every attempt of one form, a new one for the next form.
 */
export const reportCase = (body: TReportCase, idempotencyKey: string) =>
  api.post<TCase>('/api/cases', body, { headers: { 'Idempotency-Key': idempotencyKey } })

// ---------------------------------------------------------------- notifications (站内通知)

export const listNotifications = (query: { unread?: boolean; limit?: number } = {}) =>
  api.get<TNotificationList>('/api/notifications', { ...query } satisfies Query)

/** Marks some notifications read, or all of them. An empty answer (204) is a success too. */
export async function markNotificationsRead(body: { ids: number[] } | { all: true }): Promise<void> {
  try {
    await api.post<unknown>('/api/notifications/read', body)
  } catch (error) {
    if (error instanceof ApiError && error.code === 'bad_response' && error.status < 300) return
    throw error
  }
}
