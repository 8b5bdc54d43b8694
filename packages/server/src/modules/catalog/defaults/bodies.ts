import type { THandlingBody } from '@onegrid/core/api/catalog'

/**
 * Handling bodies (处置主体) the default catalog routes to: the district's department types
 * (at street level a department stands for its local office: 派出所, 司法所, 卫生院 …)
 * and the street's four platforms (seed 003, Hangzhou's 四个平台).
 */
const bodies = {
  chengguan: ['department', '城市管理', 'City management'],
  shichang: ['department', '市场监管', 'Market regulation'],
  zhujian: ['department', '住房和城乡建设', 'Housing and urban-rural development'],
  shengtai: ['department', '生态环境', 'Ecology and environment'],
  yingji: ['department', '应急管理', 'Emergency management'],
  gongan: ['department', '公安', 'Public security'],
  jiaotong: ['department', '交通运输', 'Transport'],
  shuiwu: ['department', '水务', 'Water affairs'],
  yuanlin: ['department', '园林绿化', 'Parks and greening'],
  weijian: ['department', '卫生健康', 'Health'],
  minzheng: ['department', '民政', 'Civil affairs'],
  renshe: ['department', '人力资源和社会保障', 'Human resources and social security'],
  sifa: ['department', '司法行政', 'Justice administration'],
  xiaofang: ['department', '消防救援', 'Fire and rescue'],
  gongdian: ['department', '供电', 'Power supply'],
  ranqi: ['department', '燃气', 'Gas supply'],
  tongxin: ['department', '通信运营', 'Telecom operators'],
  jiaoyu: ['department', '教育', 'Education'],
  ziran: ['department', '自然资源', 'Natural resources'],
  nongye: ['department', '农业农村', 'Agriculture and rural affairs'],
  wenlv: ['department', '文化和旅游', 'Culture and tourism'],
  yibao: ['department', '医疗保障', 'Healthcare security'],
  canlian: ['department', '残疾人联合会', "Disabled persons' federation"],
  tuanwei: ['department', '共青团', 'Communist Youth League'],
  xinfang: ['department', '信访', 'Letters and visits'],
  tuiyi: ['department', '退役军人事务', 'Veterans affairs'],
  youzheng: ['department', '邮政管理', 'Postal administration'],
  tiyu: ['department', '体育', 'Sports'],
  qixiang: ['department', '气象', 'Meteorology'],
  zongzhi: ['platform', '综治工作平台', 'Comprehensive governance platform'],
  shichang_pt: ['platform', '市场监管平台', 'Market supervision platform'],
  zhifa: ['platform', '综合执法平台', 'Comprehensive law enforcement platform'],
  bianmin: ['platform', '便民服务平台', 'Convenience services platform'],
} as const satisfies Record<string, readonly [THandlingBody['kind'], string, string]>

/** A body the defaults may name: a typo is a compile error, not a dangling route. */
export type BodyCode = keyof typeof bodies

export const defaultBodies: THandlingBody[] = Object.entries(bodies).map(([code, [kind, name, nameEn]]) => ({
  code,
  name,
  nameEn,
  kind,
}))
