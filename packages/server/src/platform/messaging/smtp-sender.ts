import nodemailer, { type Transporter } from 'nodemailer'
import { type MessageSender, type MessageTemplate, type OutgoingMessage, SendFailed } from './sender.ts'

export type SmtpSettings = {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string
  /** e.g. 云溪区网格化服务管理中心 <grid@yunxi.gov.cn> */
  from: string
}

const subjects: Record<MessageTemplate, string> = {
  phone_code: '验证码',
  case_accepted: '您反映的问题已受理',
  case_closed: '您反映的问题已办结',
  case_follow_up: '回访完成',
  deadline_reminder: '案件办理时限将至',
}

/** E-mail over SMTP (nodemailer): a subject per template and the message's plain text as the body. */
export class SmtpSender implements MessageSender {
  readonly kind = 'email' as const
  private readonly transport: Transporter

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport(settings.url)
  }

  async send(message: OutgoingMessage): Promise<void> {
    const subject = message.params.code
      ? `${subjects[message.template]}：${message.params.code}`
      : subjects[message.template]
    await this.transport
      .sendMail({ from: this.settings.from, to: message.to, subject, text: message.text })
      .catch((err: unknown) => {
        throw new SendFailed(`SMTP: ${err instanceof Error ? err.message : String(err)}`)
      })
  }

  close(): void {
    this.transport.close()
  }
}
