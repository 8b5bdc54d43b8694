import { describe, expect, it } from 'vitest'
import type { TBuilding, TCamera, THouse, TOrganization } from '../../../shared/api/places.ts'
import {
  blankBuilding,
  buildingCreateBody,
  buildingFormOf,
  buildingUpdateBody,
  checkBuilding,
} from './building-form.ts'
import { blankCamera, cameraFormOf, cameraUpdateBody, checkCamera } from './camera-form.ts'
import { blankComponent, checkComponent, componentCreateBody, readComponentCode } from './component-form.ts'
import { blankHouse, checkHouse, houseCreateBody, houseFormOf, houseUpdateBody } from './house-form.ts'
import {
  blankOrganization,
  checkOrganization,
  organizationCreateBody,
  organizationFormOf,
  organizationUpdateBody,
} from './organization-form.ts'
import { changesNothing, formFieldOf } from './place-form-common.ts'
import { blankTenancy, checkEnd, checkTenancy, tenancyBody } from './tenancy-form.ts'

const placed = {
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  areaPath: '110120.110120001.110120001001.110120001001001',
  location: { lng: 116.709, lat: 39.9705 },
  tags: ['老旧小区'],
  note: null,
  version: 3,
  updatedAt: '2026-11-20T02:00:00.000Z',
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
}

const building: TBuilding = {
  ...placed,
  id: 1,
  number: '00001',
  code: '11012000100100001',
  name: '湖滨花园1号楼',
  address: '湖滨路18号1号楼',
  floorsAbove: 6,
  floorsBelow: 0,
  use: 'residential',
  builtYear: 1998,
  houses: 0,
  houseList: [],
}

const house: THouse = {
  ...placed,
  id: 5,
  buildingId: 1,
  buildingName: '1号楼',
  buildingNumber: '00001',
  unit: '1',
  floor: 3,
  roomNo: '301',
  address: '湖滨路18号1号楼1单元301室',
  areaM2: 78.5,
  use: 'rental',
  rooms: 2,
  owner: '王建国',
  ownerPersonId: null,
  ownerOrganizationId: null,
  currentTenants: 1,
  tenancies: [],
  households: [],
}

const organization: TOrganization = {
  ...placed,
  id: 2,
  creditCode: '91110000100000000R',
  registeredAs: '工商（市场监管） · 企业',
  name: '测试商贸有限公司',
  kind: 'enterprise',
  status: 'operating',
  industry: null,
  address: '湖滨路22号',
  legalRepresentative: '李四',
  legalRepresentativePhoneMasked: '138****8000',
  employees: null,
  safetyContact: null,
  safetyContactPhoneMasked: null,
  keyFireUnit: false,
  houses: [],
}

const camera: TCamera = {
  ...placed,
  id: 4,
  name: '湖滨路口球机',
  nationalCode: null,
  kind: 'dome',
  status: 'offline',
  streamUrlMasked: 'rtsp://***@10.0.0.5/live/1',
  ownerUnit: null,
  address: null,
}

describe('the building form', () => {
  it('asks for a 5-digit number, the address, the floors and a grid or a point, all at once', () => {
    const form = { ...blankBuilding(), number: '12a', builtYear: 1700 }
    expect(checkBuilding(form)).toEqual({
      number: 'buildingNumber',
      address: 'required',
      floorsAbove: 'required',
      builtYear: 'yearRange',
      gridCode: 'gridOrPoint',
    })
    const ready = { ...form, number: '00007', address: '湖滨路 1 号', floorsAbove: 6, builtYear: undefined }
    expect(checkBuilding({ ...ready, location: { lng: 116.7, lat: 39.97 } })).toEqual({})
    expect(checkBuilding({ ...ready, gridCode: '110120001001001' })).toEqual({})
  })

  it('sends a new building without the empty fields', () => {
    const form = {
      ...blankBuilding(),
      number: ' 00007 ',
      address: '湖滨路 1 号',
      floorsAbove: 6,
      gridCode: '110120001001001',
    }
    expect(buildingCreateBody(form)).toEqual({
      number: '00007',
      address: '湖滨路 1 号',
      floorsAbove: 6,
      floorsBelow: 0,
      use: 'residential',
      gridCode: '110120001001001',
    })
  })

  it('sends only what changed, with the version read and the reason; clearing a field sends null', () => {
    const form = buildingFormOf(building)
    expect(changesNothing(buildingUpdateBody(form, building))).toBe(true)
    form.floorsAbove = 7
    form.name = ''
    form.reason = ' 现场核实 '
    expect(buildingUpdateBody(form, building)).toEqual({
      floorsAbove: 7,
      name: null,
      version: 3,
      reason: '现场核实',
    })
  })

  it('moves a building by its point: the new point and the grid found there', () => {
    const form = buildingFormOf(building)
    form.location = { lng: 116.72, lat: 39.98 }
    form.gridCode = '110120001001002'
    expect(buildingUpdateBody(form, building)).toEqual({
      location: { lng: 116.72, lat: 39.98 },
      gridCode: '110120001001002',
      version: 3,
    })
  })
})

