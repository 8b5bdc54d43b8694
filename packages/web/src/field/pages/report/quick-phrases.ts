/**
 * Phrases a worker taps into the description instead of typing on a phone: a few per domain of the
 * catalog (what such matters usually say), some for any report, and for 自处置 what was done.
 */
type Phrase = { zh: string; en: string }

const common: Phrase[] = [
  { zh: '现场发现', en: 'Found on the spot' },
  { zh: '已拍照取证', en: 'Photos taken' },
  { zh: '影响群众生活', en: 'Disturbs residents' },
  { zh: '请尽快处理', en: 'Please handle soon' },
]

const byDomain: Record<string, Phrase[]> = {
  city_management: [
    { zh: '路面垃圾堆积', en: 'Rubbish piled on the road' },
    { zh: '设施破损', en: 'Facility damaged' },
    { zh: '占道经营', en: 'Street vending on the road' },
    { zh: '影响通行', en: 'Blocks the way' },
  ],
  dispute: [
    { zh: '双方发生争执', en: 'The two sides quarrel' },
    { zh: '情绪较为激动', en: 'Tempers are high' },
    { zh: '需要调解', en: 'Needs mediation' },
  ],
  public_security: [
    { zh: '存在治安隐患', en: 'A public-order risk' },
    { zh: '发现可疑情况', en: 'Something suspicious' },
  ],
  work_safety: [
    { zh: '存在安全隐患', en: 'A safety hazard' },
    { zh: '未落实整改', en: 'Not rectified' },
    { zh: '已告知负责人', en: 'The person in charge was told' },
  ],
  fire: [
    { zh: '消防通道被占用', en: 'Fire lane blocked' },
    { zh: '电动车楼道充电', en: 'E-bike charged in the stairwell' },
    { zh: '可燃物堆放', en: 'Combustibles piled up' },
  ],
  environment: [
    { zh: '有异味', en: 'Bad smell' },
    { zh: '污水外排', en: 'Sewage discharged' },
    { zh: '噪音扰民', en: 'Noise disturbs residents' },
  ],
  market: [{ zh: '无证经营', en: 'Trading without a licence' }],
  livelihood: [
    { zh: '群众求助', en: 'A resident asks for help' },
    { zh: '独居老人需要关注', en: 'An elderly person living alone needs care' },
  ],
  special_groups: [
    { zh: '近期情绪不稳定', en: 'Unsettled lately' },
    { zh: '需要帮扶', en: 'Needs support' },
  ],
  epidemic: [{ zh: '发现疑似病例', en: 'A suspected case' }],
}

const handling: Phrase[] = [
  { zh: '已现场处置完毕', en: 'Dealt with on the spot' },
  { zh: '已督促整改到位', en: 'Rectification made' },
  { zh: '已现场劝解，双方和解', en: 'Talked through; both sides settled' },
  { zh: '已清理干净', en: 'Cleaned up' },
]

const pick = (list: Phrase[], locale: string) => list.map((p) => (locale === 'en' ? p.en : p.zh))

/** Phrases for a report of the item's domain (the domain's own first), in the page's language. */
export function reportPhrases(domain: string | null | undefined, locale: string): string[] {
  return pick([...(domain ? (byDomain[domain] ?? []) : []), ...common], locale)
}

export function handlingPhrases(locale: string): string[] {
  return pick(handling, locale)
}

/** The text with a phrase added: separated by a Chinese comma (or ", "), never twice. */
export function addPhrase(text: string, phrase: string, locale: string): string {
  const current = text.trim()
  if (current.includes(phrase)) return current
  if (!current) return phrase
  const sep = locale === 'en' ? ', ' : '，'
  return /[，。,.;；!！?？]$/.test(current) ? `${current}${phrase}` : `${current}${sep}${phrase}`
}
