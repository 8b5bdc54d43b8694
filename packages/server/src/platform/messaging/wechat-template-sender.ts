import type { Clock } from '../clock.ts'
import { reasonOf } from './http-sms-sender.ts'
import { type MessageSender, type OutgoingMessage, SendFailed, type TemplateCodes } from './sender.ts'

export type WeChatSettings = {
  appId: string
  secret: string
  /** https://api.weixin.qq.com, or a proxy in front of it (intranets reach the internet through one). */
  endpoint: string
  templates: TemplateCodes
  timeoutMs?: number
}

/** The access token is invalid (40001, 40014) or expired (42001): fetch a new one and send again, once. */
const staleToken = new Set([40001, 40014, 42001])
/** Refresh this long before the stated expiry, so a token never expires in flight. */
const marginMs = 5 * 60_000

type WeChatAnswer = { errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }

/**
 * WeChat Official Account template messages (模板消息) to an openid. The
 * access token (two hours) is fetched with the app id and secret, kept until
 * shortly before it expires, shared by concurrent sends, and fetched again
 * when WeChat says it is stale. Each template key maps to a template id; the
 * message's params are the template's fields (`{field: {value}}`).
 */
export class WeChatTemplateSender implements MessageSender {
  readonly kind = 'wechat' as const
  private token: { value: string; until: number } | null = null
  private fetching: Promise<string> | null = null

  constructor(
    private readonly settings: WeChatSettings,
    private readonly clock?: Clock,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    const templateId = this.settings.templates[message.template]
    if (!templateId)
      throw new SendFailed(`no WeChat template id for ${message.template} (ONEGRID_WECHAT_TEMPLATES)`)
    const body = JSON.stringify({
      touser: message.to,
      template_id: templateId,
      data: Object.fromEntries(Object.entries(message.params).map(([k, value]) => [k, { value }])),
    })
    let answer = await this.post(await this.accessToken(), body)
    if (answer.errcode !== undefined && staleToken.has(answer.errcode)) {
      this.token = null
      answer = await this.post(await this.accessToken(), body)
    }
    if (answer.errcode !== 0) throw new SendFailed(`WeChat refused: ${describe(answer)}`)
  }

  private async post(token: string, body: string): Promise<WeChatAnswer> {
    const url = `${this.base()}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`
    return this.call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value
    // Concurrent sends share one fetch: WeChat limits token requests per day, and a new one voids the old.
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = null
    })
    return this.fetching
  }

  private async fetchToken(): Promise<string> {
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.settings.appId,
      secret: this.settings.secret,
    })
    const answer = await this.call(`${this.base()}/cgi-bin/token?${query}`, { method: 'GET' })
    if (!answer.access_token) throw new SendFailed(`WeChat access token refused: ${describe(answer)}`)
    const lifetimeMs = (answer.expires_in ?? 7200) * 1000
    this.token = { value: answer.access_token, until: this.now() + Math.max(0, lifetimeMs - marginMs) }
    return answer.access_token
  }

  private async call(url: string, init: RequestInit): Promise<WeChatAnswer> {
    const response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
    }).catch((err: unknown) => {
      // The URL holds the secret or the token: name the host only.
      throw new SendFailed(`WeChat unreachable: ${reasonOf(err)} from ${new URL(url).host}`)
    })
    const text = await response.text().catch(() => '')
    if (!response.ok) throw new SendFailed(`WeChat: HTTP ${response.status} ${text.slice(0, 200)}`.trim())
    try {
      return JSON.parse(text) as WeChatAnswer
    } catch {
      throw new SendFailed(`WeChat: not JSON: ${text.slice(0, 200)}`)
    }
  }

  private base(): string {
    return this.settings.endpoint.replace(/\/+$/, '')
  }

  private now(): number {
    return (this.clock?.now() ?? new Date()).getTime()
  }
}

function describe(answer: WeChatAnswer): string {
  return `errcode ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim()
}
