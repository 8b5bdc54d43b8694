import { execFileSync } from 'node:child_process'
import type { TBulletin, TBulletinList } from '@onegrid/core/api/bulletins'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import { ManualClock } from '../../../platform/clock.ts'
import { act, at, caseWorld, items, photo, report, type Staff } from '../../cases/test-fixtures.ts'
import { bulletinPeriod } from './build-bulletin.ts'

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return wb
}

/** Column A of a sheet → the row's values, for the rows whose first cell is text. */
function rowsByLabel(ws: ExcelJS.Worksheet | undefined): Map<string, ExcelJS.CellValue[]> {
  const out = new Map<string, ExcelJS.CellValue[]>()
  ws?.eachRow((row) => {
    const values: ExcelJS.CellValue[] = []
    row.eachCell({ includeEmpty: true }, (c, col) => {
      values[col - 1] = c.value
    })
    if (typeof values[0] === 'string') out.set(values[0], values)
  })
  return out
}

describe('the default period of a bulletin', () => {
  it('is the last complete half month or month', () => {
    expect(bulletinPeriod('half_month', '2026-11-16')).toMatchObject({ from: '2026-11-01', to: '2026-11-15' })
    expect(bulletinPeriod('half_month', '2026-11-15')).toMatchObject({ from: '2026-10-16', to: '2026-10-31' })
    expect(bulletinPeriod('month', '2026-12-01')).toMatchObject({ from: '2026-11-01', to: '2026-11-30' })
    expect(bulletinPeriod('month', '2026-12-01', '2026-12-01')).toMatchObject({ from: '2026-12-01' })
  })
})

