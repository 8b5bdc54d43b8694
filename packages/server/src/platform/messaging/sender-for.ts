import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import { HttpSmsSender, type SmsGatewaySettings } from './http-sms-sender.ts'
import { LogSender } from './log-sender.ts'
import type { MessageSender } from './sender.ts'
import { SmtpSender, type SmtpSettings } from './smtp-sender.ts'
import { type WeChatSettings, WeChatTemplateSender } from './wechat-template-sender.ts'

/** One sender's settings, as config.ts reads them from the environment (docs/OPERATIONS.md). */
export type SenderSettings =
  | { kind: 'log' }
  | ({ kind: 'sms' } & SmsGatewaySettings)
  | ({ kind: 'wechat' } & WeChatSettings)
  | ({ kind: 'email' } & SmtpSettings)

export function buildSender(settings: SenderSettings, log: FastifyBaseLogger, clock?: Clock): MessageSender {
  switch (settings.kind) {
    case 'log':
      return new LogSender(log)
    case 'sms':
      return new HttpSmsSender(settings, clock)
    case 'wechat':
      return new WeChatTemplateSender(settings, clock)
    case 'email':
      return new SmtpSender(settings)
  }
}

/** The sender residents hear from (ONEGRID_SENDER): phone codes and their cases' news, by phone. */
export function senderFor(config: Config, log: FastifyBaseLogger, clock?: Clock): MessageSender {
  return buildSender(config.messaging.residents, log, clock)
}

/** The sender staff hear from (ONEGRID_STAFF_SENDER), or null: deadline reminders are then in-app only. */
export function staffSenderFor(config: Config, log: FastifyBaseLogger, clock?: Clock): MessageSender | null {
  return config.messaging.staff ? buildSender(config.messaging.staff, log, clock) : null
}
