import type { TCampaignTargets, TCreateCampaign } from '@onegrid/core/api/campaigns'
import type { TGridType } from '@onegrid/core/api/grids'
import {
  type CampaignForm,
  formProblems,
  type Question,
  type QuestionOption,
  type QuestionType,
} from '@onegrid/core/campaigns/form'
import type {
  CampaignPriority,
  CampaignTargetKind,
  CampaignTemplate,
} from '@onegrid/core/campaigns/templates'
import type { OrganizationKind } from '@onegrid/core/registry/places'
import type { RiskLevel, SpecialGroup } from '@onegrid/core/registry/special-groups'

/**
 * What the 新建专项任务 wizard holds between its steps, and the pure rules around it: a draft from a
 * template (or blank), the target selection the preview and the server get, the create body, the
 * questions' editing, and which step a server field error belongs to.
 */
export interface CampaignDraft {
  templateKey: string | null
  title: string
  purpose: string
  issuingUnit: string
  priority: CampaignPriority
  startDate: string | null
  deadlineMode: 'date' | 'days'
  deadlineDate: string | null
  workingDays: number
  hazardItemCode: string | null
  targets: {
    kind: CampaignTargetKind
    areaCodes: string[]
    gridType: TGridType | null
    organizationKinds: OrganizationKind[]
    group: SpecialGroup | null
    riskLevels: RiskLevel[]
  }
  form: CampaignForm
}

export const wizardSteps = ['template', 'targets', 'form', 'confirm'] as const
export type WizardStep = (typeof wizardSteps)[number]

const blankForm = (): CampaignForm => ({
  questions: [{ key: 'done_ok', label: '', type: 'choice', required: true, options: yesNoOptions() }],
})

function yesNoOptions(): QuestionOption[] {
  return [
    { value: 'yes', label: '是' },
    { value: 'no', label: '否' },
  ]
}

/** A fresh draft: the template's kind, form, priority, working days and hazard category, or a blank one. */
export function draftFrom(template: CampaignTemplate | null, issuingUnit = ''): CampaignDraft {
  return {
    templateKey: template?.key ?? null,
    title: template?.name.zh ?? '',
    purpose: template?.purpose ?? '',
    issuingUnit,
    priority: template?.priority ?? 'normal',
    startDate: null,
    deadlineMode: 'days',
    deadlineDate: null,
    workingDays: template?.workingDays ?? 10,
    hazardItemCode: template?.hazardItemCode ?? null,
    targets: {
      kind: template?.targetKind ?? 'grid',
      areaCodes: [],
      gridType: null,
      organizationKinds: [],
      group: (template?.group as SpecialGroup | undefined) ?? null,
      riskLevels: [],
    },
    // A copy: editing the questions never changes the template.
    form: template ? structuredClone(template.form) : blankForm(),
  }
}

/** The selection as the server takes it, with only what the kind uses; null while it is incomplete. */
export function targetsOf(draft: CampaignDraft): TCampaignTargets | null {
  const t = draft.targets
  if (t.areaCodes.length === 0) return null
  const out: TCampaignTargets = { kind: t.kind, areaCodes: [...t.areaCodes] }
  if (t.kind === 'grid' && t.gridType) out.gridType = t.gridType
  if (t.kind === 'organization' && t.organizationKinds.length)
    out.organizationKinds = [...t.organizationKinds]
  if (t.kind === 'special_group_person') {
    if (!t.group) return null
    out.group = t.group
    if (t.riskLevels.length) out.riskLevels = [...t.riskLevels]
  }
  return out
}

/** The body of createCampaign; null while the targets are incomplete. */
export function createBody(draft: CampaignDraft): TCreateCampaign | null {
  const targets = targetsOf(draft)
  if (!targets) return null
  return {
    title: draft.title.trim(),
    purpose: draft.purpose.trim(),
    issuingUnit: draft.issuingUnit.trim(),
    ...(draft.templateKey ? { templateKey: draft.templateKey } : {}),
    priority: draft.priority,
    ...(draft.startDate ? { startDate: draft.startDate } : {}),
    ...(draft.deadlineMode === 'date' && draft.deadlineDate
      ? { deadlineDate: draft.deadlineDate }
      : { workingDays: draft.workingDays }),
    targets,
    form: { questions: draft.form.questions.map(cleanQuestion) },
    ...(draft.hazardItemCode ? { hazardItemCode: draft.hazardItemCode } : {}),
  }
}

