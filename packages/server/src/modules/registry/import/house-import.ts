import { parseCreditCode } from '@onegrid/core/registry/credit-code'
import { parseIdNumber } from '@onegrid/core/registry/id-number'
import { type HouseUse, houseAddress, houseUseLabels, houseUses } from '@onegrid/core/registry/places'
import { text } from '../../../platform/http/errors.ts'
import { documentIndex } from '../person-input.ts'
import { dateOf, yesNo } from './import-fields.ts'
import type { ImportField, ImportKind, StagedRow } from './import-kind.ts'
import type { BuildingRef, PlaceImportStore } from './place-import-store.ts'
import { PlaceChecker, type PlaceDraft, placingFields, readPlacing, stagePlace } from './place-rows.ts'
import { piiShapes, type RowCells } from './row-cells.ts'

export const houseImportFields: readonly ImportField[] = [
  {
    key: 'buildingCode',
    zh: '楼栋编码',
    en: 'Building code',
    required: false,
    aliases: ['楼栋编码', '楼栋代码', '楼栋编号', '建筑物编码'],
  },
  { key: 'unit', zh: '单元', en: 'Unit', required: false, aliases: ['单元', '单元号'] },
  { key: 'floor', zh: '楼层', en: 'Floor', required: false, aliases: ['楼层', '所在楼层', '层'] },
  {
    key: 'roomNo',
    zh: '房号',
    en: 'Room',
    required: true,
    aliases: ['房号', '房间号', '室号', '门牌号', '户室号'],
  },
  {
    key: 'address',
    zh: '房屋地址',
    en: 'Address',
    required: false,
    aliases: ['房屋地址', '地址', '详细地址', '门牌地址', '标准地址'],
  },
  {
    key: 'areaM2',
    zh: '建筑面积',
    en: 'Floor area (m²)',
    required: false,
    aliases: ['建筑面积', '面积', '房屋面积', '使用面积'],
  },
  {
    key: 'use',
    zh: '房屋用途',
    en: 'Use',
    required: true,
    aliases: ['房屋用途', '用途', '使用情况', '房屋状态', '居住类型'],
  },
  { key: 'rooms', zh: '出租间数', en: 'Rooms let', required: false, aliases: ['出租间数', '间数', '房间数'] },
  {
    key: 'ownerName',
    zh: '产权人',
    en: 'Owner',
    required: false,
    aliases: ['产权人', '产权人姓名', '房主', '业主', '房东'],
  },
  {
    key: 'ownerDocument',
    zh: '产权人身份证号',
    en: 'Owner’s ID number',
    required: false,
    aliases: ['产权人身份证号', '产权人证件号码', '房主身份证号', '业主身份证号'],
    pii: 'document',
  },
  {
    key: 'ownerCreditCode',
    zh: '产权单位信用代码',
    en: 'Owner organization’s credit code',
    required: false,
    aliases: ['产权单位信用代码', '产权单位统一社会信用代码', '产权单位代码'],
  },
  {
    key: 'tenantDocument',
    zh: '租户身份证号',
    en: 'Tenant’s ID number',
    required: false,
    aliases: ['租户身份证号', '承租人身份证号', '租客身份证号', '租户证件号码', '承租人证件号码'],
    pii: 'document',
  },
  {
    key: 'tenancyStart',
    zh: '起租日期',
    en: 'Let from',
    required: false,
    aliases: ['起租日期', '租赁开始日期', '租住开始日期', '入住日期'],
  },
  {
    key: 'tenancyEnd',
    zh: '到期日期',
    en: 'Let until',
    required: false,
    aliases: ['到期日期', '租赁结束日期', '租住结束日期', '租期截止'],
  },
  {
    key: 'contractNo',
    zh: '租赁合同编号',
    en: 'Contract number',
    required: false,
    aliases: ['租赁合同编号', '合同编号'],
  },
  {
    key: 'registered',
    zh: '登记备案',
    en: 'Registered with the police',
    required: false,
    aliases: ['登记备案', '是否备案', '已备案'],
  },
  ...placingFields,
]

const shapes = piiShapes(houseImportFields)

/** The words offices write for a house's use, besides the console's own labels. */
const useWords: Readonly<Record<string, HouseUse>> = {
  出租屋: 'rental',
  出租房: 'rental',
  租赁: 'rental',
  自住房: 'owner_occupied',
  自用: 'owner_occupied',
  闲置: 'vacant',
  空房: 'vacant',
  商铺: 'business',
  门面: 'business',
  经营性: 'business',
}

function houseUseOf(v: string): HouseUse | null {
  const hit = houseUses.find((u) => u === v || houseUseLabels[u].zh === v)
  return hit ?? useWords[v] ?? null
}

type HouseDraft = PlaceDraft & {
  buildingCode: string | null
  unit: string | null
  roomNo: string
  ownerIndex: string | null
  ownerCreditCode: string | null
  tenantIndex: string | null
}

