import type { CaseStatus } from '@onegrid/core/cases/states'
import type { Channel } from '@onegrid/core/catalog/vocabulary'
import type { FastifyBaseLogger } from 'fastify'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { MessageSender } from '../../platform/messaging/sender.ts'
import { type OutboxRow, outboxInsert, type Transport } from '../../platform/outbox/outbox.ts'
import type { CaseChange, CaseRelay } from '../cases/ports.ts'
import type { MessageStore } from './message-store.ts'
import { caseAccepted, caseClosed, caseFollowedUp, type Rendered } from './texts.ts'

export const residentOutboxChannel = 'resident_message'

/** Channels a resident reported through, with a phone to tell them on. */
export const residentChannels: readonly Channel[] = ['citizen', 'hotline', 'platform_12345', 'open311']

/** The outbox payload: which case and what to say. Never the phone: the outbox is a table at rest. */
export type ResidentMessage = {
  caseId: number
  code: string
  news: 'accepted' | 'closed' | 'followed_up'
  /** For `followed_up`: whether the call back reached the resident. */
  reached?: boolean
}

const notAccepted: readonly CaseStatus[] = ['reported', 'rejected', 'merged']

/** What a resident is told of a step, if anything: acceptance (leaving 待受理), closure, the follow-up. */
export function residentNews(change: CaseChange): ResidentMessage | null {
  if (!(residentChannels as readonly string[]).includes(change.channel)) return null
  const base = { caseId: change.caseId, code: change.code }
  if (change.fromStatus === 'reported' && !notAccepted.includes(change.toStatus))
    return { ...base, news: 'accepted' }
  if (change.action === 'close') return { ...base, news: 'closed' }
  if (change.action === 'follow_up')
    return { ...base, news: 'followed_up', reached: change.followUp?.reached ?? true }
  return null
}

/**
 * Residents hear of their case's acceptance, closure and follow-up: a step
 * writes an outbox message in its own statement (told exactly when the step
 * commits), one case's in order. The phone is read and decrypted only when
 * the message is delivered.
 */
export function residentRelay(): CaseRelay {
  return (db, change) => {
    const news = residentNews(change)
    if (!news) return null
    return outboxInsert(
      db,
      {
        channel: residentOutboxChannel,
        destination: `case:${change.code}`,
        payload: news,
        orderingKey: `resident:${change.caseId}`,
        // Backoff doubles to an hour: about nine hours of tries before it shows as dead.
        maxAttempts: 20,
      },
      change.at,
    )
  }
}

/** Delivers residents' messages through the residents' sender (ONEGRID_SENDER). */
export class ResidentMessages implements Transport {
  constructor(
    private readonly deps: {
      store: MessageStore
      pii: PiiCipher
      sender: MessageSender
      log: FastifyBaseLogger
      publicUrl: string | undefined
      /** The citizen page's tracking code of a case it took, or null (other channels have none). */
      trackingCode: (caseId: number) => Promise<string | null>
    },
  ) {}

  async deliver(row: OutboxRow): Promise<void> {
    const message = (
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
    ) as ResidentMessage
    const { store, pii, sender, log } = this.deps
    const reporter = await store.reporterOf(message.caseId)
    if (!reporter?.phoneCipher) {
      // Nothing to retry: the report left no phone (or the case is gone).
      log.debug({ outbox: row.id, case: message.code }, 'resident message: no phone to tell')
      return
    }
    const rendered = await this.render(message)
    await sender.send({
      to: pii.decrypt(reporter.phoneCipher, 'case.reporter'),
      template: rendered.template,
      params: rendered.params,
      text: rendered.text,
    })
  }

  private async render(message: ResidentMessage): Promise<Rendered> {
    switch (message.news) {
      case 'accepted':
        return caseAccepted(message.code)
      case 'closed':
        return caseClosed(message.code, await this.deps.trackingCode(message.caseId), this.deps.publicUrl)
      case 'followed_up':
        return caseFollowedUp(message.code, message.reached ?? true)
    }
  }
}
