import { describe, expect, it } from 'vitest'
import { idCheckChar } from './id-number.ts'
import {
  defaultVisitEveryDays,
  parseGroupFields,
  riskLevelLabels,
  riskLevels,
  type SpecialGroup,
  specialGroupKeys,
  specialGroups,
} from './special-groups.ts'

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'))

/** The smallest valid record of each group: only its defining fields. */
const minimal: Record<SpecialGroup, Record<string, unknown>> = {
  community_correction: {
    correctionNo: 'SQJZ-2024-001',
    correctionStart: '2024-03-01',
    correctionEnd: '2025-02-28',
  },
  released_prisoner: { originalCharge: '盗窃罪', releaseDate: '2024-05-20' },
  severe_mental_disorder: { diagnosis: '精神分裂症', dangerLevel: 1 },
  drug_user: { firstFoundDate: '2019-07-01' },
  key_youth: { personType: '闲散青少年' },
  hiv_risk: { attentionType: '重点关注' },
  left_behind_child: { guardianName: '王桂兰' },
  empty_nest_elderly: { livingAlone: true },
  low_income: { assistanceKind: 'subsistence' },
  disabled: { disabilityCategory: 'physical', disabilityLevel: '2' },
  petitioner: { petitionMatter: '小区加装电梯费用分摊争议' },
}

