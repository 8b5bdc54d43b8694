/**
 * The vocabularies of the registry's places and things (地、物、组织): what a
 * building is used for, how a house is lived in, what kind of unit an
 * organization is, what a camera is. Codes are English and stable; labels are
 * what the console and exports print. Component states are GB/T 47678.5's
 * (component-code.ts).
 */

type Labelled<K extends string> = Readonly<Record<K, { zh: string; en: string }>>

export const buildingUses = ['residential', 'commercial', 'mixed', 'industrial', 'public', 'other'] as const
export type BuildingUse = (typeof buildingUses)[number]
export const buildingUseLabels: Labelled<BuildingUse> = {
  residential: { zh: '住宅', en: 'Residential' },
  commercial: { zh: '商业', en: 'Commercial' },
  mixed: { zh: '商住混合', en: 'Mixed' },
  industrial: { zh: '工业', en: 'Industrial' },
  public: { zh: '公共服务', en: 'Public service' },
  other: { zh: '其他', en: 'Other' },
}

/** 房屋用途: 自住, 出租 (出租屋 with tenants), 空置, 经营 (shops on the ground floor), 其他. */
export const houseUses = ['owner_occupied', 'rental', 'vacant', 'business', 'other'] as const
export type HouseUse = (typeof houseUses)[number]
export const houseUseLabels: Labelled<HouseUse> = {
  owner_occupied: { zh: '自住', en: 'Owner-occupied' },
  rental: { zh: '出租', en: 'Rented out' },
  vacant: { zh: '空置', en: 'Vacant' },
  business: { zh: '经营', en: 'Business' },
  other: { zh: '其他', en: 'Other' },
}

export const organizationKinds = [
  'enterprise',
  'individual_business',
  'social_organization',
  'public_institution',
  'government',
  'other',
] as const
export type OrganizationKind = (typeof organizationKinds)[number]
export const organizationKindLabels: Labelled<OrganizationKind> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual_business: { zh: '个体工商户', en: 'Individual business' },
  social_organization: { zh: '社会组织', en: 'Social organization' },
  public_institution: { zh: '事业单位', en: 'Public institution' },
  government: { zh: '机关', en: 'Government body' },
  other: { zh: '其他', en: 'Other' },
}

export const organizationStatuses = ['operating', 'suspended', 'closed'] as const
export type OrganizationStatus = (typeof organizationStatuses)[number]
export const organizationStatusLabels: Labelled<OrganizationStatus> = {
  operating: { zh: '在营', en: 'Operating' },
  suspended: { zh: '停业', en: 'Suspended' },
  closed: { zh: '注销', en: 'Closed' },
}

export const cameraKinds = ['dome', 'bullet', 'turret', 'other'] as const
export type CameraKind = (typeof cameraKinds)[number]
export const cameraKindLabels: Labelled<CameraKind> = {
  dome: { zh: '球机', en: 'Dome (PTZ)' },
  bullet: { zh: '枪机', en: 'Bullet' },
  turret: { zh: '半球', en: 'Turret' },
  other: { zh: '其他', en: 'Other' },
}

export const cameraStatuses = ['online', 'offline', 'fault'] as const
export type CameraStatus = (typeof cameraStatuses)[number]
export const cameraStatusLabels: Labelled<CameraStatus> = {
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  fault: { zh: '故障', en: 'Fault' },
}

/** The places and things of the registry, as case parties and map layers name them. */
export const placeKinds = ['building', 'house', 'organization', 'component', 'camera'] as const
export type PlaceKind = (typeof placeKinds)[number]
export const placeKindLabels: Labelled<PlaceKind> = {
  building: { zh: '楼栋', en: 'Building' },
  house: { zh: '房屋', en: 'House' },
  organization: { zh: '单位', en: 'Organization' },
  component: { zh: '部件', en: 'Component' },
  camera: { zh: '视频监控', en: 'Camera' },
}

/**
 * A stream URL as it may be shown: without the user and password that RTSP
 * URLs of cameras often carry (rtsp://admin:pass@10.0.0.5/...). Not a URL is null.
 */
export function maskStreamUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  const auth = url.username || url.password ? '***@' : ''
  return `${url.protocol}//${auth}${url.host}${url.pathname}`
}

export const streamProtocols = ['rtsp:', 'rtmp:', 'http:', 'https:', 'webrtc:'] as const

/** A house's address in a building: the building's address, the unit and the room (…1单元301室). */
export function houseAddress(
  buildingAddress: string,
  unit: string | null | undefined,
  roomNo: string,
): string {
  return `${buildingAddress}${unit ? `${unit}单元` : ''}${roomNo}室`
}
