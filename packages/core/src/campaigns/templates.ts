import type { CampaignForm } from './form.ts'

/**
 * What a campaign's work items are (one item per target object), and the default
 * templates OneGrid ships (出租房屋消防安全检查, 独居老人探访, 汛期巡查, 疫情入户排查).
 * Plain TypeScript so the console's wizard shows them without a round trip.
 */
export const campaignTargetKinds = [
  /** Every grid of the chosen areas (optionally of one grid type): one item per grid. */
  'grid',
  /** Every rental house (出租房屋) of the chosen areas. */
  'rental_house',
  /** Every household of the chosen areas. */
  'household',
  /** Every organization of the chosen areas, optionally of some kinds (企业, 个体工商户 …). */
  'organization',
  /** Every person of one special group in the chosen areas, optionally of some risk levels. */
  'special_group_person',
  /** Every building of the chosen areas. */
  'building',
] as const
export type CampaignTargetKind = (typeof campaignTargetKinds)[number]

export const campaignTargetKindLabels: Record<CampaignTargetKind, { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'Grids' },
  rental_house: { zh: '出租房屋', en: 'Rental houses' },
  household: { zh: '住户', en: 'Households' },
  organization: { zh: '单位/企业', en: 'Organizations' },
  special_group_person: { zh: '特殊人群', en: 'Special-group persons' },
  building: { zh: '楼栋', en: 'Buildings' },
}

export const campaignPriorities = ['normal', 'high', 'urgent'] as const
export type CampaignPriority = (typeof campaignPriorities)[number]
export const campaignPriorityLabels: Record<CampaignPriority, { zh: string; en: string }> = {
  normal: { zh: '一般', en: 'Normal' },
  high: { zh: '重要', en: 'High' },
  urgent: { zh: '紧急', en: 'Urgent' },
}

export type CampaignTemplate = {
  key: string
  name: { zh: string; en: string }
  purpose: string
  targetKind: CampaignTargetKind
  /** For special_group_person. */
  group?: string
  /** Working days from the start to the deadline. */
  workingDays: number
  priority: CampaignPriority
  /** The catalog item a hazard becomes a case of, unless the worker picks another. */
  hazardItemCode?: string
  form: CampaignForm
}

const yesNo = (hazardOn: 'yes' | 'no') => [
  { value: 'yes', label: '是', hazard: hazardOn === 'yes' },
  { value: 'no', label: '否', hazard: hazardOn === 'no' },
]

