/**
 * What OneGrid tells people outside the consoles: one-time codes to a
 * resident's phone, a resident's case news, deadline reminders to a handler.
 * Each template has a stable key; a sender maps the key to what its gateway
 * calls it (an SMS template code, a WeChat template id, an e-mail subject)
 * and sends the params. `text` is the message in plain Chinese, for senders
 * that send text (the log, e-mail) and for the log line.
 */
export const messageTemplates = [
  'phone_code',
  'case_accepted',
  'case_closed',
  'case_follow_up',
  'deadline_reminder',
] as const
export type MessageTemplate = (typeof messageTemplates)[number]

/** What a gateway calls each template (an SMS template code, a WeChat template id); keys without one are absent. */
export type TemplateCodes = Partial<Record<MessageTemplate, string>>

/** Who: a mobile number, a WeChat openid or an e-mail address, by the sender's kind. */
export type OutgoingMessage = {
  to: string
  template: MessageTemplate
  params: Record<string, string>
  text: string
}

export type SenderKind = 'log' | 'sms' | 'wechat' | 'email'

/** Sends one message or throws with the gateway's reason (the outbox retries). */
export interface MessageSender {
  readonly kind: SenderKind
  send(message: OutgoingMessage): Promise<void>
}

/** A message the gateway did not take; the message is the reason, as the outbox's dead-letter view shows it. */
export class SendFailed extends Error {
  override name = 'SendFailed'
}
