/**
 * Deterministic test data (fixed seed) shaped like OneGrid's rows: cases reported by grid workers
 * and registry persons with encrypted PII. Values are plausible, not real.
 */
import { between, digits, hex, int, pick, type Random } from './prng.ts'

/** All timestamps are offsets from this instant, never the wall clock. */
export const BASE_TIME_MS = Date.parse('2026-01-05T00:00:00+08:00')

const DISTRICTS = ['330102', '330105', '330106', '330108', '330109', '330110'] as const
const CATEGORIES = [
  '市容环境',
  '街面秩序',
  '公共设施',
  '突发事件',
  '宣传广告',
  '施工管理',
  '矛盾纠纷',
  '安全隐患',
] as const
const URGENCIES = ['normal', 'normal', 'normal', 'urgent', 'critical'] as const
const PLACES = ['文三路', '学院路', '古墩路', '莫干山路', '延安路', '解放路', '天目山路', '湖墅南路'] as const
const PROBLEMS = [
  '占道经营',
  '垃圾满溢',
  '井盖缺失',
  '路灯不亮',
  '违规张贴',
  '噪音扰民',
  '共享单车乱停',
  '绿化破坏',
] as const
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'] as const
const TAGS = ['低保', '独居老人', '残疾人', '退役军人', '流动人口', '党员', '重点青少年'] as const

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

export function gridCode(rand: Random, district: string): string {
  return `${district}${pad(between(rand, 1, 12), 3)}${pad(between(rand, 1, 20), 3)}${pad(between(rand, 1, 8), 2)}`
}

export interface CaseRow {
  code: string
  districtCode: string
  gridCode: string
  category: string
  status: string
  urgency: string
  title: string
  description: string
  lon: number
  lat: number
  /** ISO 8601 with offset */
  reportedAt: string
  deadline: string
  payload: string
}

/** A case as reported by a grid worker; `code` must be unique, the caller supplies it. */
export function makeCase(rand: Random, code: string): CaseRow {
  const districtCode = pick(rand, DISTRICTS)
  const place = pick(rand, PLACES)
  const problem = pick(rand, PROBLEMS)
  const reported = BASE_TIME_MS + int(rand, 90 * 86_400_000)
  const number = between(rand, 1, 999)
  return {
    code,
    districtCode,
    gridCode: gridCode(rand, districtCode),
    category: pick(rand, CATEGORIES),
    status: 'reported',
    urgency: pick(rand, URGENCIES),
    title: `${place}${number}号附近${problem}`,
    description: `网格员巡查发现${place}${number}号附近存在${problem}问题，影响居民正常通行和生活，已拍照取证，请相关部门尽快处置并反馈结果。`,
    lon: 120.05 + rand() * 0.2,
    lat: 30.2 + rand() * 0.15,
    reportedAt: new Date(reported).toISOString(),
    deadline: new Date(reported + 3 * 86_400_000).toISOString(),
    payload: JSON.stringify({
      source: 'grid_worker',
      reporter: { userId: between(rand, 1, 5000), name: `${pick(rand, SURNAMES)}网格员` },
      photos: [`sha256-${hex(rand, 32)}`],
      address: `${place}${number}号`,
      channel: 'field_app',
    }),
  }
}

/** Columns of a person row, in the order personLine() writes them. */
export const PERSON_COLUMNS = [
  'district_code',
  'name_cipher',
  'id_number_cipher',
  'id_number_index',
  'mobile_cipher',
  'mobile_index',
  'gender',
  'birth_date',
  'address',
  'household_id',
  'tags',
  'created_at',
] as const

/**
 * One registry person as a line of PostgreSQL COPY text format (tab-separated, ends with \n).
 * Ciphertexts are random bytes of the size AES-256-GCM gives (12-byte nonce + text + 16-byte tag),
 * blind indexes random 32-byte HMAC-like hex, as the server stores them.
 */
export function personLine(rand: Random, index: number): string {
  const district = pick(rand, DISTRICTS)
  const birth = new Date(Date.UTC(1940, 0, 1) + int(rand, 80 * 365) * 86_400_000).toISOString().slice(0, 10)
  const tagCount = int(rand, 10) < 7 ? 0 : between(rand, 1, 2)
  const tags = new Set<string>()
  for (let i = 0; i < tagCount; i++) tags.add(pick(rand, TAGS))
  const created = new Date(BASE_TIME_MS + int(rand, 365 * 86_400_000)).toISOString()
  const fields = [
    district,
    `\\\\x${hex(rand, 12 + 6 + 16)}`,
    `\\\\x${hex(rand, 12 + 18 + 16)}`,
    hex(rand, 32),
    `\\\\x${hex(rand, 12 + 11 + 16)}`,
    hex(rand, 32),
    int(rand, 2) === 0 ? '1' : '2',
    birth,
    `${pick(rand, PLACES)}${between(rand, 1, 999)}号${between(rand, 1, 30)}幢${between(rand, 1, 4)}单元${between(rand, 1, 30)}${digits(rand, 2)}室`,
    String(Math.floor(index / 3) + 1),
    `{${[...tags].join(',')}}`,
    created,
  ]
  return `${fields.join('\t')}\n`
}

/** `rows` person lines, generated from `rand`, as UTF-8 chunks of about 256 KiB. */
export function personCopyChunks(rand: Random, rows: number): Buffer[] {
  const chunks: Buffer[] = []
  let pending: string[] = []
  let pendingLength = 0
  for (let i = 0; i < rows; i++) {
    const line = personLine(rand, i)
    pending.push(line)
    pendingLength += line.length
    if (pendingLength >= 128 * 1024) {
      chunks.push(Buffer.from(pending.join(''), 'utf8'))
      pending = []
      pendingLength = 0
    }
  }
  if (pending.length > 0) chunks.push(Buffer.from(pending.join(''), 'utf8'))
  return chunks
}
