import type {
  attributeProblemKinds,
  TAttributeChange,
  TGridAttributeField,
  TGridAttributesImportForm,
  TGridAttributesImportReport,
} from '@onegrid/core/api/area-import'
import type { TGridType } from '@onegrid/core/api/grids'
import { recordAudit } from '../../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import { type LocalText, text, ValidationError } from '../../../platform/http/errors.ts'
import type { AreaService } from '../service.ts'
import type { GridAttributeStore, GridAttributeUpdate } from './attributes-store.ts'
import { type CellValue, readAttributeSheet, writeAttributeSheet } from './attributes-xlsx.ts'
import type { GridAttributes, ImportQueries } from './import-queries.ts'
import { commonPath } from './import-service.ts'

export type AttributeIssue = {
  kind: (typeof attributeProblemKinds)[number]
  row: number
  column: string
  cell: string
  code: string | null
  message: LocalText
}
export type AttributesOutcome = Omit<TGridAttributesImportReport, 'problems'> & { problems: AttributeIssue[] }

const maxInt = 2_147_483_647
const editable: TGridAttributeField[] = [
  'gridType',
  'servedUnit',
  'households',
  'population',
  'responsibleParty',
]

const typeOf = (v: CellValue): TGridType | undefined => {
  const t = typeof v === 'string' ? v.toLowerCase() : ''
  if (t === '基础' || t === 'basic' || t === '基础网格') return 'basic'
  if (t === '专属' || t === 'dedicated' || t === '专属网格') return 'dedicated'
  return undefined
}

const textOf = (v: CellValue) => (v === null ? null : String(v))
const codeOf = (v: CellValue) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : textOf(v))

/** A count: blank, or a whole number 0…2³¹−1 (typed or as text). */
function countOf(v: CellValue): { ok: true; value: number | null } | { ok: false } {
  if (v === null) return { ok: true, value: null }
  const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Number.NaN
  return Number.isInteger(n) && n >= 0 && n <= maxInt ? { ok: true, value: n } : { ok: false }
}

/**
 * The grid attribute sheet (XLSX): exported for the caller's jurisdiction,
 * edited in Excel, imported back with a dry run first. A confirmed import
 * writes every row in one transaction, and only when no row has a problem.
 */
export class GridAttributeService {
  constructor(
    private readonly areas: AreaService,
    private readonly queries: ImportQueries,
    private readonly store: GridAttributeStore,
    private readonly clock: Clock,
  ) {}

  async exportSheet(scope: Scope, under: string | undefined): Promise<Buffer> {
    const path = under ? (await this.areas.inScope(scope, under)).path : null
    return writeAttributeSheet(await this.queries.gridAttributes(scope, path))
  }