const roomKey = (buildingId: number, unit: string | null, roomNo: string) =>
  `${buildingId}|${unit ?? ''}|${roomNo}`

/**
 * A houses sheet: a room of a building named by its code (its grid, point
 * and address then default from the building) or a house standing alone
 * with its address; the owner by name, by ID number (a registry person) or
 * by credit code (a registry organization).
 */
class HouseChecker extends PlaceChecker<HouseDraft> {
  protected draft(rowNo: number, row: RowCells): HouseDraft {
    const { ctx } = this
    const roomNo = row.get('roomNo')
    const address = row.short('address', 200)
    const draft: HouseDraft = {
      ...readPlacing(row, rowNo, address ?? null),
      buildingCode: null,
      unit: row.short('unit', 10) ?? null,
      roomNo,
      ownerIndex: null,
      ownerCreditCode: null,
      tenantIndex: null,
    }
    const { payload } = draft
    if (roomNo === '') row.fail('roomNo', text('房号不能为空', 'The room is missing'))
    else if (roomNo.length > 20) row.fail('roomNo', text('房号不能超过 20 个字', 'At most 20 characters'))
    payload.room_no = roomNo
    payload.unit = draft.unit
    payload.address = address ?? null
    payload.floor = row.integer('floor', -20, 200) ?? null
    payload.area_m2 = row.positive('areaM2', 100_000) ?? null
    payload.rooms = row.integer('rooms', 0, 500) ?? null
    const use = row.coded('use', houseUseOf, text('房屋用途', 'Use'))
    if (use === undefined)
      row.fail(
        'use',
        text('请填写房屋用途：自住、出租、空置、经营或其他', 'Write the use: 自住, 出租, 空置, 经营 or 其他'),
      )
    payload.use = use ?? null
    payload.owner_name = row.short('ownerName', 50) ?? null

    const building = row.get('buildingCode')
    if (building !== '') {
      if (/^\d{17}$/.test(building)) draft.buildingCode = building
      else
        row.fail(
          'buildingCode',
          text('楼栋编码应为 17 位数字（社区编码 + 5 位楼栋号）', 'A building code has 17 digits'),
        )
    } else if (!address)
      row.fail('address', text('独立房屋请填写地址', 'A house outside a building needs its address'))

    const ownerDocument = row.get('ownerDocument')
    if (ownerDocument !== '') {
      const parsed = parseIdNumber(ownerDocument, ctx.today)
      if (parsed.ok) draft.ownerIndex = documentIndex(ctx.pii, 'id_card', parsed.value)
      else row.fail('ownerDocument', text('产权人身份证号不正确', 'The owner’s ID number is not valid'))
    }
    const ownerCredit = row.get('ownerCreditCode')
    if (ownerCredit !== '') {
      const parsed = parseCreditCode(ownerCredit)
      if (parsed.ok) draft.ownerCreditCode = parsed.value
      else row.fail('ownerCreditCode', text('统一社会信用代码不正确', 'The credit code is not valid'))
    }
    this.readTenancy(row, draft)
    if (ownerDocument !== '' && ownerCredit !== '')
      row.fail(
        'ownerCreditCode',
        text('产权人与产权单位只能填写一个', 'Name the owner as a person or an organization, not both'),
      )
    return draft
  }

  /**
   * One tenant per row (租户身份证号, a registry person), from a day to a day;
   * more tenants of a house are added on its page. Written as the payload's
   * `tenancy`, which the commit turns into a tenancy of the new house.
   */
  private readTenancy(row: RowCells, draft: HouseDraft): void {
    const tenant = row.get('tenantDocument')
    const start = row.get('tenancyStart')
    const end = row.get('tenancyEnd')
    if (tenant === '') {
      for (const field of ['tenancyStart', 'tenancyEnd', 'contractNo'] as const)
        if (row.get(field) !== '')
          row.fail(field, text('未填写租户身份证号', 'No tenant’s ID number for this tenancy'))
      return
    }
    const parsed = parseIdNumber(tenant, this.ctx.today)
    if (parsed.ok) draft.tenantIndex = documentIndex(this.ctx.pii, 'id_card', parsed.value)
    else row.fail('tenantDocument', text('租户身份证号不正确', 'The tenant’s ID number is not valid'))
    const startDate = start === '' ? null : dateOf(start)
    if (startDate === null)
      row.fail('tenancyStart', text('起租日期格式应为 2026-01-31', 'Write the start as 2026-01-31'))
    const endDate = end === '' ? null : dateOf(end)
    if (end !== '' && endDate === null)
      row.fail('tenancyEnd', text('到期日期格式应为 2026-12-31', 'Write the end as 2026-12-31'))
    else if (startDate && endDate && endDate < startDate)
      row.fail('tenancyEnd', text('到期日期早于起租日期', 'The end is before the start'))
    const registered = row.get('registered')
    const isRegistered = registered === '' ? false : yesNo(registered)
    if (isRegistered === null) row.fail('registered', text('应为 是 或 否', 'Must be 是 or 否'))
    draft.payload.tenancy = {
      start_date: startDate,
      end_date: endDate,
      contract_no: row.short('contractNo', 40) ?? null,
      registered: isRegistered ?? false,
    }
  }

