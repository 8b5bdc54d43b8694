import type { TCreatePerson } from '@onegrid/core/api/registry'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import { text } from '../../../platform/http/errors.ts'
import { personColumns } from '../person-input.ts'
import {
  dateOf,
  documentKindOf,
  educationOf,
  ethnicityOf,
  relationOf,
  sexOf,
  tagsOf,
  yesNo,
} from './import-fields.ts'
import type {
  CheckContext,
  ImportKind,
  ImportMapping,
  PiiShape,
  RowChecker,
  RowError,
  StagedRow,
} from './import-kind.ts'
import type { ImportStore } from './import-store.ts'
import { personImportFields } from './person-fields.ts'
import { PersonRowsWorker } from './person-rows-client.ts'
import { piiShapes, RowCells } from './row-cells.ts'

const shapes = piiShapes(personImportFields)

/**
 * One row of a persons sheet → a staging row: the same checks and the same
 * encryption as `createPerson`, plus what only a sheet can get wrong (a label
 * that is no code, an ID number Excel turned into a number, a document twice
 * in the file). Errors name the field and the column header.
 */
export class RowValidator {
  constructor(
    private readonly pii: PiiCipher,
    private readonly today: Date,
    private readonly mapping: ImportMapping,
    private readonly headers: readonly string[],
    /** The grids the importer may write to: code → path. */
    private readonly grids: ReadonlyMap<string, string>,
    private readonly defaultGrid: string | null,
    private readonly piiShapes: ReadonlyMap<string, PiiShape> = shapes,
  ) {}

