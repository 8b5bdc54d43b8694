import type { Role } from '@onegrid/core/auth/roles'
import {
  type CaseAction,
  type CaseStatus,
  caseActionNames,
  caseStatusNames,
} from '@onegrid/core/cases/states'
import type { NotificationMessage, Recipients } from '../notifications/service.ts'
import type { CaseRow } from './queries.ts'

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

type Audience = 'intake' | 'dispatchers' | 'handler' | 'verifiers' | 'closers' | 'followers' | 'leaders'

const audienceRoles: Record<Exclude<Audience, 'handler'>, readonly Role[]> = {
  intake: ['operator', 'shift_leader'],
  dispatchers: ['dispatcher', 'shift_leader'],
  verifiers: ['supervisor', 'grid_leader', 'shift_leader'],
  closers: ['shift_leader'],
  followers: ['operator', 'shift_leader'],
  leaders: ['leader', 'shift_leader'],
}

/** Who hears of a step, by the queue the case enters or who must act next. */
const afterAction: Partial<Record<CaseAction, readonly Audience[]>> = {
  report: ['intake'],
  accept: ['closers'],
  register: ['dispatchers'],
  dispatch: ['handler'],
  return: ['dispatchers'],
  rule_return: ['handler'],
  handle: ['verifiers'],
  self_handle: ['verifiers'],
  request_extension: ['closers'],
  approve_extension: ['handler'],
  deny_extension: ['handler'],
  request_suspension: ['closers'],
  approve_suspension: ['handler'],
  deny_suspension: ['handler'],
  escalate: ['dispatchers'],
  verify: ['closers', 'handler'],
  close: ['followers'],
  follow_up: ['handler'],
  reopen: ['dispatchers'],
  supervise: ['handler'],
  reply_supervision: ['leaders'],
  urge: ['handler'],
}

/** The alarm ladder's steps (1 warned … 4 bulletin) and who hears of each. */
const afterAlarm: Record<number, { audiences: readonly Audience[]; zh: string; en: string }> = {
  1: { audiences: ['handler'], zh: '即将超期', en: 'Deadline near' },
  2: { audiences: ['handler', 'dispatchers'], zh: '已超期，系统催办', en: 'Overdue: urged' },
  3: { audiences: ['handler', 'leaders'], zh: '超期督办', en: 'Overdue: supervised by the next level' },
  4: { audiences: ['leaders'], zh: '超期通报', en: 'Overdue: in the bulletin' },
}

/** What a notice needs of a case. */
export type NoticeCase = Pick<
  CaseRow,
  'id' | 'code' | 'title' | 'level' | 'areaPath' | 'handlerUnitId' | 'handlerUserId'
>

function recipients(c: NoticeCase, audiences: readonly Audience[], actorId: number | null): Recipients {
  const roles = audiences.flatMap((a) => (a === 'handler' ? [] : audienceRoles[a]))
  // At a community the grid leader runs the station: intake, dispatch and closing are theirs too.
  if (c.level === 'community' && audiences.some((a) => a !== 'handler' && a !== 'leaders'))
    roles.push('grid_leader')
  const handler = audiences.includes('handler')
  return {
    roles: [...new Set(roles)],
    areaPath: c.areaPath,
    unitIds: handler && c.handlerUnitId !== null ? [c.handlerUnitId] : [],
    userIds: handler && c.handlerUserId !== null ? [c.handlerUserId] : [],
    exceptUserId: actorId,
  }
}

export function actionNotice(
  c: NoticeCase,
  action: CaseAction,
  to: CaseStatus,
  actorId: number | null,
  extraUserIds: readonly number[] = [],
): NotificationMessage | null {
  const audiences = afterAction[action]
  if (!audiences && extraUserIds.length === 0) return null
  const r = recipients(c, audiences ?? [], actorId)
  return {
    kind: `case.${action}`,
    title: `${caseActionNames[action].zh}：${c.code}`,
    body: `${c.title}（${caseStatusNames[to].zh}）`,
    caseId: c.id,
    caseCode: c.code,
    recipients: { ...r, userIds: [...(r.userIds ?? []), ...extraUserIds] },
  }
}

export function alarmNotice(
  c: NoticeCase & Pick<CaseRow, 'dueAt'>,
  step: number,
): NotificationMessage | null {
  const rule = afterAlarm[step]
  if (!rule) return null
  return {
    kind: `case.alarm.${step}`,
    title: `${rule.zh}：${c.code}`,
    body: `${c.title}${c.dueAt ? `（时限 ${shanghai.format(c.dueAt)}）` : ''}`,
    caseId: c.id,
    caseCode: c.code,
    recipients: recipients(c, rule.audiences, null),
  }
}
