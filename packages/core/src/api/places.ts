import { z } from 'zod'
import { componentStates } from '../registry/component-code.ts'
import {
  buildingUses,
  cameraKinds,
  cameraStatuses,
  houseUses,
  organizationKinds,
  organizationStatuses,
  placeKinds,
} from '../registry/places.ts'
import { ZPoint } from './cases.ts'
import { ZAreaCode } from './grids.ts'
import { ZHistoryEntry, ZPartyCase } from './registry.ts'

/**
 * The registry's places and things (地、物、组织): buildings, houses with their
 * tenancies, organizations, city components (部件) and cameras. Each belongs
 * to a grid, found at its location or chosen, and keeps its history. Addresses
 * of places are standard addresses and travel in clear; the phones of an
 * organization's people and a camera's stream URL are stored encrypted and
 * travel masked, `revealPlaceField` returns one, with a reason, audited.
 * Checks beyond a shape (the credit code's check character, a component code,
 * the grid) are the service's, so the 400 names the field in the caller's language.
 */

const ZText = (max: number) => z.string().trim().max(max)
const ZTag = z.string().trim().min(1).max(20)
const ZDay = z.iso.date()
const ZId = z.number().int().positive()

export const ZPlaceKind = z.enum(placeKinds)
export const ZBuildingUse = z.enum(buildingUses)
export const ZHouseUse = z.enum(houseUses)
export const ZOrganizationKind = z.enum(organizationKinds)
export const ZOrganizationStatus = z.enum(organizationStatuses)
export const ZComponentState = z.enum(componentStates)
export const ZCameraKind = z.enum(cameraKinds)
export const ZCameraStatus = z.enum(cameraStatuses)

/** Where a record is: its grid, or a point that finds it (a point wins the map, the grid wins the scope). */
const placing = {
  gridCode: ZAreaCode.optional(),
  location: ZPoint.nullable().optional(),
}
const common = {
  tags: z.array(ZTag).max(20).optional(),
  note: ZText(500).nullable().optional(),
}
/** An update names the version it read and, optionally, why (for the history). */
const updating = { version: z.number().int().positive(), reason: ZText(200).optional() }

/** What every place says about itself in a response. */
const placed = {
  id: z.number().int(),
  gridCode: z.string(),
  gridName: z.string(),
  areaPath: z.string(),
  location: ZPoint.nullable(),
  tags: z.array(z.string()),
  note: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
}
/** And on its own page: the history and the cases it is a party to. */
const detailed = {
  history: z.array(ZHistoryEntry),
  cases: z.array(ZPartyCase),
  createdAt: z.iso.datetime(),
}

// ---- buildings (楼栋) --------------------------------------------------------

const buildingFields = {
  /** 楼栋编码: 5 digits, unique within the community. */
  number: z.string().regex(/^\d{5}$/, '楼栋编码为 5 位数字'),
  name: ZText(50).min(1).nullable().optional(),
  /** 标准地址 of the building (道路/街巷 + 门牌号 + 楼栋). */
  address: ZText(200).min(1),
  floorsAbove: z.number().int().min(1).max(200),
  floorsBelow: z.number().int().min(0).max(20).optional(),
  use: ZBuildingUse,
  builtYear: z.number().int().min(1800).max(2100).nullable().optional(),
  ...placing,
  ...common,
}
export const ZCreateBuilding = z.object(buildingFields)
export type TCreateBuilding = z.input<typeof ZCreateBuilding>
export const ZUpdateBuilding = z.object(buildingFields).partial().extend(updating)
export type TUpdateBuilding = z.input<typeof ZUpdateBuilding>

export const ZBuildingSummary = z
  .object({
    ...placed,
    number: z.string(),
    /** Community code + number: the building's identifier district-wide. */
    code: z.string(),
    name: z.string().nullable(),
    address: z.string(),
    floorsAbove: z.number().int(),
    floorsBelow: z.number().int(),
    use: ZBuildingUse,
    builtYear: z.number().int().nullable(),
    houses: z.number().int(),
  })
  .meta({ id: 'BuildingSummary' })
export type TBuildingSummary = z.infer<typeof ZBuildingSummary>

// ---- houses (房屋) and tenancies (租住) ----------------------------------------

