import type { CaseAction } from '@onegrid/core/cases/states'
import type { OutboxEntry } from '../../offline/db.ts'
import type { QueuedAction } from './case-actions.ts'

/** A step on a case waiting in the phone's queue (or refused and waiting for the user). */
export interface PendingStep extends QueuedAction {
  id: string
  label: string
  failed: boolean
  message: string | null
}

const isAction = (v: unknown): v is CaseAction => typeof v === 'string'

/** The queued performCaseAction items by case id, in the order they will be sent. */
export function pendingSteps(entries: readonly OutboxEntry[]): Map<number, PendingStep[]> {
  const byCase = new Map<number, PendingStep[]>()
  for (const e of entries) {
    if (e.operation !== 'performCaseAction') continue
    const caseId = Number(e.params.id)
    const action = e.body.action
    if (!Number.isSafeInteger(caseId) || !isAction(action)) continue
    const step: PendingStep = {
      id: e.id,
      action,
      passed: typeof e.body.passed === 'boolean' ? e.body.passed : undefined,
      label: e.label,
      failed: e.state === 'failed',
      message: e.error?.message ?? null,
    }
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), step])
  }
  return byCase
}

/** Reports written on the phone that the server has not got yet, newest first. */
export function pendingReports(entries: readonly OutboxEntry[]) {
  return entries
    .filter((e) => e.operation === 'reportCase')
    .map((e) => ({
      id: e.id,
      label: e.label,
      createdAt: e.createdAt,
      failed: e.state === 'failed',
      message: e.error?.message ?? null,
      description: typeof e.body.description === 'string' ? e.body.description : '',
      photos: e.files.length,
    }))
    .reverse()
}