  async importSheet(scope: Scope, actor: Actor, form: TGridAttributesImportForm): Promise<AttributesOutcome> {
    const sheet = await readAttributeSheet(form.file)
    const header = (key: string) => sheet.columns.get(key as TGridAttributeField)?.header ?? key
    const codes = sheet.rows.map((r) => codeOf(r.cells.code?.value ?? null)).filter((c): c is string => !!c)
    const grids = await this.queries.attributesOf(codes)

    const problems: AttributeIssue[] = []
    const outside: Record<string, LocalText> = {}
    const changed: TAttributeChange[] = []
    const updates: GridAttributeUpdate[] = []
    const seen = new Map<string, number>()
    let unchanged = 0

    for (const { row, cells } of sheet.rows) {
      const codeCell = cells.code ?? { value: null, cell: `A${row}` }
      const code = codeOf(codeCell.value)
      const rowProblems: AttributeIssue[] = []
      const problem = (
        kind: AttributeIssue['kind'],
        key: string,
        zh: string,
        en: string,
        cell = cells[key as TGridAttributeField]?.cell ?? '',
      ) =>
        rowProblems.push({
          kind,
          row,
          column: header(key),
          cell,
          code,
          message: text(`${cell}：${zh}`, `${cell}: ${en}`),
        })

      if (!code) {
        problem('missing_code', 'code', '没有网格编码', 'no grid code', codeCell.cell)
        problems.push(...rowProblems)
        continue
      }
      const grid = grids.get(code)
      if (grid && grid.level === 'grid' && !pathInScope(grid.path, scope)) {
        outside[`rows.${row}.${header('code')}`] = text(
          `${codeCell.cell}：网格 ${code} 不存在或不在您的辖区内`,
          `${codeCell.cell}: grid ${code} does not exist or is outside your jurisdiction`,
        )
        continue
      }
      if (grid?.level !== 'grid') {
        problem(
          'unknown_grid',
          'code',
          `没有编码为 ${code} 的网格`,
          `there is no grid ${code}`,
          codeCell.cell,
        )
        problems.push(...rowProblems)
        continue
      }
      const first = seen.get(code)
      if (first !== undefined) {
        problem('duplicate_code', 'code', `与第 ${first} 行重复`, `repeats row ${first}`, codeCell.cell)
        problems.push(...rowProblems)
        continue
      }
      seen.set(code, row)

      const after: Partial<Record<TGridAttributeField, string | number | null>> = {}
      if (cells.gridType) {
        const type = typeOf(cells.gridType.value)
        if (type) after.gridType = type
        else
          problem(
            'bad_type',
            'gridType',
            '网格类型须为「基础」或「专属」',
            'the grid type must be 基础 (basic) or 专属 (dedicated)',
          )
      }
      for (const key of ['servedUnit', 'responsibleParty'] as const) {
        const cell = cells[key]
        if (!cell) continue
        const value = textOf(cell.value)
        if (value !== null && value.length > 100)
          problem('too_long', key, '超过 100 个字', 'longer than 100 characters')
        else after[key] = value
      }
      for (const key of ['households', 'population'] as const) {
        const cell = cells[key]
        if (!cell) continue
        const count = countOf(cell.value)
        if (count.ok) after[key] = count.value
        else problem('bad_number', key, '须为不小于 0 的整数', 'must be a whole number, 0 or more')
      }
      const finalType = (after.gridType as TGridType | undefined) ?? grid.gridType
      if (finalType === 'basic') {
        if (cells.servedUnit && after.servedUnit)
          problem(
            'served_unit_on_basic',
            'servedUnit',
            '基础网格不填服务单位（专属网格才有）',
            'a basic grid serves no unit (only a dedicated grid does)',
          )
        // A grid turned basic gives up the unit it served, also when the sheet has no such column.
        else if (!cells.servedUnit && grid.servedUnit) after.servedUnit = null
      }
      if (rowProblems.length > 0) {
        problems.push(...rowProblems)
        continue
      }
      const changes = editable
        .filter((field) => field in after && after[field] !== before(grid, field))
        .map((field) => ({ field, before: before(grid, field), after: after[field] ?? null }))
      if (changes.length === 0) {
        unchanged++
        continue
      }
      changed.push({ row, code, name: grid.name, changes })
      updates.push({ code, ...Object.fromEntries(changes.map((c) => [c.field, c.after])) })
    }
    if (Object.keys(outside).length > 0) throw new ValidationError(outside)

    const ok = problems.length === 0
    const outcome: AttributesOutcome = {
      applied: ok && !form.dryRun,
      dryRun: form.dryRun,
      ok,
      rowsRead: sheet.rows.length,
      columns: editable.filter((f) => sheet.columns.has(f)),
      changed,
      unchanged,
      problems,
    }
    if (!outcome.applied || updates.length === 0) return outcome
    const now = this.clock.now()
    const paths = changed.map((c) => grids.get(c.code)?.path ?? '')
    await this.store.transaction(async (trx) => {
      for (const update of updates) await this.store.update(trx, update, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'grids.attributes.import',
          entityType: 'area',
          entityId: changed.length === 1 ? (changed[0]?.code ?? null) : null,
          areaPath: commonPath(paths),
          details: {
            rows: sheet.rows.length,
            changed: changed.map((c) => ({ code: c.code, changes: c.changes })),
          },
        },
        now,
      )
    })
    return outcome
  }
}

function before(grid: GridAttributes, field: TGridAttributeField): string | number | null {
  return grid[field] ?? null
}
