import type { TCatalogField } from '@onegrid/core/api/catalog'

type FieldSpec = Pick<TCatalogField, 'key' | 'label' | 'labelEn' | 'type'> &
  Partial<Omit<TCatalogField, 'key' | 'label' | 'labelEn' | 'type' | 'options'>> & {
    options?: readonly (readonly [value: string, label: string])[]
  }

/** A field in its parsed form: every default spelled out, so the schema returns it unchanged. */
export function field(spec: FieldSpec): TCatalogField {
  const { options = [], ...rest } = spec
  return {
    required: false,
    forms: ['report'],
    min: null,
    max: null,
    maxLength: null,
    hint: '',
    ...rest,
    options: options.map(([value, label]) => ({ value, label })),
  }
}

// ─── City components (GB/T 47678.5 classes 01–05) ────────────────────────────

export const componentFields: TCatalogField[] = [
  field({
    key: 'component_id',
    label: '管理部件标识码',
    labelEn: 'Component identifier',
    type: 'text',
    maxLength: 17,
    hint: 'GB/T 47678.5 管理部件标识码，17 位（行政区划 6 位 + 分类 5 位 + 顺序码 6 位），部件牌上可查',
  }),
  field({
    key: 'component_state',
    label: '部件状态',
    labelEn: 'Component state',
    type: 'single_choice',
    required: true,
    options: [
      ['damaged', '破损'],
      ['missing', '丢失'],
      ['abandoned', '废弃'],
      ['other', '其他异常'],
    ],
  }),
]

export const constructionFields: TCatalogField[] = [
  field({ key: 'builder', label: '施工单位', labelEn: 'Contractor', type: 'organization' }),
]

// ─── 矛盾纠纷 (GB/T 31000 矛盾纠纷排查化解, standards.md §3) ───────────────────

export const disputeFields: TCatalogField[] = [
  field({ key: 'main_party', label: '主要当事人', labelEn: 'Main party', type: 'person' }),
  field({
    key: 'people_involved',
    label: '涉及人数',
    labelEn: 'People involved',
    type: 'number',
    min: 1,
    max: 100_000,
  }),
  field({
    key: 'scale',
    label: '事件规模',
    labelEn: 'Scale',
    type: 'single_choice',
    // Local values: GB/T 31000's own 事件规模 code table was not available.
    options: [
      ['individual', '个体（2 人及以下）'],
      ['small', '少数人（3–9 人）'],
      ['group', '群体（10–29 人）'],
      ['large_group', '较大群体（30 人及以上）'],
    ],
  }),
  field({
    key: 'resolution_method',
    label: '化解方式',
    labelEn: 'Resolution method',
    type: 'single_choice',
    forms: ['handling'],
    options: [
      ['on_the_spot', '网格员现场劝解'],
      ['people_mediation', '人民调解'],
      ['administrative_mediation', '行政调解'],
      ['judicial_mediation', '司法调解'],
      ['arbitration', '引导仲裁'],
      ['litigation', '引导诉讼'],
      ['other', '其他'],
    ],
  }),
  field({
    key: 'resolved',
    label: '化解是否成功',
    labelEn: 'Resolved',
    type: 'single_choice',
    required: true,
    forms: ['handling'],
    options: [
      ['yes', '成功'],
      ['no', '未成功'],
    ],
  }),
  field({
    key: 'resolution',
    label: '化解情况',
    labelEn: 'How it was resolved',
    type: 'text',
    forms: ['handling'],
    maxLength: 2000,
  }),
]

// ─── Public security ─────────────────────────────────────────────────────────

export const rentalHouseField: TCatalogField = field({
  key: 'house',
  label: '所在房屋',
  labelEn: 'House',
  type: 'house',
})

// ─── 安全生产 ─────────────────────────────────────────────────────────────────

