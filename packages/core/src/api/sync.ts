import { z } from 'zod'

/**
 * syncBatch: the field app's queue, sent in one request when signal returns.
 * Each item is a write the app made while it may have been offline, named by
 * the operation it stands for and carrying the body (and path parameters)
 * that operation takes on its own. Its client-generated id is the item's
 * Idempotency-Key, so an item sent twice (a retry after a lost answer, a page
 * killed mid-sync) is done once and its first answer replayed.
 *
 * Items run in order, each as the caller, each in its own transaction: a
 * refused item (4xx) is answered and the batch goes on; a server error or a
 * lost session stops the batch there, and the items after it come back
 * `attempted: false` for the app to send again.
 */
export const syncOperations = [
  'reportCase',
  'performCaseAction',
  'startPatrol',
  'appendPatrolPoints',
  'endPatrol',
  'checkIn',
  'recordVisit',
  'createPerson',
  'updatePerson',
  'createHousehold',
  'updateHousehold',
  'submitCampaignItem',
] as const
export type SyncOperation = (typeof syncOperations)[number]
export const ZSyncOperation = z.enum(syncOperations)

/** What the app uses as a client id: a UUID, or any 8–64 characters of [A-Za-z0-9_-]. */
export const ZClientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 characters of A–Z, a–z, 0–9, _ and -')

export const ZSyncItem = z.object({
  id: ZClientId,
  operation: ZSyncOperation,
  /** The operation's path parameters, e.g. `{ id: "<patrol id>" }` for appendPatrolPoints. */
  params: z.record(z.string(), z.string().max(64)).default({}),
  body: z.unknown(),
})
export type TSyncItem = z.input<typeof ZSyncItem>

export const ZSyncBatchRequest = z.object({
  items: z.array(ZSyncItem).min(1).max(200),
})
export type TSyncBatchRequest = z.input<typeof ZSyncBatchRequest>

export const ZSyncItemResult = z
  .object({
    id: z.string(),
    /** False when the batch stopped before this item (server error or lost session): send it again. */
    attempted: z.boolean(),
    /** The HTTP status the operation answered on its own; 0 when not attempted. */
    status: z.number().int(),
    /** True when this id had been done before and its first answer is replayed. */
    replayed: z.boolean(),
    /** The operation's response body (or its error body). */
    body: z.unknown(),
  })
  .meta({ id: 'SyncItemResult' })
export type TSyncItemResult = z.infer<typeof ZSyncItemResult>

export const ZSyncBatchResponse = z
  .object({ results: z.array(ZSyncItemResult) })
  .meta({ id: 'SyncBatchResponse' })
export type TSyncBatchResponse = z.infer<typeof ZSyncBatchResponse>
