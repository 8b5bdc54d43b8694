import { z } from 'zod'
import { placeKinds } from '../registry/places.ts'
import { riskLevels, specialGroupKeys } from '../registry/special-groups.ts'
import { ZPoint } from './cases.ts'
import { ZAreaCode } from './grids.ts'

/**
 * The registry (人、地、事、物、组织): persons, households and the special groups.
 * ID numbers, phones and addresses travel masked; `revealPersonField` returns one
 * in full, with a reason, and is audited. Checks that need more than a shape (an
 * ID number's check digit, a real birth date, the grid) are the service's, so the
 * 400 names the field in the caller's language.
 */

export const documentKinds = [
  'id_card',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent',
  'other',
] as const
export const ZDocumentKind = z.enum(documentKinds)
export const personStatuses = ['active', 'moved_out', 'deceased'] as const
export const ZPersonStatus = z.enum(personStatuses)
export const ZSex = z.enum(['male', 'female', 'unknown'])
export const ZSpecialGroup = z.enum(specialGroupKeys)
export const ZRiskLevel = z.enum(riskLevels)
export const revealableFields = ['document', 'phone', 'address', 'hukouAddress'] as const
export const ZRevealableField = z.enum(revealableFields)

const ZText = (max: number) => z.string().trim().max(max)
const ZTag = z.string().trim().min(1).max(20)
const ZDay = z.iso.date()

/** What a person record says; personal fields in full on the way in only. */
const personFields = {
  name: ZText(50).min(1),
  documentKind: ZDocumentKind,
  /** 公民身份号码 (18, or the old 15 digits) or the number of the other document. */
  documentNumber: ZText(40).min(1).nullable().optional(),
  /** Taken from the ID number when there is one. */
  sex: ZSex.optional(),
  birthDate: ZDay.nullable().optional(),
  /** GB/T 3304 two-digit code. */
  ethnicity: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .optional(),
  /** GB/T 4658 code. */
  education: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .optional(),
  phone: ZText(20).min(1).nullable().optional(),
  /** Where the person lives now (现住地详址). */
  address: ZText(200).min(1).nullable().optional(),
  /** 户籍地 region code (GB/T 2260); from the ID number when not given. */
  hukouRegion: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .optional(),
  hukouAddress: ZText(200).min(1).nullable().optional(),
  /** 流动人口: household registration outside the district. */
  nonLocal: z.boolean().optional(),
  status: ZPersonStatus.optional(),
  tags: z.array(ZTag).max(20).optional(),
  /** The grid, or a point that finds it. */
  gridCode: ZAreaCode.optional(),
  location: ZPoint.optional(),
  householdId: z.number().int().positive().nullable().optional(),
  /** Relation to the householder, GB/T 4761 code. */
  relation: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .optional(),
  note: ZText(500).nullable().optional(),
}

export const ZCreatePerson = z.object(personFields).extend({ documentKind: ZDocumentKind.default('id_card') })
export type TCreatePerson = z.input<typeof ZCreatePerson>

export const ZUpdatePerson = z
  .object(personFields)
  .partial()
  .extend({
    version: z.number().int().positive(),
    /** Why, for the record's history (e.g. 走访核实). */
    reason: ZText(200).optional(),
  })
export type TUpdatePerson = z.input<typeof ZUpdatePerson>

export const ZGroupBadge = z
  .object({ group: ZSpecialGroup, riskLevel: ZRiskLevel })
  .meta({ id: 'GroupBadge' })

export const ZPersonSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    documentKind: ZDocumentKind,
    /** e.g. 110105********002X */
    documentMasked: z.string().nullable(),
    sex: ZSex,
    age: z.number().int().nullable(),
    phoneMasked: z.string().nullable(),
    addressMasked: z.string().nullable(),
    nonLocal: z.boolean(),
    status: ZPersonStatus,
    tags: z.array(z.string()),
    gridCode: z.string(),
    gridName: z.string(),
    householdId: z.number().int().nullable(),
    /** Only for callers who may see special groups (registry.special); empty otherwise. */
    groups: z.array(ZGroupBadge),
    version: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PersonSummary' })
export type TPersonSummary = z.infer<typeof ZPersonSummary>

export const ZGroupMembership = z
  .object({
    id: z.number().int(),
    group: ZSpecialGroup,
    /** The group's typed fields (standards §3). */
    fields: z.record(z.string(), z.unknown()),
    riskLevel: ZRiskLevel,
    riskReason: z.string().nullable(),
    riskSetBy: z.string().nullable(),
    riskSetAt: z.iso.datetime().nullable(),
    helpers: z.array(z.object({ userId: z.number().int(), name: z.string() })),
    visitEveryDays: z.number().int(),
    since: ZDay.nullable(),
    endedOn: ZDay.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'GroupMembership' })
export type TGroupMembership = z.infer<typeof ZGroupMembership>

