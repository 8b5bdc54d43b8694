/** A photo, voice note or video taken on the phone, waiting in the form (and later in the queue). */
export interface CapturedMedia {
  /** A local id, for lists and removal. */
  key: string
  kind: 'image' | 'audio' | 'video'
  blob: Blob
  name: string
  /** Seconds, for recordings. */
  duration?: number | undefined
}

let counter = 0
export function mediaKey(): string {
  counter += 1
  return `${Date.now().toString(36)}-${counter}`
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
}

/** A file name for an upload: the kind, the time and the extension of its type (the server checks the bytes). */
export function mediaName(kind: CapturedMedia['kind'], type: string, at = new Date()): string {
  const base = type.split(';')[0]?.trim() ?? ''
  const ext = extensions[base] ?? (kind === 'image' ? 'jpg' : kind === 'audio' ? 'webm' : 'mp4')
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')
  return `${kind}-${stamp}.${ext}`
}

/** Object URLs for blobs shown on the page, released when the page lets go of them. */
export function createUrlCache() {
  const urls = new Map<string, string>()
  return {
    url(media: Pick<CapturedMedia, 'key' | 'blob'>): string {
      let url = urls.get(media.key)
      if (!url) {
        url = URL.createObjectURL(media.blob)
        urls.set(media.key, url)
      }
      return url
    },
    release(key: string) {
      const url = urls.get(key)
      if (url) URL.revokeObjectURL(url)
      urls.delete(key)
    },
    releaseAll() {
      for (const url of urls.values()) URL.revokeObjectURL(url)
      urls.clear()
    },
  }
}

/** Seconds as m:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}
