/** Bytes by their SHA-256: the same content is stored once, whoever uploads it. */
export interface BlobStore {
  readonly kind: 'disk' | 's3'
  put(sha256: string, bytes: Buffer, mime: string): Promise<void>
  get(sha256: string): Promise<Buffer | null>
  has(sha256: string): Promise<boolean>
}

export function assertSha256(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`)
}