  validate(
    importId: number,
    rowNo: number,
    cells: readonly string[],
    lossy: readonly number[] = [],
  ): StagedRow {
    const row = new RowCells(cells, this.mapping, this.headers, this.piiShapes)
    const input: Partial<TCreatePerson> & Record<string, unknown> = {}
    const name = row.get('name')
    if (name === '') row.fail('name', text('姓名不能为空', 'The name is missing'))
    else if (name.length > 50) row.fail('name', text('姓名过长', 'The name is too long'))
    else input.name = name
    const kindText = row.get('documentKind')
    const kind = kindText === '' ? 'id_card' : documentKindOf(kindText)
    if (kind === null) row.fail('documentKind', text('无法识别的证件类型', 'Unknown document kind'))
    input.documentKind = (kind ?? 'id_card') as TCreatePerson['documentKind']
    const doc = row.get('documentNumber')
    if (doc !== '') {
      if (this.mapping.documentNumber !== undefined && lossy.includes(this.mapping.documentNumber))
        row.fail(
          'documentNumber',
          text(
            '身份证号被 Excel 存成了数字，末位已丢失：请把该列设为文本后重新填写',
            'Excel stored the ID number as a number and lost its last digits',
          ),
        )
      else input.documentNumber = doc
    }
    const sex = row.get('sex')
    if (sex !== '') {
      const s = sexOf(sex)
      if (s === null) row.fail('sex', text('性别应为 男 或 女', 'Sex must be 男 or 女'))
      else input.sex = s
    }
    const birth = row.get('birthDate')
    if (birth !== '') {
      const d = dateOf(birth)
      if (d === null)
        row.fail('birthDate', text('出生日期格式应为 1990-01-31', 'Write the birth date as 1990-01-31'))
      else input.birthDate = d
    }
    const ethnicity = row.coded('ethnicity', ethnicityOf, text('民族', 'Ethnicity'))
    if (ethnicity) input.ethnicity = ethnicity
    const education = row.coded('education', educationOf, text('学历', 'Education'))
    if (education) input.education = education
    const relation = row.coded('relation', relationOf, text('与户主关系', 'Relation'))
    if (relation) input.relation = relation
    for (const field of ['phone', 'address', 'hukouAddress', 'note'] as const) {
      const v = row.get(field)
      if (v !== '') input[field] = v
    }
    const nonLocal = row.get('nonLocal')
    if (nonLocal !== '') {
      const yn = yesNo(nonLocal)
      if (yn === null) row.fail('nonLocal', text('应为 是 或 否', 'Must be 是 or 否'))
      else input.nonLocal = yn
    }
    const tags = row.get('tags')
    if (tags !== '') input.tags = tagsOf(tags)

    const gridText = row.get('gridCode') || this.defaultGrid || ''
    const gridPath = this.grids.get(gridText)
    if (gridText === '')
      row.fail('gridCode', text('未填写网格，也未选择默认网格', 'No grid in the row and no default grid'))
    else if (!gridPath)
      row.fail('gridCode', text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction'))

    const { columns, errors: fieldErrors } = personColumns(this.pii, input, this.today, null)
    for (const [field, message] of Object.entries(fieldErrors)) row.fail(field, message)

    if (!row.ok || !gridPath)
      return {
        import_id: importId,
        row_no: rowNo,
        errors: row.errors,
        name: name || null,
        // Kept (a keyed hash, no personal value) so a later row with the same document is told apart.
        document_index: columns.document_index ?? null,
      }
    const household = row.get('householdNumber')
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

  private documentError(masked: string | null, message: RowError['message']): RowError {
    const index = this.mapping.documentNumber
    return {
      field: 'documentNumber',
      column: index === undefined ? null : (this.headers[index] ?? null),
      value: masked,
      message,
    }
  }

  /** Marks a staged row whose document is recorded already (checked per batch against the registry). */
  alreadyRecorded(row: StagedRow): StagedRow {
    return {
      import_id: row.import_id,
      row_no: row.row_no,
      errors: [
        this.documentError(
          row.document_masked ?? null,
          text('该证件号码已登记在册', 'A person with this document is recorded already'),
        ),
      ],
      name: row.name ?? null,
    }
  }

  /** The problem of a row whose document an earlier row of the file has. */
  repeated(first: number, masked: string | null): RowError {
    return this.documentError(
      masked,
      text(`与第 ${first} 行的证件号码重复`, `The same document as row ${first}`),
    )
  }
}

/**
 * The persons kind: rows checked alone (on this thread, or for a large sheet
 * in a worker thread while this one reads and stages), then the batch's
 * documents looked up in the registry at once.
 */
class PersonChecker implements RowChecker {
  private batch: StagedRow[] = []
  private raw: Array<readonly [number, readonly string[], readonly number[]]> = []
  private readonly validator: RowValidator
  private readonly worker: PersonRowsWorker | null

  constructor(
    private readonly ctx: CheckContext,
    private readonly store: ImportStore,
  ) {
    this.validator = new RowValidator(
      ctx.pii,
      ctx.today,
      ctx.mapping,
      ctx.headers,
      ctx.grids,
      ctx.defaultGrid,
    )
    this.worker = ctx.inWorker
      ? new PersonRowsWorker({
          importId: ctx.importId,
          pii: ctx.pii.forWorker(),
          today: ctx.today.toISOString(),
          mapping: ctx.mapping,
          headers: ctx.headers,
          grids: [...ctx.grids],
          defaultGrid: ctx.defaultGrid,
        })
      : null
  }

  get pending(): number {
    return this.worker ? this.raw.length : this.batch.length
  }

  add(rowNo: number, cells: readonly string[], lossy: readonly number[]): void {
    if (this.worker) this.raw.push([rowNo, cells, lossy])
    else this.batch.push(this.validator.validate(this.ctx.importId, rowNo, cells, lossy))
  }

  /**
   * A document twice in the file, found in the staging table once all rows
   * are in: a million blind indexes held in this process would cost more
   * memory than the rest of the import.
   */
  async finish(): Promise<void> {
    const repeats = await this.store.repeatedDocuments(this.ctx.importId)
    await this.store.reject(
      this.ctx.importId,
      repeats.map((r) => ({ rowNo: r.rowNo, errors: [this.validator.repeated(r.first, r.masked)] })),
    )
  }

  async settle(): Promise<StagedRow[]> {
    let batch: StagedRow[]
    if (this.worker) {
      const raw = this.raw
      this.raw = []
      batch = await this.worker.validate(raw)
    } else {
      batch = this.batch
      this.batch = []
    }
    // Only valid rows: an invalid one keeps its blind index (for repeats in the file) and its own problems.
    const indexes = batch.flatMap((r) => (r.errors === null && r.document_index ? [r.document_index] : []))
    const recorded = await this.store.recorded(indexes)
    if (recorded.size === 0) return batch
    return batch.map((r) =>
      r.errors === null && r.document_index && recorded.has(r.document_index)
        ? this.validator.alreadyRecorded(r)
        : r,
    )
  }

  async close(): Promise<void> {
    await this.worker?.close()
  }
}

/** 实有人口: persons, and their households by 户号. */
export function personImport(store: ImportStore): ImportKind {
  return {
    name: 'persons',
    entityType: 'person',
    word: text('人员', 'Persons'),
    fields: personImportFields,
    checker: (ctx) => new PersonChecker(ctx, store),
    commit: async (trx, importId, actor, at) => {
      const moved = await store.commit(trx, importId, actor, at)
      return {
        rows: moved.persons,
        households: moved.households,
        gridsOfHouseholds: moved.households > 0 ? await store.householdGrids(trx, importId) : [],
      }
    },
  }
}
