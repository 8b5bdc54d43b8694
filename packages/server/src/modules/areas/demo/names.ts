import { type Random, shuffle } from './random.ts'

/**
 * Believable, synthetic Chinese place names for the demo district 云溪区. The lists avoid
 * the real names of Tongzhou's streets and towns; every name handed out is unique.
 */

/** 街道, numbered 001–005 by position (001 and 002 keep the names tests and docs know them by). */
export const subdistrictNames = ['东湖街道', '西园街道', '云溪街道', '望湖街道', '文昌街道'] as const

/**
 * Names pinned to codes, because tests, the end-to-end journeys and the docs refer to them:
 * the first 社区 of 东湖街道, where the demo grid staff work.
 */
export const pinnedNames: Readonly<Record<string, string>> = { '110120001001': '湖滨社区' }
/** 镇, numbered 101–109 by position. */
export const townNames = [
  '青溪镇',
  '白塔镇',
  '柳湾镇',
  '石桥镇',
  '桃园镇',
  '梨花镇',
  '永安镇',
  '杨柳镇',
  '枣林镇',
] as const
/** 乡, numbered 201. */
export const townshipNames = ['兴隆乡'] as const

// 社区 names: two characters, e.g. 柳园, 翠苑, 滨河.
const communityFirst = [...'柳翠滨锦春和康安泰华金玉嘉瑞丽明怡福祥盛紫碧丰乐欣馨荷兰桂松']
const communitySecond = [...'园苑河里湾景庭林泉韵府坊岸湖城居轩溪秀苑华台境']

// 村 names: a surname with a settlement word (张家庄, 李各庄), or a direction/size word with a
// place word (东辛庄, 后屯).
const surnames = [
  ...'张王李赵刘陈黄周吴徐孙马朱胡郭何高林罗郑梁谢唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙史陶贺毛郝顾龚邵万武钱戴严孔常',
]
const surnameSettlements = ['家庄', '各庄', '庄', '营', '屯', '店', '坨', '家坞', '家场', '辛庄']
const directions = [...'东西南北前后大小上下中']
const placeWords = [
  '辛庄',
  '屯',
  '营',
  '王庄',
  '马坊',
  '太平庄',
  '高庄',
  '窑',
  '堡',
  '柳庄',
  '沙窝',
  '河沿',
  '赵庄',
]

/** Real names nearby that the synthetic ones must not repeat (通州's streets, towns and landmarks). */
const avoided = [
  '张家湾',
  '于家务',
  '马驹桥',
  '宋庄',
  '西集',
  '永乐店',
  '台湖',
  '潞城',
  '漷县',
  '梨园',
  '杨庄',
  '北苑',
  '玉桥',
  '临河里',
  '九棵树',
  '中仓',
  '新华',
  '通运',
  '文景',
  '永顺',
  '潞源',
  '潞邑',
  '次渠',
]

const isAvoided = (name: string) => avoided.some((real) => name.includes(real))

const numerals = [...'零一二三四五六七八九']

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`numeral out of range: ${n}`)
  const tens = Math.floor(n / 10)
  const ones = n % 10
  const head = tens === 0 ? '' : tens === 1 ? '十' : `${numerals[tens]}十`
  return head + (ones === 0 ? '' : (numerals[ones] ?? ''))
}

/** Hands out unique names from a shuffled candidate list; throws when it runs dry. */
class NamePool {
  private next = 0
  constructor(
    private readonly candidates: readonly string[],
    private readonly what: string,
  ) {}

  take(): string {
    const name = this.candidates[this.next++]
    if (name === undefined) throw new Error(`the demo district ran out of ${this.what} names`)
    return name
  }
}

/** Unique 社区 and 村 names for one district, drawn in a fixed order from a seeded shuffle. */
export class DistrictNames {
  private readonly communities: NamePool
  private readonly villages: NamePool

  constructor(random: Random) {
    const pinned = new Set(Object.values(pinnedNames))
    const taken = new Set<string>(
      [...subdistrictNames, ...townNames, ...townshipNames].map((n) => n.slice(0, -2)),
    )
    const communityCandidates = communityFirst
      .flatMap((a) => communitySecond.map((b) => `${a}${b}`))
      .filter((p) => p[0] !== p[1] && !taken.has(p) && !pinned.has(`${p}社区`) && !isAvoided(p))
    const villageCandidates = [
      ...surnames.flatMap((s) => surnameSettlements.map((w) => `${s}${w}`)),
      ...directions.flatMap((d) => placeWords.map((w) => `${d}${w}`)),
    ].filter((p) => !isAvoided(p))
    this.communities = new NamePool(
      [...new Set(shuffle(random, communityCandidates))].map((p) => `${p}社区`),
      '社区',
    )
    this.villages = new NamePool(
      [...new Set(shuffle(random, villageCandidates))].map((p) => `${p}村`),
      '村',
    )
  }

  community(): string {
    return this.communities.take()
  }

  village(): string {
    return this.villages.take()
  }
}

export type ServedUnitKind = 'school' | 'hospital' | 'park' | 'enterprise'

/**
 * Names of the units dedicated (专属) grids serve: schools, hospitals, parks and
 * enterprises, unique across the district. `place` is the short name of the community
 * or street the unit lies in (e.g. 柳园, 望湖).
 */
export class ServedUnitNames {
  private readonly used = new Set<string>()
  private readonly counters: Record<string, number> = {}

  constructor(private readonly districtShortName: string) {}

  take(kind: ServedUnitKind, place: string, random: Random): string {
    const d = this.districtShortName
    const options: Record<ServedUnitKind, (() => string)[]> = {
      school: [
        () => `${d}第${chineseNumeral(this.count('中学'))}中学`,
        () => `${d}第${chineseNumeral(this.count('小学'))}小学`,
        () => `${place}小学`,
        () => `${place}中学`,
        () => `${place}幼儿园`,
      ],
      hospital: [
        () => `${d}区第${chineseNumeral(this.count('医院'))}人民医院`,
        () => `${place}社区卫生服务中心`,
        () => `${place}医院`,
      ],
      park: [() => `${place}公园`, () => `${place}体育公园`, () => `${place}湿地公园`],
      enterprise: [() => `${place}科技园`, () => `${place}物流园`, () => `${place}产业园`],
    }
    const makers = shuffle(random, options[kind])
    for (const make of makers) {
      const name = make()
      if (!this.used.has(name)) {
        this.used.add(name)
        return name
      }
    }
    // Every form was taken: the numbered school form never repeats.
    const name = `${d}第${chineseNumeral(this.count('中学'))}中学`
    this.used.add(name)
    return name
  }

  private count(key: string): number {
    this.counters[key] = (this.counters[key] ?? 0) + 1
    return this.counters[key]
  }
}
