import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { TCitizenSession, TPhoneCodeSent } from '@onegrid/core/api/citizen'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../../platform/clock.ts'
import { maskPhone } from '../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import {
  TooManyRequests,
  text,
  Unauthorized,
  Unavailable,
  ValidationError,
} from '../../platform/http/errors.ts'
import type { MessageSender } from '../../platform/messaging/sender.ts'
import type { CitizenStore } from './citizen-store.ts'

/** A verified phone on a device: what a resident's requests carry. */
export type CitizenSession = { phone: string; phoneIndex: string }

export type PhoneLimits = {
  /** Seconds between two codes to one phone. */
  resendSeconds: number
  codeValidSeconds: number
  perPhoneHour: number
  perPhoneDay: number
  perAddressHour: number
  maxAttempts: number
  sessionDays: number
}

export const defaultPhoneLimits: PhoneLimits = {
  resendSeconds: 60,
  codeValidSeconds: 300,
  perPhoneHour: 5,
  perPhoneDay: 10,
  perAddressHour: 30,
  maxAttempts: 5,
  sessionDays: 30,
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url')

/**
 * A resident's phone, verified by a six-digit code through the message
 * sender (the log sender writes it to the server log). Codes are kept only
 * as keyed hashes, live five minutes and take five tries; the limits per
 * phone and per address stop a script from texting strangers. A verified
 * phone gets a session token for this device (30 days), stored hashed.
 */
export class PhoneVerification {
  constructor(
    private readonly deps: {
      store: CitizenStore
      pii: PiiCipher
      sender: MessageSender
      clock: Clock
      log: FastifyBaseLogger
      limits?: PhoneLimits
    },
  ) {}

  private get limits(): PhoneLimits {
    return this.deps.limits ?? defaultPhoneLimits
  }

  phoneIndex(phone: string): string {
    // The index cases and the registry keep of a phone: "my reports" finds the cases by it.
    return this.deps.pii.blindIndex(phone, 'phone')
  }

  addressIndex(ip: string | null): string {
    return this.deps.pii.blindIndex(ip ?? 'unknown', 'citizen.ip')
  }

  async requestCode(phone: string, ip: string | null): Promise<TPhoneCodeSent> {
    const { store, clock, pii, sender } = this.deps
    const limits = this.limits
    const now = clock.now()
    const phoneIndex = this.phoneIndex(phone)
    const ipIndex = this.addressIndex(ip)
    const counts = await store.codeCounts(phoneIndex, ipIndex, now)
    const wait = counts.lastAt
      ? Math.ceil((counts.lastAt.getTime() + limits.resendSeconds * 1000 - now.getTime()) / 1000)
      : 0
    if (wait > 0)
      throw tooMany(text(`请 ${wait} 秒后再获取验证码`, `Ask for another code in ${wait} s`), wait)
    if (counts.phoneHour >= limits.perPhoneHour || counts.phoneDay >= limits.perPhoneDay)
      throw tooMany(
        text('该号码获取验证码次数过多，请稍后再试', 'Too many codes for this number; try later'),
        3600,
      )
    if (counts.ipHour >= limits.perAddressHour)
      throw tooMany(
        text('获取验证码过于频繁，请稍后再试', 'Too many codes from this network; try later'),
        3600,
      )

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const minutes = Math.round(limits.codeValidSeconds / 60)
    const id = await store.insertCode({
      phoneIndex,
      codeHash: pii.blindIndex(`${phoneIndex}:${code}`, 'citizen.code'),
      ipIndex,
      now,
      expiresAt: new Date(now.getTime() + limits.codeValidSeconds * 1000),
    })
    try {
      await sender.send({
        to: phone,
        template: 'phone_code',
        params: { code, minutes: String(minutes) },
        text: `您的验证码是 ${code}，${minutes} 分钟内有效。如非本人操作，请忽略本短信。`,
      })
    } catch (err) {
      // Not sent, not counted: the resident may ask again at once.
      await store.deleteCode(id)
      this.deps.log.error({ err, to: maskPhone(phone) }, 'phone code not sent')
      throw new Unavailable(text('验证码发送失败，请稍后再试', 'The code could not be sent; try again later'))
    }
    return { phone: maskPhone(phone), resendAfter: limits.resendSeconds, validFor: limits.codeValidSeconds }
  }

  async verify(phone: string, code: string): Promise<TCitizenSession> {
    const { store, clock, pii } = this.deps
    const now = clock.now()
    const phoneIndex = this.phoneIndex(phone)
    const row = await store.tryCode(phoneIndex, now)
    const wrong = (msg = text('验证码不正确', 'The code is not right')) => new ValidationError({ code: msg })
    if (!row) throw wrong(text('验证码已失效，请重新获取', 'The code has expired; ask for a new one'))
    if (row.attempts > this.limits.maxAttempts)
      throw wrong(text('错误次数过多，请重新获取验证码', 'Too many tries; ask for a new code'))
    if (row.code_hash !== pii.blindIndex(`${phoneIndex}:${code}`, 'citizen.code')) throw wrong()
    if (!(await store.useCode(row.id, now)))
      throw wrong(text('验证码已使用，请重新获取', 'The code was used; ask for a new one'))

    const token = randomBytes(24).toString('base64url')
    const expiresAt = new Date(now.getTime() + this.limits.sessionDays * 86_400_000)
    await store.insertSession({
      tokenHash: sha256(token),
      phoneIndex,
      phoneCipher: pii.encrypt(phone, 'citizen.phone'),
      now,
      expiresAt,
    })
    return { token, phone: maskPhone(phone), expiresAt: expiresAt.toISOString() }
  }

  /** The session an `Authorization: Citizen <token>` header names, or null. */
  async session(header: string | undefined): Promise<CitizenSession | null> {
    const token = header?.startsWith('Citizen ') ? header.slice(8).trim() : undefined
    if (!token) return null
    const row = await this.deps.store.session(sha256(token), this.deps.clock.now())
    if (!row) return null
    return { phone: this.deps.pii.decrypt(row.phone_cipher, 'citizen.phone'), phoneIndex: row.phone_index }
  }

  async requireSession(header: string | undefined): Promise<CitizenSession> {
    const s = await this.session(header)
    if (!s) throw new Unauthorized(text('请先验证手机号', 'Verify your phone number first'))
    return s
  }
}

function tooMany(message: ReturnType<typeof text>, retryAfter: number): TooManyRequests {
  const e = new TooManyRequests(message)
  e.details = { retryAfter }
  return e
}
