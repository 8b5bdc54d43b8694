import { afterEach, describe, expect, it } from 'vitest'
import { type Reply, stubFetch } from '../auth/test-fixtures.ts'
import { ApiError } from './client.ts'
import {
  addTenancy,
  attachmentName,
  createBuilding,
  endTenancy,
  getHouse,
  listPlacesOnMap,
  placesExportUrl,
  revealPlaceField,
  searchComponents,
  searchHouses,
  updateOrganization,
} from './places.ts'

const emptyList = { status: 200, body: { items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 } }

/** Like stubFetch, but keeps the query string of each call. */
function stubWithQuery(reply: (path: string) => Reply) {
  const urls: URL[] = []
  const stub = stubFetch((request) => reply(request.path))
  const wrapped = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    urls.push(new URL(String(input), 'http://localhost'))
    return wrapped(input, init)
  }
  return { ...stub, urls }
}

describe('the places API', () => {
  let restore: (() => void) | undefined
  afterEach(() => restore?.())

  it('searches a kind under its own path, leaving empty filters out and sending booleans as true/false', async () => {
    const stub = stubWithQuery(() => emptyList)
    restore = stub.restore
    await searchHouses({ q: ' 301 ', use: '', buildingId: 7, rented: false, areaCode: undefined, page: 2 })
    await searchComponents({ state: 'damaged', areaCode: '110120001001' })
    expect(stub.urls[0]?.pathname).toBe('/api/registry/houses')
    expect(Object.fromEntries(stub.urls[0]?.searchParams ?? [])).toEqual({
      q: '301',
      buildingId: '7',
      rented: 'false',
      page: '2',
    })
    expect(stub.urls[1]?.pathname).toBe('/api/registry/components')
    expect(stub.urls[1]?.search).toBe('?state=damaged&areaCode=110120001001')
  })

  it('asks the map for the chosen kinds, and for the whole jurisdiction without an area', async () => {
    const stub = stubWithQuery(() => ({ status: 200, body: { items: [], capped: false } }))
    restore = stub.restore
    await listPlacesOnMap({ areaCode: null, kinds: [] })
    await listPlacesOnMap({ areaCode: '110120001', kinds: ['building', 'component'] })
    expect(stub.urls.map((u) => `${u.pathname}${decodeURIComponent(u.search)}`)).toEqual([
      '/api/registry/places/map',
      '/api/registry/places/map?areaCode=110120001&kinds=building,component',
    ])
  })

  it('creates with POST and reads one record by its id', async () => {
    const stub = stubFetch(() => ({ status: 201, body: { id: 4 } }))
    restore = stub.restore
    await createBuilding({ number: '00001', address: '湖滨路 1 号', floorsAbove: 6, use: 'residential' })
    await getHouse(9)
    expect(stub.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', '/api/registry/buildings'],
      ['GET', '/api/registry/houses/9'],
    ])
    expect(stub.calls[0]?.body).toMatchObject({ number: '00001', floorsAbove: 6 })
  })

  it('adds a tenant to a house, and ends a tenancy by its end date with the version read', async () => {
    const stub = stubFetch(() => ({ status: 200, body: { id: 3 } }))
    restore = stub.restore
    await addTenancy(9, { personId: 31, startDate: '2026-11-01', registered: true })
    await endTenancy(9, { id: 3, version: 2 }, '2026-11-30')
    expect(stub.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'POST',
        '/api/registry/houses/9/tenancies',
        { personId: 31, startDate: '2026-11-01', registered: true },
      ],
      ['PATCH', '/api/registry/houses/9/tenancies/3', { endDate: '2026-11-30', version: 2 }],
    ])
  })

  it('reveals a protected field of an organization or a camera with the reason', async () => {
    const stub = stubFetch(() => ({
      status: 200,
      body: { field: 'streamUrl', value: 'rtsp://a:b@10.0.0.5/1' },
    }))
    restore = stub.restore
    const answer = await revealPlaceField('camera', 5, { field: 'streamUrl', reason: '调阅录像' })
    expect(stub.calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/registry/places/camera/5/reveal',
      body: { field: 'streamUrl', reason: '调阅录像' },
    })
    expect(answer.value).toBe('rtsp://a:b@10.0.0.5/1')
  })

  it('turns a stale version into a 409 and a refused field into its message', async () => {
    const stub = stubFetch((request) =>
      request.method === 'PATCH' && request.path.endsWith('/2')
        ? { status: 409, body: { error: { code: 'conflict', message: '该单位已被他人修改' } } }
        : {
            status: 400,
            body: {
              error: {
                code: 'validation',
                message: '请求有误',
                fields: { creditCode: '统一社会信用代码校验位不正确，请核对' },
              },
            },
          },
    )
    restore = stub.restore
    const stale = await updateOrganization(2, { version: 1, name: '新名称' }).catch((e: unknown) => e)
    expect((stale as ApiError).status).toBe(409)
    const refused = await updateOrganization(3, { version: 1, creditCode: 'X' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).fields).toEqual({ creditCode: '统一社会信用代码校验位不正确，请核对' })
  })

  it('exports a kind under its own path with the list’s filters and no paging', () => {
    expect(
      placesExportUrl('organization', { q: ' 便利店 ', kind: 'enterprise', tag: '', page: 2, pageSize: 20 }),
    ).toBe(`/api/registry/organizations/export?q=${encodeURIComponent('便利店')}&kind=enterprise`)
    expect(placesExportUrl('camera', {})).toBe('/api/registry/cameras/export')
  })

  it('names the downloaded sheet as the server does, in Chinese through filename*', () => {
    const name = encodeURIComponent('单位-2026-11-20.xlsx')
    expect(attachmentName(`attachment; filename="organization.xlsx"; filename*=UTF-8''${name}`)).toBe(
      '单位-2026-11-20.xlsx',
    )
    expect(attachmentName('attachment; filename="camera.xlsx"')).toBe('camera.xlsx')
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull()
    expect(attachmentName(null)).toBeNull()
  })
})
