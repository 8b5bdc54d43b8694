import fs from 'node:fs/promises'
import path from 'node:path'
import type { TPersonList } from '@onegrid/core/api/registry'
import type { TRegistryImport } from '@onegrid/core/api/registry-import'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import type { Config } from '../../../platform/config.ts'

const gridA = '110120001001001'
const gridB = '110120001001002'
const foreignGrid = '110120002001001'
const id = (first17: string) => `${first17}${idCheckChar(first17)}`
const ids = {
  head: id('11010519700101001'),
  spouse: id('11010519720202002'),
  child: id('11010520100303003'),
  badCheck: `${'11010519800404004'}${idCheckChar('11010519800404004') === '1' ? '2' : '1'}`,
  foreign: id('11010519900505005'),
}

/** A sheet as offices keep it: Chinese headers in their own order, one row per person. */
function personsCsv(): string {
  return [
    '户号,姓名,身份证号,性别,联系电话,现住址,网格编码,与户主关系,民族,备注',
    `H001,赵大山,${ids.head},男,13800001111,养育巷1号,${gridA},户主,汉族,`,
    `H001,钱小红,${ids.spouse},女,13800002222,养育巷1号,${gridA},配偶,汉,`,
    `H001,赵小宝,${ids.child},男,,养育巷1号,${gridA},子,01,`,
    `H002,孙错号,${ids.badCheck},男,13800003333,养育巷2号,${gridA},户主,汉族,校验位错`,
    `H003,李重复,${ids.head},男,13800004444,养育巷3号,${gridB},户主,汉族,与第2行同号`,
    `H004,周越界,${ids.foreign},女,13800005555,外街1号,${foreignGrid},户主,汉族,别的街道`,
    `H005,吴民族,${id('11010519600606006')},女,13800006666,养育巷5号,${gridB},户主,火星族,`,
  ].join('\r\n')
}

