/**
 * A case's statuses and the actions on it (the digital-city-management loop
 * 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案 → 综合评价,
 * with the 12345 follow-up and the grid rules: 自处置, 上报 to the next level).
 * Plain lists, no schema library: the web pages use them too.
 */

export const caseStatuses = [
  /** 待受理: reported, not yet accepted. */
  'reported',
  /** 待立案: accepted, waiting to be registered (category, urgency, location confirmed). */
  'accepted',
  /** 待派遣: registered at its level, waiting to be dispatched. */
  'registered',
  /** 待签收: dispatched to a handler who has not signed for it. */
  'dispatched',
  /** 处置中: signed for; the handling clock runs (unless suspended). */
  'handling',
  /** 待审定: returned by the handler, waiting for the center's ruling. */
  'returned',
  /** 待核查: the handler reported it done. */
  'handled',
  /** 待结案: verification passed. */
  'verified',
  /** 待回访: closed, the reporter not yet called back. */
  'closed',
  /** 已归档: followed up (or unreachable): the loop is complete. */
  'archived',
  /** 不予受理. */
  'rejected',
  /** 已合并: a duplicate, merged into a master case. */
  'merged',
] as const
export type CaseStatus = (typeof caseStatuses)[number]

/** Statuses that end the loop; nothing but reopen applies to archived cases. */
export const finalStatuses: readonly CaseStatus[] = ['archived', 'rejected', 'merged']

/**
 * Statuses in which the problem is still on the ground, so a whistle (吹哨报到) may summon
 * departments to it: once the handler reports it done, there is nothing left to come for.
 */
export const whistleStatuses: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'handling',
  'returned',
]

export const caseActions = [
  'report',
  'self_handle',
  'accept',
  'reject',
  'register',
  'dispatch',
  'sign',
  'handle',
  'return',
  'rule_return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'request_suspension',
  'approve_suspension',
  'deny_suspension',
  'resume',
  'escalate',
  'verify',
  'close',
  'follow_up',
  'reopen',
  'merge',
  'supervise',
  'reply_supervision',
  'urge',
  'joint_meeting',
] as const
export type CaseAction = (typeof caseActions)[number]

/** Levels a case is handled at: 小事不出村 (community), 大事不出镇 (street), the district. */
export const caseLevels = ['community', 'street', 'district'] as const
export type CaseLevel = (typeof caseLevels)[number]

export const caseStatusNames: Record<CaseStatus, { zh: string; en: string }> = {
  reported: { zh: '待受理', en: 'Reported' },
  accepted: { zh: '待立案', en: 'Accepted' },
  registered: { zh: '待派遣', en: 'Registered' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  handling: { zh: '处置中', en: 'Handling' },
  returned: { zh: '待审定', en: 'Returned' },
  handled: { zh: '待核查', en: 'Handled' },
  verified: { zh: '待结案', en: 'Verified' },
  closed: { zh: '待回访', en: 'Closed' },
  archived: { zh: '已归档', en: 'Archived' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  merged: { zh: '已合并', en: 'Merged' },
}

export const caseActionNames: Record<CaseAction, { zh: string; en: string }> = {
  report: { zh: '上报', en: 'Report' },
  self_handle: { zh: '自处置', en: 'Self-handle' },
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  register: { zh: '立案', en: 'Register' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign for' },
  handle: { zh: '处置反馈', en: 'Report handled' },
  return: { zh: '退回', en: 'Return' },
  rule_return: { zh: '审定', en: 'Rule on a return' },
  request_extension: { zh: '申请延期', en: 'Request an extension' },
  approve_extension: { zh: '批准延期', en: 'Approve the extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny the extension' },
  request_suspension: { zh: '申请挂账', en: 'Request suspension' },
  approve_suspension: { zh: '批准挂账', en: 'Approve the suspension' },
  deny_suspension: { zh: '驳回挂账', en: 'Deny the suspension' },
  resume: { zh: '恢复处置', en: 'Resume' },
  escalate: { zh: '上报上级', en: 'Escalate' },
  verify: { zh: '核查', en: 'Verify' },
  close: { zh: '结案', en: 'Close' },
  follow_up: { zh: '回访', en: 'Follow up' },
  reopen: { zh: '重新启动', en: 'Reopen' },
  merge: { zh: '合并', en: 'Merge' },
  supervise: { zh: '督办', en: 'Supervise' },
  reply_supervision: { zh: '督办回复', en: 'Reply to supervision' },
  urge: { zh: '催办', en: 'Urge' },
  joint_meeting: { zh: '会商', en: 'Joint meeting' },
}
