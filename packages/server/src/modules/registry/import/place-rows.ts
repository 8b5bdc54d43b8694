import { text } from '../../../platform/http/errors.ts'
import { tagsOf } from './import-fields.ts'
import type { CheckContext, ImportField, PiiShape, RowChecker, StagedRow } from './import-kind.ts'
import type { PlaceImportStore } from './place-import-store.ts'
import { RowCells } from './row-cells.ts'

/** The columns every places sheet may have besides its kind's own: where it is, tags, a note. */
export const placingFields: readonly ImportField[] = [
  {
    key: 'gridCode',
    zh: '网格编码',
    en: 'Grid code',
    required: false,
    aliases: ['网格编码', '所属网格', '网格', '网格代码'],
  },
  { key: 'lng', zh: '经度', en: 'Longitude', required: false, aliases: ['经度', 'lng', 'lon', 'longitude'] },
  { key: 'lat', zh: '纬度', en: 'Latitude', required: false, aliases: ['纬度', 'lat', 'latitude'] },
  { key: 'tags', zh: '标签', en: 'Tags', required: false, aliases: ['标签'] },
  { key: 'note', zh: '备注', en: 'Note', required: false, aliases: ['备注'] },
]

export type Point = { lng: number; lat: number }

/**
 * A places row between its own checks and the batch's: the table's columns
 * found so far, where the row says it is, and what the staging row is called.
 */
export type PlaceDraft = {
  rowNo: number
  row: RowCells
  payload: Record<string, unknown>
  gridCode: string | null
  point: Point | null
  label: string | null
}

/** Grid code, point, tags and note of a row; a point needs both coordinates, in WGS 84 range. */
export function readPlacing(row: RowCells, rowNo: number, label: string | null): PlaceDraft {
  const payload: Record<string, unknown> = {}
  const tags = row.get('tags')
  if (tags !== '') payload.tags = tagsOf(tags)
  const note = row.short('note', 500)
  if (note) payload.note = note
  const lngText = row.get('lng')
  const latText = row.get('lat')
  let point: Point | null = null
  if (lngText !== '' || latText !== '') {
    const lng = Number(lngText)
    const lat = Number(latText)
    if (lngText === '' || !Number.isFinite(lng) || lng < -180 || lng > 180)
      row.fail('lng', text('经度应为 -180 到 180 之间的数', 'Longitude is a number from -180 to 180'))
    else if (latText === '' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      row.fail('lat', text('纬度应为 -90 到 90 之间的数', 'Latitude is a number from -90 to 90'))
    else point = { lng, lat }
  }
  const gridCode = row.get('gridCode')
  return { rowNo, row, payload, gridCode: gridCode === '' ? null : gridCode, point, label }
}

/**
 * Where a places row goes: the grid it names, else the grid of what it is in
 * (a house's building), else the grid at its point, else the import's default
 * grid; always inside the importer's jurisdiction. Then its staging row.
 */
export async function stagePlace(
  ctx: CheckContext,
  draft: PlaceDraft,
  inherited: { gridCode: string; point: Point | null } | null,
): Promise<StagedRow> {
  const { row } = draft
  const point = draft.point ?? inherited?.point ?? null
  let grid: { code: string; path: string } | null = null
  if (row.ok) {
    const named = draft.gridCode ?? inherited?.gridCode ?? null
    if (named) {
      const path = ctx.grids.get(named)
      if (path) grid = { code: named, path }
      else row.fail('gridCode', text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction'))
    } else if (point) {
      grid = await ctx.locate(point.lng, point.lat)
      if (!grid)
        row.fail(
          'lng',
          text('该位置不在您辖区内的任何网格中', 'The place is in no grid of your jurisdiction'),
        )
    } else if (ctx.defaultGrid) {
      const path = ctx.grids.get(ctx.defaultGrid)
      if (path) grid = { code: ctx.defaultGrid, path }
    } else
      row.fail(
        'gridCode',
        text('未填写网格或坐标，也未选择默认网格', 'No grid or point in the row and no default grid'),
      )
  }
  if (!row.ok || !grid)
    return {
      import_id: ctx.importId,
      row_no: draft.rowNo,
      errors: row.errors,
      name: draft.label,
    }
  return {
    import_id: ctx.importId,
    row_no: draft.rowNo,
    errors: null,
    name: draft.label,
    payload: {
      ...draft.payload,
      grid_code: grid.code,
      area_path: grid.path,
      location: point ? `SRID=4326;POINT(${point.lng} ${point.lat})` : null,
    },
  }
}

/**
 * What the places kinds' checkers share: a batch of drafts, the keys seen
 * earlier in the file (a room, a credit code) with their row, and the cells
 * of each row read through the mapping. A kind says how a row becomes a draft
 * and how a batch is settled against the registry.
 */
export abstract class PlaceChecker<D extends PlaceDraft> implements RowChecker {
  private batch: D[] = []
  /** Key → the row that has it, to report the second occurrence in the file. */
  protected readonly seen = new Map<string, number>()

  constructor(
    protected readonly ctx: CheckContext,
    protected readonly store: PlaceImportStore,
    private readonly shapes: ReadonlyMap<string, PiiShape>,
  ) {}

  get pending(): number {
    return this.batch.length
  }

  add(rowNo: number, cells: readonly string[]): void {
    this.batch.push(this.draft(rowNo, new RowCells(cells, this.ctx.mapping, this.ctx.headers, this.shapes)))
  }

  /** The batch so far, handed over once. */
  protected take(): D[] {
    const batch = this.batch
    this.batch = []
    return batch
  }

  protected abstract draft(rowNo: number, row: RowCells): D
  abstract settle(): Promise<StagedRow[]>
}
