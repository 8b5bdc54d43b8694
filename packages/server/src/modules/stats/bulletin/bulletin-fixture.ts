import type { TKpiValue, TRanking } from '@onegrid/core/api/stats'
import { type KpiKey, kpiDefinition, percent } from '@onegrid/core/stats/kpis'
import type { BulletinCase, BulletinKpi, BulletinModel, BulletinRanking } from './bulletin-model.ts'

/**
 * A bulletin model built by hand, at a district's size, for the renderers'
 * tests and timings: the same numbers every time (a seeded generator), names
 * with the rarer characters area names and case titles bring (亳, 濮, 瑷珲, 鄞).
 */
function generator(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

const streets = [
  '东湖街道',
  '西湖街道',
  '滨河街道',
  '新华街道',
  '亳河街道',
  '濮上镇',
  '瑷珲镇',
  '鄞水镇',
  '莘庄镇',
  '磴口镇',
  '邗沟镇',
  '郫筒镇',
  '犍为镇',
  '琅琊镇',
  '堇山乡',
]
const communityNames = ['湖滨', '和湖', '紫境', '望江', '桂花', '翠柳', '沁园', '翡翠', '芙蓉', '玉泉']
const departments = [
  '城市管理局',
  '住房和城乡建设局',
  '生态环境局',
  '交通运输局',
  '水务局',
  '市场监督管理局',
  '卫生健康委员会',
  '应急管理局',
  '公安分局',
  '消防救援支队',
  '民政局',
  '教育委员会',
  '园林绿化局',
  '商务局',
  '文化和旅游局',
  '人力资源和社会保障局',
  '规划和自然资源分局',
  '农业农村局',
  '司法局',
  '信访办',
  '供电公司',
  '燃气集团',
  '自来水公司',
  '热力公司',
  '通信管理办公室',
  '街道综合执法队',
  '城管执法局',
  '环卫中心',
  '市政养护中心',
  '房屋管理中心',
]
const issues = [
  '私搭乱建',
  '占道经营',
  '暴露垃圾',
  '井盖缺失',
  '路灯不亮',
  '违规停车',
  '噪声扰民',
  '油烟污染',
  '绿地脏乱',
  '下水道堵塞',
  '消防通道堵塞',
  '邻里纠纷',
]
const majors = [
  '市容环境',
  '宣传广告',
  '施工管理',
  '突发事件',
  '街面秩序',
  '市政设施',
  '园林绿化',
  '矛盾纠纷',
  '安全隐患',
  '消防安全',
  '生态环境',
  '食品药品',
  '特殊人群服务管理',
  '公共卫生',
  '交通安全',
  '维稳安保',
  '代办服务',
  '房屋管理',
  '劳动保障',
  '教育文化',
  '其他',
]

function rateValue(key: KpiKey, numerator: number, denominator: number, minSample: number): TKpiValue {
  return {
    key,
    kind: 'rate',
    value: percent(numerator, denominator),
    numerator,
    denominator,
    smallSample: denominator < minSample,
  }
}

function kpi(key: KpiKey, current: TKpiValue, previous: TKpiValue | null): BulletinKpi {
  const def = kpiDefinition(key)
  return { key, name: def.name.zh, formula: def.formula.zh, better: def.better, current, previous }
}

const countValue = (key: KpiKey, n: number): TKpiValue => ({
  key,
  kind: 'count',
  value: n,
  numerator: n,
  denominator: null,
  smallSample: false,
})

function ranking(
  title: string,
  levelName: string,
  names: readonly string[],
  random: () => number,
  minSample: number,
  level: TRanking['level'],
): BulletinRanking {
  const measured = names.map((name, i) => {
    const denominator =
      i % 11 === 10 ? Math.floor(random() * minSample) : minSample + Math.floor(random() * 900)
    const numerator = Math.floor(denominator * (0.7 + random() * 0.3))
    return {
      key: String(i + 1),
      name,
      kpi: rateValue('onTimeClosureRate', numerator, denominator, minSample),
    }
  })
  const ranked = measured
    .filter((r) => !r.kpi.smallSample)
    .sort((a, b) => (b.kpi.value ?? 0) - (a.kpi.value ?? 0))
  const small = measured.filter((r) => r.kpi.smallSample)
  const rows: TRanking['rows'] = [
    ...ranked.map((r, i) => ({ ...r, rank: i + 1, bottom: i >= ranked.length - 3 })),
    ...small.map((r) => ({ ...r, rank: null, bottom: false })),
  ]
  return {
    title,
    levelName,
    kpiName: '按时结案率',
    ranking: {
      period: { kind: 'half_month', from: '2026-11-01', to: '2026-11-15', label: '2026年11月上半月' },
      scope: { areaCode: '110120', areaName: '云溪区', unitId: null, unitName: null },
      level,
      kpi: 'onTimeClosureRate',
      better: 'higher',
      minSample,
      rows,
    },
  }
}

export function sampleBulletinModel(
  options: { rankingRows?: number; overdue?: number; supervised?: number } = {},
) {
  const { rankingRows = 30, overdue = 200, supervised = 40 } = options
  const random = generator(20261116)
  const minSample = 30
  const communities = Array.from(
    { length: rankingRows },
    (_, i) =>
      `${streets[i % streets.length]}${communityNames[i % communityNames.length]}${i < 10 ? '' : i}社区`,
  )
  const issuedAt = '2026-11-16T01:05:00.000Z'
  const caseOf = (i: number, isSupervised: boolean): BulletinCase => {
    const street = streets[i % streets.length] as string
    const days = isSupervised ? Math.floor(random() * 10) : 1 + Math.floor(random() * 40)
    return {
      // District, day, sequence: 20 digits, as the cases module numbers them.
      code: `1101202026110${String(2_000_000 + i * 37).padStart(7, '0')}`,
      title: `${communityNames[i % communityNames.length]}路${(i % 97) + 1}号门前${issues[i % issues.length]}，反映多次未解决`,
      areaName: `${street}${communityNames[(i * 7) % communityNames.length]}社区第${(i % 5) + 1}网格`,
      handlerName: i % 9 === 0 ? null : (departments[i % departments.length] as string),
      dueAt: new Date(Date.parse('2026-11-15T10:00:00Z') - days * 86_400_000).toISOString(),
      daysOverdue: days,
      supervised: isSupervised || i % 4 === 0,
      supervisedAt:
        isSupervised || i % 4 === 0
          ? new Date(Date.parse('2026-11-10T02:30:00Z') + i * 60_000).toISOString()
          : null,
      statusName: i % 3 === 0 ? '处置中' : i % 3 === 1 ? '待签收' : '待核查',
    }
  }
  const overdueCases = Array.from({ length: overdue }, (_, i) => caseOf(i, false)).sort(
    (a, b) => b.daysOverdue - a.daysOverdue,
  )
  const supervisedCases = Array.from({ length: supervised }, (_, i) => caseOf(i + 1000, true))
  const counts = majors.map(() => Math.floor(random() * 900) + 10)
  const total = counts.reduce((a, b) => a + b, 0)
  const model: BulletinModel = {
    title: '云溪区网格化服务管理中心2026年11月上半月工作通报',
    issuer: '云溪区网格化服务管理中心',
    districtName: '云溪区',
    areaName: '云溪区',
    areaCode: '110120',
    period: { kind: 'half_month', from: '2026-11-01', to: '2026-11-15', label: '2026年11月上半月' },
    previousPeriod: { kind: 'half_month', from: '2026-10-16', to: '2026-10-31', label: '2026年10月下半月' },
    issuedAt,
    minSample,
    kpis: [
      kpi('reported', countValue('reported', 12_480), countValue('reported', 11_902)),
      kpi('registered', countValue('registered', 10_113), countValue('registered', 10_113)),
      kpi('closed', countValue('closed', 9_342), countValue('closed', 9_870)),
      kpi(
        'onTimeClosureRate',
        rateValue('onTimeClosureRate', 8_731, 9_402, minSample),
        rateValue('onTimeClosureRate', 8_455, 9_310, minSample),
      ),
      kpi(
        'handlingRate',
        rateValue('handlingRate', 9_100, 9_402, minSample),
        rateValue('handlingRate', 9_020, 9_310, minSample),
      ),
      kpi(
        'satisfactionRate',
        rateValue('satisfactionRate', 20, 24, minSample),
        rateValue('satisfactionRate', 31, 35, minSample),
      ),
      kpi('overdueOpen', countValue('overdueOpen', overdue), countValue('overdueOpen', 180)),
      kpi('supervisedCount', countValue('supervisedCount', supervised), countValue('supervisedCount', 0)),
      kpi(
        'avgHandlingHours',
        {
          key: 'avgHandlingHours',
          kind: 'hours',
          value: 18.4,
          numerator: 0,
          denominator: 9_100,
          smallSample: false,
        },
        {
          key: 'avgHandlingHours',
          kind: 'hours',
          value: 20.1,
          numerator: 0,
          denominator: 9_020,
          smallSample: false,
        },
      ),
    ],
    rankings: [
      ranking('街道（乡镇）按时结案率排名', '街道（乡镇）', streets, random, minSample, 'street'),
      ranking('社区（村）按时结案率排名', '社区（村）', communities, random, minSample, 'community'),
      ranking(
        '职能部门按时结案率排名',
        '职能部门',
        departments.slice(0, rankingRows),
        random,
        minSample,
        'department',
      ),
    ],
    overdue: overdueCases,
    overdueTotal: overdue + 12,
    supervised: supervisedCases,
    supervisedTotal: supervised,
    categoryShares: majors
      .map((name, i) => ({
        key: String(i + 1).padStart(2, '0'),
        name,
        count: counts[i] as number,
        percent: percent(counts[i] as number, total) ?? 0,
        previousCount: i === 3 ? 0 : Math.floor((counts[i] as number) * (0.8 + random() * 0.4)),
      }))
      .sort((a, b) => b.count - a.count),
  }
  return model
}
