import type { FastifyBaseLogger } from 'fastify'
import { maskPhone } from '../crypto/mask.ts'
import type { MessageSender, OutgoingMessage } from './sender.ts'

/**
 * The default sender: writes the message to the server log instead of
 * sending it, so a newcomer's first start works without a gateway (the
 * resident's one-time code is read from the log). The number is masked;
 * the text is not — it holds the code a tester needs.
 */
export class LogSender implements MessageSender {
  readonly kind = 'log' as const

  constructor(private readonly log: FastifyBaseLogger) {}

  async send(message: OutgoingMessage): Promise<void> {
    this.log.info(
      { to: maskPhone(message.to), template: message.template, params: message.params },
      `message (log sender): ${message.text}`,
    )
  }
}
