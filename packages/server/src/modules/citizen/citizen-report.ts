import { randomInt } from 'node:crypto'
import type { ZReportCase } from '@onegrid/core/api/cases'
import type {
  TCitizenAddress,
  TCitizenCategory,
  TCitizenReceipt,
  ZCitizenReport,
} from '@onegrid/core/api/citizen'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { isUniqueViolation } from '../../platform/db/sql-text.ts'
import { TooManyRequests, text, Unavailable, ValidationError } from '../../platform/http/errors.ts'
import type { NonceStore } from '../../platform/webhooks/nonces.ts'
import type { CaseAttachments } from '../cases/attachments.ts'
import type { CaseQueries } from '../cases/queries.ts'
import type { ReportCase } from '../cases/report-case.ts'
import type { CatalogQueries } from '../catalog/queries.ts'
import type { Challenges } from './challenge.ts'
import type { CitizenQueries } from './citizen-queries.ts'
import type { CitizenStore } from './citizen-store.ts'
import type { CitizenSession, PhoneVerification } from './phone-verification.ts'

type ReportInput = z.output<typeof ZCitizenReport>

export type CitizenLimits = {
  /** Reports per phone in 24 hours: beyond it, refused. */
  reportsPerPhoneDay: number
  /** From this many reports of a phone in 24 hours, the question is asked. */
  challengeAfterPhone: number
  /** From this many reports of one address in 24 hours, the question is asked. */
  challengeAfterAddress: number
  photosPerPhoneDay: number
}

export const defaultCitizenLimits: CitizenLimits = {
  reportsPerPhoneDay: 10,
  challengeAfterPhone: 3,
  challengeAfterAddress: 5,
  photosPerPhoneDay: 30,
}

/** Tracking codes: ten characters without 0/O, 1/I/L — easy to read out over the phone. */
const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const newTrackingCode = () =>
  Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('')

/**
 * A resident's report from the citizen page (C13): a verified phone, a
 * category in plain words, a place (pin or registry address), photos sent
 * before. It becomes a case on the `citizen` channel through the one
 * `reportCase` path, entered as the citizen page's operator account; the
 * device's `clientKey` makes a retry over a bad connection return the same
 * report. The tracking code is the resident's key to follow and rate it.
 */
export class CitizenReporting {
  constructor(
    private readonly deps: {
      account: string
      phones: PhoneVerification
      store: CitizenStore
      queries: CitizenQueries
      cases: CaseQueries
      catalog: CatalogQueries
      report: ReportCase
      attachments: CaseAttachments
      challenges: Challenges
      nonces: NonceStore
      principalOf: (username: string) => Promise<UserPrincipal | null>
      clock: Clock
      log: FastifyBaseLogger
      limits?: CitizenLimits
    },
  ) {}

  private get limits(): CitizenLimits {
    return this.deps.limits ?? defaultCitizenLimits
  }

  /** The account reports are entered as: an operator of the district. */
  async account(): Promise<UserPrincipal> {
    const account = await this.deps.principalOf(this.deps.account)
    if (!account?.roles.includes('operator')) {
      this.deps.log.error({ account: this.deps.account }, 'citizen page account missing or not an operator')
      throw new Unavailable(text('群众上报暂不可用，请拨打 12345', 'Reporting is unavailable; call 12345'))
    }
    return account
  }

  /** What a resident may choose: admitted items a report needs nothing more for, by group. */
  async categories(): Promise<TCitizenCategory[]> {
    const [items, majors] = await Promise.all([this.deps.catalog.currentItems(), this.deps.catalog.majors()])
    const groups = new Map(majors.map((m) => [m.code, m.name]))
    return items
      .filter(
        (i) =>
          !i.retired &&
          i.rules.admission.admitted &&
          !i.rules.fields.some((f) => f.required && f.forms.includes('report')),
      )
      .map((i) => ({
        code: i.code,
        name: i.rules.name,
        description: i.rules.description,
        group: groups.get(i.majorCode) ?? i.majorCode,
      }))
  }

  async addresses(words: string): Promise<TCitizenAddress[]> {
    return this.deps.queries.addresses(words, 10)
  }