export const ZHistoryEntry = z
  .object({
    id: z.number().int(),
    action: z.string(),
    /** Field → [before, after]; personal fields masked. */
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
    reason: z.string().nullable(),
    actorName: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'RegistryHistoryEntry' })
export type THistoryEntry = z.infer<typeof ZHistoryEntry>

export const casePartyRoles = ['involved', 'reporter', 'victim', 'responsible', 'location'] as const
export const ZCasePartyRole = z.enum(casePartyRoles)
/** A person, a household, or one of the places and things (places.ts). */
export const ZPartyEntity = z.enum(['person', 'household', ...placeKinds])
export type TPartyEntity = z.infer<typeof ZPartyEntity>

/** A case a record is a party to, as its page lists them (only cases the caller may see). */
export const ZPartyCase = z
  .object({
    id: z.number().int(),
    code: z.string(),
    title: z.string(),
    status: z.string(),
    reportedAt: z.iso.datetime(),
    role: ZCasePartyRole,
  })
  .meta({ id: 'PartyCase' })
export type TPartyCase = z.infer<typeof ZPartyCase>

export const ZLinkCaseParty = z.object({
  entityType: ZPartyEntity,
  entityId: z.number().int().positive(),
  role: ZCasePartyRole.default('involved'),
  note: ZText(200).optional(),
})
export type TLinkCaseParty = z.input<typeof ZLinkCaseParty>

/** A party of a case: the record's label (masked personal data) and its role. */
export const ZCaseParty = z
  .object({
    entityType: ZPartyEntity,
    entityId: z.number().int(),
    role: ZCasePartyRole,
    label: z.string(),
    gridCode: z.string().nullable(),
    note: z.string().nullable(),
    addedAt: z.iso.datetime(),
  })
  .meta({ id: 'CaseParty' })
export type TCaseParty = z.infer<typeof ZCaseParty>
export const ZCaseParties = z.object({ items: z.array(ZCaseParty) }).meta({ id: 'CaseParties' })

export const ZPerson = ZPersonSummary.extend({
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  hukouRegion: z.string().nullable(),
  hukouAddressMasked: z.string().nullable(),
  relation: z.string().nullable(),
  note: z.string().nullable(),
  areaPath: z.string(),
  household: z
    .object({
      id: z.number().int(),
      members: z.array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          relation: z.string().nullable(),
          age: z.number().int().nullable(),
        }),
      ),
    })
    .nullable(),
  memberships: z.array(ZGroupMembership),
  history: z.array(ZHistoryEntry),
  /** Cases this person is a party to, newest first (those the caller may see). */
  cases: z.array(ZPartyCase),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Person' })
export type TPerson = z.infer<typeof ZPerson>

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ZPersonQuery = z.object({
  /** A name, its pinyin or initials (prefix), or part of the name. */
  q: ZText(50).min(1).optional(),
  /** Exact, through the blind index. */
  documentNumber: ZText(40).min(1).optional(),
  phone: ZText(20).min(1).optional(),
  /**
   * Part of a standard address (东湖路21号院, 1单元301): those whose household lives
   * in a registry house with that address, and the current tenants of such houses.
   * A person's own address is encrypted and not searched.
   */
  address: ZText(100).min(2).optional(),
  areaCode: ZAreaCode.optional(),
  tag: ZTag.optional(),
  group: ZSpecialGroup.optional(),
  riskLevel: ZRiskLevel.optional(),
  nonLocal: ZBool.optional(),
  status: ZPersonStatus.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})
export type TPersonQuery = z.input<typeof ZPersonQuery>
/** The same filters, for an export of the whole list. */
export const ZPersonExportQuery = ZPersonQuery.omit({ page: true, pageSize: true })
export type TPersonExportQuery = z.input<typeof ZPersonExportQuery>