describe('the house form', () => {
  it('needs only the room in a building; on its own, its address and where it is', () => {
    expect(checkHouse({ ...blankHouse(1), roomNo: '301' })).toEqual({})
    expect(checkHouse(blankHouse())).toEqual({
      roomNo: 'required',
      address: 'required',
      gridCode: 'gridOrPoint',
    })
  })

  it('takes the place from the building: a new house in one sends no location', () => {
    expect(houseCreateBody({ ...blankHouse(1), roomNo: '302', unit: '1', floor: 3, use: 'rental' })).toEqual({
      buildingId: 1,
      unit: '1',
      floor: 3,
      roomNo: '302',
      use: 'rental',
    })
  })

  it('names the owner one way: choosing an organization clears the name recorded before', () => {
    const form = houseFormOf(house)
    expect(form.ownerKind).toBe('name')
    expect(checkHouse({ ...form, ownerKind: 'organization' })).toEqual({ ownerOrganizationId: 'required' })
    form.ownerKind = 'organization'
    form.ownerOrganizationId = 2
    expect(houseUpdateBody(form, house)).toEqual({ ownerOrganizationId: 2, ownerName: null, version: 3 })
  })
})

describe('the organization form', () => {
  it('checks the credit code as the server does', () => {
    const form = {
      ...blankOrganization(),
      name: '某公司',
      address: '湖滨路 1 号',
      gridCode: '110120001001001',
    }
    expect(checkOrganization(form)).toEqual({ creditCode: 'required' })
    expect(checkOrganization({ ...form, creditCode: '91110000100000000X' })).toEqual({
      creditCode: 'creditCheck',
    })
    expect(checkOrganization({ ...form, creditCode: '9111000010000000' })).toEqual({
      creditCode: 'creditFormat',
    })
    expect(checkOrganization({ ...form, creditCode: '91110000100000000r' })).toEqual({})
  })

  it('refuses a phone that is not one, and leaves the defaults out of a new record', () => {
    const form = {
      ...blankOrganization(),
      creditCode: '91110000100000000R',
      name: '某公司',
      address: '湖滨路 1 号',
      location: { lng: 116.7, lat: 39.97 },
      safetyContactPhone: '12345',
    }
    expect(checkOrganization(form)).toEqual({ safetyContactPhone: 'phone' })
    form.safetyContactPhone = '13900139000'
    expect(organizationCreateBody(form)).toEqual({
      creditCode: '91110000100000000R',
      name: '某公司',
      kind: 'enterprise',
      address: '湖滨路 1 号',
      safetyContactPhone: '13900139000',
      location: { lng: 116.7, lat: 39.97 },
    })
  })

  it('keeps a masked phone unless a new one is typed', () => {
    const form = organizationFormOf(organization)
    expect(changesNothing(organizationUpdateBody(form, organization))).toBe(true)
    form.legalRepresentativePhone = '13800138001'
    expect(organizationUpdateBody(form, organization)).toEqual({
      legalRepresentativePhone: '13800138001',
      version: 3,
    })
  })
})

describe('the component and camera forms', () => {
  it('reads a component identifier for its scheme and class, and needs a point on the map', () => {
    expect(readComponentCode('110120 01 001 000001')).toMatchObject({
      scheme: 'gbt47678',
      major: '01',
      minor: '001',
    })
    expect(readComponentCode('11012000001000001')).toBeNull()
    const form = { ...blankComponent(), code: '1101200101000001', department: '城管' }
    expect(checkComponent(form)).toEqual({ location: 'pointRequired' })
    expect(checkComponent({ ...form, code: '123' })).toMatchObject({ code: 'componentCode' })
    expect(componentCreateBody({ ...form, location: { lng: 116.7, lat: 39.97 } })).toEqual({
      code: '1101200101000001',
      state: 'intact',
      department: '城管',
      location: { lng: 116.7, lat: 39.97 },
    })
  })

  it('takes stream URLs of streaming protocols only, and a 20-digit national code', () => {
    const form = { ...blankCamera(), name: '路口', location: { lng: 116.7, lat: 39.97 } }
    expect(checkCamera({ ...form, streamUrl: 'ftp://10.0.0.5/x', nationalCode: '123' })).toEqual({
      streamUrl: 'streamUrl',
      nationalCode: 'nationalCode',
    })
    expect(
      checkCamera({
        ...form,
        streamUrl: 'rtsp://admin:pw@10.0.0.5/live',
        nationalCode: '34020000001320000001',
      }),
    ).toEqual({})
    expect(checkCamera({ ...blankCamera(), name: '路口' })).toEqual({ location: 'pointRequired' })
  })

  it('changes a camera’s status without touching its stream', () => {
    const form = cameraFormOf(camera)
    form.status = 'online'
    expect(cameraUpdateBody(form, camera)).toEqual({ status: 'online', version: 3 })
  })
})

describe('tenancies', () => {
  it('need the tenant and a start; the end is not before the start', () => {
    expect(checkTenancy({ ...blankTenancy('2026-11-20'), startDate: null })).toEqual({
      personId: 'required',
      startDate: 'required',
    })
    const form = { ...blankTenancy('2026-11-20'), personId: 31, endDate: '2026-11-19' }
    expect(checkTenancy(form)).toEqual({ endDate: 'endBeforeStart' })
    expect(tenancyBody({ ...form, endDate: null, room: ' 次卧 ', registered: true })).toEqual({
      personId: 31,
      startDate: '2026-11-20',
      room: '次卧',
      registered: true,
    })
  })

  it('end on or after their start', () => {
    expect(checkEnd({ startDate: '2026-11-20' }, null)).toBe('required')
    expect(checkEnd({ startDate: '2026-11-20' }, '2026-11-19')).toBe('endBeforeStart')
    expect(checkEnd({ startDate: '2026-11-20' }, '2026-11-20')).toBeNull()
  })
})

it('puts the server’s messages on the form’s fields by the path’s head', () => {
  const fieldOf = formFieldOf(['tags', 'location', 'number'] as const)
  expect(fieldOf('tags.2')).toBe('tags')
  expect(fieldOf('location.lng')).toBe('location')
  expect(fieldOf('version')).toBeUndefined()
})