export const defaultTemplates: readonly CampaignTemplate[] = [
  {
    key: 'rental_fire_safety',
    name: { zh: '出租房屋消防安全检查', en: 'Fire safety of rental houses' },
    purpose: '排查出租房屋消防隐患，落实房东和承租人消防安全责任，防范“小火亡人”事故。',
    targetKind: 'rental_house',
    workingDays: 10,
    priority: 'high',
    form: {
      questions: [
        { key: 'met', label: '是否见到房东或承租人', type: 'choice', required: true, options: yesNo('no') },
        {
          key: 'tenants',
          label: '实际居住人数',
          type: 'number',
          required: true,
          min: 0,
          max: 200,
          showIf: { key: 'met', anyOf: ['yes'] },
        },
        {
          key: 'extinguisher',
          label: '是否配备灭火器',
          type: 'choice',
          required: true,
          options: yesNo('no'),
        },
        {
          key: 'smoke_alarm',
          label: '是否安装独立式烟感报警器',
          type: 'choice',
          required: true,
          options: yesNo('no'),
        },
        {
          key: 'hazards',
          label: '发现的隐患',
          type: 'multi_choice',
          required: false,
          options: [
            { value: 'ebike_indoor', label: '电动自行车室内或楼道充电', hazard: true },
            { value: 'wiring', label: '私拉乱接电线', hazard: true },
            { value: 'exit_blocked', label: '疏散通道堵塞', hazard: true },
            { value: 'gas', label: '燃气使用不规范', hazard: true },
            { value: 'group_rent', label: '群租、隔断', hazard: true },
          ],
        },
        { key: 'hazard_note', label: '隐患情况说明', type: 'text', required: false },
        { key: 'photos', label: '现场照片', type: 'photo', required: true, maxPhotos: 6 },
        { key: 'signature', label: '房东或承租人签字', type: 'signature', required: false },
      ],
    },
  },
  {
    key: 'elderly_alone_check',
    name: { zh: '独居老人探访', en: 'Elderly living alone check' },
    purpose: '逐户探访空巢、独居老人，了解健康和生活状况，登记帮扶需求。',
    targetKind: 'special_group_person',
    group: 'empty_nest_elderly',
    workingDays: 5,
    priority: 'normal',
    form: {
      questions: [
        { key: 'seen', label: '是否见到老人本人', type: 'choice', required: true, options: yesNo('no') },
        {
          key: 'health',
          label: '身体状况',
          type: 'choice',
          required: true,
          options: [
            { value: 'good', label: '良好' },
            { value: 'fair', label: '一般' },
            { value: 'poor', label: '较差，需要关注', hazard: true },
          ],
          showIf: { key: 'seen', anyOf: ['yes'] },
        },
        {
          key: 'needs',
          label: '帮扶需求',
          type: 'multi_choice',
          required: false,
          options: [
            { value: 'meals', label: '助餐' },
            { value: 'medical', label: '就医' },
            { value: 'cleaning', label: '家政' },
            { value: 'company', label: '陪伴' },
          ],
        },
        { key: 'gas_safe', label: '用火用气是否安全', type: 'choice', required: true, options: yesNo('no') },
        { key: 'note', label: '情况说明', type: 'text', required: false },
        { key: 'photos', label: '照片', type: 'photo', required: false },
      ],
    },
  },
  {
    key: 'flood_season_patrol',
    name: { zh: '汛期巡查', en: 'Flood season patrol' },
    purpose: '汛期前逐网格巡查积水点、地下空间、危旧房屋和在建工地，落实防汛责任。',
    targetKind: 'grid',
    workingDays: 3,
    priority: 'urgent',
    form: {
      questions: [
        { key: 'ponding', label: '是否存在易积水点', type: 'choice', required: true, options: yesNo('yes') },
        {
          key: 'ponding_where',
          label: '积水点位置',
          type: 'location',
          required: true,
          showIf: { key: 'ponding', anyOf: ['yes'] },
        },
        {
          key: 'basement',
          label: '地下空间防倒灌措施是否到位',
          type: 'choice',
          required: true,
          options: yesNo('no'),
        },
        { key: 'old_houses', label: '危旧房屋数', type: 'number', required: true, min: 0, max: 1000 },
        { key: 'drains', label: '雨水口是否通畅', type: 'choice', required: true, options: yesNo('no') },
        { key: 'photos', label: '现场照片', type: 'photo', required: true },
        { key: 'note', label: '情况说明', type: 'text', required: false },
      ],
    },
  },
  {
    key: 'epidemic_screening',
    name: { zh: '疫情入户排查', en: 'Epidemic door-to-door screening' },
    purpose: '逐户排查中高风险地区来返人员和发热症状人员，做到不漏一户、不漏一人。',
    targetKind: 'household',
    workingDays: 2,
    priority: 'urgent',
    form: {
      questions: [
        { key: 'reached', label: '是否入户/联系上', type: 'choice', required: true, options: yesNo('no') },
        {
          key: 'members',
          label: '在家人数',
          type: 'number',
          required: true,
          min: 0,
          max: 50,
          showIf: { key: 'reached', anyOf: ['yes'] },
        },
        {
          key: 'travel',
          label: '14 天内是否有外地来返人员',
          type: 'choice',
          required: true,
          options: yesNo('yes'),
          showIf: { key: 'reached', anyOf: ['yes'] },
        },
        {
          key: 'fever',
          label: '是否有发热、咳嗽等症状',
          type: 'choice',
          required: true,
          options: yesNo('yes'),
          showIf: { key: 'reached', anyOf: ['yes'] },
        },
        { key: 'note', label: '情况说明', type: 'text', required: false },
      ],
    },
  },
]
