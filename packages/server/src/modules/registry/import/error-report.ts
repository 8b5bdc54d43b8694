import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import type { LocalText } from '../../../platform/http/errors.ts'
import type { RowError } from './import-kind.ts'

/**
 * The error sheet an importer downloads to fix their file: one line per
 * problem — row, column, the value as read (personal values masked), what is
 * wrong — in the order of the file.
 */
export async function errorSheet(
  rows: AsyncIterable<{ row_no: number; errors: unknown }> | Iterable<{ row_no: number; errors: unknown }>,
): Promise<Buffer> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet('导入问题', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 16 },
    { header: '读到的值', key: 'value', width: 24 },
    { header: '问题', key: 'message', width: 48 },
    { header: 'Problem', key: 'messageEn', width: 48 },
  ]
  for await (const r of rows)
    for (const e of (r.errors ?? []) as (RowError & { message: LocalText })[])
      sheet
        .addRow({
          row: r.row_no,
          column: e.column ?? e.field,
          value: e.value,
          message: e.message.zh,
          messageEn: e.message.en,
        })
        .commit()
  await workbook.commit()
  await done
  return Buffer.concat(parts)
}