  async uploadPhoto(
    session: CitizenSession,
    bytes: Buffer,
  ): Promise<{ id: number; kind: string; size: number }> {
    const now = this.deps.clock.now()
    if ((await this.deps.store.photosToday(session.phoneIndex, now)) >= this.limits.photosPerPhoneDay)
      throw limited(text('今天上传的照片已达上限', 'You have sent the most photos allowed today'))
    const made = await this.deps.attachments.upload(await this.account(), bytes, ['image'])
    await this.deps.store.insertPhoto(made.id, session.phoneIndex, now)
    return { id: made.id, kind: made.kind, size: made.size }
  }

  async report(session: CitizenSession, input: ReportInput, from: Actor): Promise<TCitizenReceipt> {
    const { deps } = this
    const intakeKey = `citizen:${input.clientKey}`
    const ipIndex = deps.phones.addressIndex(from.ip)
    const earlier = await deps.cases.byIntakeKey(intakeKey)
    if (earlier === undefined) await this.screen(session, ipIndex, input)

    const location =
      input.location ?? (input.address ? await deps.queries.buildingAt(input.address) : undefined)
    if (!location)
      throw new ValidationError({
        location: text(
          '请在地图上标出位置，或选择一个地址',
          'Mark the place on the map or choose an address',
        ),
      })
    if (input.photoIds.length > 0 && earlier === undefined) {
      const own = new Set(await deps.store.ownFreePhotos(session.phoneIndex, input.photoIds))
      if (input.photoIds.some((id) => !own.has(id)))
        throw new ValidationError({
          photoIds: text('照片已失效，请重新上传', 'A photo is no longer available; send it again'),
        })
    }

    const account = await this.account()
    const actor: Actor = { ...from, userId: account.userId, name: 'citizen' }
    const report: z.output<typeof ZReportCase> = {
      itemCode: input.itemCode,
      channel: 'citizen',
      description: input.description,
      ...(input.address ? { address: input.address } : {}),
      location,
      urgency: 'normal',
      reporter: { ...(input.name ? { name: input.name } : {}), phone: session.phone, anonymous: false },
      fields: {},
      attachmentIds: input.photoIds,
      selfHandle: false,
      handlingFields: {},
    }
    const { created, case: made } = await deps.report.report(account, actor, report, intakeKey)
    const recorded = await this.record(made.id, ipIndex)
    if (recorded.phoneIndex !== session.phoneIndex)
      // Another phone's key: say nothing about that report.
      throw new ValidationError({ clientKey: text('请重新提交', 'Submit again') })
    return {
      trackingCode: recorded.trackingCode,
      caseCode: made.code,
      status: made.status,
      duplicate: !created,
    }
  }

  /** The limits of a new report: a cap per phone, and the question after repeated ones. */
  private async screen(session: CitizenSession, ipIndex: string, input: ReportInput): Promise<void> {
    const { deps, limits } = this
    const now = deps.clock.now()
    const counts = await deps.store.reportCounts(session.phoneIndex, ipIndex, now)
    if (counts.phoneDay >= limits.reportsPerPhoneDay)
      throw limited(
        text('今天反映的问题已达上限，请拨打 12345', 'You have reported the most allowed today; call 12345'),
      )
    if (counts.phoneDay < limits.challengeAfterPhone && counts.ipDay < limits.challengeAfterAddress) return
    const answered = input.challenge
      ? deps.challenges.check(input.challenge.id, input.challenge.answer, now)
      : null
    if (answered && (await deps.nonces.claim('citizen-challenge', answered, now))) return
    const refusal = new ValidationError({
      challenge: input.challenge
        ? text('答案不正确，请再试一次', 'That is not the answer; try again')
        : text('请先回答验证问题', 'Answer the question first'),
    })
    refusal.details = { challenge: deps.challenges.issue(now) }
    throw refusal
  }

  /** The report's tracking code, made once; a retry finds the one the case has. */
  private async record(caseId: number, ipIndex: string) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deps.store.recordReport({
          caseId,
          trackingCode: newTrackingCode(),
          ipIndex,
          now: this.deps.clock.now(),
        })
      } catch (err) {
        // Two reports drew the same code (31^10 makes it rare): draw again.
        if (!isUniqueViolation(err) || attempt >= 3) throw err
      }
    }
  }
}

function limited(message: ReturnType<typeof text>): TooManyRequests {
  const e = new TooManyRequests(message)
  e.details = { retryAfter: 86_400 }
  return e
}