describe('registry import', () => {
  let app: App & { config: Config }
  let admin: string
  let other: string

  const upload = async (token: string, bytes: Buffer, fileName: string) => {
    const body = multipart({ fileName }, { name: fileName, data: bytes })
    return app.http.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: { ...bearer(token), ...body.headers },
      payload: body.payload,
    })
  }
  const json = async (method: 'GET' | 'POST', url: string, payload?: object, token = admin) =>
    app.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) })
  /** Runs the import's job (the test app does not poll) and answers the import afterwards. */
  const settle = async (imp: TRegistryImport): Promise<TRegistryImport> => {
    if (imp.jobId) await app.runner.runNow(imp.jobId).catch(() => undefined)
    return (await json('GET', `/api/registry/imports/${imp.id}`)).json() as TRegistryImport
  }

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    await createUser(app, { username: 'imp_admin', role: 'admin', areaCode: '110120001' })
    await createUser(app, { username: 'imp_other', role: 'admin', areaCode: '110120001' })
    await createUser(app, { username: 'imp_operator', role: 'operator', areaCode: '110120001' })
    admin = await tokenFor(app, 'imp_admin')
    other = await tokenFor(app, 'imp_other')
  })
  afterAll(async () => {
    await app.close()
  })

  let imp: TRegistryImport
  it('reads the headers, suggests the mapping and shows the first rows masked; the file is kept sealed', async () => {
    const operator = await tokenFor(app, 'imp_operator')
    expect((await upload(operator, Buffer.from(personsCsv()), 'p.csv')).statusCode).toBe(403)
    const res = await upload(admin, Buffer.from(personsCsv()), '东湖街道人口.csv')
    expect(res.statusCode, res.body).toBe(201)
    imp = res.json() as TRegistryImport
    expect(imp).toMatchObject({
      status: 'uploaded',
      format: 'csv',
      totalRows: 7,
      fileName: '东湖街道人口.csv',
    })
    expect(imp.suggestedMapping).toMatchObject({
      householdNumber: 0,
      name: 1,
      documentNumber: 2,
      sex: 3,
      phone: 4,
      address: 5,
      gridCode: 6,
      relation: 7,
      ethnicity: 8,
      note: 9,
    })
    expect(imp.samples[0]?.slice(0, 7)).toEqual([
      'H001',
      '赵大山',
      `110105********${ids.head.slice(-4)}`,
      '男',
      '138****1111',
      '养育巷*号',
      gridA,
    ])
    expect(res.body).not.toContain(ids.head)
    for (const file of await fs.readdir(app.config.dataDir, { recursive: true })) {
      const full = path.join(app.config.dataDir, file)
      if ((await fs.stat(full)).isFile())
        expect((await fs.readFile(full)).includes(Buffer.from(ids.head)), file).toBe(false)
    }
    expect((await json('GET', `/api/registry/imports/${imp.id}`, undefined, other)).statusCode).toBe(404)
  })

  it('checks every row in a dry run: the problems by row and column, an error sheet, nothing in the registry', async () => {
    const badMapping = await json('POST', `/api/registry/imports/${imp.id}/dry-run`, {
      mapping: { name: 42 },
    })
    expect(badMapping.statusCode).toBe(400)
    const res = await json('POST', `/api/registry/imports/${imp.id}/dry-run`, {
      mapping: imp.suggestedMapping,
    })
    expect(res.statusCode, res.body).toBe(202)
    imp = await settle(res.json() as TRegistryImport)
    expect(imp).toMatchObject({ status: 'validated', totalRows: 7, validRows: 3, invalidRows: 4 })
    const problems = imp.errors.map((e) => [e.row, e.column, e.message])
    expect(problems).toEqual([
      [5, '身份证号', '身份证号校验位不正确，请核对'],
      [6, '身份证号', '与第 2 行的证件号码重复'],
      [7, '网格编码', '网格不存在或不在您的辖区内'],
      [8, '民族', '无法识别的民族'],
    ])
    expect(JSON.stringify(imp)).not.toContain(ids.head)
    const sheet = await json('GET', imp.errorReportUrl ?? '')
    expect(sheet.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer)
    const lines = (workbook.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][]
    expect(lines).toHaveLength(5)
    expect(lines[1]).toEqual(expect.arrayContaining([5, '身份证号', '身份证号校验位不正确，请核对']))
    expect(sheet.rawPayload.includes(Buffer.from(ids.badCheck))).toBe(false)

    const all = await json('POST', `/api/registry/imports/${imp.id}/commit`, { mode: 'all' })
    expect(all.statusCode).toBe(400)
    expect((all.json() as { error: { fields: Record<string, string> } }).error.fields.mode).toContain('4 行')
    const count = await app.database.db
      .selectFrom('registry_persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })

  it('imports the valid rows when asked, grouped into households by their number, each with a history row', async () => {
    const res = await json('POST', `/api/registry/imports/${imp.id}/commit`, { mode: 'valid_only' })
    expect(res.statusCode, res.body).toBe(202)
    imp = await settle(res.json() as TRegistryImport)
    expect(imp.failure).toBeNull()
    expect(imp).toMatchObject({ status: 'committed', committedRows: 3, households: 1 })
    const found = (
      await json('GET', `/api/registry/persons?documentNumber=${ids.spouse}`)
    ).json() as TPersonList
    expect(found.items).toEqual([
      expect.objectContaining({
        name: '钱小红',
        sex: 'female',
        gridCode: gridA,
        documentMasked: `110105********${ids.spouse.slice(-4)}`,
      }),
    ])
    const person = (await json('GET', `/api/registry/persons/${found.items[0]?.id}`)).json() as {
      household: { members: { name: string; relation: string }[] }
      ethnicity: string
      history: { action: string }[]
    }
    expect(person.household.members.map((m) => [m.name, m.relation])).toEqual([
      ['赵大山', '02'],
      ['钱小红', '10'],
      ['赵小宝', '20'],
    ])
    expect(person.ethnicity).toBe('01')
    expect(person.history.map((h) => h.action)).toEqual(['import'])
    expect(
      (await json('POST', `/api/registry/imports/${imp.id}/commit`, { mode: 'valid_only' })).statusCode,
    ).toBe(409)
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'registry.import')
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor: 'imp_admin', details: { kind: 'persons', rows: 3, households: 1 } })
  })

  it('reads an XLSX sheet, and says so when Excel turned an ID number into a number', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('人口')
    sheet.addRow(['姓名', '公民身份号码', '网格编码'])
    sheet.addRow(['王文本', id('11010519880808008'), gridB])
    sheet.addRow(['王数字', Number(id('11010519890909009').slice(0, 17)) * 10, gridB])
    const res = await upload(admin, Buffer.from(await workbook.xlsx.writeBuffer()), '人口.xlsx')
    expect(res.statusCode, res.body).toBe(201)
    let x = res.json() as TRegistryImport
    expect(x.format).toBe('xlsx')
    x = await settle(
      (
        await json('POST', `/api/registry/imports/${x.id}/dry-run`, { mapping: x.suggestedMapping })
      ).json() as TRegistryImport,
    )
    expect(x).toMatchObject({ status: 'validated', validRows: 1, invalidRows: 1 })
    expect(x.errors[0]).toMatchObject({ row: 3, field: 'documentNumber' })
    expect(x.errors[0]?.message).toContain('Excel')
  })

  it('reads a CSV saved by Excel in GB18030, and uses the default grid for rows without one', async () => {
    // Node has no GB18030 encoder: the test writes the two Han characters' GB18030 bytes by hand.
    const encoded = Buffer.concat([
      Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), // 姓名
      Buffer.from(','),
      Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5]), // 身份证号
      Buffer.from('\r\n'),
      Buffer.from([0xd6, 0xa3, 0xb9, 0xfa, 0xb1, 0xea]), // 郑国标
      Buffer.from(`,${id('11010519770707007')}\r\n`),
    ])
    const res = await upload(admin, encoded, 'gbk.csv')
    expect(res.statusCode, res.body).toBe(201)
    const x = res.json() as TRegistryImport
    expect(x.headers).toEqual(['姓名', '身份证号'])
    const noGrid = await settle(
      (
        await json('POST', `/api/registry/imports/${x.id}/dry-run`, { mapping: x.suggestedMapping })
      ).json() as TRegistryImport,
    )
    expect(noGrid.errors[0]?.field).toBe('gridCode')
    const withGrid = await settle(
      (
        await json('POST', `/api/registry/imports/${x.id}/dry-run`, {
          mapping: x.suggestedMapping,
          defaultGridCode: gridB,
        })
      ).json() as TRegistryImport,
    )
    expect(withGrid).toMatchObject({ validRows: 1, invalidRows: 0 })
    const done = await settle(
      (await json('POST', `/api/registry/imports/${x.id}/commit`, { mode: 'all' })).json() as TRegistryImport,
    )
    expect(done).toMatchObject({ status: 'committed', committedRows: 1 })
    const found = (
      await json('GET', `/api/registry/persons?q=${encodeURIComponent('郑国')}`)
    ).json() as TPersonList
    expect(found.items.map((p) => p.name)).toEqual(['郑国标'])
  })
})