  async settle(): Promise<StagedRow[]> {
    const batch = this.take()
    const codes = (pick: (d: HouseDraft) => string | null) => [
      ...new Set(batch.flatMap((d) => (d.row.ok && pick(d) ? [pick(d) as string] : []))),
    ]
    const [buildings, persons, ownerOrgs] = await Promise.all([
      this.store.buildings(codes((d) => d.buildingCode)),
      this.store.persons([...codes((d) => d.ownerIndex), ...codes((d) => d.tenantIndex)]),
      this.store.organizations(codes((d) => d.ownerCreditCode)),
    ])
    const inBuilding = new Map<HouseDraft, BuildingRef>()
    for (const d of batch) {
      if (!d.row.ok) continue
      if (d.buildingCode) {
        const b = buildings.get(d.buildingCode)
        if (!b || !this.ctx.grids.has(b.gridCode))
          d.row.fail(
            'buildingCode',
            text('楼栋不存在或不在您的辖区内', 'No such building in your jurisdiction'),
          )
        else inBuilding.set(d, b)
      }
      if (d.ownerIndex) {
        const owner = persons.get(d.ownerIndex)
        if (!owner || !this.ctx.inScope(owner.areaPath))
          d.row.fail(
            'ownerDocument',
            text(
              '产权人不在人口库中或不在您的辖区内：请先登记该人员，或只填写产权人姓名',
              'The owner is not in the registry of your jurisdiction: record them first, or give the name only',
            ),
          )
        else d.payload.owner_person_id = owner.id
      }
      if (d.tenantIndex) {
        const tenant = persons.get(d.tenantIndex)
        if (!tenant || !this.ctx.inScope(tenant.areaPath))
          d.row.fail(
            'tenantDocument',
            text(
              '租户不在人口库中或不在您的辖区内：请先登记该人员',
              'The tenant is not in the registry of your jurisdiction: record them first',
            ),
          )
        else (d.payload.tenancy as Record<string, unknown>).person_id = tenant.id
      }
      if (d.ownerCreditCode) {
        const owner = ownerOrgs.get(d.ownerCreditCode)
        if (!owner || !this.ctx.inScope(owner.areaPath))
          d.row.fail(
            'ownerCreditCode',
            text('产权单位未登记或不在您的辖区内', 'No such organization in your jurisdiction'),
          )
        else d.payload.owner_organization_id = owner.id
      }
    }
    const existing = await this.store.rooms([...inBuilding].map(([d, b]) => roomKey(b.id, d.unit, d.roomNo)))
    const staged: StagedRow[] = []
    for (const d of batch) {
      const b = inBuilding.get(d)
      if (b && d.row.ok) {
        const key = roomKey(b.id, d.unit, d.roomNo)
        const first = this.seen.get(key)
        if (existing.has(key))
          d.row.fail('roomNo', text('该楼栋单元已有此房号', 'The building’s unit has this room already'))
        else if (first !== undefined)
          d.row.fail('roomNo', text(`与第 ${first} 行是同一房间`, `The same room as row ${first}`))
        else this.seen.set(key, d.rowNo)
        d.payload.building_id = b.id
        d.payload.address ??= houseAddress(b.address, d.unit, d.roomNo)
        d.label ??= d.payload.address as string
      }
      const point = b && b.lng !== null && b.lat !== null ? { lng: b.lng, lat: b.lat } : null
      staged.push(await stagePlace(this.ctx, d, b ? { gridCode: b.gridCode, point } : null))
    }
    return staged
  }
}

/** The columns a staged house payload fills, in the commit's order. */
const houseColumns = [
  'building_id',
  'unit',
  'floor',
  'room_no',
  'address',
  'area_m2',
  'use',
  'rooms',
  'owner_person_id',
  'owner_organization_id',
  'owner_name',
  'note',
] as const

/** 房屋: houses and rooms. */
export function houseImport(store: PlaceImportStore): ImportKind {
  return {
    name: 'houses',
    entityType: 'house',
    word: text('房屋', 'Houses'),
    fields: houseImportFields,
    checker: (ctx) => new HouseChecker(ctx, store, shapes),
    commit: async (trx, importId, actor, at) => ({
      rows: await store.commit(trx, 'registry_houses', houseColumns, 'house', importId, actor, at, {
        tenancies: true,
      }),
      households: null,
      gridsOfHouseholds: [],
    }),
  }
}
