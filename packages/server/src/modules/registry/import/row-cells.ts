import { maskAddress, maskIdNumber, maskPhone } from '../../../platform/crypto/mask.ts'
import { type LocalText, text } from '../../../platform/http/errors.ts'
import type { ImportField, ImportMapping, PiiShape, RowError } from './import-kind.ts'

const maskers: Record<PiiShape, (value: string) => string> = {
  document: maskIdNumber,
  phone: maskPhone,
  address: maskAddress,
}

/** Which fields of a kind are personal, and how they are masked. */
export function piiShapes(fields: readonly ImportField[]): ReadonlyMap<string, PiiShape> {
  return new Map(fields.flatMap((f) => (f.pii ? [[f.key, f.pii] as const] : [])))
}

/** A cell as an import shows it: a personal value masked like the registry masks it, the rest as typed. */
export function shownValue(shape: PiiShape | undefined, value: string): string {
  return shape ? maskers[shape](value) : value
}

/**
 * One sheet row read through the confirmed mapping: a field's cell, trimmed,
 * and the problems found, each naming the field, the column's header and the
 * value (masked when personal).
 */
export class RowCells {
  readonly errors: RowError[] = []

  constructor(
    private readonly cells: readonly string[],
    private readonly mapping: ImportMapping,
    private readonly headers: readonly string[],
    private readonly shapes: ReadonlyMap<string, PiiShape>,
  ) {}

  get(field: string): string {
    const index = this.mapping[field]
    return index === undefined ? '' : (this.cells[index] ?? '').trim()
  }

  fail(field: string, message: LocalText): void {
    const index = this.mapping[field]
    const value = this.get(field)
    this.errors.push({
      field,
      column: index === undefined ? null : (this.headers[index] ?? null),
      value: value === '' ? null : shownValue(this.shapes.get(field), value),
      message,
    })
  }

  get ok(): boolean {
    return this.errors.length === 0
  }

  /** A code from its code or label; undefined when the cell is empty, null (and an error) when unknown. */
  coded<C>(field: string, of: (v: string) => C | null, what: LocalText): C | null | undefined {
    const v = this.get(field)
    if (v === '') return undefined
    const code = of(v)
    if (code === null) this.fail(field, text(`无法识别的${what.zh}`, `Unknown ${what.en.toLowerCase()}`))
    return code
  }

  /** A whole number within bounds; undefined when empty. */
  integer(field: string, min: number, max: number): number | null | undefined {
    const v = this.get(field)
    if (v === '') return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(field, text(`应为 ${min} 到 ${max} 之间的整数`, `A whole number from ${min} to ${max}`))
      return null
    }
    return n
  }

  /** A positive number (an area in m²); undefined when empty. */
  positive(field: string, max: number): number | null | undefined {
    const v = this.get(field)
    if (v === '') return undefined
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      this.fail(field, text(`应为大于 0 且不超过 ${max} 的数`, `A number above 0, at most ${max}`))
      return null
    }
    return n
  }

  /** Text up to a length; undefined when empty. */
  short(field: string, max: number): string | null | undefined {
    const v = this.get(field)
    if (v === '') return undefined
    if (v.length > max) {
      this.fail(field, text(`不能超过 ${max} 个字`, `At most ${max} characters`))
      return null
    }
    return v
  }
}
