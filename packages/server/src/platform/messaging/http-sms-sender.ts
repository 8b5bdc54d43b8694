import type { Clock } from '../clock.ts'
import { signedHeaders } from '../webhooks/signature.ts'
import { type MessageSender, type OutgoingMessage, SendFailed, type TemplateCodes } from './sender.ts'

export type SmsGatewaySettings = {
  url: string
  /**
   * `key`: the key goes in an `X-Api-Key` header. `hmac`: the key signs the
   * body as OneGrid's webhooks are signed (X-OneGrid-Timestamp, -Nonce,
   * -Signature; webhooks/signature.ts), so it never travels.
   */
  auth: 'key' | 'hmac'
  key: string
  /** The signature (签名) the carrier requires before every text, e.g. 【云溪区网格】. */
  sign: string
  templates: TemplateCodes
  timeoutMs?: number
}

/** What the gateway receives (docs/OPERATIONS.md): enough for a template gateway and for a free-text one. */
export type SmsGatewayRequest = {
  phone: string
  sign: string
  /** The gateway's template code for this message, or null where none is configured (send `content`). */
  templateCode: string | null
  template: string
  params: Record<string, string>
  /** The whole text as the phone shows it, signature first. */
  content: string
}

/**
 * SMS through an HTTP gateway (a carrier's, a cloud's, or the district's own
 * relay in front of them): one JSON POST per message. A non-2xx answer, or a
 * 2xx whose JSON says an error code (`code`/`Code` other than 0/"OK"), is a
 * failure with the gateway's reason, and the outbox tries again later.
 */
export class HttpSmsSender implements MessageSender {
  readonly kind = 'sms' as const
  private readonly sign: string

  constructor(
    private readonly settings: SmsGatewaySettings,
    private readonly clock?: Clock,
  ) {
    const bare = settings.sign.trim().replace(/^【/, '').replace(/】$/, '')
    this.sign = `【${bare}】`
  }

  async send(message: OutgoingMessage): Promise<void> {
    const request: SmsGatewayRequest = {
      phone: message.to,
      sign: this.sign,
      templateCode: this.settings.templates[message.template] ?? null,
      template: message.template,
      params: message.params,
      content: `${this.sign}${message.text}`,
    }
    const body = JSON.stringify(request)
    const auth =
      this.settings.auth === 'hmac'
        ? signedHeaders(this.settings.key, body, this.clock?.now() ?? new Date())
        : { 'x-api-key': this.settings.key }
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body,
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
    }).catch((err: unknown) => {
      throw new SendFailed(`SMS gateway unreachable: ${reasonOf(err)}`)
    })
    const answer = await response.text().catch(() => '')
    if (!response.ok)
      throw new SendFailed(`SMS gateway: HTTP ${response.status} ${answer.slice(0, 200)}`.trim())
    const refusal = gatewayRefusal(answer)
    if (refusal) throw new SendFailed(`SMS gateway refused: ${refusal}`)
  }
}

/** A JSON answer's error code and message, or null when it says success (or is not JSON: a 2xx is then enough). */
function gatewayRefusal(answer: string): string | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(answer)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const body = parsed as Record<string, unknown>
  const code = body.code ?? body.Code
  if (code === undefined || code === null) return null
  if (code === 0 || code === '0' || String(code).toUpperCase() === 'OK') return null
  const reason = body.message ?? body.Message ?? body.msg
  return `code ${String(code)}${typeof reason === 'string' ? ` ${reason}` : ''}`
}

export function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  if (err.name === 'TimeoutError') return 'no answer in time'
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined
  if (typeof cause?.code === 'string') return cause.code
  return typeof cause?.message === 'string' ? cause.message : err.message
}