export const ZPersonList = z
  .object({
    items: z.array(ZPersonSummary),
    total: z.number().int(),
    totalCapped: z.boolean(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'PersonList' })
export type TPersonList = z.infer<typeof ZPersonList>

export const ZRevealPersonField = z.object({ field: ZRevealableField, reason: ZText(200).min(2) })
export type TRevealPersonField = z.input<typeof ZRevealPersonField>
export const ZRevealed = z
  .object({ field: ZRevealableField, value: z.string().nullable() })
  .meta({ id: 'RevealedField' })

export const ZGroupMembershipInput = z.object({
  group: ZSpecialGroup,
  fields: z.record(z.string(), z.unknown()).default({}),
  riskLevel: ZRiskLevel.default('green'),
  riskReason: ZText(500).optional(),
  helperIds: z.array(z.number().int().positive()).max(10).default([]),
  /** Default from the group and risk level ("five musts"). */
  visitEveryDays: z.number().int().min(1).max(366).optional(),
  since: ZDay.optional(),
})
export type TGroupMembershipInput = z.input<typeof ZGroupMembershipInput>

export const ZUpdateGroupMembership = z.object({
  fields: z.record(z.string(), z.unknown()).optional(),
  helperIds: z.array(z.number().int().positive()).max(10).optional(),
  visitEveryDays: z.number().int().min(1).max(366).optional(),
  endedOn: ZDay.nullable().optional(),
  version: z.number().int().positive(),
})

export type TUpdateGroupMembership = z.input<typeof ZUpdateGroupMembership>

export const ZSetRiskLevel = z.object({
  riskLevel: ZRiskLevel,
  reason: ZText(500).min(2),
  version: z.number().int().positive(),
})
export type TSetRiskLevel = z.input<typeof ZSetRiskLevel>

export const ZPersonIdParams = z.object({ id: z.coerce.number().int().positive() })
export const ZMembershipParams = z.object({ id: z.coerce.number().int().positive(), group: ZSpecialGroup })

export const ZGroupMemberQuery = z.object({
  group: ZSpecialGroup.optional(),
  areaCode: ZAreaCode.optional(),
  riskLevel: ZRiskLevel.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})
export const ZGroupMemberList = z
  .object({
    items: z.array(
      z.object({
        person: ZPersonSummary,
        group: ZSpecialGroup,
        riskLevel: ZRiskLevel,
        riskReason: z.string().nullable(),
        visitEveryDays: z.number().int(),
        helpers: z.array(z.object({ userId: z.number().int(), name: z.string() })),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'GroupMemberList' })
export type TGroupMemberList = z.infer<typeof ZGroupMemberList>
export type TGroupMember = TGroupMemberList['items'][number]

export const ZCreateHousehold = z.object({
  kind: z.enum(['family', 'collective']).default('family'),
  gridCode: ZAreaCode,
  address: ZText(200).min(1).optional(),
  nonLocal: z.boolean().default(false),
  note: ZText(500).optional(),
  /** The registry house it lives in (户 ↔ 房): the house's page lists it, an address search finds its members. */
  houseId: z.number().int().positive().optional(),
  /** Existing persons and their relation to the householder (01 = 户主). */
  members: z
    .array(z.object({ personId: z.number().int().positive(), relation: z.string().regex(/^\d{2}$/) }))
    .max(50)
    .default([]),
})
export type TCreateHousehold = z.input<typeof ZCreateHousehold>

/** Moves a household into a house (or out of one: null), or corrects its address or note, at the version read. */
export const ZUpdateHousehold = z.object({
  houseId: z.number().int().positive().nullable().optional(),
  address: ZText(200).min(1).nullable().optional(),
  nonLocal: z.boolean().optional(),
  note: ZText(500).nullable().optional(),
  version: z.number().int().positive(),
})
export type TUpdateHousehold = z.input<typeof ZUpdateHousehold>

export const ZHousehold = z
  .object({
    id: z.number().int(),
    kind: z.enum(['family', 'collective']),
    gridCode: z.string(),
    gridName: z.string(),
    addressMasked: z.string().nullable(),
    nonLocal: z.boolean(),
    note: z.string().nullable(),
    /** The house it lives in and that house's standard address. */
    houseId: z.number().int().nullable(),
    houseAddress: z.string().nullable(),
    members: z.array(ZPersonSummary.extend({ relation: z.string().nullable() })),
    version: z.number().int(),
  })
  .meta({ id: 'Household' })
export type THousehold = z.infer<typeof ZHousehold>

/** A grid's registry at a glance (the grid's page). */
export const ZRegistrySummary = z
  .object({
    areaCode: z.string(),
    persons: z.number().int(),
    households: z.number().int(),
    nonLocal: z.number().int(),
    elderly: z.number().int(),
    /** Per special group: members and how many are red / yellow. Empty without registry.special. */
    groups: z.array(
      z.object({
        group: ZSpecialGroup,
        members: z.number().int(),
        red: z.number().int(),
        yellow: z.number().int(),
      }),
    ),
    /** Per grid under the area (for the map): active persons and households. */
    grids: z.array(z.object({ code: z.string(), persons: z.number().int(), households: z.number().int() })),
  })
  .meta({ id: 'RegistrySummary' })
export type TRegistrySummary = z.infer<typeof ZRegistrySummary>
export const ZRegistrySummaryQuery = z.object({ areaCode: ZAreaCode.optional() })

export const ZHelperQuery = z.object({ areaCode: ZAreaCode.optional(), q: ZText(30).min(1).optional() })
export const ZHelperList = z
  .object({
    items: z.array(
      z.object({
        userId: z.number().int(),
        name: z.string(),
        role: z.enum(['grid_worker', 'grid_leader', 'supervisor']),
        areaCode: z.string(),
        areaName: z.string(),
      }),
    ),
  })
  .meta({ id: 'RegistryHelperList' })
export type THelperList = z.infer<typeof ZHelperList>
