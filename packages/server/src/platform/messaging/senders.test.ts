import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../test/test-app.ts'
import { ConfigError, loadConfig } from '../config.ts'
import { checkSignature } from '../webhooks/signature.ts'
import { HttpSmsSender, type SmsGatewayRequest } from './http-sms-sender.ts'
import { LogSender } from './log-sender.ts'
import type { OutgoingMessage } from './sender.ts'
import { senderFor, staffSenderFor } from './sender-for.ts'
import { SmtpSender } from './smtp-sender.ts'
import { parseTemplateCodes } from './template-codes.ts'
import { WeChatTemplateSender } from './wechat-template-sender.ts'

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; raw: string }
type Reply = { status?: number; body: unknown }

/** A fake gateway: records each request and answers with what the test's handler says. */
async function fakeGateway(answer: (req: Seen, n: number) => Reply) {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => {
      raw += c
    })
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw }
      seen.push(request)
      const reply = answer(request, seen.length)
      res
        .writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
        .end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { seen, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const code: OutgoingMessage = {
  to: '13812345678',
  template: 'phone_code',
  params: { code: '428913' },
  text: '您的验证码是 428913，5 分钟内有效。',
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

describe('HttpSmsSender', () => {
  it('posts the phone, the signature, the template code and the signed text with the API key', async () => {
    const gateway = await fakeGateway(() => ({ body: { code: 0, message: 'ok' } }))
    closers.push(gateway.close)
    const sender = new HttpSmsSender({
      url: `${gateway.url}/sms/send`,
      auth: 'key',
      key: 'k-123',
      sign: '云溪区网格',
      templates: { phone_code: 'SMS_100' },
    })
    await sender.send(code)
    expect(gateway.seen).toHaveLength(1)
    const [req] = gateway.seen
    expect(req?.method).toBe('POST')
    expect(req?.url).toBe('/sms/send')
    expect(req?.headers['x-api-key']).toBe('k-123')
    expect(JSON.parse(req?.raw ?? '')).toEqual({
      phone: '13812345678',
      sign: '【云溪区网格】',
      templateCode: 'SMS_100',
      template: 'phone_code',
      params: { code: '428913' },
      content: '【云溪区网格】您的验证码是 428913，5 分钟内有效。',
    } satisfies SmsGatewayRequest)
  })

  it('signs the body with HMAC instead, the key never sent; a template without a code goes as text', async () => {
    const gateway = await fakeGateway(() => ({ body: { Code: 'OK' } }))
    closers.push(gateway.close)
    const sender = new HttpSmsSender({
      url: gateway.url,
      auth: 'hmac',
      key: 'a-shared-secret-of-the-gateway',
      sign: '【云溪区网格】',
      templates: {},
    })
    await sender.send({ ...code, template: 'case_closed', params: { code: 'YX20261201000001' } })
    const [req] = gateway.seen
    expect(req?.headers['x-api-key']).toBeUndefined()
    expect(
      checkSignature(
        'a-shared-secret-of-the-gateway',
        req?.headers ?? {},
        Buffer.from(req?.raw ?? ''),
        new Date(),
      ),
    ).toMatchObject({ ok: true })
    expect(JSON.parse(req?.raw ?? '')).toMatchObject({ templateCode: null, sign: '【云溪区网格】' })
  })

  it('fails with the reason on a non-2xx answer, a gateway error code and an unreachable gateway', async () => {
    const gateway = await fakeGateway((_req, n) =>
      n === 1
        ? { status: 503, body: 'busy' }
        : { body: { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' } },
    )
    closers.push(gateway.close)
    const sender = new HttpSmsSender({ url: gateway.url, auth: 'key', key: 'k', sign: 'x', templates: {} })
    await expect(sender.send(code)).rejects.toThrow(/HTTP 503 busy/)
    await expect(sender.send(code)).rejects.toThrow(/refused: code isv.MOBILE_NUMBER_ILLEGAL 非法手机号/)

    const down = await fakeGateway(() => ({ body: {} }))
    await down.close()
    const nowhere = new HttpSmsSender({ url: down.url, auth: 'key', key: 'k', sign: 'x', templates: {} })
    await expect(nowhere.send(code)).rejects.toThrow(/unreachable: ECONNREFUSED/)
  })
})

describe('WeChatTemplateSender', () => {
  /** A fake WeChat API: hands out numbered tokens, and says the first one is stale when `expireFirst`. */
  async function fakeWeChat(options: { expireFirst?: boolean; refuseSend?: boolean } = {}) {
    let tokens = 0
    const gateway = await fakeGateway((req) => {
      const url = new URL(req.url, 'http://x')
      if (url.pathname === '/cgi-bin/token') {
        if (url.searchParams.get('secret') !== 'the-secret')
          return { body: { errcode: 40125, errmsg: 'invalid appsecret' } }
        tokens++
        return { body: { access_token: `TOKEN-${tokens}`, expires_in: 7200 } }
      }
      if (url.pathname === '/cgi-bin/message/template/send') {
        const token = url.searchParams.get('access_token')
        if (options.expireFirst && token === 'TOKEN-1')
          return { body: { errcode: 42001, errmsg: 'access_token expired' } }
        if (options.refuseSend) return { body: { errcode: 43004, errmsg: 'require subscribe' } }
        return { body: { errcode: 0, errmsg: 'ok', msgid: 1 } }
      }
      return { status: 404, body: {} }
    })
    closers.push(gateway.close)
    return gateway
  }
  const settings = (endpoint: string, secret = 'the-secret') => ({
    appId: 'wx123',
    secret,
    endpoint,
    templates: { deadline_reminder: 'TPL-REMIND' },
  })
  const reminder: OutgoingMessage = {
    to: 'openid-of-handler',
    template: 'deadline_reminder',
    params: { code: 'YX1', due: '12/05 17:00' },
    text: '案件 YX1 的办理时限将至（12/05 17:00 前），请抓紧办理。',
  }

  it('gets a token with the app id and secret, keeps it, and sends the template with the params as fields', async () => {
    const wx = await fakeWeChat()
    const sender = new WeChatTemplateSender(settings(wx.url))
    await sender.send(reminder)
    await sender.send(reminder)
    const paths = wx.seen.map((r) => new URL(r.url, 'http://x').pathname)
    expect(paths).toEqual([
      '/cgi-bin/token',
      '/cgi-bin/message/template/send',
      '/cgi-bin/message/template/send',
    ])
    const token = new URL(wx.seen[0]?.url ?? '', 'http://x').searchParams
    expect(Object.fromEntries(token)).toEqual({
      grant_type: 'client_credential',
      appid: 'wx123',
      secret: 'the-secret',
    })
    expect(new URL(wx.seen[1]?.url ?? '', 'http://x').searchParams.get('access_token')).toBe('TOKEN-1')
    expect(JSON.parse(wx.seen[1]?.raw ?? '')).toEqual({
      touser: 'openid-of-handler',
      template_id: 'TPL-REMIND',
      data: { code: { value: 'YX1' }, due: { value: '12/05 17:00' } },
    })
  })

  it('fetches a new token when WeChat says it expired (42001) and sends again, once', async () => {
    const wx = await fakeWeChat({ expireFirst: true })
    const sender = new WeChatTemplateSender(settings(wx.url))
    await sender.send(reminder)
    const tokensUsed = wx.seen
      .filter((r) => r.url.startsWith('/cgi-bin/message'))
      .map((r) => new URL(r.url, 'http://x').searchParams.get('access_token'))
    expect(tokensUsed).toEqual(['TOKEN-1', 'TOKEN-2'])
  })

  it('fails with the errcode: a refused send, a refused secret, a template key without an id', async () => {
    const wx = await fakeWeChat({ refuseSend: true })
    await expect(new WeChatTemplateSender(settings(wx.url)).send(reminder)).rejects.toThrow(
      /errcode 43004 require subscribe/,
    )
    await expect(new WeChatTemplateSender(settings(wx.url, 'wrong')).send(reminder)).rejects.toThrow(
      /access token refused: errcode 40125/,
    )
    await expect(new WeChatTemplateSender(settings(wx.url)).send(code)).rejects.toThrow(
      /no WeChat template id for phone_code/,
    )
  })
})

describe('SmtpSender', () => {
  const mails: { from: string; to: string[]; raw: string; user: string | undefined }[] = []
  let server: SMTPServer
  let port = 0
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'grid' && auth.password === 'p@ss')
          return callback(null, { user: auth.username })
        return callback(new Error('bad credentials'))
      },
      onData(stream, session, callback) {
        let raw = ''
        stream.setEncoding('utf8')
        stream.on('data', (chunk: string) => {
          raw += chunk
        })
        stream.on('end', () => {
          if (session.envelope.rcptTo.some((r) => r.address === 'full@yunxi.gov.cn')) {
            const err = Object.assign(new Error('mailbox full'), { responseCode: 552 })
            return callback(err)
          }
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            user: typeof session.user === 'string' ? session.user : undefined,
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('sends the subject and the plain text, authenticated, from the configured address', async () => {
    const sender = new SmtpSender({
      url: `smtp://grid:${encodeURIComponent('p@ss')}@127.0.0.1:${port}`,
      from: '云溪区网格化服务管理中心 <grid@yunxi.gov.cn>',
    })
    await sender.send({
      to: 'handler@yunxi.gov.cn',
      template: 'deadline_reminder',
      params: { code: 'YX1', due: '12/05 17:00' },
      text: '案件 YX1 的办理时限将至（12/05 17:00 前），请抓紧办理。',
    })
    sender.close()
    expect(mails).toHaveLength(1)
    const mail = mails[0]
    expect(mail).toMatchObject({ from: 'grid@yunxi.gov.cn', to: ['handler@yunxi.gov.cn'], user: 'grid' })
    // The headers and body are encoded (RFC 2047, quoted-printable/base64): decode what matters.
    const { subject, text } = decodeMail(mail?.raw ?? '')
    expect(subject).toBe('案件办理时限将至：YX1')
    expect(text).toContain('案件 YX1 的办理时限将至（12/05 17:00 前），请抓紧办理。')
  })

  it('fails with the server’s reason: bad credentials, a refused message', async () => {
    const badLogin = new SmtpSender({ url: `smtp://grid:wrong@127.0.0.1:${port}`, from: 'grid@yunxi.gov.cn' })
    await expect(badLogin.send({ ...code, to: 'a@yunxi.gov.cn' })).rejects.toThrow(/SMTP: .*bad credentials/)
    badLogin.close()
    const sender = new SmtpSender({ url: `smtp://grid:p%40ss@127.0.0.1:${port}`, from: 'grid@yunxi.gov.cn' })
    await expect(sender.send({ ...code, to: 'full@yunxi.gov.cn' })).rejects.toThrow(/SMTP: .*mailbox full/)
    sender.close()
  })
})

/** The Subject header and the text body of a simple nodemailer message. */
function decodeMail(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/)
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? ''
  const subject = subjectLine
    .split(/\s+/)
    .map((word) => {
      const m = /^=\?utf-8\?([BQ])\?(.*)\?=$/i.exec(word)
      if (!m) return word
      return m[1]?.toUpperCase() === 'B'
        ? Buffer.from(m[2] ?? '', 'base64').toString('utf8')
        : decodeQuotedPrintable((m[2] ?? '').replace(/_/g, ' '))
    })
    .join('')
  const body = rest.join('\n\n')
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase()
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body.replace(/=\r?\n/g, ''))
        : body
  return { subject, text }
}

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3)
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else bytes.push(...Buffer.from(value[i] ?? '', 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

describe('sender configuration', () => {
  const sms = {
    ONEGRID_SENDER: 'sms',
    ONEGRID_SMS_URL: 'http://127.0.0.1:9/sms',
    ONEGRID_SMS_KEY: 'k',
    ONEGRID_SMS_SIGN: '云溪区网格',
  }

  it('is the log sender by default, with no staff sender', () => {
    const { config } = loadConfig({})
    expect(senderFor(config, silentLogger)).toBeInstanceOf(LogSender)
    expect(staffSenderFor(config, silentLogger)).toBeNull()
  })

  it('builds each sender from its settings', () => {
    const { config } = loadConfig({
      ...sms,
      ONEGRID_SMS_TEMPLATES: 'phone_code=SMS_1, case_closed=SMS_3',
      ONEGRID_STAFF_SENDER: 'wechat',
      ONEGRID_WECHAT_APPID: 'wx1',
      ONEGRID_WECHAT_SECRET: 's',
      ONEGRID_WECHAT_TEMPLATES: '{"deadline_reminder":"TPL"}',
    })
    expect(config.messaging.residents).toMatchObject({
      kind: 'sms',
      templates: { phone_code: 'SMS_1', case_closed: 'SMS_3' },
    })
    expect(senderFor(config, silentLogger)).toBeInstanceOf(HttpSmsSender)
    expect(staffSenderFor(config, silentLogger)).toBeInstanceOf(WeChatTemplateSender)
    const mail = loadConfig({
      ONEGRID_STAFF_SENDER: 'email',
      ONEGRID_SMTP_URL: 'smtp://u:p@127.0.0.1:25',
      ONEGRID_SMTP_FROM: 'grid@yunxi.gov.cn',
    }).config
    const smtp = staffSenderFor(mail, silentLogger)
    expect(smtp).toBeInstanceOf(SmtpSender)
    ;(smtp as SmtpSender).close()
  })

  it('stops the start naming the missing or bad variable', () => {
    expect(() => loadConfig({ ONEGRID_SENDER: 'sms' })).toThrow(/ONEGRID_SENDER=sms needs ONEGRID_SMS_URL/)
    expect(() => loadConfig({ ...sms, ONEGRID_SMS_KEY: undefined })).toThrow(/needs ONEGRID_SMS_KEY/)
    expect(() => loadConfig({ ONEGRID_STAFF_SENDER: 'wechat', ONEGRID_WECHAT_APPID: 'wx' })).toThrow(
      /ONEGRID_STAFF_SENDER=wechat needs ONEGRID_WECHAT_SECRET/,
    )
    expect(() => loadConfig({ ONEGRID_STAFF_SENDER: 'email', ONEGRID_SMTP_URL: 'smtp://h' })).toThrow(
      /needs ONEGRID_SMTP_FROM/,
    )
    expect(() => loadConfig({ ONEGRID_SENDER: 'email' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...sms, ONEGRID_SMS_TEMPLATES: 'phone_code=1,nonsense=2' })).toThrow(
      /invalid ONEGRID_SMS_TEMPLATES: unknown template nonsense/,
    )
    expect(() => loadConfig({ ONEGRID_SMTP_URL: 'http://x' })).toThrow(/ONEGRID_SMTP_URL/)
  })

  it('reads template codes as JSON or as a key=code list', () => {
    expect(parseTemplateCodes('{"case_accepted":"SMS_2"}')).toEqual({ case_accepted: 'SMS_2' })
    expect(parseTemplateCodes('case_accepted=SMS_2;case_follow_up = SMS_4')).toEqual({
      case_accepted: 'SMS_2',
      case_follow_up: 'SMS_4',
    })
    expect(() => parseTemplateCodes('case_accepted')).toThrow(/not key=code/)
    expect(() => parseTemplateCodes('["x"]')).toThrow(/JSON object/)
  })
})
