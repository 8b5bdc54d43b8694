/**
 * The catalog's vocabulary: plain lists with no schema library, so the web
 * pages can use them without bundling zod. `api/catalog.ts` builds its schemas on them.
 */
export const catalogStandards = ['GB/T 47678.5-2026', 'GB/T 30428.2-2013', 'local'] as const

export const catalogDomains = [
  'public_security',
  'city_management',
  'work_safety',
  'fire',
  'environment',
  'market',
  'livelihood',
  'dispute',
  'special_groups',
  'epidemic',
  'proxy_service',
  'other',
] as const

export const catalogDomainNames: Record<(typeof catalogDomains)[number], { zh: string; en: string }> = {
  public_security: { zh: '综治', en: 'Public security' },
  city_management: { zh: '城市管理', en: 'City management' },
  work_safety: { zh: '安全生产', en: 'Work safety' },
  fire: { zh: '消防', en: 'Fire safety' },
  environment: { zh: '生态环境', en: 'Environment' },
  market: { zh: '市场监管', en: 'Market supervision' },
  livelihood: { zh: '民生服务', en: 'Livelihood services' },
  dispute: { zh: '矛盾纠纷', en: 'Disputes' },
  special_groups: { zh: '特殊人群', en: 'Special groups' },
  epidemic: { zh: '疫情防控', en: 'Epidemic control' },
  proxy_service: { zh: '代办服务', en: 'Errands for residents' },
  other: { zh: '其他', en: 'Other' },
}

export const urgencies = ['normal', 'urgent', 'critical'] as const

export const urgencyNames: Record<(typeof urgencies)[number], { zh: string; en: string }> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  critical: { zh: '特急', en: 'Critical' },
}

/** The clocked stages of a case, in order, and the overall limit from acceptance to closure. */
export const limitStages = [
  'accept',
  'dispatch',
  'sign',
  'first_feedback',
  'handle',
  'verify',
  'overall',
] as const

export const limitStageNames: Record<(typeof limitStages)[number], { zh: string; en: string }> = {
  accept: { zh: '受理', en: 'Accept' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign for' },
  first_feedback: { zh: '首次反馈', en: 'First feedback' },
  handle: { zh: '处置', en: 'Handle' },
  verify: { zh: '核查', en: 'Verify' },
  overall: { zh: '总时限', en: 'Overall' },
}

/** Levels a matter is handled at: 小事不出村 (community), 大事不出镇 (street), the district's departments. */
export const routingLevels = ['community', 'street', 'district'] as const

/** Handling bodies (处置主体): the department types and the four street platforms routing names. */
export const bodyKinds = ['department', 'platform'] as const

export const fieldTypes = [
  'text',
  'number',
  'date',
  'single_choice',
  'multi_choice',
  'photo',
  'person',
  'house',
  'organization',
] as const

export const fieldForms = ['report', 'handling'] as const

export const channels = [
  'grid_worker',
  'patrol',
  'hotline',
  'platform_12345',
  'citizen',
  'open311',
  'department',
  'superior',
  'iot',
  'other',
] as const
export type Channel = (typeof channels)[number]

/** Channel names for server-made documents (bulletins, exports); the web apps have theirs in i18n. */
export const channelNames: Record<Channel, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员上报', en: 'Grid worker' },
  patrol: { zh: '巡查发现', en: 'Patrol' },
  hotline: { zh: '热线电话', en: 'Hotline' },
  platform_12345: { zh: '12345 平台', en: '12345 platform' },
  citizen: { zh: '群众自报', en: 'Resident' },
  open311: { zh: 'Open311', en: 'Open311' },
  department: { zh: '部门移交', en: 'Department referral' },
  superior: { zh: '上级交办', en: 'Higher level' },
  iot: { zh: '视频/物联感知', en: 'Video / IoT' },
  other: { zh: '其他', en: 'Other' },
}
