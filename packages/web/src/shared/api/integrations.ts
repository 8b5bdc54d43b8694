import type { TOutboxList, TOutboxListQuery, TOutboxMessage } from '@onegrid/core/api/integrations'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type { TOutboxList, TOutboxMessage }
export type OutboxStatus = TOutboxMessage['status']
export const outboxStatusList: readonly OutboxStatus[] = ['dead', 'pending', 'delivered']

/** Messages to other systems (12345 callbacks, notifications), newest first; district-wide administrators only. */
export const listOutbox = (query: Partial<TOutboxListQuery>, signal?: AbortSignal) =>
  api.get<TOutboxList>('/api/outbox', compactQuery({ ...query }), { signal })

/** Puts a dead or waiting message back in line now (audited). */
export const retryOutbox = (id: number) => api.post<TOutboxMessage>(`/api/outbox/${id}/retry`)
