import type { TCreatePerson } from '@onegrid/core/api/registry'
import type { Insertable } from 'kysely'
import { maskAddress, maskIdNumber, maskPhone } from '../../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import { type LocalText, text } from '../../../platform/http/errors.ts'
import { personColumns } from '../person-input.ts'
import type { RegistryImportRowsTable } from '../tables.ts'
import {
  dateOf,
  documentKindOf,
  educationOf,
  ethnicityOf,
  type ImportFieldKey,
  relationOf,
  sexOf,
  tagsOf,
  yesNo,
} from './import-fields.ts'

export type RowError = { field: string; column: string | null; value: string | null; message: LocalText }
export type StagedRow = Insertable<RegistryImportRowsTable>

/** How a field's cell is shown in an error: personal values masked, the rest as typed. */
function shown(field: string, value: string): string {
  if (field === 'documentNumber') return maskIdNumber(value)
  if (field === 'phone') return maskPhone(value)
  if (field === 'address' || field === 'hukouAddress') return maskAddress(value)
  return value
}

/**
 * One row of a persons sheet → a staging row: the same checks and the same
 * encryption as `createPerson`, plus what only a sheet can get wrong (a label
 * that is no code, an ID number Excel turned into a number, a document twice
 * in the file). Errors name the field and the column header.
 */
export class RowValidator {
  /** Document blind index → the row that has it, to report the second occurrence. */
  private readonly seen = new Map<string, number>()

  constructor(
    private readonly pii: PiiCipher,
    private readonly today: Date,
    private readonly mapping: Partial<Record<ImportFieldKey, number>>,
    private readonly headers: readonly string[],
    /** The grids the importer may write to: code → path. */
    private readonly grids: ReadonlyMap<string, string>,
    private readonly defaultGrid: string | null,
  ) {}

  validate(
    importId: number,
    rowNo: number,
    cells: readonly string[],
    lossy: readonly number[] = [],
  ): StagedRow {
    const errors: RowError[] = []
    const cell = (field: ImportFieldKey): string => {
      const index = this.mapping[field]
      return index === undefined ? '' : (cells[index] ?? '').trim()
    }
    const fail = (field: ImportFieldKey, message: LocalText) => {
      const index = this.mapping[field]
      const value = cell(field)
      errors.push({
        field,
        column: index === undefined ? null : (this.headers[index] ?? null),
        value: value === '' ? null : shown(field, value),
        message,
      })
    }
    const coded = (field: ImportFieldKey, of: (v: string) => string | null, what: string) => {
      const v = cell(field)
      if (v === '') return undefined
      const code = of(v)
      if (code === null) fail(field, text(`无法识别的${what}`, `Unknown ${field}`))
      return code
    }

    const input: Partial<TCreatePerson> & Record<string, unknown> = {}
    const name = cell('name')
    if (name === '') fail('name', text('姓名不能为空', 'The name is missing'))
    else if (name.length > 50) fail('name', text('姓名过长', 'The name is too long'))
    else input.name = name
    const kindText = cell('documentKind')
    const kind = kindText === '' ? 'id_card' : documentKindOf(kindText)
    if (kind === null) fail('documentKind', text('无法识别的证件类型', 'Unknown document kind'))
    input.documentKind = (kind ?? 'id_card') as TCreatePerson['documentKind']
    const doc = cell('documentNumber')
    if (doc !== '') {
      if (this.mapping.documentNumber !== undefined && lossy.includes(this.mapping.documentNumber))
        fail(
          'documentNumber',
          text(
            '身份证号被 Excel 存成了数字，末位已丢失：请把该列设为文本后重新填写',
            'Excel stored the ID number as a number and lost its last digits',
          ),
        )
      else input.documentNumber = doc
    }
    const sex = cell('sex')
    if (sex !== '') {
      const s = sexOf(sex)
      if (s === null) fail('sex', text('性别应为 男 或 女', 'Sex must be 男 or 女'))
      else input.sex = s
    }
    const birth = cell('birthDate')
    if (birth !== '') {
      const d = dateOf(birth)
      if (d === null)
        fail('birthDate', text('出生日期格式应为 1990-01-31', 'Write the birth date as 1990-01-31'))
      else input.birthDate = d
    }
    const ethnicity = coded('ethnicity', ethnicityOf, '民族')
    if (ethnicity) input.ethnicity = ethnicity
    const education = coded('education', educationOf, '学历')
    if (education) input.education = education
    const relation = coded('relation', relationOf, '与户主关系')
    if (relation) input.relation = relation
    for (const field of ['phone', 'address', 'hukouAddress', 'note'] as const) {
      const v = cell(field)
      if (v !== '') input[field] = v
    }
    const nonLocal = cell('nonLocal')
    if (nonLocal !== '') {
      const yn = yesNo(nonLocal)
      if (yn === null) fail('nonLocal', text('应为 是 或 否', 'Must be 是 or 否'))
      else input.nonLocal = yn
    }
    const tags = cell('tags')
    if (tags !== '') input.tags = tagsOf(tags)

    const gridText = cell('gridCode') || this.defaultGrid || ''
    const gridPath = this.grids.get(gridText)
    if (gridText === '')
      fail('gridCode', text('未填写网格，也未选择默认网格', 'No grid in the row and no default grid'))
    else if (!gridPath)
      fail('gridCode', text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction'))

    const { columns, errors: fieldErrors } = personColumns(this.pii, input, this.today, null)
    for (const [field, message] of Object.entries(fieldErrors)) fail(field as ImportFieldKey, message)

    if (columns.document_index) {
      const first = this.seen.get(columns.document_index)
      if (first !== undefined)
        fail('documentNumber', text(`与第 ${first} 行的证件号码重复`, `The same document as row ${first}`))
      else this.seen.set(columns.document_index, rowNo)
    }

    if (errors.length > 0 || !gridPath)
      return { import_id: importId, row_no: rowNo, errors: JSON.stringify(errors), name: name || null }
    const household = cell('householdNumber')
    return {
      import_id: importId,
      row_no: rowNo,
      errors: null,
      ...columns,
      // The registry's defaults, so the commit moves rows as they are.
      sex: columns.sex ?? 'unknown',
      non_local: columns.non_local ?? false,
      tags: columns.tags ?? [],
      document_kind: input.documentKind,
      household_number: household === '' ? null : household,
      grid_code: gridText,
      area_path: gridPath,
    }
  }

  /** Marks a staged row whose document is recorded already (checked per batch against the registry). */
  static alreadyRecorded(
    row: StagedRow,
    headers: readonly string[],
    mapping: Partial<Record<ImportFieldKey, number>>,
  ): StagedRow {
    const index = mapping.documentNumber
    const error: RowError = {
      field: 'documentNumber',
      column: index === undefined ? null : (headers[index] ?? null),
      value: row.document_masked ?? null,
      message: text('该证件号码已登记在册', 'A person with this document is recorded already'),
    }
    return {
      import_id: row.import_id,
      row_no: row.row_no,
      errors: JSON.stringify([error]),
      name: row.name ?? null,
    }
  }
}
