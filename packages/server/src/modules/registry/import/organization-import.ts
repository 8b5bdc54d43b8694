import type { TCreateOrganization } from '@onegrid/core/api/places'
import {
  type OrganizationKind,
  type OrganizationStatus,
  organizationKindLabels,
  organizationKinds,
  organizationStatuses,
  organizationStatusLabels,
} from '@onegrid/core/registry/places'
import { text } from '../../../platform/http/errors.ts'
import { organizationColumns } from '../places/organizations.ts'
import { yesNo } from './import-fields.ts'
import type { ImportField, ImportKind, StagedRow } from './import-kind.ts'
import type { PlaceImportStore } from './place-import-store.ts'
import { PlaceChecker, type PlaceDraft, placingFields, readPlacing, stagePlace } from './place-rows.ts'
import { piiShapes, type RowCells } from './row-cells.ts'

export const organizationImportFields: readonly ImportField[] = [
  {
    key: 'creditCode',
    zh: '统一社会信用代码',
    en: 'Credit code',
    required: true,
    aliases: ['统一社会信用代码', '社会信用代码', '信用代码', '组织机构代码'],
  },
  {
    key: 'name',
    zh: '单位名称',
    en: 'Name',
    required: true,
    aliases: ['单位名称', '企业名称', '机构名称', '名称', '单位'],
  },
  { key: 'kind', zh: '单位类型', en: 'Kind', required: false, aliases: ['单位类型', '单位性质', '类型'] },
  { key: 'status', zh: '经营状态', en: 'Status', required: false, aliases: ['经营状态', '状态', '登记状态'] },
  { key: 'industry', zh: '所属行业', en: 'Industry', required: false, aliases: ['所属行业', '行业'] },
  {
    key: 'address',
    zh: '单位地址',
    en: 'Address',
    required: true,
    aliases: ['单位地址', '经营地址', '住所', '地址', '详细地址'],
  },
  {
    key: 'legalRepresentative',
    zh: '法定代表人',
    en: 'Legal representative',
    required: false,
    aliases: ['法定代表人', '法人', '负责人', '经营者'],
  },
  {
    key: 'legalRepresentativePhone',
    zh: '法定代表人电话',
    en: 'Legal representative’s phone',
    required: false,
    aliases: ['法定代表人电话', '法人电话', '法人联系电话', '负责人电话'],
    pii: 'phone',
  },
  {
    key: 'employees',
    zh: '从业人员数',
    en: 'Employees',
    required: false,
    aliases: ['从业人员数', '从业人数', '员工人数', '职工人数'],
  },
  {
    key: 'safetyContact',
    zh: '安全负责人',
    en: 'Safety contact',
    required: false,
    aliases: ['安全负责人', '安全管理人', '消防安全责任人'],
  },
  {
    key: 'safetyContactPhone',
    zh: '安全负责人电话',
    en: 'Safety contact’s phone',
    required: false,
    aliases: ['安全负责人电话', '安全管理人电话', '消防安全责任人电话'],
    pii: 'phone',
  },
  {
    key: 'keyFireUnit',
    zh: '消防重点单位',
    en: 'Key fire-safety unit',
    required: false,
    aliases: ['消防重点单位', '消防安全重点单位', '是否消防重点单位'],
  },
  ...placingFields,
]

const shapes = piiShapes(organizationImportFields)

function labelled<K extends string>(
  codes: readonly K[],
  labels: Readonly<Record<K, { zh: string }>>,
): (v: string) => K | null {
  return (v) => codes.find((c) => c === v || labels[c].zh === v) ?? null
}
const kindOf = labelled(organizationKinds, organizationKindLabels)
const statusOf = labelled(organizationStatuses, organizationStatusLabels)

/**
 * What an organization is when the sheet does not say, from the credit code's
 * registrar and kind characters (GB 32100): 91 企业, 92 个体工商户, 11 机关,
 * 12 事业单位, 5x 社会组织.
 */
export function kindFromCreditCode(code: string): OrganizationKind {
  const head = code.slice(0, 2)
  if (head === '91') return 'enterprise'
  if (head === '92') return 'individual_business'
  if (head === '11') return 'government'
  if (head === '12') return 'public_institution'
  if (head[0] === '5') return 'social_organization'
  return 'other'
}

type OrganizationDraft = PlaceDraft & { creditCode: string | null }

