import { type DefaultItem, item, refused, routing } from './build.ts'
import { simpleLimits } from './limits.ts'

/**
 * 回绝制: reports grid work does not take. Each is a catalog item so that a refusal is
 * counted and the reporter is told where to go; it sits in the major a reporter would
 * look in, with a 9xx code. Its routing names the body the reporter is sent to.
 */
const r = (
  code: string,
  name: string,
  description: string,
  reason: string,
  body: Parameters<typeof routing>[0],
) =>
  item(code.slice(0, 4), 'local', {
    code,
    name,
    description,
    admission: refused(reason),
    routing: routing(body, 'district'),
    limits: simpleLimits,
  })

export const refusedItems: DefaultItem[] = [
  r(
    'ZZ01901',
    '已进入诉讼或仲裁程序的纠纷',
    '已由人民法院立案受理或已申请仲裁的纠纷。',
    '该纠纷已进入诉讼或仲裁程序，请向受理的人民法院或仲裁委员会了解进展；网格不再重复受理。',
    'sifa',
  ),
  r(
    'ZZ01902',
    '涉法涉诉信访',
    '对法院、检察院、公安机关的处理结果不服而提出的信访诉求。',
    '涉法涉诉信访依法由政法机关处理，请向作出处理的人民法院、人民检察院或公安机关提出，或申请法律援助。',
    'sifa',
  ),
  r(
    'ZZ01903',
    '代为催讨私人债务',
    '要求网格员代为催讨个人之间的借款、欠款。',
    '私人债务不属于网格工作事项，网格员不代为催讨。可协商解决，双方同意的可申请人民调解（矛盾纠纷 ZZ01012），或向人民法院起诉。',
    'sifa',
  ),
  r(
    'ZZ01904',
    '信访部门正在办理的信访事项',
    '已由信访部门受理、正在办理期限内的同一诉求。',
    '该诉求已由信访部门受理并在办理期限内，请等待信访部门答复，网格不重复受理。',
    'xinfang',
  ),
  r(
    'ZZ02901',
    '刑事案件、治安警情',
    '正在发生的盗窃、抢劫、斗殴、伤害等违法犯罪和治安警情。',
    '正在发生的违法犯罪和治安警情请立即拨打 110 报警；网格员可协助到场，但不受理为网格事件。',
    'gongan',
  ),
  r(
    'ZZ02902',
    '交通事故',
    '道路上发生的车辆碰撞、剐蹭、伤人等交通事故。',
    '交通事故请拨打 122（有人员受伤同时拨打 120），由公安交通管理部门处理；事后赔偿调解可作为矛盾纠纷上报。',
    'gongan',
  ),
  r(
    'ZZ04901',
    '火灾报警',
    '正在发生的火灾。',
    '发生火灾请立即拨打 119 报警并组织疏散；火灾隐患（非正在发生的火情）可作为消防安全事项上报。',
    'xiaofang',
  ),
  r(
    'ZZ07901',
    '商业广告推销',
    '商家借网格渠道发布商业广告、推销商品或服务。',
    '网格不受理、不转发商业广告和推销信息。认为广告虚假违法的，可拨打 12315 向市场监管部门投诉。',
    'shichang',
  ),
  r(
    'ZZ09901',
    '医疗急救',
    '突发疾病、受伤等需要急救的情况。',
    '需要医疗急救请立即拨打 120；独居老人等需要上门查看的可作为民生服务上报。',
    'weijian',
  ),
  r(
    'ZZ09902',
    '政策咨询',
    '社保、公积金、税务、户籍等政策咨询，不涉及具体事件。',
    '政策咨询请拨打 12345 政务服务便民热线或到便民服务中心窗口咨询；需要代办的可作为代办服务上报。',
    'minzheng',
  ),
]
