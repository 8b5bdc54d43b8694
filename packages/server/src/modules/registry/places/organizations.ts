import type {
  TOrganization,
  TOrganizationList,
  TOrganizationSummary,
  ZCreateOrganization,
  ZPlaceQuery,
  ZUpdateOrganization,
} from '@onegrid/core/api/places'
import { creditKindLabel, creditRegistrars, parseCreditCode } from '@onegrid/core/registry/credit-code'
import { normalizePhone } from '@onegrid/core/registry/phone'
import {
  type OrganizationKind,
  type OrganizationStatus,
  organizationKinds,
  organizationStatuses,
} from '@onegrid/core/registry/places'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import { maskPhone } from '../../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import { type LocalText, text, ValidationError } from '../../../platform/http/errors.ts'
import type { HouseService } from './houses.ts'
import type { PlaceRecords } from './place-records.ts'
import { type PlaceRowBase, type PlaceSpec, presentBase } from './place-spec.ts'
import type { PlaceColumns } from './place-store.ts'

type OrganizationRow = PlaceRowBase & {
  creditCode: string
  name: string
  kind: OrganizationKind
  status: OrganizationStatus
  industry: string | null
  address: string
  legalRepresentative: string | null
  legalPhoneMasked: string | null
  employees: number | null
  safetyContact: string | null
  safetyPhoneMasked: string | null
  keyFireUnit: boolean
}

/** Ciphertext contexts of an organization's phones: a value moved to another column fails to decrypt. */
export const organizationPiiContexts = {
  legal: 'organization.legal_phone',
  safety: 'organization.safety_phone',
}

/** What the credit code's first two characters say, e.g. 市场监管 · 企业. */
function registeredAs(code: string): string | null {
  const registrar = creditRegistrars.find((r) => r.code === code[0])
  const kind = creditKindLabel(code[0] ?? '', code[1] ?? '')
  if (!registrar) return null
  return kind ? `${registrar.zh} · ${kind}` : registrar.zh
}

export const organizationSpec: PlaceSpec<OrganizationRow, TOrganizationSummary> = {
  kind: 'organization',
  table: 'registry_organizations',
  word: text('单位', 'Organization'),
  select: sql`
    t.credit_code AS "creditCode", t.name, t.kind, t.status, t.industry, t.address,
    t.legal_representative AS "legalRepresentative", t.legal_phone_masked AS "legalPhoneMasked",
    t.employees, t.safety_contact AS "safetyContact", t.safety_phone_masked AS "safetyPhoneMasked",
    t.key_fire_unit AS "keyFireUnit"`,
  searchable: ['name', 'address', 'credit_code', 'legal_representative'],
  filters: {
    kind: { column: 'kind', values: organizationKinds },
    state: { column: 'status', values: organizationStatuses },
  },
  order: sql`t.name, t.id`,
  label: sql`t.name`,
  mapState: sql`t.kind`,
  present: (r) => ({
    ...presentBase(r),
    creditCode: r.creditCode,
    registeredAs: registeredAs(r.creditCode),
    name: r.name,
    kind: r.kind,
    status: r.status,
    industry: r.industry,
    address: r.address,
    legalRepresentative: r.legalRepresentative,
    legalRepresentativePhoneMasked: r.legalPhoneMasked,
    employees: r.employees,
    safetyContact: r.safetyContact,
    safetyContactPhoneMasked: r.safetyPhoneMasked,
    keyFireUnit: r.keyFireUnit,
  }),
  uniques: {
    registry_organizations_credit_code_key: {
      field: 'creditCode',
      message: text(
        '该统一社会信用代码已登记，请查找已有单位后修改',
        'An organization with this credit code is recorded already',
      ),
    },
  },
  secrets: {
    legalRepresentativePhone: { column: 'legal_phone_cipher', context: organizationPiiContexts.legal },
    safetyContactPhone: { column: 'safety_phone_cipher', context: organizationPiiContexts.safety },
  },
}

const creditReasons: Record<'format' | 'check_char', LocalText> = {
  format: text(
    '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）',
    'A unified social credit code has 18 digits or capital letters (no I, O, Z, S, V)',
  ),
  check_char: text('统一社会信用代码校验位不正确，请核对', 'The credit code’s check character is wrong'),
}

type OrganizationInput = Partial<z.output<typeof ZCreateOrganization>>

/** The columns an organization's fields become, the phones encrypted; or the fields that are wrong. */
export function organizationColumns(
  pii: PiiCipher,
  input: OrganizationInput,
): { columns: PlaceColumns; errors: Record<string, LocalText> } {
  const errors: Record<string, LocalText> = {}
  const columns: PlaceColumns = {
    name: input.name,
    kind: input.kind,
    status: input.status,
    industry: input.industry,
    address: input.address,
    legal_representative: input.legalRepresentative,
    employees: input.employees,
    safety_contact: input.safetyContact,
    key_fire_unit: input.keyFireUnit,
    tags: input.tags,
    note: input.note,
  }
  if (input.creditCode !== undefined) {
    const parsed = parseCreditCode(input.creditCode)
    if (parsed.ok) columns.credit_code = parsed.value
    else errors.creditCode = creditReasons[parsed.reason]
  }
  const phones = [
    ['legalRepresentativePhone', 'legal_phone', organizationPiiContexts.legal],
    ['safetyContactPhone', 'safety_phone', organizationPiiContexts.safety],
  ] as const
  for (const [field, column, context] of phones) {
    const raw = input[field]
    if (raw === undefined) continue
    if (raw === null) {
      columns[`${column}_cipher`] = null
      columns[`${column}_masked`] = null
      continue
    }
    const phone = normalizePhone(raw)
    if (!phone) {
      errors[field] = text('请填写有效的电话号码', 'Enter a valid phone number')
      continue
    }
    columns[`${column}_cipher`] = pii.encrypt(phone.value, context)
    columns[`${column}_masked`] = maskPhone(phone.value)
  }
  return { columns, errors }
}

/** 单位/组织: enterprises, shops, social organizations; their contacts' phones kept encrypted. */
export class OrganizationService {
  constructor(
    private readonly records: PlaceRecords,
    private readonly houses: () => HouseService,
  ) {}

  async create(
    p: UserPrincipal,
    actor: Actor,
    input: z.output<typeof ZCreateOrganization>,
  ): Promise<TOrganization> {
    const { columns, errors } = organizationColumns(this.records.ports.pii, input)
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const placed = await this.records.placed(p, input)
    if (!placed) throw new Error('a new organization is always placed')
    const id = await this.records.create(p, actor, organizationSpec, columns, placed)
    return this.get(p, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: z.output<typeof ZUpdateOrganization>,
  ): Promise<TOrganization> {
    const before = await this.records.inScope(p, organizationSpec, id)
    const { columns, errors } = organizationColumns(this.records.ports.pii, input)
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const placed = await this.records.placed(p, input, before)
    await this.records.update(p, actor, organizationSpec, before, input, columns, placed)
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TOrganization> {
    const { summary, history, cases, createdAt } = await this.records.detail(p, organizationSpec, id)
    return { ...summary, history, cases, createdAt, houses: await this.houses().ofOrganization(p, id) }
  }

  search(p: UserPrincipal, input: z.output<typeof ZPlaceQuery>): Promise<TOrganizationList> {
    return this.records.search(p, organizationSpec, input)
  }
}
