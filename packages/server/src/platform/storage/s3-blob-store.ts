import { AwsClient } from 'aws4fetch'
import { assertSha256, type BlobStore } from './blob-store.ts'

export type S3Options = {
  endpoint: string
  bucket: string
  region: string
  accessKey: string
  secretKey: string
}

/** Any S3-compatible object store (MinIO, OSS, COS, OBS ...), path-style, signed with SigV4. */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3'
  private readonly client: AwsClient

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({
      accessKeyId: options.accessKey,
      secretAccessKey: options.secretKey,
      region: options.region,
      service: 's3',
    })
  }

  private url(sha256: string): string {
    assertSha256(sha256)
    const base = this.options.endpoint.replace(/\/+$/, '')
    return `${base}/${encodeURIComponent(this.options.bucket)}/${sha256.slice(0, 2)}/${sha256}`
  }

  async put(sha256: string, bytes: Buffer, mime: string): Promise<void> {
    const response = await this.client.fetch(this.url(sha256), {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'content-type': mime },
    })
    if (!response.ok) throw new Error(`S3 PUT ${sha256} failed: HTTP ${response.status}`)
  }

  async get(sha256: string): Promise<Buffer | null> {
    const response = await this.client.fetch(this.url(sha256), { method: 'GET' })
    if (response.status === 404) return null
    if (!response.ok) throw new Error(`S3 GET ${sha256} failed: HTTP ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.client.fetch(this.url(sha256), { method: 'HEAD' })
    if (response.status === 404) return false
    if (!response.ok) throw new Error(`S3 HEAD ${sha256} failed: HTTP ${response.status}`)
    return true
  }
}
