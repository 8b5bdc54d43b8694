import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'

export type CipherName = 'aes' | 'sm4'

/**
 * Field-level encryption of personal data. Envelopes are self-describing
 * (`v1.a.` AES-256-GCM, `v1.s.` SM4-CTR + HMAC-SM3, encrypt-then-MAC), so data
 * written under one cipher stays readable after a deployment switches to the other.
 * `context` (e.g. `person.id_number`) is bound into the tag: a ciphertext moved
 * to another column fails to decrypt.
 */
export class PiiCipher {
  private readonly aesKey: Buffer
  private readonly sm4Key: Buffer
  private readonly sm3MacKey: Buffer
  private readonly indexKey: Buffer
  /** Random bytes for nonces, drawn from the CSPRNG a few kilobytes at a time and never reused. */
  private pool = Buffer.alloc(0)
  private poolOffset = 0

  constructor(
    private readonly masterKey: Buffer,
    readonly cipher: CipherName,
  ) {
    if (masterKey.length !== 32) throw new Error('the personal-data key must be 32 bytes')
    const derive = (info: string, length: number) =>
      Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `onegrid/pii/${info}`, length))
    this.aesKey = derive('aes-256-gcm', 32)
    this.sm4Key = derive('sm4-ctr', 16)
    this.sm3MacKey = derive('hmac-sm3', 32)
    this.indexKey = derive(`blind-index/${cipher}`, 32)
  }

  /**
   * What a worker thread of this process needs to build the same cipher (a
   * large import checks rows off the main thread). Never logged, stored or sent
   * out of the process.
   */
  forWorker(): { key: Uint8Array; cipher: CipherName } {
    return { key: new Uint8Array(this.masterKey), cipher: this.cipher }
  }

  /**
   * `n` fresh random bytes for an IV. One call to the CSPRNG per field cost about 4 µs, a
   * quarter of checking an imported row; taking them from a pool filled 4 KiB at a time (as
   * `crypto.randomUUID` does) is as random. A refill allocates a new pool, so a slice handed
   * out is never overwritten.
   */
  private nonce(n: number): Buffer {
    if (this.poolOffset + n > this.pool.length) {
      this.pool = randomBytes(4096)
      this.poolOffset = 0
    }
    const iv = this.pool.subarray(this.poolOffset, this.poolOffset + n)
    this.poolOffset += n
    return iv
  }

  encrypt(plaintext: string, context = ''): string {
    const data = Buffer.from(plaintext, 'utf8')
    if (this.cipher === 'aes') {
      const iv = this.nonce(12)
      const c = createCipheriv('aes-256-gcm', this.aesKey, iv)
      c.setAAD(Buffer.from(context, 'utf8'))
      const body = Buffer.concat([c.update(data), c.final()])
      return `v1.a.${Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url')}`
    }
    const iv = this.nonce(16)
    const c = createCipheriv('sm4-ctr', this.sm4Key, iv)
    const body = Buffer.concat([c.update(data), c.final()])
    const mac = this.sm3Mac(context, iv, body)
    return `v1.s.${Buffer.concat([iv, body, mac]).toString('base64url')}`
  }

  decrypt(envelope: string, context = ''): string {
    const [version, alg, b64] = envelope.split('.')
    if (version !== 'v1' || !b64) throw new Error('not a OneGrid ciphertext')
    const raw = Buffer.from(b64, 'base64url')
    if (alg === 'a') {
      const iv = raw.subarray(0, 12)
      const tag = raw.subarray(raw.length - 16)
      const d = createDecipheriv('aes-256-gcm', this.aesKey, iv)
      d.setAAD(Buffer.from(context, 'utf8'))
      d.setAuthTag(tag)
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8')
    }
    if (alg === 's') {
      const iv = raw.subarray(0, 16)
      const mac = raw.subarray(raw.length - 32)
      const body = raw.subarray(16, raw.length - 32)
      if (!timingSafeEqual(mac, this.sm3Mac(context, iv, body)))
        throw new Error('ciphertext failed authentication')
      const d = createDecipheriv('sm4-ctr', this.sm4Key, iv)
      return Buffer.concat([d.update(body), d.final()]).toString('utf8')
    }
    throw new Error(`unknown cipher ${alg}`)
  }

  /**
   * Bytes sealed the same way as a field (an uploaded spreadsheet of personal
   * data waiting to be imported): a one-byte cipher tag, then the envelope's parts.
   */
  sealBytes(data: Buffer, context: string): Buffer {
    const ctx = Buffer.from(context, 'utf8')
    if (this.cipher === 'aes') {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', this.aesKey, iv)
      c.setAAD(ctx)
      const body = Buffer.concat([c.update(data), c.final()])
      return Buffer.concat([Buffer.from('a'), iv, body, c.getAuthTag()])
    }
    const iv = randomBytes(16)
    const c = createCipheriv('sm4-ctr', this.sm4Key, iv)
    const body = Buffer.concat([c.update(data), c.final()])
    return Buffer.concat([Buffer.from('s'), iv, body, this.sm3Mac(context, iv, body)])
  }

  openBytes(sealed: Buffer, context: string): Buffer {
    const alg = String.fromCharCode(sealed[0] ?? 0)
    const raw = sealed.subarray(1)
    if (alg === 'a') {
      const d = createDecipheriv('aes-256-gcm', this.aesKey, raw.subarray(0, 12))
      d.setAAD(Buffer.from(context, 'utf8'))
      d.setAuthTag(raw.subarray(raw.length - 16))
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()])
    }
    if (alg === 's') {
      const iv = raw.subarray(0, 16)
      const body = raw.subarray(16, raw.length - 32)
      if (!timingSafeEqual(raw.subarray(raw.length - 32), this.sm3Mac(context, iv, body)))
        throw new Error('sealed bytes failed authentication')
      const d = createDecipheriv('sm4-ctr', this.sm4Key, iv)
      return Buffer.concat([d.update(body), d.final()])
    }
    throw new Error(`unknown cipher ${alg}`)
  }

  /**
   * A keyed, deterministic digest for exact-match search on an encrypted field
   * (HMAC-SHA256, or HMAC-SM3 under 国密). Normalise before indexing: callers pass
   * the canonical form (upper-case ID number, digits-only phone).
   */
  blindIndex(value: string, purpose: string): string {
    const mac = createHmac(this.cipher === 'sm4' ? 'sm3' : 'sha256', this.indexKey)
    return mac.update(purpose).update('\0').update(value, 'utf8').digest('base64url').slice(0, 32)
  }

  private sm3Mac(context: string, iv: Buffer, body: Buffer): Buffer {
    return createHmac('sm3', this.sm3MacKey)
      .update(context, 'utf8')
      .update('\0')
      .update(iv)
      .update(body)
      .digest()
  }
}
