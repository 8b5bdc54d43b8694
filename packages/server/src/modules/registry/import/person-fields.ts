import type { ImportField } from './import-kind.ts'

/**
 * The columns a persons sheet may have: the field, its header as the console
 * shows it, and the headers offices actually use for it (a mapping is
 * suggested from them; the importer confirms or changes it).
 */
export const personImportFields: readonly ImportField[] = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, aliases: ['姓名', '名字', '人员姓名', 'name'] },
  {
    key: 'documentKind',
    zh: '证件类型',
    en: 'Document kind',
    required: false,
    aliases: ['证件类型', '证件种类'],
  },
  {
    key: 'documentNumber',
    zh: '公民身份号码',
    en: 'ID number',
    required: false,
    aliases: ['公民身份号码', '身份证号', '身份证号码', '证件号码', '身份证', 'idnumber'],
    pii: 'document',
  },
  { key: 'sex', zh: '性别', en: 'Sex', required: false, aliases: ['性别', 'sex'] },
  {
    key: 'birthDate',
    zh: '出生日期',
    en: 'Birth date',
    required: false,
    aliases: ['出生日期', '出生年月', '生日'],
  },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', required: false, aliases: ['民族'] },
  { key: 'education', zh: '学历', en: 'Education', required: false, aliases: ['学历', '文化程度'] },
  {
    key: 'phone',
    zh: '联系电话',
    en: 'Phone',
    required: false,
    aliases: ['联系电话', '手机', '手机号', '手机号码', '电话', '联系方式', 'phone'],
    pii: 'phone',
  },
  {
    key: 'address',
    zh: '现住址',
    en: 'Address',
    required: false,
    aliases: ['现住址', '居住地址', '现居住地址', '住址', '现住地详址'],
    pii: 'address',
  },
  {
    key: 'hukouAddress',
    zh: '户籍地址',
    en: 'Registered address',
    required: false,
    aliases: ['户籍地址', '户籍地详址', '户籍地'],
    pii: 'address',
  },
  {
    key: 'nonLocal',
    zh: '流动人口',
    en: 'Non-local',
    required: false,
    aliases: ['流动人口', '是否流动人口', '人户分离'],
  },
  {
    key: 'gridCode',
    zh: '网格编码',
    en: 'Grid code',
    required: false,
    aliases: ['网格编码', '所属网格', '网格', '网格代码'],
  },
  {
    key: 'householdNumber',
    zh: '户号',
    en: 'Household number',
    required: false,
    aliases: ['户号', '户编号'],
  },
  {
    key: 'relation',
    zh: '与户主关系',
    en: 'Relation to householder',
    required: false,
    aliases: ['与户主关系', '关系'],
  },
  { key: 'tags', zh: '标签', en: 'Tags', required: false, aliases: ['标签'] },
  { key: 'note', zh: '备注', en: 'Note', required: false, aliases: ['备注'] },
]
