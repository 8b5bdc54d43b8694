import type { TCaseActionRequest, TCaseSummary } from '../../../shared/api/cases.ts'
import type { PendingStep } from '../cases/pending.ts'

// 督办 (supervision) on the phone: the step the queue sends, and where a case's supervision stands. Small
// and on its own: the case page imports it too.

/** The performCaseAction body of a 督办: the version the leader saw and the instruction as its reason. */
export function superviseBody(c: Pick<TCaseSummary, 'version'>, note: string): TCaseActionRequest {
  return { action: 'supervise', expectedVersion: c.version, reason: note.trim(), attachmentIds: [] }
}

/** The state machine wants a reason of at least two characters. */
export const noteIsEnough = (note: string): boolean => note.trim().length >= 2

export type SuperviseState =
  /** Not supervised: the button. */
  | { kind: 'none' }
  /** Supervised already (as the server last said). */
  | { kind: 'on' }
  /** Queued on the phone, not sent yet. */
  | { kind: 'pending' }
  /** Refused by the server: the message, and the button again. */
  | { kind: 'failed'; message: string | null; ids: string[] }

/** A case's 督办 as the leader sees it: the server's flag, else what waits in the phone's queue. */
export function superviseState(
  c: Pick<TCaseSummary, 'flags'>,
  steps: readonly PendingStep[] | undefined,
): SuperviseState {
  if (c.flags.supervised) return { kind: 'on' }
  const mine = (steps ?? []).filter((s) => s.action === 'supervise')
  if (mine.some((s) => !s.failed)) return { kind: 'pending' }
  const failed = mine.filter((s) => s.failed)
  if (failed.length > 0)
    return { kind: 'failed', message: failed.at(-1)?.message ?? null, ids: failed.map((s) => s.id) }
  return { kind: 'none' }
}
