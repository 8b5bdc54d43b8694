/**
 * A campaign's form (任务表单): the questions a grid worker answers for each work item,
 * and the one function both the server and the field app use to check answers, so a
 * form the phone accepts offline is the form the server accepts on sync.
 *
 * Plain TypeScript, no schema library: the field app bundles it.
 */

export const questionTypes = [
  'choice',
  'multi_choice',
  'number',
  'text',
  'photo',
  'location',
  'signature',
] as const
export type QuestionType = (typeof questionTypes)[number]

export const questionTypeLabels: Record<QuestionType, { zh: string; en: string }> = {
  choice: { zh: '单选', en: 'Single choice' },
  multi_choice: { zh: '多选', en: 'Multiple choice' },
  number: { zh: '数字', en: 'Number' },
  text: { zh: '文字', en: 'Text' },
  photo: { zh: '照片', en: 'Photos' },
  location: { zh: '位置', en: 'Location' },
  signature: { zh: '签名', en: 'Signature' },
}

export type QuestionOption = {
  value: string
  label: string
  /** Choosing it means a hazard was found (隐患): the item counts as a hazard and may become a case. */
  hazard?: boolean
}

/** Shown only when an earlier question's answer is one of `anyOf` (for a multi-choice: contains one of them). */
export type ShowIf = { key: string; anyOf: string[] }

export type Question = {
  /** Stable within the form: `[a-z][a-z0-9_]{0,39}`; the answers and the export's columns use it. */
  key: string
  label: string
  help?: string
  type: QuestionType
  required: boolean
  /** choice and multi_choice: two or more. */
  options?: QuestionOption[]
  /** number: bounds, inclusive. */
  min?: number
  max?: number
  /** photo: how many at most (default 9). */
  maxPhotos?: number
  showIf?: ShowIf
}

export type CampaignForm = { questions: Question[] }

export type AnswerLocation = { lng: number; lat: number; accuracy?: number }
/** choice: the option's value; multi_choice: values; number; text; photo: attachment ids; location; signature: an attachment id (a PNG). */
export type AnswerValue = string | string[] | number | number[] | AnswerLocation
export type Answers = Record<string, AnswerValue>

const keyPattern = /^[a-z][a-z0-9_]{0,39}$/
const maxQuestions = 60
const maxOptions = 30
const maxText = 2000
export const defaultMaxPhotos = 9

/** What is wrong with a form's definition, by path (`questions.2.options`): empty when it is sound. */
export function formProblems(form: CampaignForm): Record<string, string> {
  const problems: Record<string, string> = {}
  if (form.questions.length === 0) problems.questions = '至少一个问题 / at least one question'
  if (form.questions.length > maxQuestions)
    problems.questions = `最多 ${maxQuestions} 个问题 / at most ${maxQuestions}`
  const seen = new Map<string, Question>()
  form.questions.forEach((q, i) => {
    const at = `questions.${i}`
    if (!keyPattern.test(q.key))
      problems[`${at}.key`] = '小写字母开头，仅含小写字母、数字、下划线 / a-z, 0-9, _'
    else if (seen.has(q.key)) problems[`${at}.key`] = '与前面的问题重复 / repeats an earlier key'
    if (!q.label.trim()) problems[`${at}.label`] = '请填写问题 / required'
    if (q.type === 'choice' || q.type === 'multi_choice') {
      const values = (q.options ?? []).map((o) => o.value)
      if (values.length < 2 || values.length > maxOptions)
        problems[`${at}.options`] = `2–${maxOptions} 个选项 / 2–${maxOptions} options`
      else if (new Set(values).size !== values.length || values.some((v) => !v.trim()))
        problems[`${at}.options`] = '选项值不能为空或重复 / option values must be unique'
    } else if (q.options?.length) problems[`${at}.options`] = '只有选择题有选项 / only choices have options'
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max)
      problems[`${at}.min`] = '最小值大于最大值 / min above max'
    if (q.showIf) {
      // Conditions look back only, so a form reads top to bottom and cannot loop.
      const on = seen.get(q.showIf.key)
      if (!on || (on.type !== 'choice' && on.type !== 'multi_choice'))
        problems[`${at}.showIf`] = '条件须引用前面的选择题 / must name an earlier choice question'
      else if (
        q.showIf.anyOf.length === 0 ||
        q.showIf.anyOf.some((v) => !(on.options ?? []).some((o) => o.value === v))
      )
        problems[`${at}.showIf`] = '条件的选项不存在 / unknown option'
    }
    if (keyPattern.test(q.key) && !seen.has(q.key)) seen.set(q.key, q)
  })
  return problems
}

/** Whether a question is shown for these answers (its condition holds; a hidden question's own condition hides its followers too). */
export function visibleQuestions(form: CampaignForm, answers: Answers): Question[] {
  const shown = new Set<string>()
  const out: Question[] = []
  for (const q of form.questions) {
    if (q.showIf) {
      if (!shown.has(q.showIf.key)) continue
      const a = answers[q.showIf.key]
      const chosen = Array.isArray(a) ? a.map(String) : typeof a === 'string' ? [a] : []
      if (!q.showIf.anyOf.some((v) => chosen.includes(v))) continue
    }
    shown.add(q.key)
    out.push(q)
  }
  return out
}

