import type { TPersonList } from '@onegrid/core/api/registry'
import type { TRegistryImport } from '@onegrid/core/api/registry-import'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'

const gridA = '110120001001001'
const idOf = (n: number) => {
  const first17 = `110105${1950 + (n % 50)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`
  return `${first17}${idCheckChar(first17)}`
}
const rowsCount = 2_500

/** Rows over three batches: a document repeated across batches, one recorded before, one wrong check digit. */
function sheet(recordedId: string): string {
  const lines = ['户号,姓名,身份证号,性别,网格编码,与户主关系']
  for (let n = 0; n < rowsCount; n++) {
    let id = idOf(n)
    if (n === 1_600) id = idOf(7)
    if (n === 2_100) id = recordedId
    if (n === 2_400) id = `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`
    lines.push(
      `W${Math.floor(n / 4)},居民${n},${id},${n % 2 ? '男' : '女'},${gridA},${n % 4 === 0 ? '户主' : '子'}`,
    )
  }
  return lines.join('\n')
}

describe('a large persons import checks its rows in a worker thread', () => {
  let app: App
  let admin: string
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) })
  const settle = async (imp: TRegistryImport): Promise<TRegistryImport> => {
    if (imp.jobId) await app.runner.runNow(imp.jobId).catch(() => undefined)
    return (await call('GET', `/api/registry/imports/${imp.id}`)).json() as TRegistryImport
  }

  beforeAll(async () => {
    // Every persons import goes through the worker here: one row is enough.
    app = await createTestApp({ env: { ONEGRID_IMPORT_WORKER_ROWS: '1' } })
    await loadDemoAreas(app)
    await createUser(app, { username: 'wimp_admin', role: 'admin', areaCode: '110120001' })
    admin = await tokenFor(app, 'wimp_admin')
  })
  afterAll(async () => {
    await app.close()
  })

  it('finds the same problems across batches as on the main thread, and commits the rest', async () => {
    const recordedId = idOf(100_001)
    expect(
      (
        await call('POST', '/api/registry/persons', {
          name: '早已登记',
          documentNumber: recordedId,
          gridCode: gridA,
        })
      ).statusCode,
    ).toBe(201)
    const body = multipart({ fileName: 'big.csv' }, { name: 'big.csv', data: Buffer.from(sheet(recordedId)) })
    const up = await app.http.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: { ...bearer(admin), ...body.headers },
      payload: body.payload,
    })
    expect(up.statusCode, up.body).toBe(201)
    let imp = up.json() as TRegistryImport
    const dry = await call('POST', `/api/registry/imports/${imp.id}/dry-run`, {
      mapping: imp.suggestedMapping,
    })
    expect(dry.statusCode, dry.body).toBe(202)
    imp = await settle(dry.json() as TRegistryImport)
    expect(imp, imp.failure ?? '').toMatchObject({
      status: 'validated',
      totalRows: rowsCount,
      invalidRows: 3,
    })
    expect(imp.errors.map((e) => [e.row, e.field, e.message])).toEqual([
      [1_602, 'documentNumber', '与第 9 行的证件号码重复'],
      [2_102, 'documentNumber', '该证件号码已登记在册'],
      [2_402, 'documentNumber', '身份证号校验位不正确，请核对'],
    ])
    const commit = await call('POST', `/api/registry/imports/${imp.id}/commit`, { mode: 'valid_only' })
    imp = await settle(commit.json() as TRegistryImport)
    expect(imp).toMatchObject({ status: 'committed', committedRows: rowsCount - 3 })
    const found = (
      await call('GET', `/api/registry/persons?q=${encodeURIComponent('居民249')}`)
    ).json() as TPersonList
    expect(found.items.map((p) => p.name).sort()).toEqual([
      '居民249',
      ...Array.from({ length: 10 }, (_, i) => `居民249${i}`),
    ])
  })
})