describe('bulletins (通报)', () => {
  let app: App
  let staff: Staff
  const clock = new ManualClock('2026-11-02T09:00:00+08:00')
  let lateCode = ''
  let supervisedCode = ''

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' } })
    ;({ staff } = await caseWorld(app))
    await at(app, clock, staff, '2026-11-02 09:00')
    // One case through the loop on time; one left to run out (then supervised); one rejected; one self-handled.
    let c = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '休息亭顶棚破损',
      reporter: { name: '张三丰', phone: '13812345678' },
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    c = await act(app, staff.chengguan, c, 'sign')
    clock.advance(3_600_000)
    c = await act(app, staff.chengguan, c, 'handle', {
      note: '已更换顶棚',
      attachmentIds: [(await photo(app, staff.chengguan, '#3c3')).id],
    })
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    c = await act(app, staff.shiftLeader, c, 'close')
    await act(app, staff.operator, c, 'follow_up', { followUp: { reached: true, satisfaction: 'satisfied' } })
    const junk = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '重复来电',
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    await act(app, staff.operator, junk, 'reject', { reason: '重复来电' })
    await report(app, staff.worker, {
      itemCode: items.dispute,
      title: '邻里纠纷已调解',
      selfHandle: true,
      handlingNote: '双方已调解和好',
      handlingFields: { resolved: 'yes', resolution_method: 'on_the_spot' },
      attachmentIds: [(await photo(app, staff.worker)).id],
    })
    let late = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '座椅损坏，亳州路濮阳巷口',
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    late = await act(app, staff.operator, late, 'accept')
    late = await act(app, staff.shiftLeader, late, 'register', { urgency: 'normal' })
    late = await act(app, staff.dispatcher, late, 'dispatch')
    late = await act(app, staff.chengguan, late, 'sign')
    lateCode = late.code
    await at(app, clock, staff, '2026-11-13 10:00')
    late = await act(app, staff.leader, late, 'supervise', { reason: '群众反映强烈' })
    supervisedCode = late.code
    await at(app, clock, staff, '2026-11-16 09:30')
    await app.services.stats.catchUp()
  })
  afterAll(async () => {
    await app.close()
  })

  const post = (who: { headers: Record<string, string> }, payload: Record<string, unknown>) =>
    app.http.inject({ method: 'POST', url: '/api/stats/bulletins', headers: who.headers, payload })
  const get = (who: { headers: Record<string, string> }, url: string) =>
    app.http.inject({ method: 'GET', url, headers: who.headers })

  let half: TBulletin
  it('generates the last half month’s bulletin of the caller’s district and archives it', async () => {
    const started = performance.now()
    const res = await post(staff.leader, { period: 'half_month' })
    expect(res.statusCode, res.body).toBe(201)
    half = res.json() as TBulletin
    expect(half).toMatchObject({
      districtCode: '110120',
      areaCode: '110120',
      period: { kind: 'half_month', from: '2026-11-01', to: '2026-11-15', label: '2026年11月上半月' },
      generatedBy: { id: staff.leader.id },
      generatedAt: '2026-11-16T01:30:00.000Z',
      files: {
        xlsx: { url: `/api/stats/bulletins/${half.id}/xlsx` },
        pdf: { url: `/api/stats/bulletins/${half.id}/pdf` },
      },
    })
    expect(half.title).toMatch(/^.+网格化服务管理中心2026年11月上半月工作通报$/)
    expect(half.files.pdf.size).toBeGreaterThan(10_000)
    // Not a timing assertion (CI shares the CPU): the time is in the test's output.
    console.info(`generateBulletin: ${Math.round(performance.now() - started)} ms`)

    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_id'])
      .where('entity_type', '=', 'bulletin')
      .execute()
    expect(audit).toEqual([
      { action: 'bulletin.generate', entity_id: String(half.id), actor_id: staff.leader.id },
    ])
  })

  it('downloads the XLSX under its Chinese title, with the period’s KPIs and the overdue and supervised cases', async () => {
    const res = await get(staff.leader, half.files.xlsx.url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="bulletin-${half.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${half.title}.xlsx`)}`,
    )
    const wb = await workbook(res.rawPayload)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '排名', '超期案件', '督办案件', '类别占比'])
    const overview = rowsByLabel(wb.getWorksheet('概况'))
    // Four reports in the first half of November, none in the second half of October.
    expect(overview.get('上报数')?.slice(1, 5)).toEqual([4, null, 4, 0])
    expect(overview.get('按时结案率')?.[9]).toBe('按时结案数 ÷ 应处置数')
    const overdue = rowsByLabel(wb.getWorksheet('超期案件'))
    // The late case, and the self-handled one still waiting for its check (核查) past its deadline.
    expect([...overdue.keys()]).toContain('共2件')
    const codes: ExcelJS.CellValue[] = []
    wb.getWorksheet('超期案件')
      ?.getColumn(2)
      .eachCell((c) => {
        codes.push(c.value)
      })
    expect(codes).toContain(lateCode)
    const supervised: ExcelJS.CellValue[] = []
    wb.getWorksheet('督办案件')
      ?.getColumn(2)
      .eachCell((c) => {
        supervised.push(c.value)
      })
    expect(supervised).toContain(supervisedCode)
    const rankings = rowsByLabel(wb.getWorksheet('排名'))
    expect([...rankings.keys()].some((k) => k.startsWith('街道（乡镇）'))).toBe(true)
    expect([...rankings.keys()].some((k) => k.startsWith('职能部门'))).toBe(true)
    expect(rowsByLabel(wb.getWorksheet('类别占比')).get('合计')?.[1]).toBe(4)
  })

  it('downloads the PDF with its CJK font embedded', async () => {
    const res = await get(staff.leader, half.files.pdf.url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${half.title}.pdf`)}`,
    )
    const pdf = res.rawPayload
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.length).toBe(half.files.pdf.size)
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansHans-Regular/)
    if (hasPdftotext) {
      const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8')
      expect(text).toContain('2026年11月上半月工作通报')
      expect(text).toContain(lateCode)
      expect(text).toContain('座椅损坏，亳州路濮阳巷口')
    }
  })

  it('generates a month’s bulletin of a street, and lists each area’s bulletins to those who see it', async () => {
    const res = await post(staff.shiftLeader, { period: 'month', day: '2026-11-10', areaCode: '110120001' })
    expect(res.statusCode, res.body).toBe(201)
    const month = res.json() as TBulletin
    expect(month).toMatchObject({ areaCode: '110120001', period: { kind: 'month', label: '2026年11月' } })

    const all = (await get(staff.leader, '/api/stats/bulletins')).json() as TBulletinList
    // Newest period first; the same first day, the newer issue first.
    expect(all.items.map((b) => b.id)).toEqual([month.id, half.id])
    expect(all.total).toBe(2)
    const months = (await get(staff.leader, '/api/stats/bulletins?period=month')).json() as TBulletinList
    expect(months.items.map((b) => b.id)).toEqual([month.id])
    // A street's supervisor sees the street's bulletin, not the district's.
    const street = (await get(staff.supervisor, '/api/stats/bulletins')).json() as TBulletinList
    expect(street.items.map((b) => b.id)).toEqual([month.id])
    expect((await get(staff.supervisor, half.files.pdf.url)).statusCode).toBe(404)
    expect((await get(staff.supervisor, month.files.pdf.url)).statusCode).toBe(200)
  })

  it('refuses those without bulletins.manage, an area outside the jurisdiction and an unknown format', async () => {
    expect((await post(staff.worker, { period: 'half_month' })).statusCode).toBe(403)
    expect((await post(staff.shiftLeader, { period: 'half_month', areaCode: '110120999' })).statusCode).toBe(
      404,
    )
    expect((await get(staff.leader, `/api/stats/bulletins/${half.id}/docx`)).statusCode).toBe(400)
    expect((await get(staff.outsider, '/api/stats/bulletins')).json()).toEqual({ items: [], total: 0 })
  })
})
