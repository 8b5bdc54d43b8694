/**
 * 特殊人群 and 特殊家庭: the extension record kept for a person in one of the 11 groups,
 * on top of the base person record (standards.md §3).
 *
 * Field lists follow the GB/T 31000-2015 lists evidenced in implementations. The
 * standard's own code tables (人员类型 5.41, 家庭情况 5.42, 帮扶手段 5.43, …) were not
 * found, so those fields are bounded free text rather than invented enums. Enums are
 * used only where a law or another standard fixes the values: 矫正类别 (社区矫正法
 * 第二条), 残疾类别/等级 (GB/T 26341-2010), 与监护人关系 (GB/T 4761).
 *
 * The last four groups (留守儿童, 空巢老人, 低保/低收入, 残疾人) are not in the GB/T 31000
 * lists; their fields are the ones grid visits commonly record.
 *
 * Schemas are strict: an unknown key is a client bug (a typo would otherwise be
 * dropped silently), so it is reported rather than stripped.
 */
import { z } from 'zod'
import { codesOf, relationCodes } from './codes.ts'
import { parseIdNumber } from './id-number.ts'
import { normalizePhone } from './phone.ts'

export const specialGroupKeys = [
  'community_correction',
  'released_prisoner',
  'severe_mental_disorder',
  'drug_user',
  'key_youth',
  'hiv_risk',
  'left_behind_child',
  'empty_nest_elderly',
  'low_income',
  'disabled',
  'petitioner',
] as const
export type SpecialGroup = (typeof specialGroupKeys)[number]

export const riskLevels = ['green', 'yellow', 'red'] as const
export type RiskLevel = (typeof riskLevels)[number]

export const riskLevelLabels: Readonly<Record<RiskLevel, { zh: string; risk: string; en: string }>> = {
  green: { zh: '绿', risk: '低风险', en: 'Green (low risk)' },
  yellow: { zh: '黄', risk: '中风险', en: 'Yellow (medium risk)' },
  red: { zh: '红', risk: '高风险', en: 'Red (high risk)' },
}

// ---- field builders ---------------------------------------------------------------