const houseFields = {
  /** The building it is in; its grid and location come from the building unless given. */
  buildingId: ZId.nullable().optional(),
  /** 单元 */
  unit: ZText(10).min(1).nullable().optional(),
  floor: z.number().int().min(-20).max(200).nullable().optional(),
  /** 门牌/房号, e.g. 301 */
  roomNo: ZText(20).min(1),
  /** Full address; built from the building's address, unit and room when not given. */
  address: ZText(200).min(1).optional(),
  areaM2: z.number().positive().max(100_000).nullable().optional(),
  use: ZHouseUse,
  /** Rooms let separately (群租 counts). */
  rooms: z.number().int().min(0).max(500).nullable().optional(),
  ownerPersonId: ZId.nullable().optional(),
  ownerOrganizationId: ZId.nullable().optional(),
  /** The owner's name when the owner is not in the registry. */
  ownerName: ZText(50).min(1).nullable().optional(),
  ...placing,
  ...common,
}
export const ZCreateHouse = z.object(houseFields)
export type TCreateHouse = z.input<typeof ZCreateHouse>
export const ZUpdateHouse = z.object(houseFields).partial().extend(updating)
export type TUpdateHouse = z.input<typeof ZUpdateHouse>

export const ZTenancyInput = z.object({
  personId: ZId,
  /** The room let, when the house is let by the room (次卧, 102室). */
  room: ZText(20).min(1).nullable().optional(),
  startDate: ZDay,
  endDate: ZDay.nullable().optional(),
  contractNo: ZText(40).min(1).nullable().optional(),
  /** 已登记备案 with the police station. */
  registered: z.boolean().default(false),
  note: ZText(200).nullable().optional(),
})
export type TTenancyInput = z.input<typeof ZTenancyInput>
export const ZUpdateTenancy = z.object({
  room: ZText(20).min(1).nullable().optional(),
  endDate: ZDay.nullable().optional(),
  contractNo: ZText(40).min(1).nullable().optional(),
  registered: z.boolean().optional(),
  note: ZText(200).nullable().optional(),
  version: z.number().int().positive(),
})
export type TUpdateTenancy = z.input<typeof ZUpdateTenancy>

