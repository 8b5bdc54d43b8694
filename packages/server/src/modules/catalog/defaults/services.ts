import { type DefaultItem, type DefaultMajor, item, major, routing } from './build.ts'
import { proxyFields } from './fields.ts'
import { proxyLimits } from './limits.ts'

/**
 * 代办服务: errands grid workers run for residents (Songzi's “双代”: 流动人口居住证、工商营业执照、
 * 老年优待证、新生儿上户口及医保 …). The grid worker takes the papers and hands them in
 * (self-handled, no photo of the resident), the street's 便民服务平台 follows the file, the
 * issuing office's own time is the handling limit.
 */
const majorCode = 'ZZ11'
const standard = 'local'

export const serviceMajors: DefaultMajor[] = [
  major(
    majorCode,
    '代办服务',
    'proxy_service',
    standard,
    '网格员为居民代办的证件和公共服务事项（“双代”服务），由街道（乡镇）便民服务平台统一受理、跟踪和送达。',
  ),
]

const closure = '证件或办理结果已送达申请人（或申请人已领取），申请人签收确认；材料不齐的已一次性告知。'

/** [name, description, handling working days by practice] */
const services: [string, string, number][] = [
  [
    '居住证办理',
    '流动人口申领居住证：代收身份证、照片、居住证明材料，交公安派出所办理（法定 15 个工作日）。',
    15,
  ],
  ['居住证签注', '居住证每年签注：代为提交签注申请并送回。', 5],
  ['个体工商户营业执照办理', '个体工商户设立登记：代为准备材料、网上申报或窗口提交，领取执照后送达。', 5],
  ['营业执照变更、注销', '个体工商户变更经营场所、经营范围或注销登记的代办。', 5],
  [
    '老年优待证办理',
    '60 周岁以上老年人申领老年优待证（老年卡）：代收身份证和照片，交民政部门制证后送达。',
    10,
  ],
  ['高龄津贴申领', '80 周岁以上老年人申领高龄津贴：代为提交申请，跟踪审核发放。', 20],
  ['新生儿出生登记', '新生儿申报户口：代收出生医学证明、父母户口簿和身份证，交派出所办理出生登记。', 5],
  ['城乡居民医保参保登记', '城乡居民基本医疗保险参保登记和缴费指导。', 5],
  ['新生儿医保参保', '新生儿出生后参加城乡居民基本医疗保险的代办。', 5],
  ['社会保障卡申领、补换', '社会保障卡（含电子社保卡）首次申领、挂失补换：代收材料，制卡后送达。', 15],
  ['城乡居民养老保险参保登记', '城乡居民基本养老保险参保登记和缴费档次变更的代办。', 5],
  ['生育登记', '生育登记服务：代为网上申报或窗口提交，送达登记回执。', 5],
  ['残疾人证申领', '残疾人证新办、换领：代为提交申请，预约评残，制证后送达。', 20],
  ['就业失业登记', '就业登记、失业登记和就业创业证申领的代办。', 5],
  ['异地就医备案', '长期异地居住、异地转诊人员的异地就医备案代办。', 5],
]

export const serviceItems: DefaultItem[] = services.map(([name, description, days], i) =>
  item(majorCode, standard, {
    code: `${majorCode}${String(i + 1).padStart(3, '0')}`,
    name,
    description,
    selfHandle: true,
    photoRequired: false,
    fields: proxyFields,
    routing: routing('bianmin', 'street'),
    limits: proxyLimits(days),
    closureConditions: closure,
  }),
)
