import { z } from 'zod'
import { citizenStages, plainStepKinds } from '../citizen/plain-steps.ts'
import { ZPoint } from './cases.ts'

/**
 * The citizen page's API (C13): residents report, follow and rate their
 * cases. Everything a resident reads is in plain words, without staff names,
 * and every point shown publicly is blurred to about 100 m.
 */

export const ZMobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号 / an 11-digit mobile number')

export const ZPhoneCodeRequest = z.object({ phone: ZMobile }).meta({ id: 'PhoneCodeRequest' })

export const ZPhoneCodeSent = z
  .object({
    /** The number the code went to, masked. */
    phone: z.string(),
    /** Seconds before another code may be asked for. */
    resendAfter: z.number().int(),
    /** Seconds the code stays valid. */
    validFor: z.number().int(),
  })
  .meta({ id: 'PhoneCodeSent' })
export type TPhoneCodeSent = z.infer<typeof ZPhoneCodeSent>

export const ZPhoneCodeVerify = z
  .object({
    phone: ZMobile,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '请填写 6 位验证码 / the 6-digit code'),
  })
  .meta({ id: 'PhoneCodeVerify' })

/** A verified phone's session on this device: sent back as `Authorization: Citizen <token>`. */
export const ZCitizenSession = z
  .object({ token: z.string(), phone: z.string(), expiresAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'CitizenSession' })
export type TCitizenSession = z.infer<typeof ZCitizenSession>

/** A category in plain words: the catalog item a resident may choose, with its group. */
export const ZCitizenCategory = z
  .object({ code: z.string(), name: z.string(), description: z.string(), group: z.string() })
  .meta({ id: 'CitizenCategory' })
export type TCitizenCategory = z.infer<typeof ZCitizenCategory>

export const ZCitizenAddress = z
  .object({ address: z.string(), lng: z.number(), lat: z.number() })
  .meta({ id: 'CitizenAddress' })
export type TCitizenAddress = z.infer<typeof ZCitizenAddress>

export const ZAddressSearch = z.object({ q: z.string().trim().min(2, '至少 2 个字 / 2+ characters').max(60) })

/** A question to answer after repeated reports (a sum of two small numbers), signed by the server. */
export const ZCitizenChallenge = z
  .object({ id: z.string(), question: z.string() })
  .meta({ id: 'CitizenChallenge' })
export type TCitizenChallenge = z.infer<typeof ZCitizenChallenge>

export const ZCitizenReport = z
  .object({
    /** Made once per report on the device: a retry after a lost answer returns the same report. */
    clientKey: z.uuid('clientKey 应为 UUID / a UUID'),
    itemCode: z.string().regex(/^[0-9A-Z]{2,12}$/, '请选择问题类别 / choose what kind of problem'),
    description: z
      .string()
      .trim()
      .min(5, '请描述问题（至少 5 个字） / describe the problem (5+ characters)')
      .max(1000),
    location: ZPoint.optional(),
    address: z.string().trim().max(200).optional(),
    name: z.string().trim().min(1).max(40).optional(),
    /** Photos uploaded before (uploadCitizenPhoto). */
    photoIds: z.array(z.number().int().positive()).max(6).default([]),
    challenge: z.object({ id: z.string(), answer: z.string().trim().max(10) }).optional(),
  })
  .meta({ id: 'CitizenReport' })
export type TCitizenReport = z.input<typeof ZCitizenReport>

export const ZCitizenReceipt = z
  .object({ trackingCode: z.string(), caseCode: z.string(), status: z.string(), duplicate: z.boolean() })
  .meta({ id: 'CitizenReceipt' })
export type TCitizenReceipt = z.infer<typeof ZCitizenReceipt>

export const ZCitizenPhoto = z
  .object({ id: z.number().int(), kind: z.string(), size: z.number().int() })
  .meta({ id: 'CitizenPhoto' })

export const satisfactions = ['satisfied', 'basically', 'unsatisfied'] as const

export const ZCitizenStep = z.object({
  at: z.iso.datetime({ offset: true }),
  /** What happened; the page words it (已受理, 已派至职能部门 …). Never who did it. */
  kind: z.enum(plainStepKinds),
  /** The department it went to (dispatch steps). */
  unit: z.string().nullable(),
  /** Why it was not accepted (reject steps). */
  note: z.string().nullable(),
})

export const ZCitizenTrack = z
  .object({
    trackingCode: z.string(),
    caseCode: z.string(),
    category: z.string(),
    description: z.string(),
    address: z.string().nullable(),
    status: z.string(),
    /** The status in plain words. */
    stage: z.enum(citizenStages),
    reportedAt: z.iso.datetime({ offset: true }),
    closedAt: z.iso.datetime({ offset: true }).nullable(),
    steps: z.array(ZCitizenStep),
    /** Closed and not rated yet, and the caller is the verified reporter. */
    canRate: z.boolean(),
    rating: z
      .object({
        satisfaction: z.enum(satisfactions),
        comment: z.string().nullable(),
        at: z.iso.datetime({ offset: true }),
      })
      .nullable(),
  })
  .meta({ id: 'CitizenTrack' })
export type TCitizenTrack = z.infer<typeof ZCitizenTrack>

export const ZTrackingParams = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{8,12}$/, '查询码为 10 位字母和数字 / a 10-character tracking code'),
})

export const ZCitizenRate = z
  .object({
    satisfaction: z.enum(satisfactions, '请选择满意程度 / choose how satisfied you are'),
    comment: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'CitizenRate' })

export const ZCitizenReportSummary = z
  .object({
    trackingCode: z.string(),
    caseCode: z.string(),
    category: z.string(),
    description: z.string(),
    stage: ZCitizenTrack.shape.stage,
    reportedAt: z.iso.datetime({ offset: true }),
    canRate: z.boolean(),
  })
  .meta({ id: 'CitizenReportSummary' })
export type TCitizenReportSummary = z.infer<typeof ZCitizenReportSummary>

/** A handled case on the public map: no person, the point blurred to about 100 m. */
export const ZPublicCase = z
  .object({
    /** The case's code (public anyway: Open311 shows it). */
    id: z.string(),
    category: z.string(),
    group: z.string(),
    stage: ZCitizenTrack.shape.stage,
    reportedAt: z.iso.datetime({ offset: true }),
    closedAt: z.iso.datetime({ offset: true }).nullable(),
    lng: z.number(),
    lat: z.number(),
    /** Thumbnails of photos a moderator approved. */
    photos: z.array(z.string()),
  })
  .meta({ id: 'PublicCase' })
export type TPublicCase = z.infer<typeof ZPublicCase>

export const ZPublicCaseQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(90),
})

export const ZPublicCaseList = z
  .object({ items: z.array(ZPublicCase), blurMeters: z.number(), days: z.number().int() })
  .meta({ id: 'PublicCaseList' })
export type TPublicCaseList = z.infer<typeof ZPublicCaseList>

/** Photos residents sent, waiting for a moderator before they may be public. */
export const ZModerationItem = z
  .object({
    attachmentId: z.number().int(),
    caseId: z.number().int().nullable(),
    caseCode: z.string().nullable(),
    uploadedAt: z.iso.datetime({ offset: true }),
    status: z.enum(['pending', 'approved', 'rejected']),
  })
  .meta({ id: 'ModerationItem' })
export type TModerationItem = z.infer<typeof ZModerationItem>

export const ZModerationDecision = z
  .object({ decision: z.enum(['approved', 'rejected'], '请选择通过或驳回 / approve or reject') })
  .meta({ id: 'ModerationDecision' })
