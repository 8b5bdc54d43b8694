import type { TAttachment } from '@onegrid/core/api/cases'
import sharp from 'sharp'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { FileKind, FileService } from '../../platform/storage/file-service.ts'
import { canSee } from './policy.ts'
import { type CaseQueries, presentAttachment } from './queries.ts'
import type { CaseStore } from './store.ts'

const attachmentText = text('附件', 'Attachment')
/** Photos, voice notes and short videos: what the field app and the hotline form send. */
const accepted = ['image', 'audio', 'video'] as const
/** Long side of a thumbnail, in pixels: a list row or a timeline entry. */
const thumbSize = 320

/**
 * Whether another module's record holds the attachment and lets the caller see it (a visit's
 * photos: whoever may see the visit). The other module answers; cases never read its tables.
 */
export type AttachmentReader = (p: UserPrincipal, attachmentId: number) => Promise<boolean>

/**
 * uploadAttachment and the serving of attachments. An upload is checked by
 * its content, stored once by its hash, thumbnailed when it is an image, and
 * belongs to its uploader until a report or an action takes it; from then on
 * whoever may see the case may see it, and nobody else — besides those another
 * module's record that took it lets see it (`otherReaders`).
 */
export class CaseAttachments {
  constructor(
    private readonly files: FileService,
    private readonly store: CaseStore,
    private readonly queries: CaseQueries,
    private readonly clock: Clock,
    private readonly otherReaders: readonly AttachmentReader[] = [],
  ) {}

  /** `kinds` narrows what is taken (the citizen page takes photos only). */
  async upload(p: UserPrincipal, bytes: Buffer, kinds: readonly FileKind[] = accepted): Promise<TAttachment> {
    const stored = await this.files.store(bytes, kinds)
    const kind = stored.mime.startsWith('image/')
      ? 'image'
      : stored.mime.startsWith('audio/')
        ? 'audio'
        : 'video'
    const thumb = kind === 'image' ? await this.thumbnail(bytes) : null
    const id = await this.store.insertAttachment(
      {
        sha256: stored.sha256,
        thumbSha256: thumb,
        kind,
        mime: stored.mime,
        size: stored.size,
        uploadedBy: p.userId,
      },
      this.clock.now(),
    )
    const [row] = await this.queries.attachments({ ids: [id] })
    if (!row) throw new Error(`attachment ${id} vanished`)
    return presentAttachment(row)
  }

  /** A WebP thumbnail, upright by the photo's EXIF; null when the format cannot be decoded here (HEIC). */
  private async thumbnail(bytes: Buffer): Promise<string | null> {
    try {
      const small = await sharp(bytes, { failOn: 'error' })
        .rotate()
        .resize(thumbSize, thumbSize, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 72 })
        .toBuffer()
      return (await this.files.store(small, ['image'])).sha256
    } catch {
      return null
    }
  }

  async read(p: UserPrincipal, id: number, thumb: boolean): Promise<{ bytes: Buffer; mime: string }> {
    const [a] = await this.queries.attachments({ ids: [id] })
    if (!a) throw new NotFound(attachmentText, String(id))
    const visible =
      a.caseId === null
        ? a.uploadedBy === p.userId
        : await this.queries.row(a.caseId).then((c) => c !== undefined && canSee(p, c))
    if (!visible && !(await this.readByOthers(p, id))) throw new NotFound(attachmentText, String(id))
    const file = await this.files.read(thumb && a.thumbSha256 ? a.thumbSha256 : a.sha256)
    if (!file) throw new NotFound(attachmentText, String(id))
    return file
  }

  private async readByOthers(p: UserPrincipal, id: number): Promise<boolean> {
    for (const reader of this.otherReaders) if (await reader(p, id)) return true
    return false
  }
}
