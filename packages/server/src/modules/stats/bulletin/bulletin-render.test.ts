import { execFileSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sampleBulletinModel } from './bulletin-fixture.ts'
import { kpiChange } from './bulletin-model.ts'
import { bulletinFontName, renderBulletinPdf } from './bulletin-pdf.ts'
import { bulletinSheetNames, renderBulletinXlsx } from './bulletin-xlsx.ts'

const model = sampleBulletinModel({ rankingRows: 30, overdue: 200, supervised: 40 })

async function readBack(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return wb
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name)
  if (!ws) throw new Error(`no sheet ${name}`)
  return ws
}

/** The rows of a sheet as arrays of plain cell values (index 0 = column A). */
function rowsOf(ws: ExcelJS.Worksheet): { number: number; values: ExcelJS.CellValue[] }[] {
  const out: { number: number; values: ExcelJS.CellValue[] }[] = []
  ws.eachRow((row, number) => {
    const values: ExcelJS.CellValue[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cell.value
    })
    out.push({ number, values })
  })
  return out
}

/** The document information's Title: a PDF literal string, UTF-16BE with a byte-order mark. */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString('latin1')
  const ref = /\/Title (\d+) 0 R/.exec(text)
  if (!ref) throw new Error('no /Title')
  const start = text.indexOf(`\n${ref[1]} 0 obj\n(`) + `\n${ref[1]} 0 obj\n(`.length
  const bytes: number[] = []
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 }
  for (let i = start; text[i] !== ')'; i++) {
    const ch = text[i] as string
    if (ch === '\\') {
      const next = text[++i] as string
      if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))?.[0] ?? next
        bytes.push(Number.parseInt(octal, 8))
        i += octal.length - 1
      } else bytes.push(escapes[next] ?? next.charCodeAt(0))
    } else bytes.push(ch.charCodeAt(0))
  }
  const raw = Buffer.from(bytes)
  expect(raw.subarray(0, 2)).toEqual(Buffer.from([0xfe, 0xff]))
  return raw.subarray(2).swap16().toString('utf16le')
}

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('bulletin model', () => {
  it('compares rates in percentage points, counts in percent, by the KPI’s direction', () => {
    const byKey = new Map(model.kpis.map((k) => [k.key, k]))
    const onTime = byKey.get('onTimeClosureRate')
    const overdue = byKey.get('overdueOpen')
    const supervised = byKey.get('supervisedCount')
    const registered = byKey.get('registered')
    if (!onTime || !overdue || !supervised || !registered) throw new Error('fixture')
    expect(kpiChange(onTime)).toEqual({
      delta: 2.04,
      unit: 'pp',
      verdict: 'better',
      text: '上升2.04个百分点',
    })
    // 200 overdue against 180: more is worse.
    expect(kpiChange(overdue)).toMatchObject({ delta: 11.1, unit: 'percent', verdict: 'worse' })
    expect(kpiChange(supervised)).toMatchObject({ delta: null, text: '新增', verdict: 'worse' })
    expect(kpiChange(registered)).toMatchObject({ delta: 0, verdict: 'same', text: '持平' })
    expect(kpiChange({ ...onTime, previous: null })).toMatchObject({ delta: null, text: '—' })
  })
})

