import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'

export type SheetFormat = 'csv' | 'xlsx'

/** A cell as the importer sees it: text, trimmed; numbers as written, never in exponent form. */
export type Row = {
  row: number
  cells: string[]
  /** Columns whose cell was a number too large to be exact (an ID number Excel turned into a number). */
  lossy?: number[]
}

const chunk = 1 << 20

/** UTF-8 when the bytes are valid UTF-8, otherwise GB18030 (what Excel in China saves CSV as). */
export function csvEncoding(bytes: Buffer): 'utf-8' | 'gb18030' {
  try {
    // A multi-byte character may be cut at the end of the probe: decode in streaming mode.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 256 * 1024), { stream: true })
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

/** Lines of a CSV, for progress: counted on the bytes, without parsing. */
export function countLines(bytes: Buffer): number {
  let n = 0
  let at = bytes.indexOf(10)
  while (at >= 0) {
    n++
    at = bytes.indexOf(10, at + 1)
  }
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n
}

async function* csvRows(bytes: Buffer): AsyncGenerator<Row> {
  const decoder = new TextDecoder(csvEncoding(bytes))
  // The text is decoded a megabyte at a time, so a million rows never exist as one string.
  const text = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += chunk)
        yield decoder.decode(bytes.subarray(at, at + chunk), { stream: at + chunk < bytes.length })
    })(),
  )
  const parser = text.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
  )
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
    yield { row: record.info.lines, cells: record.record }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number')
    // 1.10105194912310E+17 would hide that the ID number lost its last digits: show every digit.
    return Number.isInteger(value) ? BigInt(value).toString() : String(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value)
    return value.richText
      .map((t) => t.text)
      .join('')
      .trim()
  if ('text' in value && typeof value.text === 'string') return value.text.trim()
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
  return ''
}

async function* xlsxRows(bytes: Buffer): AsyncGenerator<Row> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  })
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[]
      const cells: string[] = []
      const lossy: number[] = []
      for (let i = 1; i < values.length; i++) {
        const v = values[i]
        if (typeof v === 'number' && Math.abs(v) > Number.MAX_SAFE_INTEGER) lossy.push(i - 1)
        cells.push(cellText(v))
      }
      if (cells.some((c) => c !== ''))
        yield { row: row.number, cells, ...(lossy.length > 0 ? { lossy } : {}) }
    }
    // The first sheet holds the list; others (notes, code tables) are not read.
    break
  }
}

/** The rows of the first sheet, the header first, streamed. */
export function readRows(format: SheetFormat, bytes: Buffer): AsyncGenerator<Row> {
  return format === 'csv' ? csvRows(bytes) : xlsxRows(bytes)
}

/** What the bytes are: an XLSX is a zip (PK), anything else is read as CSV text. */
export function formatOf(bytes: Buffer): SheetFormat | null {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx'
  if (bytes.includes(0)) return null
  return 'csv'
}