export const ZTenancy = z
  .object({
    id: z.number().int(),
    personId: z.number().int(),
    /** The tenant's name and masked document, as the person's record shows them. */
    tenant: z.string(),
    nonLocal: z.boolean(),
    room: z.string().nullable(),
    startDate: ZDay,
    endDate: ZDay.nullable(),
    /** Not ended, or ending today or later. */
    current: z.boolean(),
    contractNo: z.string().nullable(),
    registered: z.boolean(),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Tenancy' })
export type TTenancy = z.infer<typeof ZTenancy>

export const ZHouseSummary = z
  .object({
    ...placed,
    buildingId: z.number().int().nullable(),
    /** The building's name and 楼栋编码 (null outside a building), so a list names it without a look-up. */
    buildingName: z.string().nullable(),
    buildingNumber: z.string().nullable(),
    unit: z.string().nullable(),
    floor: z.number().int().nullable(),
    roomNo: z.string(),
    address: z.string(),
    areaM2: z.number().nullable(),
    use: ZHouseUse,
    rooms: z.number().int().nullable(),
    /** The owner's name: the person's (as the caller may see it), the organization's, or as recorded. */
    owner: z.string().nullable(),
    ownerPersonId: z.number().int().nullable(),
    ownerOrganizationId: z.number().int().nullable(),
    currentTenants: z.number().int(),
  })
  .meta({ id: 'HouseSummary' })
export type THouseSummary = z.infer<typeof ZHouseSummary>

export const ZHouse = ZHouseSummary.extend({
  ...detailed,
  tenancies: z.array(ZTenancy),
  /** The households living here (the registry's households linked to this house). */
  households: z.array(
    z.object({ id: z.number().int(), members: z.number().int(), head: z.string().nullable() }),
  ),
}).meta({ id: 'House' })
export type THouse = z.infer<typeof ZHouse>

export const ZBuilding = ZBuildingSummary.extend({
  ...detailed,
  /** Its houses, by unit, floor and room. */
  houseList: z.array(ZHouseSummary),
}).meta({ id: 'Building' })
export type TBuilding = z.infer<typeof ZBuilding>

// ---- organizations (单位/组织) --------------------------------------------------

const organizationFields = {
  /** 统一社会信用代码, 18 characters with its check character (GB 32100). */
  creditCode: ZText(20).min(1),
  name: ZText(100).min(1),
  kind: ZOrganizationKind,
  status: ZOrganizationStatus.optional(),
  /** 行业, as the business licence says it. */
  industry: ZText(50).min(1).nullable().optional(),
  address: ZText(200).min(1),
  legalRepresentative: ZText(50).min(1).nullable().optional(),
  legalRepresentativePhone: ZText(20).min(1).nullable().optional(),
  employees: z.number().int().min(0).max(1_000_000).nullable().optional(),
  /** 安全负责人 and the phone to call in an emergency. */
  safetyContact: ZText(50).min(1).nullable().optional(),
  safetyContactPhone: ZText(20).min(1).nullable().optional(),
  /** 消防安全重点单位 */
  keyFireUnit: z.boolean().optional(),
  ...placing,
  ...common,
}
export const ZCreateOrganization = z.object(organizationFields)
export type TCreateOrganization = z.input<typeof ZCreateOrganization>
export const ZUpdateOrganization = z.object(organizationFields).partial().extend(updating)
export type TUpdateOrganization = z.input<typeof ZUpdateOrganization>

export const ZOrganizationSummary = z
  .object({
    ...placed,
    creditCode: z.string(),
    /** What the credit code's registrar and kind digits say (e.g. 工商 · 企业). */
    registeredAs: z.string().nullable(),
    name: z.string(),
    kind: ZOrganizationKind,
    status: ZOrganizationStatus,
    industry: z.string().nullable(),
    address: z.string(),
    legalRepresentative: z.string().nullable(),
    legalRepresentativePhoneMasked: z.string().nullable(),
    employees: z.number().int().nullable(),
    safetyContact: z.string().nullable(),
    safetyContactPhoneMasked: z.string().nullable(),
    keyFireUnit: z.boolean(),
  })
  .meta({ id: 'OrganizationSummary' })
export type TOrganizationSummary = z.infer<typeof ZOrganizationSummary>
export const ZOrganization = ZOrganizationSummary.extend({
  ...detailed,
  /** Houses it owns. */
  houses: z.array(ZHouseSummary),
}).meta({ id: 'Organization' })
export type TOrganization = z.infer<typeof ZOrganization>

// ---- city components (部件) ---------------------------------------------------

const componentFields = {
  /** 部件标识码: 17 digits (GB/T 47678.5) or the older 16 (CJ/T 214). */
  code: ZText(20).min(1),
  /** Defaults to the class's name (e.g. 雨水井盖). */
  name: ZText(30).min(1).optional(),
  state: ZComponentState,
  /** 主管部门, 权属单位, 养护单位 */
  department: ZText(100).min(1),
  ownerUnit: ZText(100).min(1).nullable().optional(),
  maintainer: ZText(100).min(1).nullable().optional(),
  address: ZText(256).min(1).nullable().optional(),
  /** 初始日期 */
  initialDate: ZDay.nullable().optional(),
  /** 数据来源 */
  source: ZText(30).min(1).nullable().optional(),
  ...placing,
  ...common,
}
export const ZCreateComponent = z.object(componentFields)
export type TCreateComponent = z.input<typeof ZCreateComponent>
export const ZUpdateComponent = z.object(componentFields).partial().extend(updating)
export type TUpdateComponent = z.input<typeof ZUpdateComponent>

export const ZComponentSummary = z
  .object({
    ...placed,
    code: z.string(),
    scheme: z.enum(['gbt47678', 'cjt214']),
    /** 大类 + 小类, the catalog's matter code for its problems (e.g. 01003). */
    classCode: z.string(),
    className: z.string().nullable(),
    name: z.string(),
    state: ZComponentState,
    department: z.string(),
    ownerUnit: z.string().nullable(),
    maintainer: z.string().nullable(),
    address: z.string().nullable(),
    initialDate: ZDay.nullable(),
    /** 变更日期: the last change of state. */
    changedDate: ZDay.nullable(),
    source: z.string().nullable(),
  })
  .meta({ id: 'ComponentSummary' })
export type TComponentSummary = z.infer<typeof ZComponentSummary>
export const ZComponent = ZComponentSummary.extend(detailed).meta({ id: 'Component' })
export type TComponent = z.infer<typeof ZComponent>

// ---- cameras (视频监控) ----------------------------------------------------------

const cameraFields = {
  name: ZText(50).min(1),
  /** GB/T 28181 device code, 20 digits. */
  nationalCode: z
    .string()
    .regex(/^\d{20}$/, '国标编码为 20 位数字')
    .nullable()
    .optional(),
  kind: ZCameraKind,
  status: ZCameraStatus.optional(),
  /** rtsp://, rtmp://, http(s):// (HLS/FLV) or webrtc:// ; credentials in it are kept encrypted. */
  streamUrl: ZText(500).min(1).nullable().optional(),
  ownerUnit: ZText(100).min(1).nullable().optional(),
  address: ZText(200).min(1).nullable().optional(),
  ...placing,
  ...common,
}
export const ZCreateCamera = z.object(cameraFields)
export type TCreateCamera = z.input<typeof ZCreateCamera>
export const ZUpdateCamera = z.object(cameraFields).partial().extend(updating)
export type TUpdateCamera = z.input<typeof ZUpdateCamera>

export const ZCameraSummary = z
  .object({
    ...placed,
    name: z.string(),
    nationalCode: z.string().nullable(),
    kind: ZCameraKind,
    status: ZCameraStatus,
    /** The stream URL without its user and password. */
    streamUrlMasked: z.string().nullable(),
    ownerUnit: z.string().nullable(),
    address: z.string().nullable(),
  })
  .meta({ id: 'CameraSummary' })
export type TCameraSummary = z.infer<typeof ZCameraSummary>
export const ZCamera = ZCameraSummary.extend(detailed).meta({ id: 'Camera' })
export type TCamera = z.infer<typeof ZCamera>

// ---- search, map, reveal -------------------------------------------------------

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true')
const paging = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
}

/** One query for every kind: the filters a kind does not have are refused by name. */
export const ZPlaceQuery = z.object({
  /** Part of the name, address, number or code. */
  q: ZText(50).min(1).optional(),
  areaCode: ZAreaCode.optional(),
  tag: ZTag.optional(),
  /** Buildings' and houses' use. */
  use: z.string().min(1).max(20).optional(),
  /** Organizations' kind, cameras' kind. */
  kind: z.string().min(1).max(30).optional(),
  /** Components' state, organizations' and cameras' status. */
  state: z.string().min(1).max(20).optional(),
  /** Houses of one building. */
  buildingId: z.coerce.number().int().positive().optional(),
  /** Houses with a current tenant. */
  rented: ZBool.optional(),
  ...paging,
})
export type TPlaceQuery = z.input<typeof ZPlaceQuery>
/** The same filters, for an export of the whole list. */
export const ZPlaceExportQuery = ZPlaceQuery.omit({ page: true, pageSize: true })
export type TPlaceExportQuery = z.input<typeof ZPlaceExportQuery>

const list = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      totalCapped: z.boolean(),
      page: z.number().int(),
      pageSize: z.number().int(),
    })
    .meta({ id })