describe('bulletin XLSX', () => {
  it('has the five sheets with Chinese headers, numbers as numbers', async () => {
    const wb = await readBack(await renderBulletinXlsx(model))
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(bulletinSheetNames))

    const overview = rowsOf(sheet(wb, '概况'))
    expect(overview[0]?.values[0]).toBe(model.title)
    expect(overview[2]?.values.slice(0, 6)).toEqual([
      '指标',
      '本期分子',
      '本期分母',
      '本期值',
      '上期值',
      '环比变化',
    ])
    const onTime = overview.find((r) => r.values[0] === '按时结案率')
    expect(onTime?.values.slice(1, 7)).toEqual([8_731, 9_402, 0.9286, 0.9082, 2.04, '上升2.04个百分点'])
    expect(onTime?.values[7]).toBe('改善')
    expect(onTime?.values[9]).toBe('按时结案数 ÷ 应处置数')
    const ws = sheet(wb, '概况')
    expect(ws.getCell(`D${onTime?.number}`).numFmt).toBe('0.00%')
    expect(ws.getColumn(10).width).toBe(56)
    const reported = overview.find((r) => r.values[0] === '上报数')
    expect(reported?.values.slice(1, 6)).toEqual([12_480, null, 12_480, 11_902, 0.049])
    const satisfaction = overview.find((r) => r.values[0] === '满意率')
    expect(satisfaction?.values[8]).toBe('样本不足（少于30件）')
  })

  it('ranks in blocks, the bottom rows red and the small samples grey', async () => {
    const wb = await readBack(await renderBulletinXlsx(model))
    const ws = sheet(wb, '排名')
    const rows = rowsOf(ws)
    const titles = rows.filter((r) => /^[^红].+排名$/.test(String(r.values[0] ?? '')))
    expect(titles.map((r) => r.values[0])).toEqual([
      '2026年11月上半月排名',
      '街道（乡镇）按时结案率排名',
      '社区（村）按时结案率排名',
      '职能部门按时结案率排名',
    ])
    const bottom = rows.filter((r) => r.values[5] === '排名靠后')
    expect(bottom).toHaveLength(9)
    for (const r of bottom) {
      const cell = ws.getCell(`B${r.number}`)
      expect(cell.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFF8D7DA' } })
      expect(cell.font.color?.argb).toBe('FFC00000')
      expect(typeof r.values[2]).toBe('number')
    }
    const streets = model.rankings[0]?.ranking.rows ?? []
    const worst = streets.filter((x) => x.bottom).map((x) => x.name)
    expect(bottom.slice(0, 3).map((r) => r.values[1])).toEqual(worst)
    const small = rows.filter((r) => String(r.values[5] ?? '').startsWith('样本不足'))
    expect(small.length).toBeGreaterThan(0)
    for (const r of small) {
      expect(r.values[0]).toBeNull()
      expect(ws.getCell(`B${r.number}`).font.color?.argb).toBe('FF808080')
    }
  })

  it('lists the overdue and supervised cases with deadlines as dates in Beijing time', async () => {
    const wb = await readBack(await renderBulletinXlsx(model))
    const overdue = rowsOf(sheet(wb, '超期案件'))
    expect(overdue[1]?.values[0]).toBe('共212件，列出前200件')
    expect(overdue[2]?.values).toEqual([
      '序号',
      '案件编号',
      '案件标题',
      '所在区域',
      '处置单位（人）',
      '处置时限',
      '超期天数',
      '督办',
      '状态',
    ])
    expect(overdue).toHaveLength(3 + 200)
    const first = model.overdue[0]
    if (!first?.dueAt) throw new Error('fixture')
    const row = overdue[3]?.values ?? []
    expect(row.slice(0, 3)).toEqual([1, first.code, first.title])
    // 2026-10-06T10:00Z is 18:00 in Beijing; Excel dates carry no zone, so the cell holds the wall clock.
    expect(row[5]).toEqual(new Date(Date.parse(first.dueAt) + 8 * 3_600_000))
    expect(row[6]).toBe(first.daysOverdue)
    expect(sheet(wb, '超期案件').getCell('F4').numFmt).toBe('yyyy-mm-dd hh:mm')

    const supervised = rowsOf(sheet(wb, '督办案件'))
    expect(supervised).toHaveLength(3 + 40)
    expect(supervised[2]?.values[5]).toBe('督办时间')
  })

  it('shares categories with a total', async () => {
    const wb = await readBack(await renderBulletinXlsx(model))
    const rows = rowsOf(sheet(wb, '类别占比'))
    expect(rows[1]?.values).toEqual(['类别', '件数', '占比', '上期件数', '环比'])
    const body = rows.slice(2, -1)
    expect(body).toHaveLength(model.categoryShares.length)
    const top = model.categoryShares[0]
    expect(body[0]?.values.slice(0, 3)).toEqual([
      top?.name,
      top?.count,
      Math.round((top?.percent ?? 0) * 100) / 10_000,
    ])
    const total = rows.at(-1)?.values ?? []
    expect(total.slice(0, 3)).toEqual(['合计', model.categoryShares.reduce((n, s) => n + s.count, 0), 1])
  })
})

describe('bulletin PDF', () => {
  it('is an A4 PDF with the CJK font embedded as a subset, the title in its information', async () => {
    const pdf = await renderBulletinPdf(model)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF')
    const text = pdf.toString('latin1')
    expect(text).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${bulletinFontName}-Regular`))
    expect(text).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${bulletinFontName}-Bold`))
    // CFF outlines (the font is OpenType/CFF): FontFile3, CIDFontType0C; ToUnicode maps for copying text.
    expect(text.match(/\/FontFile3/g)).toHaveLength(2)
    expect(text).toContain('/Subtype /CIDFontType0C')
    expect(text.match(/\/ToUnicode/g)).toHaveLength(2)
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]')
    expect(pdfTitle(pdf)).toBe('云溪区网格化服务管理中心2026年11月上半月工作通报')
    // A subset: the file is far smaller than the 8 MB fonts.
    expect(pdf.length).toBeLessThan(1_000_000)
  })

  it('gives the same bytes for the same model (the creation date is the issue time)', async () => {
    const small = sampleBulletinModel({ rankingRows: 5, overdue: 5, supervised: 2 })
    const [a, b] = [await renderBulletinPdf(small), await renderBulletinPdf(small)]
    expect(a.equals(b)).toBe(true)
    const text = a.toString('latin1')
    const ref = /\/CreationDate (\d+) 0 R/.exec(text)?.[1]
    expect(text).toContain(`\n${ref} 0 obj\n(D:20261116010500Z)`)
  })

  it('renders an empty period without failing', async () => {
    const empty = {
      ...sampleBulletinModel({ rankingRows: 0, overdue: 0, supervised: 0 }),
      rankings: [],
      categoryShares: [],
      overdueTotal: 0,
    }
    const pdf = await renderBulletinPdf(empty)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const wb = await readBack(await renderBulletinXlsx(empty))
    expect(rowsOf(sheet(wb, '超期案件'))[1]?.values[0]).toBe('共0件')
  })

  it.skipIf(!hasPdftotext)('reads back as Chinese text (pdftotext, where installed)', async () => {
    const pdf = await renderBulletinPdf(model)
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8')
    expect(text).toContain('云溪区网格化服务管理中心')
    expect(text).toContain('2026年11月上半月工作通报')
    expect(text).toContain('排名靠后')
    expect(text).toContain(model.overdue[0]?.code)
    expect(text).toMatch(/第 1 页 \/ 共 \d+ 页/)
  })
})
