import type {
  TDueVisit,
  TRecordVisit,
  VisitFlag,
  VisitMethod,
  VisitRule,
  VisitTargetKind,
} from '../../../shared/api/visits.ts'
import type { OutboxEntry } from '../../offline/db.ts'

/** A target as the record page needs it: from the due list, or named by the link alone. */
export interface VisitTargetRef {
  kind: VisitTargetKind
  id: number
}

export interface VisitForm {
  method: VisitMethod
  notes: string
  /** Flags ticked, each with its note. */
  findings: Partial<Record<VisitFlag, string>>
}

export interface VisitPlace {
  lng: number
  lat: number
  accuracy: number | null
}

export const blankVisitForm = (): VisitForm => ({ method: 'door', notes: '', findings: {} })

/** A visit queued on the phone and not yet on the server. */
export interface PendingVisit {
  id: string
  kind: VisitTargetKind
  targetId: number
  visitedAt: string
  failed: boolean
  message: string | null
}

const isKind = (v: unknown): v is VisitTargetKind => v === 'household' || v === 'person'

/** The recordVisit items still in the queue, by target (`household:12`), the latest last. */
export function pendingVisits(entries: readonly OutboxEntry[]): Map<string, PendingVisit[]> {
  const byTarget = new Map<string, PendingVisit[]>()
  for (const e of entries) {
    if (e.operation !== 'recordVisit') continue
    const target = e.body.target as { kind?: unknown; id?: unknown } | undefined
    if (!target || !isKind(target.kind) || typeof target.id !== 'number') continue
    const key = `${target.kind}:${target.id}`
    byTarget.set(key, [
      ...(byTarget.get(key) ?? []),
      {
        id: e.id,
        kind: target.kind,
        targetId: target.id,
        visitedAt: typeof e.body.visitedAt === 'string' ? e.body.visitedAt : e.createdAt,
        failed: e.state === 'failed',
        message: e.error?.message ?? null,
      },
    ])
  }
  return byTarget
}

export const targetKey = (t: { kind: VisitTargetKind; id: number }) => `${t.kind}:${t.id}`

/** The due list filtered by a name or address the worker types, and by status. */
export function filterDue(
  items: readonly TDueVisit[],
  options: { text?: string; statuses?: readonly TDueVisit['status'][] } = {},
): TDueVisit[] {
  const text = options.text?.trim().toLowerCase() ?? ''
  return items.filter(
    (i) =>
      (!options.statuses || options.statuses.includes(i.status)) &&
      (text === '' ||
        i.target.label.toLowerCase().includes(text) ||
        (i.address ?? '').toLowerCase().includes(text)),
  )
}

/** The recordVisit body of the form: notes trimmed, ticked findings with their notes, the place rounded. */
export function visitBody(
  target: VisitTargetRef,
  form: VisitForm,
  place: VisitPlace | null,
  visitedAt: Date,
): TRecordVisit & { attachmentIds: number[] } {
  const findings = (Object.entries(form.findings) as [VisitFlag, string][]).map(([flag, note]) => {
    const trimmed = note.trim()
    return trimmed ? { flag, note: trimmed } : { flag }
  })
  return {
    target: { kind: target.kind, id: target.id },
    visitedAt: visitedAt.toISOString(),
    method: form.method,
    notes: form.notes.trim(),
    findings,
    attachmentIds: [],
    ...(place
      ? {
          location: {
            lng: Math.round(place.lng * 1e6) / 1e6,
            lat: Math.round(place.lat * 1e6) / 1e6,
            ...(place.accuracy === null ? {} : { accuracy: Math.round(place.accuracy) }),
          },
        }
      : {}),
  }
}

/** Findings that are matters for the center: "发现问题 → 上报" offers to report them. */
export const reportableFlags: readonly VisitFlag[] = ['hazard', 'dispute', 'need_help']

/**
 * The report page's prefill (/report?description=…&lat=…&lng=…&visitId=…&personId=…): the findings'
 * notes (or their names) and the visit's notes as the description, the visit's place, the queued visit's
 * client id, and the person visited.
 */
export function reportQuery(
  target: VisitTargetRef,
  form: VisitForm,
  place: VisitPlace | null,
  visitClientId: string,
  flagName: (flag: VisitFlag) => string,
): Record<string, string> {
  const lines = (Object.entries(form.findings) as [VisitFlag, string][])
    .filter(([flag]) => reportableFlags.includes(flag))
    .map(([flag, note]) => (note.trim() ? `${flagName(flag)}：${note.trim()}` : flagName(flag)))
  if (form.notes.trim()) lines.push(form.notes.trim())
  return {
    description: lines.join('；').slice(0, 4000),
    visitId: visitClientId,
    ...(place ? { lng: place.lng.toFixed(6), lat: place.lat.toFixed(6) } : {}),
    ...(target.kind === 'person' ? { personId: String(target.id) } : {}),
  }
}

const phrases: Record<VisitRule | 'any', { zh: readonly string[]; en: readonly string[] }> = {
  any: {
    zh: ['入户走访，家庭情况正常', '核实人口信息无变化', '宣传反诈知识', '宣传消防安全'],
    en: [
      'Visited at home, all normal',
      'Registry details checked, unchanged',
      'Anti-fraud advice given',
      'Fire safety advice given',
    ],
  },
  ordinary_household: {
    zh: ['了解家庭生活情况，无特殊诉求', '宣传垃圾分类'],
    en: ['No particular needs', 'Waste sorting explained'],
  },
  special_family: {
    zh: ['老人身体状况良好', '了解救助金发放情况', '孩子学习生活正常', '检查用电用气安全'],
    en: [
      'The elder is in good health',
      'Benefits paid on time',
      'The child is doing fine',
      'Gas and power checked',
    ],
  },
  special_group: {
    zh: ['本人在家，情绪稳定', '与家属沟通近期表现', '按时报到，遵守规定', '思想动态平稳'],
    en: ['At home, calm', 'Spoke with the family', 'Reports in on time', 'Stable state of mind'],
  },
}

/** Quick phrases for a visit's notes: the rule's first, then the common ones. */
export function visitPhrases(rule: VisitRule | null, locale: string): string[] {
  const lang = locale === 'en' ? 'en' : 'zh'
  return [...(rule ? phrases[rule][lang] : []), ...phrases.any[lang]]
}

/** Appends a phrase to the notes, with the language's separator, unless it is there already. */
export function addNotePhrase(notes: string, phrase: string, locale: string): string {
  const current = notes.trim()
  if (current.includes(phrase)) return notes
  if (!current) return phrase
  return `${current}${locale === 'en' ? '; ' : '；'}${phrase}`
}