export const ZBuildingList = list(ZBuildingSummary, 'BuildingList')
export type TBuildingList = z.infer<typeof ZBuildingList>
export const ZHouseList = list(ZHouseSummary, 'HouseList')
export type THouseList = z.infer<typeof ZHouseList>
export const ZOrganizationList = list(ZOrganizationSummary, 'OrganizationList')
export type TOrganizationList = z.infer<typeof ZOrganizationList>
export const ZComponentList = list(ZComponentSummary, 'ComponentList')
export type TComponentList = z.infer<typeof ZComponentList>
export const ZCameraList = list(ZCameraSummary, 'CameraList')
export type TCameraList = z.infer<typeof ZCameraList>

export const ZPlaceIdParams = z.object({ id: z.coerce.number().int().positive() })
export const ZTenancyParams = z.object({
  id: z.coerce.number().int().positive(),
  tenancyId: z.coerce.number().int().positive(),
})

/** The map's layer of places in an area: points, capped; a kind without a location is not drawn. */
export const ZPlaceMapQuery = z.object({
  areaCode: ZAreaCode.optional(),
  kinds: z
    .string()
    .regex(/^[a-z]+(,[a-z]+)*$/)
    .optional(),
})
export const ZPlaceMap = z
  .object({
    items: z.array(
      z.object({
        kind: ZPlaceKind,
        id: z.number().int(),
        label: z.string(),
        /** The use, state or status, for the marker's colour. */
        state: z.string(),
        lng: z.number(),
        lat: z.number(),
      }),
    ),
    /** More places than the map draws at once: zoom into an area. */
    capped: z.boolean(),
  })
  .meta({ id: 'PlaceMap' })
export type TPlaceMap = z.infer<typeof ZPlaceMap>

export const revealablePlaceFields = {
  organization: ['legalRepresentativePhone', 'safetyContactPhone'],
  camera: ['streamUrl'],
} as const
export const ZRevealPlaceField = z.object({
  field: z.enum(['legalRepresentativePhone', 'safetyContactPhone', 'streamUrl']),
  reason: ZText(200).min(2),
})
export type TRevealPlaceField = z.input<typeof ZRevealPlaceField>
export const ZRevealPlaceParams = z.object({
  kind: z.enum(['organization', 'camera']),
  id: z.coerce.number().int().positive(),
})
export const ZRevealedPlaceField = z
  .object({ field: z.string(), value: z.string().nullable() })
  .meta({ id: 'RevealedPlaceField' })
