import type { MessageTemplate } from '../../platform/messaging/sender.ts'

/** A message's params (for template gateways) and its plain-Chinese text (for the rest). */
export type Rendered = { template: MessageTemplate; params: Record<string, string>; text: string }

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/*
 * What residents read: plain words, the case's code to quote on the phone, no
 * staff names and nothing of the report itself (a text can be read by whoever
 * holds the phone). The SMS sender puts the signature (签名) in front.
 */

export function caseAccepted(code: string): Rendered {
  return {
    template: 'case_accepted',
    params: { code },
    text: `您反映的问题已受理，编号 ${code}，我们会尽快处理。`,
  }
}

/** With a tracking code (the citizen page's reports), the resident is invited to rate on the tracking page. */
export function caseClosed(code: string, tracking: string | null, publicUrl: string | undefined): Rendered {
  const page = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/citizen/` : null
  const invite = tracking
    ? page
      ? `欢迎打开 ${page} 凭查询码 ${tracking} 评价办理结果。`
      : `欢迎在网格服务页面凭查询码 ${tracking} 评价办理结果。`
    : '我们将回访听取您的意见。'
  return {
    template: 'case_closed',
    params: { code, ...(tracking ? { tracking } : {}), ...(page ? { link: page } : {}) },
    text: `您反映的问题（编号 ${code}）已办结。${invite}`,
  }
}

/** After the call back; when nobody answered it, the resident still learns the case is done and where to object. */
export function caseFollowedUp(code: string, reached: boolean): Rendered {
  return {
    template: 'case_follow_up',
    params: { code },
    text: reached
      ? `您反映的问题（编号 ${code}）已完成回访，感谢您的支持。`
      : `您反映的问题（编号 ${code}）已办结归档。回访时未能联系上您，如有意见请拨打 12345。`,
  }
}

/** To a handler: the code and the deadline in Beijing time, nothing of the reporter. */
export function deadlineReminder(code: string, dueAt: Date): Rendered {
  const due = beijing.format(dueAt)
  return {
    template: 'deadline_reminder',
    params: { code, due },
    text: `案件 ${code} 的办理时限将至（${due} 前），请抓紧办理。`,
  }
}
