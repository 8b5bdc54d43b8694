import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AwsClient } from 'aws4fetch'

/** Where the daily files go; each write is whole or absent, never a half file under the final name. */
export interface ExportTarget {
  /** For the run's record: `dir:/srv/exports` or `s3://bucket/prefix`. */
  readonly description: string
  /** Writes the file under `name`, replacing one of that name; returns its size in bytes. */
  write(name: string, content: Readable, contentType: string): Promise<number>
}

export type ExportTargetSettings =
  | { kind: 'dir'; dir: string }
  | {
      kind: 's3'
      endpoint: string
      bucket: string
      region: string
      accessKey: string
      secretKey: string
      prefix: string
    }

export function exportTarget(settings: ExportTargetSettings): ExportTarget {
  return settings.kind === 'dir' ? new DirectoryTarget(settings.dir) : new S3Target(settings)
}

/** A directory (a mounted share, an exchange folder another system collects from). */
export class DirectoryTarget implements ExportTarget {
  readonly description: string

  constructor(private readonly dir: string) {
    this.description = `dir:${dir}`
  }

  async write(name: string, content: Readable): Promise<number> {
    await fs.mkdir(this.dir, { recursive: true })
    const final = path.join(this.dir, name)
    // A dot-name beside the final one (same file system, so the rename is atomic): a collector
    // polling the directory sees the file whole or not at all.
    const temp = path.join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
    try {
      await pipeline(content, createWriteStream(temp))
      const handle = await fs.open(temp, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.rename(temp, final)
    } catch (err) {
      await fs.rm(temp, { force: true })
      throw err
    }
    return (await fs.stat(final)).size
  }
}

/**
 * An S3-compatible bucket (MinIO, OSS, COS, OBS …), path-style, SigV4 as the
 * file storage signs. A PUT replaces the object whole, so it is atomic by
 * itself; the file is gathered first because a signed PUT wants its length,
 * and a day's export is a few megabytes at most (50,000 rows).
 */
export class S3Target implements ExportTarget {
  readonly description: string
  private readonly client: AwsClient

  constructor(private readonly s: Extract<ExportTargetSettings, { kind: 's3' }>) {
    this.description = `s3://${s.bucket}/${s.prefix}`
    this.client = new AwsClient({
      accessKeyId: s.accessKey,
      secretAccessKey: s.secretKey,
      region: s.region,
      service: 's3',
      // A blip is retried at once; a longer outage fails the day, which is tried again later.
      retries: 2,
    })
  }

  async write(name: string, content: Readable, contentType: string): Promise<number> {
    const chunks: Buffer[] = []
    for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
    const body = Buffer.concat(chunks)
    const key = `${this.s.prefix}${name}`.split('/').map(encodeURIComponent).join('/')
    const url = `${this.s.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(this.s.bucket)}/${key}`
    const response = await this.client.fetch(url, {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: { 'content-type': contentType },
    })
    if (!response.ok) throw new Error(`S3 PUT ${this.s.prefix}${name} failed: HTTP ${response.status}`)
    return body.length
  }
}