describe('special groups', () => {
  it('defines the 11 groups, the first six sensitive', () => {
    expect(specialGroupKeys).toHaveLength(11)
    expect(Object.keys(specialGroups).sort()).toEqual([...specialGroupKeys].sort())
    expect(specialGroupKeys.filter((g) => specialGroups[g].sensitive)).toEqual(specialGroupKeys.slice(0, 6))
    expect(specialGroups.community_correction.zh).toBe('社区矫正人员')
    expect(specialGroups.petitioner.zh).toBe('信访人员')
  })

  it('labels every field of every schema, and nothing else', () => {
    for (const g of specialGroupKeys) {
      const { schema, fieldLabels } = specialGroups[g]
      expect(Object.keys(fieldLabels).sort(), g).toEqual(Object.keys(schema.shape).sort())
      for (const label of Object.values(fieldLabels)) expect(label).toMatch(/\p{Script=Han}/u)
    }
  })

  it.each(specialGroupKeys)('%s accepts its defining fields alone and refuses an empty record', (g) => {
    expect(parseGroupFields(g, minimal[g]).success).toBe(true)
    const empty = parseGroupFields(g, {})
    expect(empty.success).toBe(false)
    expect(issuePaths(empty).sort()).toEqual(Object.keys(minimal[g]).sort())
  })

  it('requires the correction number and dates, in order', () => {
    const missing = parseGroupFields('community_correction', { correctionStart: '2024-03-01' })
    expect(issuePaths(missing).sort()).toEqual(['correctionEnd', 'correctionNo'])
    const reversed = parseGroupFields('community_correction', {
      ...minimal.community_correction,
      correctionEnd: '2024-02-28',
    })
    expect(issuePaths(reversed)).toEqual(['correctionEnd'])
    const sentence = parseGroupFields('community_correction', {
      ...minimal.community_correction,
      sentenceStart: '2023-01-01',
      sentenceEnd: '2022-12-31',
    })
    expect(issuePaths(sentence)).toEqual(['sentenceEnd'])
  })

  it('validates dates as real calendar days', () => {
    expect(issuePaths(parseGroupFields('drug_user', { firstFoundDate: '2023-02-29' }))).toEqual([
      'firstFoundDate',
    ])
    expect(issuePaths(parseGroupFields('drug_user', { firstFoundDate: '2023/02/01' }))).toEqual([
      'firstFoundDate',
    ])
    expect(parseGroupFields('drug_user', { firstFoundDate: '2024-02-29' }).success).toBe(true)
  })

  it('checks enums, types, lengths and unknown keys', () => {
    expect(
      issuePaths(
        parseGroupFields('community_correction', {
          ...minimal.community_correction,
          correctionCategory: '缓刑',
        }),
      ),
    ).toEqual(['correctionCategory'])
    expect(
      parseGroupFields('community_correction', {
        ...minimal.community_correction,
        correctionCategory: 'probation',
      }).success,
    ).toBe(true)
    expect(issuePaths(parseGroupFields('empty_nest_elderly', { livingAlone: 'yes' }))).toEqual([
      'livingAlone',
    ])
    expect(issuePaths(parseGroupFields('petitioner', { petitionMatter: 'x'.repeat(1001) }))).toEqual([
      'petitionMatter',
    ])
    expect(issuePaths(parseGroupFields('petitioner', { petitionMatter: '   ' }))).toEqual(['petitionMatter'])
    expect(
      issuePaths(
        parseGroupFields('severe_mental_disorder', { ...minimal.severe_mental_disorder, dangerLevel: 6 }),
      ),
    ).toEqual(['dangerLevel'])
    const typo = parseGroupFields('left_behind_child', {
      guardianName: '王桂兰',
      gaurdianPhone: '13800138000',
    })
    expect(typo.success).toBe(false)
    expect(typo.error?.issues[0]?.code).toBe('unrecognized_keys')
    expect(
      issuePaths(parseGroupFields('key_youth', { personType: '闲散青少年', guardianRelation: '88' })),
    ).toEqual(['guardianRelation'])
  })

  it('normalises ID numbers and phone numbers, and reports bad ones on their field', () => {
    const result = parseGroupFields('left_behind_child', {
      guardianName: ' 王桂兰 ',
      guardianIdNumber: '130503670401001',
      guardianPhone: '+86 138-0013-8000',
      parentPhone: '0755 1234 5678',
    })
    expect(result.success && result.data).toEqual({
      guardianName: '王桂兰',
      guardianIdNumber: `13050319670401001${idCheckChar('13050319670401001')}`,
      guardianPhone: '13800138000',
      parentPhone: '0755-12345678',
    })
    const bad = parseGroupFields('left_behind_child', {
      guardianName: '王桂兰',
      guardianIdNumber: '110105194912310021',
      guardianPhone: '12345',
    })
    expect(issuePaths(bad).sort()).toEqual(['guardianIdNumber', 'guardianPhone'])
  })

  it('checks the incident count against the incident history', () => {
    const inconsistent = parseGroupFields('severe_mental_disorder', {
      ...minimal.severe_mental_disorder,
      hasIncidentHistory: false,
      incidentCount: 2,
    })
    expect(issuePaths(inconsistent)).toEqual(['incidentCount'])
  })

  it('accepts a 20-character 残疾人证号 and refuses other shapes', () => {
    const base = minimal.disabled
    expect(parseGroupFields('disabled', { ...base, certificateNo: '11010519491231002x42' }).success).toBe(
      true,
    )
    expect(
      issuePaths(parseGroupFields('disabled', { ...base, certificateNo: '11010519491231002X' })),
    ).toEqual(['certificateNo'])
    expect(
      issuePaths(parseGroupFields('disabled', { ...base, certificateNo: '11010519491231002X85' })),
    ).toEqual(['certificateNo'])
  })
})

describe('risk levels and visits', () => {
  it('labels the three levels', () => {
    expect(riskLevels.map((r) => riskLevelLabels[r].zh)).toEqual(['绿', '黄', '红'])
    expect(riskLevels.map((r) => riskLevelLabels[r].risk)).toEqual(['低风险', '中风险', '高风险'])
  })

  it('visits special groups by level: red 7, yellow 15, green 30', () => {
    for (const g of ['community_correction', 'drug_user', 'petitioner'] as const) {
      expect(riskLevels.map((r) => defaultVisitEveryDays(g, r))).toEqual([30, 15, 7])
    }
  })

  it('visits special families twice a month unless red', () => {
    for (const g of ['left_behind_child', 'empty_nest_elderly', 'low_income', 'disabled'] as const) {
      expect(riskLevels.map((r) => defaultVisitEveryDays(g, r))).toEqual([15, 15, 7])
    }
  })

  it('never leaves a group longer than a month between visits', () => {
    for (const g of specialGroupKeys)
      for (const r of riskLevels) expect(defaultVisitEveryDays(g, r)).toBeLessThanOrEqual(30)
  })
})