export function hazardFields(unitRequired: boolean): TCatalogField[] {
  return [
    field({
      key: 'hazard_unit',
      label: '隐患单位',
      labelEn: 'Organization at fault',
      type: 'organization',
      required: unitRequired,
    }),
    field({
      key: 'hazard_level',
      label: '隐患等级',
      labelEn: 'Hazard level',
      type: 'single_choice',
      options: [
        ['general', '一般隐患'],
        ['major', '重大隐患'],
      ],
      hint: '重大事故隐患按特急上报',
    }),
    field({
      key: 'rectification',
      label: '整改情况',
      labelEn: 'Rectification',
      type: 'text',
      forms: ['handling'],
      maxLength: 1000,
    }),
  ]
}

// ─── 消防 ─────────────────────────────────────────────────────────────────────

export const fireFields: TCatalogField[] = [
  field({ key: 'building', label: '所在建筑', labelEn: 'Building', type: 'house' }),
  field({
    key: 'floor',
    label: '楼层',
    labelEn: 'Floor',
    type: 'number',
    min: -5,
    max: 200,
    hint: '地下层填负数',
  }),
]

// ─── 市场监管 / 食品药品 ──────────────────────────────────────────────────────

export const operatorField: TCatalogField = field({
  key: 'operator',
  label: '涉及经营者',
  labelEn: 'Business involved',
  type: 'organization',
})

// ─── 特殊人群 ─────────────────────────────────────────────────────────────────

export const specialGroupFields: TCatalogField[] = [
  field({ key: 'person', label: '涉及人员', labelEn: 'Person', type: 'person', required: true }),
  field({
    key: 'warning_level',
    label: '预警等级',
    labelEn: 'Warning level',
    type: 'single_choice',
    options: [
      ['green', '绿色'],
      ['yellow', '黄色'],
      ['red', '红色'],
    ],
    hint: '分色预警：绿色正常、黄色关注、红色重点管控',
  }),
  field({
    key: 'measures',
    label: '管控帮扶措施',
    labelEn: 'Measures taken',
    type: 'text',
    forms: ['handling'],
    maxLength: 1000,
  }),
]

// ─── 民生服务 ─────────────────────────────────────────────────────────────────

export function beneficiaryFields(required: boolean): TCatalogField[] {
  return [
    field({ key: 'beneficiary', label: '服务对象', labelEn: 'Resident concerned', type: 'person', required }),
    field({ key: 'needs', label: '具体需求', labelEn: 'Needs', type: 'text', maxLength: 500 }),
  ]
}

export const householdsAffectedField: TCatalogField = field({
  key: 'households',
  label: '影响户数',
  labelEn: 'Households affected',
  type: 'number',
  min: 1,
  max: 100_000,
})

// ─── 疫情防控 ─────────────────────────────────────────────────────────────────

export const epidemicFields: TCatalogField[] = [
  field({ key: 'person', label: '涉及人员', labelEn: 'Person', type: 'person' }),
  field({
    key: 'people_involved',
    label: '涉及人数',
    labelEn: 'People involved',
    type: 'number',
    min: 1,
    max: 100_000,
  }),
]

// ─── 代办服务 ─────────────────────────────────────────────────────────────────

export const proxyFields: TCatalogField[] = [
  field({ key: 'applicant', label: '申请人', labelEn: 'Applicant', type: 'person', required: true }),
  field({
    key: 'materials_complete',
    label: '材料是否齐全',
    labelEn: 'Documents complete',
    type: 'single_choice',
    required: true,
    forms: ['handling'],
    options: [
      ['yes', '齐全'],
      ['no', '不齐全，已一次性告知补正'],
    ],
  }),
  field({
    key: 'result',
    label: '办理结果',
    labelEn: 'Result',
    type: 'text',
    forms: ['handling'],
    maxLength: 200,
    hint: '证件编号或受理回执号',
  }),
  field({
    key: 'delivered_on',
    label: '送达日期',
    labelEn: 'Delivered on',
    type: 'date',
    forms: ['handling'],
  }),
]