/** Drops what the question's type does not use (options of a text question, bounds of a choice). */
function cleanQuestion(q: Question): Question {
  const out: Question = { key: q.key, label: q.label.trim(), type: q.type, required: q.required }
  if (q.help?.trim()) out.help = q.help.trim()
  if (isChoice(q.type))
    out.options = (q.options ?? []).map((o) => ({ ...o, value: o.value.trim(), label: o.label.trim() }))
  if (q.type === 'number') {
    if (typeof q.min === 'number') out.min = q.min
    if (typeof q.max === 'number') out.max = q.max
  }
  if (q.type === 'photo' && q.maxPhotos) out.maxPhotos = q.maxPhotos
  if (q.showIf) out.showIf = { key: q.showIf.key, anyOf: [...q.showIf.anyOf] }
  return out
}

export const isChoice = (type: QuestionType) => type === 'choice' || type === 'multi_choice'

/** A key no question has yet: q1, q2 … */
export function freshKey(form: CampaignForm): string {
  const taken = new Set(form.questions.map((q) => q.key))
  let n = form.questions.length + 1
  while (taken.has(`q${n}`)) n++
  return `q${n}`
}

export function addQuestion(form: CampaignForm, type: QuestionType = 'choice'): Question {
  const q: Question = { key: freshKey(form), label: '', type, required: false }
  if (isChoice(type)) q.options = yesNoOptions()
  form.questions.push(q)
  return q
}

/** Changes a question's type: a choice gets two options to start from, other types lose theirs. */
export function setQuestionType(q: Question, type: QuestionType): void {
  q.type = type
  if (isChoice(type)) {
    if (!q.options || q.options.length < 2) q.options = yesNoOptions()
  } else delete q.options
  if (type !== 'number') {
    delete q.min
    delete q.max
  }
  if (type !== 'photo') delete q.maxPhotos
}

/** Moves a question up (-1) or down (+1); conditions stay as they are and formProblems says if one now looks ahead. */
export function moveQuestion(form: CampaignForm, index: number, delta: -1 | 1): void {
  const to = index + delta
  if (to < 0 || to >= form.questions.length) return
  const [q] = form.questions.splice(index, 1)
  if (q) form.questions.splice(to, 0, q)
}

/** Removes a question and the conditions that named it (they could never hold). */
export function removeQuestion(form: CampaignForm, index: number): void {
  const [gone] = form.questions.splice(index, 1)
  if (!gone) return
  for (const q of form.questions) if (q.showIf?.key === gone.key) delete q.showIf
}

/** The option value for a new option of a question: o1, o2 … not yet used. */
export function freshOptionValue(q: Question): string {
  const taken = new Set((q.options ?? []).map((o) => o.value))
  let n = (q.options?.length ?? 0) + 1
  while (taken.has(`o${n}`)) n++
  return `o${n}`
}

/** Choice questions before `index`: what a condition may name. */
export function conditionSources(form: CampaignForm, index: number): Question[] {
  return form.questions.slice(0, index).filter((q) => isChoice(q.type))
}

/** The form's problems keyed as the server keys them (`form.questions.2.options`). */
export function draftFormProblems(form: CampaignForm): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, message] of Object.entries(formProblems(form))) out[`form.${path}`] = message
  return out
}

/** Problems on one question (`form.questions.<i>.*`), joined, for its card. */
export function questionProblems(problems: Record<string, string>, index: number): string[] {
  const prefix = `form.questions.${index}`
  return Object.entries(problems)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .map(([, message]) => message)
}

/** The step a server field error belongs on: the targets, or the form and basics (everything else). */
export function stepOfField(path: string): WizardStep {
  if (path === 'targets' || path.startsWith('targets.')) return 'targets'
  return 'form'
}
