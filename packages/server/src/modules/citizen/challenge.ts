import { randomInt, timingSafeEqual } from 'node:crypto'
import type { TCitizenChallenge } from '@onegrid/core/api/citizen'

/** How long a question may be answered. */
const validMs = 10 * 60_000

/**
 * The simple question asked after repeated reports (a sum of two small
 * numbers): no third-party captcha inside WeChat, nothing for a person to
 * struggle with, enough to slow a script that floods the queue. The question
 * travels signed (`mac` keys it with the server's secret), so nothing is
 * stored until it is answered; an answered one is claimed once (nonces).
 */
export class Challenges {
  constructor(
    private readonly mac: (value: string) => string,
    private readonly random: (max: number) => number = randomInt,
  ) {}

  issue(now: Date): TCitizenChallenge {
    const a = 2 + this.random(18)
    const b = 2 + this.random(18)
    const body = `${a}.${b}.${now.getTime() + validMs}.${this.random(1_000_000_000)}`
    return { id: `${body}.${this.mac(body)}`, question: `${a} + ${b} = ?` }
  }

  /** The challenge's nonce when it is genuine, unexpired and answered right; otherwise null. */
  check(id: string, answer: string, now: Date): string | null {
    const parts = id.split('.')
    if (parts.length !== 5) return null
    const [a, b, until, nonce, mac] = parts as [string, string, string, string, string]
    const body = `${a}.${b}.${until}.${nonce}`
    const expected = Buffer.from(this.mac(body))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    if (Number(until) < now.getTime()) return null
    if (Number(answer) !== Number(a) + Number(b)) return null
    return `${until}.${nonce}`
  }
}
