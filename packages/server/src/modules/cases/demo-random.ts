import type { TChannel, TUrgency } from '@onegrid/core/api/catalog'
import type { Random } from '@onegrid/core/random'

/** The demo's randomness and words: seeded choices, names, places and what people say. */

// ─── Randomness helpers ──────────────────────────────────────────────────────

export const pick = <T>(r: Random, list: readonly T[]): T => {
  const v = list[Math.floor(r() * list.length)]
  if (v === undefined) throw new Error('pick from an empty list')
  return v
}
export const uniform = (r: Random, lo: number, hi: number) => lo + (hi - lo) * r()

/** A weighted choice: cumulative weights, binary search. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (r: Random) => T {
  const cumulative: number[] = []
  let total = 0
  for (const [, w] of entries) {
    total += w
    cumulative.push(total)
  }
  return (r) => {
    const x = r() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] ?? 0) > x) hi = mid
      else lo = mid + 1
    }
    const entry = entries[lo]
    if (!entry) throw new Error('weighted choice from nothing')
    return entry[0]
  }
}

/** A seed for one case's own stream, mixed so that neighbouring streams do not overlap. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x6d2b79f5, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}

// ─── What is said and written ────────────────────────────────────────────────

export const surnames = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶',
]
export const givenChars = [
  ...'秀英桂兰玉芳丽敏静霞红燕华梅建国军伟强磊洋勇杰涛明超平刚辉鹏飞宇浩凯俊文斌波海峰志春雪婷晓宁丹颖欣怡德福成林荣新利清永生金凤云',
]
export const roads = [
  '建设路',
  '新华街',
  '运河西路',
  '玉带河大街',
  '通惠北路',
  '九棵树路',
  '梨园中街',
  '云景东路',
  '柳园路',
  '翠屏北里',
  '东关大道',
  '滨河路',
]
export const places = [
  '小区东门',
  '菜市场旁',
  '公交站附近',
  '小学门口',
  '十字路口',
  '商业街',
  '公园南门',
  '居民楼下',
  '停车场出口',
  '河道边',
]

export const texts = {
  reject: [
    '经核实，反映的问题已由物业处理完毕，不予受理。',
    '重复反映，已有案件在办理中。',
    '不属于网格事项受理范围，已告知来电人向相关部门反映。',
    '信息不全，多次联系来电人未果，无法核实。',
  ],
  handle: [
    '已到现场处置完毕，恢复正常。',
    '已联系责任单位完成整改，现场已拍照留存。',
    '已协调物业清理完毕。',
    '已组织人员修复，经现场查看无安全隐患。',
    '已现场劝导并督促当事人整改到位。',
  ],
  dispute: ['经现场调解，双方达成一致意见。', '已联合司法所调解，签订调解协议。'],
  selfHandle: ['巡查发现后当场处置完毕。', '已现场劝导，当事人自行整改。', '已联系物业当场清理。'],
  returned: [
    '不属于本单位职责范围，请重新派遣。',
    '该设施产权属于其他单位，请改派。',
    '现场核实问题位置不在本辖区，请核实后改派。',
  ],
  reassign: '经审定，改派至相应责任单位办理。',
  sendBack: '经审定，属于本单位职责，退回原单位继续办理。',
  escalate: {
    street: '超出社区处置能力，上报街道统筹处置。',
    district: '事权不在镇街，提请区级中心派遣职能部门处置。',
  },
  joint: '召集相关职能部门和属地街道会商，明确由牵头单位处置、配合单位协助。',
  participants: ['城市管理局', '住房和城乡建设局', '属地街道'],
  supervise: ['群众多次反映，请加快办理。', '区领导督办：限期办结并反馈。', '涉及群众安全，重点督办。'],
  urge: '请抓紧办理并及时反馈。',
  reply: [
    '已制定整改方案，正在加紧处置，预计三个工作日内办结。',
    '已安排专人跟进，今日到现场处置。',
    '已协调相关单位，按督办要求限期整改。',
  ],
  extension: ['需协调多个部门，申请延期办理。', '涉及施工，材料未到位，申请延期。'],
  denyExtension: '延期理由不充分，请按期办结。',
  suspension: ['涉及历史遗留问题，需等待上级政策明确。', '需走司法程序，暂时挂账。'],
  denySuspension: '不符合挂账条件，请继续处置。',
  resume: '挂账事由已消除，恢复处置。',
  verifyFailed: '现场核查未整改到位，请重新处置。',
  verifyPassed: '现场核查已整改到位。',
  close: '经核查处置到位，予以结案。',
  followUp: {
    satisfied: '电话回访，群众表示满意。',
    basically: '电话回访，群众表示基本满意。',
    unsatisfied: '电话回访，群众表示不满意。',
    unreached: '多次回访未能联系上反映人。',
  },
}

/** Channels weighted like a real district's intake. */
export const channelChoice = weighted<TChannel>([
  ['grid_worker', 45],
  ['hotline', 20],
  ['platform_12345', 15],
  ['citizen', 10],
  ['patrol', 4],
  ['department', 3],
  ['iot', 2],
  ['open311', 0.5],
  ['superior', 0.5],
])
export const urgencyChoice = weighted<TUrgency>([
  ['normal', 90],
  ['urgent', 8.5],
  ['critical', 1.5],
])
export const residentChannels: readonly TChannel[] = ['hotline', 'platform_12345', 'citizen', 'open311']
/** Staff in the field who report what they find: at a community, their station runs the case. */
export const fieldChannels: readonly TChannel[] = ['grid_worker', 'patrol']