const date = () => z.iso.date('须为 YYYY-MM-DD 日期 / must be a real YYYY-MM-DD date')
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 字 / at most ${max} characters`)
const requiredText = (max: number) => text(max).min(1, '必填 / required')
const flag = () => z.boolean()
const count = () => z.number().int().min(0).max(9999)

/** A 公民身份号码, stored normalised (18 characters, 15-digit numbers converted). */
const idNumber = () =>
  z.string().transform((value, ctx) => {
    const parsed = parseIdNumber(value)
    if (parsed.ok) return parsed.value
    ctx.addIssue({ code: 'custom', message: `公民身份号码无效 / invalid ID number (${parsed.reason})` })
    return z.NEVER
  })

/** A mobile or landline, stored normalised. */
const phone = () =>
  z.string().transform((value, ctx) => {
    const parsed = normalizePhone(value)
    if (parsed) return parsed.value
    ctx.addIssue({ code: 'custom', message: '电话号码无效 / invalid phone number' })
    return z.NEVER
  })

const relation = () => z.enum(codesOf(relationCodes))

/** Adds an issue on `end` when both dates are present and `end` is before `start`. */
function checkOrder(
  value: Readonly<Record<string, unknown>>,
  ctx: z.RefinementCtx,
  start: string,
  end: string,
): void {
  const from = value[start]
  const to = value[end]
  if (typeof from === 'string' && typeof to === 'string' && to < from) {
    ctx.addIssue({ code: 'custom', path: [end], message: '结束日期早于开始日期 / ends before it starts' })
  }
}

// ---- enums fixed elsewhere ----------------------------------------------------------

/** 社区矫正对象的类别, 社区矫正法 (2019) 第二条. */
export const correctionCategories = ['control', 'probation', 'parole', 'medical_parole'] as const
export const correctionCategoryLabels: Readonly<Record<(typeof correctionCategories)[number], string>> = {
  control: '管制',
  probation: '缓刑',
  parole: '假释',
  medical_parole: '暂予监外执行',
}

/** 残疾类别, GB/T 26341-2010; the 残疾人证 number ends in these digits 1–7 and the level. */
export const disabilityCategories = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const
export const disabilityCategoryLabels: Readonly<Record<(typeof disabilityCategories)[number], string>> = {
  visual: '视力残疾',
  hearing: '听力残疾',
  speech: '言语残疾',
  physical: '肢体残疾',
  intellectual: '智力残疾',
  mental: '精神残疾',
  multiple: '多重残疾',
}
/** 残疾等级 一级 (most severe) to 四级. */
export const disabilityLevels = ['1', '2', '3', '4'] as const

export const assistanceKinds = ['subsistence', 'low_income'] as const
export const assistanceKindLabels: Readonly<Record<(typeof assistanceKinds)[number], string>> = {
  subsistence: '最低生活保障（低保）',
  low_income: '低收入家庭',
}

// ---- the groups ---------------------------------------------------------------------

const communityCorrection = z
  .strictObject({
    correctionNo: requiredText(50),
    formerDetentionPlace: text(100).optional(),
    correctionCategory: z.enum(correctionCategories).optional(),
    caseCategory: text(50).optional(),
    charge: text(100).optional(),
    originalSentence: text(50).optional(),
    sentenceStart: date().optional(),
    sentenceEnd: date().optional(),
    correctionStart: date(),
    correctionEnd: date(),
    receptionMethod: text(50).optional(),
    isRecidivist: flag().optional(),
    hasCorrectionTeam: flag().optional(),
    correctionTeamMembers: text(200).optional(),
    terminationType: text(50).optional(),
    absconded: flag().optional(),
    abscondReason: text(500).optional(),
    abscondSupervision: text(500).optional(),
    abscondRemedy: text(500).optional(),
    missedIntake: flag().optional(),
    missedIntakeReason: text(500).optional(),
    missedIntakeSupervision: text(500).optional(),
    missedIntakeRemedy: text(500).optional(),
    rewardsAndPunishments: text(500).optional(),
    sentenceChange: text(500).optional(),
    reoffended: flag().optional(),
    reoffenseCharge: text(100).optional(),
  })
  .superRefine((v, ctx) => {
    checkOrder(v, ctx, 'correctionStart', 'correctionEnd')
    checkOrder(v, ctx, 'sentenceStart', 'sentenceEnd')
  })

const releasedPrisoner = z.strictObject({
  isRecidivist: flag().optional(),
  originalCharge: requiredText(100),
  originalSentence: text(50).optional(),
  prisonName: text(100).optional(),
  releaseDate: date(),
  riskAssessment: text(50).optional(),
  handoverDate: date().optional(),
  handoverStatus: text(500).optional(),
  resettlementDate: date().optional(),
  resettlementStatus: text(500).optional(),
  notResettledReason: text(500).optional(),
  aftercareStatus: text(1000).optional(),
  reoffended: flag().optional(),
  reoffenseCharge: text(100).optional(),
})

const severeMentalDisorder = z
  .strictObject({
    familyEconomicStatus: text(50).optional(),
    onSubsistenceAllowance: flag().optional(),
    guardianIdNumber: idNumber().optional(),
    guardianName: text(50).optional(),
    guardianPhone: phone().optional(),
    firstOnsetDate: date().optional(),
    diagnosis: requiredText(100),
    hasIncidentHistory: flag().optional(),
    incidentCount: count().optional(),
    lastIncidentDate: date().optional(),
    dangerLevel: z.number().int().min(0).max(5),
    treatmentStatus: text(200).optional(),
    treatmentHospital: text(100).optional(),
    hospitalizationReason: text(500).optional(),
    rehabilitationInstitution: text(100).optional(),
    managingPersonnel: text(200).optional(),
    assistanceStatus: text(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.hasIncidentHistory === false && (v.incidentCount ?? 0) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['incidentCount'],
        message: '无肇事肇祸史却有次数 / incidents counted but none recorded',
      })
    }
  })

const drugUser = z.strictObject({
  firstFoundDate: date(),
  controlStatus: text(200).optional(),
  controllerName: text(50).optional(),
  controllerPhone: phone().optional(),
  assistanceStatus: text(1000).optional(),
  helperName: text(50).optional(),
  hasCriminalRecord: flag().optional(),
  criminalRecord: text(500).optional(),
  drugUseReason: text(200).optional(),
  drugUseConsequence: text(200).optional(),
})

const keyYouth = z.strictObject({
  personType: requiredText(50),
  familySituation: text(50).optional(),
  guardianIdNumber: idNumber().optional(),
  guardianName: text(50).optional(),
  guardianRelation: relation().optional(),
  guardianPhone: phone().optional(),
  guardianAddress: text(200).optional(),
  hasOffended: flag().optional(),
  offenseDetails: text(500).optional(),
  helperName: text(50).optional(),
  helperPhone: phone().optional(),
  assistanceMeans: text(50).optional(),
  assistanceStatus: text(1000).optional(),
})

const hivRisk = z.strictObject({
  infectionRoute: text(50).optional(),
  attentionType: requiredText(50),
  hasCriminalRecord: flag().optional(),
  criminalRecord: text(500).optional(),
  caseCategory: text(50).optional(),
  treatmentStatus: text(200).optional(),
  treatmentInstitution: text(100).optional(),
  helperName: text(50).optional(),
  assistanceStatus: text(1000).optional(),
})

const leftBehindChild = z.strictObject({
  guardianName: requiredText(50),
  guardianRelation: relation().optional(),
  guardianIdNumber: idNumber().optional(),
  guardianPhone: phone().optional(),
  parentsWhereabouts: text(200).optional(),
  parentPhone: phone().optional(),
  school: text(100).optional(),
  assistanceStatus: text(1000).optional(),
})

const emptyNestElderly = z.strictObject({
  livingAlone: flag(),
  emergencyContactName: text(50).optional(),
  emergencyContactPhone: phone().optional(),
  healthStatus: text(200).optional(),
  selfCareAbility: text(50).optional(),
  assistanceStatus: text(1000).optional(),
})

const lowIncome = z.strictObject({
  assistanceKind: z.enum(assistanceKinds),
  certificateNo: text(50).optional(),
  householdSize: z.number().int().min(1).max(99).optional(),
  monthlyAllowance: z.number().min(0).max(1_000_000).optional(),
  startDate: date().optional(),
  assistanceStatus: text(1000).optional(),
})

const disabled = z.strictObject({
  disabilityCategory: z.enum(disabilityCategories),
  disabilityLevel: z.enum(disabilityLevels),
  /** 第二代残疾人证号: the 18-character ID number followed by category and level digits. */
  certificateNo: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX][1-7][1-4]$/, '残疾人证号须为 20 位 / must be the 20-character certificate number')
    .optional(),
  assistanceStatus: text(1000).optional(),
})

const petitioner = z.strictObject({
  petitionMatter: requiredText(1000),
  firstPetitionDate: date().optional(),
  petitionCount: count().optional(),
  isRepeat: flag().optional(),
  isCollective: flag().optional(),
  isLeapfrog: flag().optional(),
  currentStatus: text(200).optional(),
  responsiblePerson: text(50).optional(),
  responsiblePhone: phone().optional(),
  assistanceStatus: text(1000).optional(),
})

type GroupDefinition<S extends z.ZodObject> = {
  zh: string
  en: string
  /** Visible only to roles that need it (政法, 公安, 司法, 卫健 …), not to every grid worker. */
  sensitive: boolean
  /** 特殊家庭: visited twice a month whatever the level, unless red. */
  family: boolean
  schema: S
  fieldLabels: Readonly<Record<keyof S['shape'] & string, string>>
}

/** Ties `fieldLabels` to the schema's keys so a missing or stray label fails to compile. */
function defineGroup<S extends z.ZodObject>(definition: GroupDefinition<S>): GroupDefinition<S> {
  return definition
}

export const specialGroups = {
  community_correction: defineGroup({
    zh: '社区矫正人员',
    en: 'Person under community correction',
    sensitive: true,
    family: false,
    schema: communityCorrection,
    fieldLabels: {
      correctionNo: '社区矫正人员编号',
      formerDetentionPlace: '原羁押场所',
      correctionCategory: '矫正类别',
      caseCategory: '案件类别',
      charge: '具体罪名',
      originalSentence: '原判刑期',
      sentenceStart: '原判刑期开始日期',
      sentenceEnd: '原判刑期结束日期',
      correctionStart: '矫正开始日期',
      correctionEnd: '矫正结束日期',
      receptionMethod: '接收方式',
      isRecidivist: '是否累惯犯',
      hasCorrectionTeam: '是否建立矫正小组',
      correctionTeamMembers: '矫正小组人员组成',
      terminationType: '矫正解除（终止）类型',
      absconded: '是否脱管',
      abscondReason: '脱管原因',
      abscondSupervision: '脱管检察监督情况',
      abscondRemedy: '脱管纠正情况',
      missedIntake: '是否漏管',
      missedIntakeReason: '漏管原因',
      missedIntakeSupervision: '漏管检察监督情况',
      missedIntakeRemedy: '漏管纠正情况',
      rewardsAndPunishments: '奖惩情况',
      sentenceChange: '刑罚变更执行情况',
      reoffended: '是否重新犯罪',
      reoffenseCharge: '重新犯罪罪名',
    },
  }),
  released_prisoner: defineGroup({
    zh: '刑满释放人员',
    en: 'Released prisoner',
    sensitive: true,
    family: false,
    schema: releasedPrisoner,
    fieldLabels: {
      isRecidivist: '是否累犯',
      originalCharge: '原罪名',
      originalSentence: '原判刑期',
      prisonName: '服刑场所',
      releaseDate: '释放日期',
      riskAssessment: '危险性评估类型',
      handoverDate: '衔接日期',
      handoverStatus: '衔接情况',
      resettlementDate: '安置日期',
      resettlementStatus: '安置情况',
      notResettledReason: '未安置原因',
      aftercareStatus: '帮教情况',
      reoffended: '是否重新犯罪',
      reoffenseCharge: '重新犯罪罪名',
    },
  }),
  severe_mental_disorder: defineGroup({
    zh: '严重精神障碍患者',
    en: 'Patient with severe mental disorder',
    sensitive: true,
    family: false,
    schema: severeMentalDisorder,
    fieldLabels: {
      familyEconomicStatus: '家庭经济状况',
      onSubsistenceAllowance: '是否纳入低保',
      guardianIdNumber: '监护人公民身份号码',
      guardianName: '监护人姓名',
      guardianPhone: '监护人联系方式',
      firstOnsetDate: '初次发病日期',
      diagnosis: '目前诊断类型',
      hasIncidentHistory: '有无肇事肇祸史',
      incidentCount: '肇事肇祸次数',
      lastIncidentDate: '上次肇事肇祸日期',
      dangerLevel: '目前危险性评估等级（0–5 级）',
      treatmentStatus: '治疗情况',
      treatmentHospital: '治疗医院名称',
      hospitalizationReason: '实施住院治疗原因',
      rehabilitationInstitution: '接收康复训练机构名称',
      managingPersonnel: '参与管理人员',
      assistanceStatus: '帮扶情况',
    },
  }),
  drug_user: defineGroup({
    zh: '吸毒人员',
    en: 'Drug user',
    sensitive: true,
    family: false,
    schema: drugUser,
    fieldLabels: {
      firstFoundDate: '初次发现日期',
      controlStatus: '管控情况',
      controllerName: '管控人姓名',
      controllerPhone: '管控人联系方式',
      assistanceStatus: '帮扶情况',
      helperName: '帮扶人姓名',
      hasCriminalRecord: '有无犯罪史',
      criminalRecord: '犯罪情况',
      drugUseReason: '吸毒原因',
      drugUseConsequence: '吸毒后果',
    },
  }),
  key_youth: defineGroup({
    zh: '重点青少年',
    en: 'Youth of concern',
    sensitive: true,
    family: false,
    schema: keyYouth,
    fieldLabels: {
      personType: '人员类型',
      familySituation: '家庭情况',
      guardianIdNumber: '监护人公民身份号码',
      guardianName: '监护人姓名',
      guardianRelation: '与监护人关系',
      guardianPhone: '监护人联系方式',
      guardianAddress: '监护人居住详址',
      hasOffended: '是否违法犯罪',
      offenseDetails: '违法犯罪情况',
      helperName: '帮扶人姓名',
      helperPhone: '帮扶人联系方式',
      assistanceMeans: '帮扶手段',
      assistanceStatus: '帮扶情况',
    },
  }),
  hiv_risk: defineGroup({
    zh: '艾滋病危险人员',
    en: 'Person at risk of HIV',
    sensitive: true,
    family: false,
    schema: hivRisk,
    fieldLabels: {
      infectionRoute: '感染途径',
      attentionType: '关注类型',
      hasCriminalRecord: '有无违法犯罪史',
      criminalRecord: '违法犯罪情况',
      caseCategory: '案件类别',
      treatmentStatus: '收治情况',
      treatmentInstitution: '收治机构名称',
      helperName: '帮扶人',
      assistanceStatus: '帮扶情况',
    },
  }),
  left_behind_child: defineGroup({
    zh: '留守儿童',
    en: 'Left-behind child',
    sensitive: false,
    family: true,
    schema: leftBehindChild,
    fieldLabels: {
      guardianName: '监护人姓名',
      guardianRelation: '与监护人关系',
      guardianIdNumber: '监护人公民身份号码',
      guardianPhone: '监护人联系方式',
      parentsWhereabouts: '父母外出务工地',
      parentPhone: '父母联系方式',
      school: '就读学校',
      assistanceStatus: '关爱帮扶情况',
    },
  }),
  empty_nest_elderly: defineGroup({
    zh: '空巢老人',
    en: 'Empty-nest elderly person',
    sensitive: false,
    family: true,
    schema: emptyNestElderly,
    fieldLabels: {
      livingAlone: '是否独居',
      emergencyContactName: '紧急联系人姓名',
      emergencyContactPhone: '紧急联系人电话',
      healthStatus: '健康状况',
      selfCareAbility: '生活自理能力',
      assistanceStatus: '关爱帮扶情况',
    },
  }),
  low_income: defineGroup({
    zh: '低保/低收入',
    en: 'Subsistence allowance or low-income household',
    sensitive: false,
    family: true,
    schema: lowIncome,
    fieldLabels: {
      assistanceKind: '救助类别',
      certificateNo: '低保证（低收入认定）编号',
      householdSize: '家庭人口数',
      monthlyAllowance: '月保障金额（元）',
      startDate: '纳入日期',
      assistanceStatus: '帮扶情况',
    },
  }),
  disabled: defineGroup({
    zh: '残疾人',
    en: 'Person with disability',
    sensitive: false,
    family: true,
    schema: disabled,
    fieldLabels: {
      disabilityCategory: '残疾类别',
      disabilityLevel: '残疾等级',
      certificateNo: '残疾人证号',
      assistanceStatus: '帮扶情况',
    },
  }),
  petitioner: defineGroup({
    zh: '信访人员',
    en: 'Petitioner',
    sensitive: false,
    family: false,
    schema: petitioner,
    fieldLabels: {
      petitionMatter: '信访事项',
      firstPetitionDate: '首次信访日期',
      petitionCount: '信访次数',
      isRepeat: '是否重复信访',
      isCollective: '是否集体访',
      isLeapfrog: '是否越级访',
      currentStatus: '办理情况',
      responsiblePerson: '包案责任人',
      responsiblePhone: '包案责任人联系方式',
      assistanceStatus: '稳控帮扶情况',
    },
  }),
} as const satisfies { [G in SpecialGroup]: GroupDefinition<z.ZodObject> }

export type SpecialGroupFields<G extends SpecialGroup> = z.output<(typeof specialGroups)[G]['schema']>
export type SpecialGroupInput<G extends SpecialGroup> = z.input<(typeof specialGroups)[G]['schema']>

/**
 * The same schemas as a mapped type, so that indexing by a generic group keeps the
 * link between the key and its output type (an index into `specialGroups` widens to
 * the union of all eleven).
 */
const groupSchemas: { [G in SpecialGroup]: z.ZodType<SpecialGroupFields<G>> } = {
  community_correction: specialGroups.community_correction.schema,
  released_prisoner: specialGroups.released_prisoner.schema,
  severe_mental_disorder: specialGroups.severe_mental_disorder.schema,
  drug_user: specialGroups.drug_user.schema,
  key_youth: specialGroups.key_youth.schema,
  hiv_risk: specialGroups.hiv_risk.schema,
  left_behind_child: specialGroups.left_behind_child.schema,
  empty_nest_elderly: specialGroups.empty_nest_elderly.schema,
  low_income: specialGroups.low_income.schema,
  disabled: specialGroups.disabled.schema,
  petitioner: specialGroups.petitioner.schema,
}

/**
 * Validates a group's extension fields. The result is zod's: on failure, each issue's
 * `path` names the field, for showing the message next to it. Dates, ID numbers and
 * phone numbers come back normalised.
 */
export function parseGroupFields<G extends SpecialGroup>(
  group: G,
  data: unknown,
): z.ZodSafeParseResult<SpecialGroupFields<G>> {
  const schema: z.ZodType<SpecialGroupFields<G>> = groupSchemas[group]
  return schema.safeParse(data)
}

/**
 * Default visit interval in days ("五必访"): special groups by risk level, red every 7
 * days, yellow every 15, green every 30; 特殊家庭 twice a month (15) whatever the level,
 * except red, which is weekly for everyone.
 */
export function defaultVisitEveryDays(group: SpecialGroup, risk: RiskLevel): number {
  if (risk === 'red') return 7
  if (specialGroups[group].family) return 15
  return risk === 'yellow' ? 15 : 30
}
