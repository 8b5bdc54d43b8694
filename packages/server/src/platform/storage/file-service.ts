import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
import { PayloadTooLarge, text, UnsupportedMediaType } from '../http/errors.ts'
import type { BlobStore } from './blob-store.ts'

/** What may be uploaded, by what the bytes are (never by the name or the declared type). */
export const fileKinds = {
  image: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif'],
  audio: [
    'audio/mpeg',
    'audio/mp4',
    'audio/aac',
    'audio/amr',
    'audio/ogg',
    'audio/webm',
    'audio/wav',
    'audio/x-m4a',
  ],
  video: ['video/mp4', 'video/quicktime', 'video/webm'],
  document: ['application/pdf'],
  spreadsheet: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  archive: ['application/zip'],
} as const
export type FileKind = keyof typeof fileKinds

export type StoredFile = { sha256: string; size: number; mime: string }

function looksLikeCsv(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024))
    return true
  } catch {
    return false
  }
}

/** Checks uploads by content and keeps them in the blob store, indexed in the `files` table. */
export class FileService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly maxBytes = 50 * 1024 * 1024,
  ) {}

  async detect(bytes: Buffer, accept: readonly FileKind[]): Promise<string> {
    const detected = await fileTypeFromBuffer(bytes)
    let mime = detected?.mime as string | undefined
    if (!mime && accept.includes('spreadsheet') && looksLikeCsv(bytes)) mime = 'text/csv'
    const allowed = accept.flatMap((k) => fileKinds[k] as readonly string[])
    if (!mime || !allowed.includes(mime)) {
      throw new UnsupportedMediaType(
        text(
          `文件内容不是允许的类型（${mime ?? '无法识别'}），允许：${accept.join('、')}`,
          `The file's content is not an allowed type (${mime ?? 'unrecognised'}); allowed: ${accept.join(', ')}`,
        ),
      )
    }
    return mime
  }

  async store(bytes: Buffer, accept: readonly FileKind[]): Promise<StoredFile> {
    if (bytes.length === 0 || bytes.length > this.maxBytes) {
      throw new PayloadTooLarge(
        text(
          `文件须在 1 字节到 ${this.maxBytes / 1048576} MB 之间`,
          `Files must be 1 byte to ${this.maxBytes / 1048576} MB`,
        ),
      )
    }
    const mime = await this.detect(bytes, accept)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    // Bytes first, then the index row: a row never points at missing bytes.
    await this.blobs.put(sha256, bytes, mime)
    await this.db
      .insertInto('files')
      .values({ sha256, size: bytes.length, mime, created_at: this.clock.now() })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute()
    return { sha256, size: bytes.length, mime }
  }

  /**
   * Bytes whose content was checked before they were sealed (an upload
   * encrypted with the personal-data key): stored as they are, by their hash.
   */
  async storeSealed(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const mime = 'application/octet-stream'
    await this.blobs.put(sha256, bytes, mime)
    await this.db
      .insertInto('files')
      .values({ sha256, size: bytes.length, mime, created_at: this.clock.now() })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute()
    return { sha256, size: bytes.length, mime }
  }

  async read(sha256: string): Promise<{ bytes: Buffer; mime: string } | null> {
    const row = await this.db
      .selectFrom('files')
      .select(['mime'])
      .where('sha256', '=', sha256)
      .executeTakeFirst()
    if (!row) return null
    const bytes = await this.blobs.get(sha256)
    return bytes ? { bytes, mime: row.mime } : null
  }
}
