import type { TSubmitCampaignItem } from '@onegrid/core/api/campaigns'
import {
  type AnswerCheck,
  type AnswerLocation,
  type Answers,
  type AnswerValue,
  answerText,
  type CampaignForm,
  checkAnswers,
  type Question,
  visibleQuestions,
} from '@onegrid/core/campaigns/form'
import { type CapturedMedia, mediaKey } from '../../components/capture/captured.ts'
import type { FileTarget, OutboxEntry, QueuedFile } from '../../offline/db.ts'

/**
 * The form of one campaign item as the page holds it: what the worker typed and chose, and the photos
 * and signature either already on the server (an attachment id) or still on the phone (a blob). The
 * answers are checked with core's `checkAnswers`, the function the server runs, so what the phone
 * accepts offline is what the server accepts on sync; the blobs go into the queue with the submission
 * and their ids land in the answers when uploaded (a file target per blob).
 */

/** A photo or signature already uploaded: its attachment id. */
export interface StoredMedia {
  key: string
  id: number
}
export type MediaValue = StoredMedia | CapturedMedia
export const isCaptured = (m: MediaValue): m is CapturedMedia => 'blob' in m

/** A number is kept as typed (a string) until it is checked. */
export type PlainValue = string | string[] | AnswerLocation

export interface ItemFormState {
  values: Record<string, PlainValue>
  /** Photos and the signature (one at most), by question key. */
  media: Record<string, MediaValue[]>
}

const isMediaQuestion = (q: Question) => q.type === 'photo' || q.type === 'signature'
const isLocation = (v: unknown): v is AnswerLocation =>
  !!v && typeof v === 'object' && typeof (v as AnswerLocation).lng === 'number'

/** Puts one answer (as the server stores it) into the state. */
function take(state: ItemFormState, q: Question, v: AnswerValue | undefined): void {
  if (v === undefined) return
  switch (q.type) {
    case 'choice':
    case 'text':
      if (typeof v === 'string') state.values[q.key] = v
      break
    case 'multi_choice':
      if (Array.isArray(v)) state.values[q.key] = v.map(String)
      break
    case 'number':
      if (typeof v === 'number') state.values[q.key] = String(v)
      break
    case 'location':
      if (isLocation(v)) state.values[q.key] = { ...v }
      break
    case 'photo':
      if (Array.isArray(v))
        state.media[q.key] = v
          .filter((x): x is number => typeof x === 'number')
          .map((id) => ({ key: `a${id}`, id }))
      break
    case 'signature':
      if (typeof v === 'number') state.media[q.key] = [{ key: `a${v}`, id: v }]
      break
  }
}

/**
 * The form as it was left: the server's answers, or — when a submission waits in the phone's queue —
 * that submission's answers and its photos and signature still to upload.
 */
export function initialState(form: CampaignForm, saved: Answers, queued?: OutboxEntry): ItemFormState {
  const state: ItemFormState = { values: {}, media: {} }
  const answers = queued && isAnswers(queued.body.answers) ? queued.body.answers : saved
  for (const q of form.questions) take(state, q, answers[q.key])
  if (queued?.fileTargets) {
    queued.files.forEach((file, i) => {
      const key = queued.fileTargets?.[i]?.path[1]
      if (!key) return
      // Uploaded already by an attempt that did not finish: the id stands for the blob.
      const uploaded = queued.uploadedIds[i]
      const value: MediaValue =
        uploaded !== undefined
          ? { key: `a${uploaded}`, id: uploaded }
          : { key: mediaKey(), kind: 'image', blob: file.blob, name: file.name }
      const question = form.questions.find((q) => q.key === key)
      state.media[key] = question?.type === 'signature' ? [value] : [...(state.media[key] ?? []), value]
    })
  }
  return state
}

const isAnswers = (v: unknown): v is Answers => !!v && typeof v === 'object' && !Array.isArray(v)

/** Stands in for a photo not uploaded yet, so the check counts it (a positive id, never a real one's). */
const placeholderId = (i: number) => 2_000_000_000 + i

/**
 * The answers as core checks them: numbers parsed (a string that is no number stays, for the check to
 * name it), a photo on the phone as a placeholder id. Empty answers are left out.
 */
