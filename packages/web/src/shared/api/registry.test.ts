import { afterEach, describe, expect, it } from 'vitest'
import { type Reply, stubFetch } from '../auth/test-fixtures.ts'
import { ApiError } from './client.ts'
import {
  compactQuery,
  getRegistrySummary,
  listSpecialGroupMembers,
  personsExportUrl,
  revealPersonField,
  searchPersons,
  setRiskLevel,
  updateHousehold,
  updatePerson,
  updateSpecialGroup,
} from './registry.ts'

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

describe('the registry API', () => {
  let restore: (() => void) | undefined
  afterEach(() => restore?.())

  it('leaves empty filters out of the person search and sends booleans as true/false', async () => {
    const stub = stubWithQuery(() => emptyList)
    restore = stub.restore
    await searchPersons({
      q: ' zs ',
      documentNumber: '',
      phone: undefined,
      nonLocal: true,
      page: 2,
      pageSize: 20,
    })
    const url = stub.urls[0]
    expect(url?.pathname).toBe('/api/registry/persons')
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      q: 'zs',
      nonLocal: 'true',
      page: '2',
      pageSize: '20',
    })
  })

  it('drops null, undefined and blank values only', () => {
    expect(compactQuery({ a: '', b: '  ', c: null, d: undefined, e: 0, f: false, g: 'x' })).toEqual({
      e: 0,
      f: false,
      g: 'x',
    })
  })

  it('links the export to the same filters, without paging', () => {
    expect(
      personsExportUrl({ q: '张', tag: '', nonLocal: true, areaCode: '110120001', page: 3, pageSize: 20 }),
    ).toBe('/api/registry/persons/export?q=%E5%BC%A0&nonLocal=true&areaCode=110120001')
  })

  it('asks for the summary of the whole jurisdiction without an area', async () => {
    const stub = stubWithQuery(() => ({ status: 200, body: { areaCode: '110120', grids: [] } }))
    restore = stub.restore
    await getRegistrySummary(undefined)
    await getRegistrySummary('110120001')
    expect(stub.urls.map((u) => u.search)).toEqual(['', '?areaCode=110120001'])
  })

  it('sends a correction with the version read, and turns a stale version into a 409 ApiError', async () => {
    const stub = stubFetch(() => ({
      status: 409,
      body: { error: { code: 'conflict', message: '已被他人修改' } },
    }))
    restore = stub.restore
    const error = await updatePerson(12, { version: 3, phone: '13800138000' }).catch((e: unknown) => e)
    expect(stub.calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/registry/persons/12',
      body: { version: 3, phone: '13800138000' },
    })
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
  })

  it('moves a household into a house and out again (null), with the version read', async () => {
    const stub = stubFetch(() => ({ status: 200, body: { id: 8 } }))
    restore = stub.restore
    await updateHousehold(8, { houseId: 41, version: 2 })
    await updateHousehold(8, { houseId: null, version: 3 })
    expect(stub.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['PATCH', '/api/registry/households/8', { houseId: 41, version: 2 }],
      ['PATCH', '/api/registry/households/8', { houseId: null, version: 3 }],
    ])
  })

  it('searches persons by part of a standard address', async () => {
    const stub = stubWithQuery(() => emptyList)
    restore = stub.restore
    await searchPersons({ address: ' 东湖路21号院 ', page: 1 })
    expect(Object.fromEntries(stub.urls[0]?.searchParams ?? [])).toEqual({
      address: '东湖路21号院',
      page: '1',
    })
  })

  it('reveals one field with the reason, and hands back the value', async () => {
    const stub = stubFetch(() => ({ status: 200, body: { field: 'phone', value: '13800138000' } }))
    restore = stub.restore
    const answer = await revealPersonField(5, { field: 'phone', reason: '电话回访' })
    expect(stub.calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/registry/persons/5/reveal',
      body: { field: 'phone', reason: '电话回访' },
    })
    expect(answer.value).toBe('13800138000')
  })

  it('sets a risk level with PUT on the group’s record, and corrects a record with PATCH', async () => {
    const stub = stubFetch(() => ({ status: 200, body: { id: 5 } }))
    restore = stub.restore
    await setRiskLevel(5, 'drug_user', { riskLevel: 'red', reason: '复吸迹象', version: 2 })
    await updateSpecialGroup(5, 'drug_user', { version: 3, visitEveryDays: 7 })
    expect(stub.calls.map((c) => [c.method, c.path])).toEqual([
      ['PUT', '/api/registry/persons/5/groups/drug_user/risk'],
      ['PATCH', '/api/registry/persons/5/groups/drug_user'],
    ])
    expect(stub.calls[0]?.body).toEqual({ riskLevel: 'red', reason: '复吸迹象', version: 2 })
  })

  it('lists group members by group, level and area', async () => {
    const stub = stubWithQuery(() => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } }))
    restore = stub.restore
    await listSpecialGroupMembers({ group: 'community_correction', riskLevel: 'red', areaCode: undefined })
    expect(stub.urls[0]?.pathname).toBe('/api/registry/special-groups')
    expect(Object.fromEntries(stub.urls[0]?.searchParams ?? [])).toEqual({
      group: 'community_correction',
      riskLevel: 'red',
    })
  })

  it('keeps the server’s per-field messages of a refused person', async () => {
    const stub = stubFetch(() => ({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: '请求有误',
          fields: { documentNumber: '身份证号校验位不正确' },
        },
      },
    }))
    restore = stub.restore
    const error = await updatePerson(1, { version: 1, documentNumber: '110105194912310021' }).catch(
      (e: unknown) => e,
    )
    expect((error as ApiError).fields).toEqual({ documentNumber: '身份证号校验位不正确' })
  })
})
