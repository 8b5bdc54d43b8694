import type { CapturedMedia } from '../../components/capture/captured.ts'
import type { Place } from '../../components/position/place.ts'
import { deleteMeta, getMeta, setMeta } from '../../offline/db.ts'
import type { ReportForm } from './report-body.ts'

/**
 * The report being written, kept in the device's IndexedDB as it changes (photos and recordings as
 * blobs): a reload, a crash or the phone killing the tab in the middle of a form loses nothing.
 */
export interface ReportDraft {
  form: ReportForm
  place: Place | null
  photos: CapturedMedia[]
  evidence: CapturedMedia[]
  voice: CapturedMedia | null
  video: CapturedMedia | null
  visitId: string | null
  personId: number | null
  /** Epoch milliseconds. */
  savedAt: number
}

const key = (userId: number | null) => `reportDraft:${userId ?? 'anon'}`

/** Whether a draft holds anything worth restoring. */
export function draftHasContent(
  d: Pick<ReportDraft, 'form' | 'photos' | 'evidence' | 'voice' | 'video'>,
): boolean {
  return (
    d.form.itemCode !== null ||
    d.form.description.trim() !== '' ||
    d.form.address.trim() !== '' ||
    d.form.handlingNote.trim() !== '' ||
    d.photos.length + d.evidence.length > 0 ||
    d.voice !== null ||
    d.video !== null
  )
}

export async function loadDraft(userId: number | null): Promise<ReportDraft | null> {
  try {
    return (await getMeta<ReportDraft>(key(userId))) ?? null
  } catch {
    return null
  }
}

export async function saveDraft(userId: number | null, draft: ReportDraft): Promise<void> {
  try {
    if (draftHasContent(draft)) await setMeta(key(userId), draft)
    else await deleteMeta(key(userId))
  } catch {
    // Private mode or a full disk: the form still works, only the safety net is gone.
  }
}

export async function clearDraft(userId: number | null): Promise<void> {
  try {
    await deleteMeta(key(userId))
  } catch {
    // Nothing to clear.
  }
}