/** An organizations sheet: one row per 统一社会信用代码, the contacts' phones encrypted like a form's. */
class OrganizationChecker extends PlaceChecker<OrganizationDraft> {
  protected draft(rowNo: number, row: RowCells): OrganizationDraft {
    const { ctx } = this
    const name = row.get('name')
    const draft: OrganizationDraft = { ...readPlacing(row, rowNo, name || null), creditCode: null }
    if (name === '') row.fail('name', text('单位名称不能为空', 'The name is missing'))
    else if (name.length > 100) row.fail('name', text('单位名称不能超过 100 个字', 'At most 100 characters'))
    const address = row.get('address')
    if (address === '') row.fail('address', text('单位地址不能为空', 'The address is missing'))
    else if (address.length > 200)
      row.fail('address', text('地址不能超过 200 个字', 'At most 200 characters'))
    const creditCode = row.get('creditCode')
    if (creditCode === '')
      row.fail('creditCode', text('统一社会信用代码不能为空', 'The credit code is missing'))
    const kind: OrganizationKind | null | undefined = row.coded('kind', kindOf, text('单位类型', 'Kind'))
    const status: OrganizationStatus | null | undefined = row.coded(
      'status',
      statusOf,
      text('经营状态', 'Status'),
    )
    const keyFire = row.get('keyFireUnit')
    const keyFireUnit = keyFire === '' ? false : yesNo(keyFire)
    if (keyFireUnit === null) row.fail('keyFireUnit', text('应为 是 或 否', 'Must be 是 or 否'))
    const input: Partial<TCreateOrganization> = {
      name,
      address,
      status: status ?? 'operating',
      keyFireUnit: keyFireUnit ?? false,
      industry: row.short('industry', 50) ?? null,
      legalRepresentative: row.short('legalRepresentative', 50) ?? null,
      safetyContact: row.short('safetyContact', 50) ?? null,
      employees: row.integer('employees', 0, 1_000_000) ?? null,
      ...(creditCode === '' ? {} : { creditCode }),
    }
    for (const phone of ['legalRepresentativePhone', 'safetyContactPhone'] as const) {
      const v = row.get(phone)
      if (v !== '') input[phone] = v
    }
    const { columns, errors } = organizationColumns(ctx.pii, input)
    for (const [field, message] of Object.entries(errors)) row.fail(field, message)
    if (typeof columns.credit_code === 'string') {
      draft.creditCode = columns.credit_code
      columns.kind = kind ?? kindFromCreditCode(columns.credit_code)
      const first = this.seen.get(columns.credit_code)
      if (first !== undefined)
        row.fail('creditCode', text(`与第 ${first} 行的信用代码重复`, `The same credit code as row ${first}`))
      else this.seen.set(columns.credit_code, rowNo)
    }
    // tags and note come from the placing columns; the rest from the organization's own.
    const { tags: _tags, note: _note, ...own } = columns
    Object.assign(draft.payload, own)
    return draft
  }

  async settle(): Promise<StagedRow[]> {
    const batch = this.take()
    const recorded = await this.store.organizations(
      batch.flatMap((d) => (d.row.ok && d.creditCode ? [d.creditCode] : [])),
    )
    const staged: StagedRow[] = []
    for (const d of batch) {
      if (d.creditCode && recorded.has(d.creditCode))
        d.row.fail(
          'creditCode',
          text(
            '该统一社会信用代码已登记，请查找已有单位后修改',
            'An organization with this credit code is recorded already',
          ),
        )
      staged.push(await stagePlace(this.ctx, d, null))
    }
    return staged
  }
}

const organizationColumnsMoved = [
  'credit_code',
  'name',
  'kind',
  'status',
  'industry',
  'address',
  'legal_representative',
  'legal_phone_cipher',
  'legal_phone_masked',
  'employees',
  'safety_contact',
  'safety_phone_cipher',
  'safety_phone_masked',
  'key_fire_unit',
  'note',
] as const

/** 单位: organizations. */
export function organizationImport(store: PlaceImportStore): ImportKind {
  return {
    name: 'organizations',
    entityType: 'organization',
    word: text('单位', 'Organizations'),
    fields: organizationImportFields,
    checker: (ctx) => new OrganizationChecker(ctx, store, shapes),
    commit: async (trx, importId, actor, at) => ({
      rows: await store.commit(
        trx,
        'registry_organizations',
        organizationColumnsMoved,
        'organization',
        importId,
        actor,
        at,
      ),
      households: null,
      gridsOfHouseholds: [],
    }),
  }
}