function isEmpty(v: AnswerValue | undefined): boolean {
  return v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
}

function isLocation(v: AnswerValue): v is AnswerLocation {
  return typeof v === 'object' && !Array.isArray(v) && typeof v.lng === 'number' && typeof v.lat === 'number'
}

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0

/** The problem with one answer of its question's type, or undefined. */
function answerProblem(q: Question, v: AnswerValue): string | undefined {
  switch (q.type) {
    case 'choice':
      return typeof v === 'string' && (q.options ?? []).some((o) => o.value === v)
        ? undefined
        : '请选择一个选项 / choose an option'
    case 'multi_choice':
      return Array.isArray(v) &&
        v.every((x) => typeof x === 'string' && (q.options ?? []).some((o) => o.value === x)) &&
        new Set<unknown>(v).size === v.length
        ? undefined
        : '请选择列出的选项 / choose listed options'
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return '请填写数字 / a number'
      if (q.min !== undefined && v < q.min) return `不小于 ${q.min} / at least ${q.min}`
      if (q.max !== undefined && v > q.max) return `不大于 ${q.max} / at most ${q.max}`
      return undefined
    case 'text':
      return typeof v === 'string' && v.length <= maxText
        ? undefined
        : `不超过 ${maxText} 字 / at most ${maxText}`
    case 'photo': {
      const most = q.maxPhotos ?? defaultMaxPhotos
      return Array.isArray(v) && v.length <= most && v.every(positiveInt)
        ? undefined
        : `最多 ${most} 张照片 / at most ${most} photos`
    }
    case 'location':
      return isLocation(v) && v.lng >= 73 && v.lng <= 136 && v.lat >= 3 && v.lat <= 54
        ? undefined
        : '位置不在中国境内 / a location in China'
    case 'signature':
      return positiveInt(v) ? undefined : '请签名 / sign'
  }
}

export type AnswerCheck = {
  /** Problems by answer key (`answers.<key>`); empty when the answers may be saved as asked. */
  problems: Record<string, string>
  /** The answers kept: those of shown questions (a hidden question's answer is dropped, not stored). */
  kept: Answers
  /** Keys of shown questions whose answer is a hazard option. */
  hazards: string[]
  /** Attachment ids the answers name (photos and signatures), for the server to check and link. */
  attachmentIds: number[]
}

/**
 * Checks answers against the form. `complete`: every shown required question must be
 * answered (submitting the item as done); otherwise a partial save (进行中) accepts gaps.
 * Answers to keys the form does not have are problems, never silently stored.
 */
export function checkAnswers(form: CampaignForm, answers: Answers, complete: boolean): AnswerCheck {
  const problems: Record<string, string> = {}
  const known = new Set(form.questions.map((q) => q.key))
  for (const key of Object.keys(answers))
    if (!known.has(key)) problems[`answers.${key}`] = '表单中没有这个问题 / not a question of this form'
  const kept: Answers = {}
  const hazards: string[] = []
  const attachmentIds: number[] = []
  for (const q of visibleQuestions(form, answers)) {
    const v = answers[q.key]
    if (v === undefined || isEmpty(v)) {
      if (complete && q.required) problems[`answers.${q.key}`] = `请回答：${q.label} / required`
      continue
    }
    const problem = answerProblem(q, v)
    if (problem) {
      problems[`answers.${q.key}`] = problem
      continue
    }
    kept[q.key] = v
    if (q.type === 'photo' && Array.isArray(v)) attachmentIds.push(...(v as number[]))
    if (q.type === 'signature' && typeof v === 'number') attachmentIds.push(v)
    const chosen = Array.isArray(v) ? v.map(String) : [String(v)]
    if ((q.options ?? []).some((o) => o.hazard && chosen.includes(o.value))) hazards.push(q.key)
  }
  return { problems, kept, hazards, attachmentIds }
}

/** An answer as one cell of the results export: option labels, numbers, photo counts, `lng,lat`. */
export function answerText(q: Question, v: AnswerValue | undefined): string {
  if (v === undefined) return ''
  const label = (x: string) => (q.options ?? []).find((o) => o.value === x)?.label ?? x
  switch (q.type) {
    case 'choice':
      return typeof v === 'string' ? label(v) : ''
    case 'multi_choice':
      return Array.isArray(v) ? v.map((x) => label(String(x))).join('、') : ''
    case 'number':
    case 'text':
      return String(v)
    case 'photo':
      return Array.isArray(v) ? `${v.length} 张` : ''
    case 'location':
      return isLocation(v) ? `${v.lng.toFixed(6)},${v.lat.toFixed(6)}` : ''
    case 'signature':
      return '已签名'
  }
}
