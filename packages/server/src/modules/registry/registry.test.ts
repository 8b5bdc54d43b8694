import fs from 'node:fs/promises'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { TPerson, TPersonList, TRegistrySummary } from '@onegrid/core/api/registry'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import ExcelJS from 'exceljs'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { rawDump } from '../../../test/raw-dump.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import type { Config } from '../../platform/config.ts'
import { loggerSettings } from '../../platform/logging.ts'

const gridA = '110120001001001'
const gridB = '110120001001002'
const idNumber = '11010519491231002X'
const phone = '13912345678'

describe('the registry', () => {
  let app: App & { config: Config }
  const logLines: string[] = []
  const tokens: Record<'admin' | 'workerA' | 'workerB' | 'operator' | 'dispatcher', string> = {
    admin: '',
    workerA: '',
    workerB: '',
    operator: '',
    dispatcher: '',
  }

  const call = async (
    who: keyof typeof tokens,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) => app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'))
        done()
      },
    })
    app = await createTestApp({ logger: pino(loggerSettings('trace'), sink) })
    await loadDemoAreas(app)
    const users = [
      ['reg_admin', 'admin', '110120'],
      ['reg_worker_a', 'grid_worker', gridA],
      ['reg_worker_b', 'grid_worker', gridB],
      ['reg_operator', 'operator', '110120001'],
      ['reg_dispatcher', 'dispatcher', '110120001'],
    ] as const
    for (const [username, role, areaCode] of users) await createUser(app, { username, role, areaCode })
    tokens.admin = await tokenFor(app, 'reg_admin')
    tokens.workerA = await tokenFor(app, 'reg_worker_a')
    tokens.workerB = await tokenFor(app, 'reg_worker_b')
    tokens.operator = await tokenFor(app, 'reg_operator')
    tokens.dispatcher = await tokenFor(app, 'reg_dispatcher')
  })
  afterAll(async () => {
    await app.close()
  })

  it('rejects a wrong check digit, an impossible birth date, a bad phone and a foreign grid, naming the field, and writes nothing', async () => {
    const bad = [
      [{ documentNumber: '110105194912310021' }, 'documentNumber', '校验位'],
      [
        { documentNumber: `11010519990230001${idCheckChar('11010519990230001')}` },
        'documentNumber',
        '出生日期',
      ],
      [{ documentNumber: '1101051949' }, 'documentNumber', '18'],
      [{ phone: '12345' }, 'phone', '电话'],
      [{ birthDate: '2999-01-01', documentNumber: null }, 'birthDate', '晚于今天'],
    ] as const
    for (const [fields, field, words] of bad) {
      const res = await call('workerA', 'POST', '/api/registry/persons', {
        name: '错误',
        gridCode: gridA,
        ...fields,
      })
      expect(res.statusCode, JSON.stringify(fields)).toBe(400)
      const body = res.json() as { error: { fields: Record<string, string> } }
      expect(body.error.fields[field]).toContain(words)
    }
    const foreign = await call('workerA', 'POST', '/api/registry/persons', { name: '越界', gridCode: gridB })
    expect(foreign.statusCode).toBe(400)
    expect(
      (foreign.json() as { error: { fields: Record<string, string> } }).error.fields.gridCode,
    ).toBeTruthy()
    const count = await app.database.db
      .selectFrom('registry_persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })

  let person: TPerson
  it('records a person: sex and birth date from the ID number, personal fields masked, history kept', async () => {
    const res = await call('workerA', 'POST', '/api/registry/persons', {
      name: '张三丰',
      documentNumber: '11010519491231002x',
      phone: '+86 139 1234 5678',
      address: '养育巷12号3栋501室',
      gridCode: gridA,
      tags: ['独居'],
    })
    expect(res.statusCode, res.body).toBe(201)
    person = res.json() as TPerson
    expect(person.documentMasked).toBe('110105********002X')
    expect(person.phoneMasked).toBe('139****5678')
    expect(person.addressMasked).toBe('养育巷**号*栋***室')
    expect(person.sex).toBe('female')
    expect(person.birthYear).toBe(1949)
    expect(person.hukouRegion).toBe('110105')
    expect(person.history[0]?.action).toBe('create')
    expect(JSON.stringify(person)).not.toContain(idNumber)
    expect(JSON.stringify(person)).not.toContain(phone)

    const again = await call('admin', 'POST', '/api/registry/persons', {
      name: '张三丰',
      documentNumber: idNumber,
      gridCode: gridB,
    })
    expect(again.statusCode).toBe(400)
    expect(
      (again.json() as { error: { fields: Record<string, string> } }).error.fields.documentNumber,
    ).toContain('已登记')
  })

  it('finds the person by ID number, phone, name prefix, pinyin and initials; a grid worker of another grid cannot', async () => {
    const queries = [
      `documentNumber=${idNumber}`,
      `phone=${phone}`,
      `q=${encodeURIComponent('张三')}`,
      'q=zhangsan',
      'q=zsf',
    ]
    for (const q of queries) {
      const mine = (await call('workerA', 'GET', `/api/registry/persons?${q}`)).json() as TPersonList
      expect(
        mine.items.map((p) => p.id),
        q,
      ).toEqual([person.id])
      const theirs = (await call('workerB', 'GET', `/api/registry/persons?${q}`)).json() as TPersonList
      expect(theirs.items, q).toEqual([])
    }
    expect((await call('workerB', 'GET', `/api/registry/persons/${person.id}`)).statusCode).toBe(404)
    expect((await call('operator', 'GET', `/api/registry/persons/${person.id}`)).statusCode).toBe(200)
    expect((await call('dispatcher', 'GET', '/api/registry/persons')).statusCode).toBe(403)
  })

  it('reveals one field with a reason, and writes the reveal to the audit log', async () => {
    const noReason = await call('workerA', 'POST', `/api/registry/persons/${person.id}/reveal`, {
      field: 'document',
    })
    expect(noReason.statusCode).toBe(400)
    const res = await call('workerA', 'POST', `/api/registry/persons/${person.id}/reveal`, {
      field: 'document',
      reason: '入户走访核对身份',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ field: 'document', value: idNumber })
    const phoneRes = await call('workerA', 'POST', `/api/registry/persons/${person.id}/reveal`, {
      field: 'phone',
      reason: '电话回访',
    })
    expect(phoneRes.json()).toEqual({ field: 'phone', value: phone })
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['actor', 'entity_id', 'details'])
      .where('action', '=', 'person.reveal')
      .orderBy('id')
      .execute()
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({ actor: 'reg_worker_a', entity_id: String(person.id) })
    expect(audit[0]?.details).toMatchObject({ field: 'document', reason: '入户走访核对身份' })
    expect(JSON.stringify(audit)).not.toContain(idNumber)
    expect(
      (
        await call('workerB', 'POST', `/api/registry/persons/${person.id}/reveal`, {
          field: 'phone',
          reason: '试试',
        })
      ).statusCode,
    ).toBe(404)
  })

  it('corrects a person at the version read: a stale version is 409, the history names the change (masked)', async () => {
    const res = await call('workerA', 'PATCH', `/api/registry/persons/${person.id}`, {
      phone: '13700001111',
      tags: ['独居', '高龄'],
      version: person.version,
      reason: '走访核实',
    })
    expect(res.statusCode, res.body).toBe(200)
    const updated = res.json() as TPerson
    expect(updated.version).toBe(person.version + 1)
    expect(updated.history[0]).toMatchObject({
      action: 'update',
      reason: '走访核实',
      changes: { phone: ['139****5678', '137****1111'], tags: [['独居'], ['独居', '高龄']] },
    })
    const stale = await call('workerA', 'PATCH', `/api/registry/persons/${person.id}`, {
      note: '迟到的修改',
      version: person.version,
    })
    expect(stale.statusCode).toBe(409)
    person = updated
  })

  it('keeps special groups for the roles that need them: typed fields checked, risk level with reason and who set it', async () => {
    const badFields = await call('workerA', 'POST', `/api/registry/persons/${person.id}/groups`, {
      group: 'community_correction',
      fields: { correctionStart: '2026-01-01', correctionEnd: '2025-01-01' },
    })
    expect(badFields.statusCode).toBe(400)
    const fieldNames = Object.keys(
      (badFields.json() as { error: { fields: Record<string, string> } }).error.fields,
    )
    expect(fieldNames).toContain('fields.correctionNo')

    const added = await call('workerA', 'POST', `/api/registry/persons/${person.id}/groups`, {
      group: 'empty_nest_elderly',
      fields: { livingAlone: true, emergencyContactName: '张小明' },
    })
    expect(added.statusCode, added.body).toBe(200)
    const withGroup = added.json() as TPerson
    const membership = withGroup.memberships[0]
    expect(membership).toMatchObject({ group: 'empty_nest_elderly', riskLevel: 'green', visitEveryDays: 15 })
    expect(membership?.fields).toMatchObject({ livingAlone: true, emergencyContactName: '张小明' })

    const risk = await call(
      'workerA',
      'PUT',
      `/api/registry/persons/${person.id}/groups/empty_nest_elderly/risk`,
      {
        riskLevel: 'red',
        reason: '近日摔倒，独自在家',
        version: membership?.version,
      },
    )
    expect(risk.statusCode, risk.body).toBe(200)
    const red = (risk.json() as TPerson).memberships[0]
    expect(red).toMatchObject({
      riskLevel: 'red',
      riskReason: '近日摔倒，独自在家',
      riskSetBy: 'reg_worker_a',
      visitEveryDays: 7,
    })

    // The operator reads the registry but not special groups: no badge, no record, no group search.
    const asOperator = (await call('operator', 'GET', `/api/registry/persons/${person.id}`)).json() as TPerson
    expect(asOperator.memberships).toEqual([])
    expect(asOperator.groups).toEqual([])
    expect((await call('operator', 'GET', '/api/registry/persons?group=empty_nest_elderly')).statusCode).toBe(
      400,
    )
    expect((await call('operator', 'GET', '/api/registry/special-groups')).statusCode).toBe(403)

    // The helper picker: grid staff inside the caller's jurisdiction, without users.read.
    const helpers = (await call('workerA', 'GET', '/api/registry/helpers')).json() as {
      items: { name: string }[]
    }
    expect(helpers.items.map((h) => h.name)).toEqual(['reg_worker_a'])
    expect((await call('operator', 'GET', '/api/registry/helpers')).statusCode).toBe(403)

    const list = (await call('admin', 'GET', '/api/registry/special-groups?riskLevel=red')).json() as {
      items: { person: { id: number }; riskLevel: string }[]
    }
    expect(list.items.map((i) => i.person.id)).toEqual([person.id])
    const summary = (
      await call('workerA', 'GET', `/api/registry/summary?areaCode=${gridA}`)
    ).json() as TRegistrySummary
    expect(summary).toMatchObject({
      persons: 1,
      elderly: 1,
      groups: [{ group: 'empty_nest_elderly', members: 1, red: 1 }],
    })
    expect(summary.grids).toEqual([{ code: gridA, persons: 1, households: 0 }])
  })

  it('groups persons into a household with one householder', async () => {
    const spouse = (
      await call('workerA', 'POST', '/api/registry/persons', { name: '李四', gridCode: gridA, sex: 'male' })
    ).json() as TPerson
    const twoHeads = await call('workerA', 'POST', '/api/registry/households', {
      gridCode: gridA,
      members: [
        { personId: person.id, relation: '02' },
        { personId: spouse.id, relation: '02' },
      ],
    })
    expect(twoHeads.statusCode).toBe(400)
    const res = await call('workerA', 'POST', '/api/registry/households', {
      gridCode: gridA,
      address: '养育巷12号3栋501室',
      members: [
        { personId: person.id, relation: '02' },
        { personId: spouse.id, relation: '10' },
      ],
    })
    expect(res.statusCode, res.body).toBe(201)
    const household = res.json() as { id: number; members: { id: number; relation: string }[] }
    expect(household.members.map((m) => m.relation).sort()).toEqual(['02', '10'])
    const got = (await call('workerA', 'GET', `/api/registry/persons/${person.id}`)).json() as TPerson
    expect(got.household?.members.map((m) => m.name).sort()).toEqual(['张三丰', '李四'])
    expect((await call('workerB', 'GET', `/api/registry/households/${household.id}`)).statusCode).toBe(404)
    // The grid's household count now comes from the records, not the planning figure.
    const grid = await app.database.db
      .selectFrom('areas')
      .select('households')
      .where('code', '=', gridA)
      .executeTakeFirstOrThrow()
    expect(grid.households).toBe(1)
  })

  it('links the person to a case as a party; the page of the person lists the case for those who may see it', async () => {
    const operator = await app.services.sessions.principalFor(
      (await createUser(app, { username: 'reg_case_operator', role: 'operator', areaCode: '110120' })).id,
      'reg_case_operator',
      'test',
      false,
    )
    const made = await app.services.cases.report.report(
      operator,
      { userId: null, name: 'test', ip: null, userAgent: null, requestId: null },
      {
        itemCode: 'ZZ01001',
        channel: 'hotline',
        description: '邻里纠纷，张三丰反映楼上噪音',
        gridCode: gridA,
        urgency: 'normal',
        fields: {},
        attachmentIds: [],
        selfHandle: false,
        handlingFields: {},
      },
      null,
    )
    const link = await call('workerA', 'POST', `/api/cases/${made.case.id}/parties`, {
      entityType: 'person',
      entityId: person.id,
      role: 'involved',
    })
    expect(link.statusCode, link.body).toBe(200)
    const parties = link.json() as { items: { label: string; role: string }[] }
    expect(parties.items).toEqual([
      expect.objectContaining({ label: '张三丰（110105********002X）', role: 'involved' }),
    ])
    expect(
      (
        await call('workerA', 'POST', `/api/cases/${made.case.id}/parties`, {
          entityType: 'person',
          entityId: person.id,
        })
      ).statusCode,
    ).toBe(409)
    expect(
      (
        await call('workerB', 'POST', `/api/cases/${made.case.id}/parties`, {
          entityType: 'person',
          entityId: person.id,
        })
      ).statusCode,
    ).toBe(404)
    const got = (await call('workerA', 'GET', `/api/registry/persons/${person.id}`)).json() as TPerson
    expect(got.cases).toEqual([
      expect.objectContaining({ id: made.case.id, code: made.case.code, role: 'involved' }),
    ])
  })

  it('exports the filtered list as a sheet, masked as on screen, and audits the export', async () => {
    expect((await call('operator', 'GET', '/api/registry/persons/export')).statusCode).toBe(403)
    const res = await call(
      'admin',
      'GET',
      `/api/registry/persons/export?areaCode=${gridA}&q=${encodeURIComponent('张')}`,
    )
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean) as unknown[][]
    expect(rows[0]).toContain('公民身份号码')
    expect(rows).toHaveLength(2)
    expect(rows[1]).toEqual(
      expect.arrayContaining(['张三丰', '110105********002X', '137****1111', '空巢老人（红）']),
    )
    expect(res.rawPayload.includes(Buffer.from(idNumber))).toBe(false)
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'person.export')
      .executeTakeFirstOrThrow()
    expect(audit.details).toMatchObject({ rows: 1 })
  })

  it('leaves no plaintext ID number or phone in a raw dump, in the data directory or in the logs', async () => {
    const dump = await rawDump(app.database as typeof app.database & { url?: string })
    for (const secret of [idNumber, phone, '13700001111', '19491231'])
      expect(dump.includes(Buffer.from(secret)), secret).toBe(false)
    // The control: the dump does show what is stored in clear.
    expect(dump.includes(Buffer.from('张三丰'))).toBe(true)

    const files = await fs.readdir(app.config.dataDir, { recursive: true })
    for (const file of files) {
      const full = path.join(app.config.dataDir, file)
      if (!(await fs.stat(full)).isFile()) continue
      const bytes = await fs.readFile(full)
      expect(bytes.includes(Buffer.from(idNumber)), file).toBe(false)
      expect(bytes.includes(Buffer.from(phone)), file).toBe(false)
    }

    const logs = logLines.join('')
    expect(logs).toContain('/api/registry/persons?documentNumber=redacted')
    for (const secret of [idNumber, idNumber.toLowerCase(), phone, '13700001111'])
      expect(logs).not.toContain(secret)
  })
})
