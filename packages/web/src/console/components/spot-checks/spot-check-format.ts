import type { Role } from '@onegrid/core/auth/roles'
import type { LocationQuery } from 'vue-router'
import type {
  CheckedField,
  MethodUsed,
  SpotCheckMethod,
  SpotCheckResult,
  SpotCheckStatus,
  TRecordSpotCheckResult,
  TSpotCheckAccuracy,
  TSpotCheckItem,
} from '../../../shared/api/spot-checks.ts'

/** What the spot-check pages show and send, kept apart from the components so it can be tested alone. */

// Restated from core's schemas (a test keeps them equal): importing them would bring zod into the page.
export const spotCheckMethods: readonly SpotCheckMethod[] = ['phone', 'visit', 'either']
export const spotCheckResults: readonly SpotCheckResult[] = ['correct', 'corrected', 'wrong', 'unreachable']
export const methodsUsed: readonly MethodUsed[] = ['phone', 'visit']
export const checkedFields: readonly CheckedField[] = [
  'name',
  'document',
  'sex',
  'birthDate',
  'phone',
  'address',
  'hukou',
  'household',
  'status',
  'other',
]

/**
 * Below this many verified residents a rate moves by tens of points with one answer: the chart draws it
 * paler and the table marks it, so a 100 % from one call does not read like one from forty.
 */
export const smallSample = 5

/**
 * Who is offered 新建抽查: the server lets grid leaders and administrators draw a sample (a spot check
 * checks the grid workers' own records), and refuses the others.
 */
export function mayStartSpotCheck(roles: readonly Role[], canManage: boolean): boolean {
  return canManage && (roles.includes('grid_leader') || roles.includes('admin'))
}

/** The share checked, a whole percent for a progress bar (0 when nothing was drawn). */
export function progressPercent(checked: number, items: number): number {
  if (items <= 0) return 0
  return Math.min(100, Math.floor((checked * 100) / items))
}

/** "66.67%" with the server's two decimals; null when nothing was verified (the page shows a dash). */
export function accuracyText(a: Pick<TSpotCheckAccuracy, 'accuracyPercent'>): string | null {
  return a.accuracyPercent === null ? null : `${a.accuracyPercent.toFixed(2)}%`
}

export function isSmallSample(a: Pick<TSpotCheckAccuracy, 'verified'>): boolean {
  return a.verified > 0 && a.verified < smallSample
}

/** Wrong and corrected records name what was wrong; a correct or unreachable one names nothing. */
export function namesFields(result: SpotCheckResult | null | undefined): boolean {
  return result === 'wrong' || result === 'corrected'
}

export interface ResultForm {
  /** Undefined until chosen (a radio group's empty value). */
  result: SpotCheckResult | undefined
  methodUsed: MethodUsed
  fieldsWrong: CheckedField[]
  note: string
}

/** The form for an item: what is recorded, or the spot check's method for a new result. */
export function resultFormFor(item: TSpotCheckItem, method: SpotCheckMethod): ResultForm {
  return {
    result: item.result ?? undefined,
    methodUsed: item.methodUsed ?? (method === 'visit' ? 'visit' : 'phone'),
    fieldsWrong: [...item.fieldsWrong],
    note: item.note ?? '',
  }
}

export type ResultProblem = 'resultRequired' | 'fieldsRequired'

/**
 * The body to send, at the version read; or what is missing, checked as the server will. Wrong fields
 * ticked before the result was changed to correct or unreachable are dropped rather than refused.
 */
export function resultBody(
  form: ResultForm,
  version: number,
):
  | { ok: true; body: TRecordSpotCheckResult }
  | { ok: false; problems: Partial<Record<'result' | 'fieldsWrong', ResultProblem>> } {
  if (form.result === undefined) return { ok: false, problems: { result: 'resultRequired' } }
  const fields = namesFields(form.result) ? checkedFields.filter((f) => form.fieldsWrong.includes(f)) : []
  if (namesFields(form.result) && fields.length === 0)
    return { ok: false, problems: { fieldsWrong: 'fieldsRequired' } }
  const note = form.note.trim()
  return {
    ok: true,
    body: {
      result: form.result,
      methodUsed: form.methodUsed,
      fieldsWrong: fields,
      ...(note ? { note } : {}),
      version,
    },
  }
}

/** The day a date picker shows for a cell (its local midnight), as 'YYYY-MM-DD'. */
export function pickedDay(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}

/** Whether a spot check is past its due date and still open ("YYYY-MM-DD" compare as text). */
export function isOverdue(check: { status: SpotCheckStatus; dueOn: string | null }, today: string): boolean {
  return check.status === 'open' && check.dueOn !== null && check.dueOn < today
}

/** One bar of the accuracy chart: a grid's or a worker's rate, with its sample to judge it by. */
export interface AccuracyBar {
  label: string
  /** Null when nothing was verified: no bar, the label says so. */
  value: number | null
  correct: number
  verified: number
  small: boolean
}

export function accuracyBars(
  rows: readonly { label: string; accuracy: TSpotCheckAccuracy }[],
): AccuracyBar[] {
  return rows.map(({ label, accuracy }) => ({
    label,
    value: accuracy.accuracyPercent,
    correct: accuracy.correct,
    verified: accuracy.verified,
    small: isSmallSample(accuracy),
  }))
}

// ------------------------------------------------------------ the address bar

const one = (value: LocationQuery[string] | undefined): string => (typeof value === 'string' ? value : '')
const pageOf = (value: LocationQuery[string] | undefined): number => {
  const p = Number(one(value))
  return Number.isInteger(p) && p > 1 ? p : 1
}

export interface ListState {
  status: SpotCheckStatus | null
  page: number
}

/** The list's filter from the address bar, so a reload or a shared link shows the same page. */
export function listStateOf(query: LocationQuery): ListState {
  const status = one(query.status)
  return { status: status === 'open' || status === 'closed' ? status : null, page: pageOf(query.page) }
}

export function listQuery(state: ListState): Record<string, string> {
  const query: Record<string, string> = {}
  if (state.status) query.status = state.status
  if (state.page > 1) query.page = String(state.page)
  return query
}

export type Breakdown = 'grid' | 'worker'

export interface DetailState {
  gridCode: string | null
  pending: boolean
  mine: boolean
  page: number
  breakdown: Breakdown
}

/** A spot check's item filters and which breakdown shows, from the address bar. */
export function detailStateOf(query: LocationQuery): DetailState {
  const grid = one(query.grid)
  return {
    gridCode: /^\d{15}$/.test(grid) ? grid : null,
    pending: one(query.pending) === '1',
    mine: one(query.mine) === '1',
    page: pageOf(query.page),
    breakdown: one(query.by) === 'worker' ? 'worker' : 'grid',
  }
}

export function detailQuery(state: DetailState): Record<string, string> {
  const query: Record<string, string> = {}
  if (state.gridCode) query.grid = state.gridCode
  if (state.pending) query.pending = '1'
  if (state.mine) query.mine = '1'
  if (state.page > 1) query.page = String(state.page)
  if (state.breakdown === 'worker') query.by = 'worker'
  return query
}