export function answersOf(form: CampaignForm, state: ItemFormState): Answers {
  const answers: Answers = {}
  let placeholders = 0
  for (const q of form.questions) {
    if (isMediaQuestion(q)) {
      const media = state.media[q.key] ?? []
      if (media.length === 0) continue
      const ids = media.map((m) => (isCaptured(m) ? placeholderId(placeholders++) : m.id))
      if (q.type === 'signature') {
        const [id] = ids
        if (id !== undefined) answers[q.key] = id
      } else answers[q.key] = ids
      continue
    }
    const v = state.values[q.key]
    if (v === undefined) continue
    if (q.type === 'number' && typeof v === 'string') {
      const text = v.trim()
      if (text === '') continue
      const n = Number(text)
      answers[q.key] = Number.isFinite(n) ? n : text
      continue
    }
    if (q.type === 'text' && typeof v === 'string' && v.trim() === '') continue
    if (Array.isArray(v) && v.length === 0) continue
    // Copies, not the page's reactive proxies: the answers go into IndexedDB, which cannot clone a proxy.
    answers[q.key] =
      typeof v === 'string' ? (q.type === 'text' ? v.trim() : v) : Array.isArray(v) ? [...v] : { ...v }
  }
  return answers
}

/** Checks the form as the server will: for a draft (gaps allowed) or a submission (required answered). */
export function checkState(form: CampaignForm, state: ItemFormState, complete: boolean): AnswerCheck {
  return checkAnswers(form, answersOf(form, state), complete)
}

/** The check's problems by question key (`answers.met` → `met`). */
export function problemsByKey(check: AnswerCheck): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, message] of Object.entries(check.problems))
    if (path.startsWith('answers.')) out[path.slice('answers.'.length)] = message
  return out
}

/** Core's messages are `中文 / English`: the part of the language shown. */
export function localMessage(message: string, locale: string): string {
  const [zh, en] = message.split(' / ')
  return (locale === 'en' ? en : zh)?.trim() || message
}

export interface SubmissionExtras {
  location?: { lng: number; lat: number } | undefined
  /** When the worker did it (ISO). */
  at?: string | undefined
  reportHazard?: { itemCode?: string | undefined; description: string } | undefined
}

export interface QueuedSubmissionInput {
  body: TSubmitCampaignItem
  files: QueuedFile[]
  fileTargets: FileTarget[]
}

/**
 * The submitCampaignItem body and the files to upload before it: only the shown questions' answers
 * (a hidden question's photo is not uploaded), uploaded photos by id, each photo on the phone a file
 * whose id is appended to its answer when uploaded, a signature on the phone a file whose id becomes
 * the answer.
 */
export function submission(
  form: CampaignForm,
  state: ItemFormState,
  complete: boolean,
  extras: SubmissionExtras = {},
): QueuedSubmissionInput {
  const all = answersOf(form, state)
  const shown = visibleQuestions(form, all)
  const answers: Answers = {}
  const files: QueuedFile[] = []
  const fileTargets: FileTarget[] = []
  for (const q of shown) {
    if (!isMediaQuestion(q)) {
      const v = all[q.key]
      if (v !== undefined) answers[q.key] = v
      continue
    }
    const media = state.media[q.key] ?? []
    const stored = media.flatMap((m) => (isCaptured(m) ? [] : [m.id]))
    if (q.type === 'photo' && stored.length) answers[q.key] = stored
    if (q.type === 'signature' && stored[0] !== undefined) answers[q.key] = stored[0]
    for (const m of media) {
      if (!isCaptured(m)) continue
      if (q.type === 'signature' && stored.length) break
      files.push({ blob: m.blob, name: m.name })
      fileTargets.push({ path: ['answers', q.key], mode: q.type === 'signature' ? 'set' : 'append' })
      if (q.type === 'signature') break
    }
  }
  const body: TSubmitCampaignItem = { answers, complete }
  if (extras.location) body.location = { lng: extras.location.lng, lat: extras.location.lat }
  if (extras.at) body.at = extras.at
  if (extras.reportHazard) {
    const { itemCode, description } = extras.reportHazard
    body.reportHazard = itemCode ? { itemCode, description } : { description }
  }
  return { body, files, fileTargets }
}

/**
 * What the case of a hazard says unless the worker writes otherwise: the campaign, the object, each
 * hazard answer as its question and chosen options, and the notes given in the form's text answers.
 */
export function hazardDescription(
  campaignTitle: string,
  targetLabel: string,
  form: CampaignForm,
  answers: Answers,
  hazards: readonly string[],
): string {
  const found = form.questions
    .filter((q) => hazards.includes(q.key))
    .map((q) => {
      const hazardOnly = (q.options ?? []).filter((o) => o.hazard).map((o) => o.value)
      const v = answers[q.key]
      const picked =
        Array.isArray(v) && q.type === 'multi_choice'
          ? v.map(String).filter((x) => hazardOnly.includes(x))
          : v
      return `${q.label}：${answerText(q, picked)}`
    })
  const notes = visibleQuestions(form, answers)
    .filter((q) => q.type === 'text')
    .flatMap((q) => {
      const v = answers[q.key]
      return typeof v === 'string' && v.trim() ? [v.trim()] : []
    })
  return [`【${campaignTitle}】${targetLabel}`, `发现隐患：${found.join('；')}`, ...notes].join('\n')
}
