import {
  catalogDomainNames,
  catalogDomains,
  catalogStandards,
  fieldForms,
  fieldTypes,
  routingLevels,
  type TCatalogDomain,
  type TCatalogStandard,
  type TFieldType,
  type TRoutingLevel,
  type TUrgency,
  urgencies,
  urgencyNames,
} from '@onegrid/core/api/catalog'

/** The words the workbook uses for enumerations, in both directions. Either the word or the English key imports. */

type Form = (typeof fieldForms)[number]

export const levelLabel: Record<TRoutingLevel, string> = { community: '社区', street: '街道', district: '区' }
export const fieldTypeLabel: Record<TFieldType, string> = {
  text: '文字',
  number: '数字',
  date: '日期',
  single_choice: '单选',
  multi_choice: '多选',
  photo: '照片',
  person: '人员',
  house: '房屋',
  organization: '组织',
}
export const formLabel: Record<Form, string> = { report: '上报', handling: '处置' }
export const yes = '是'
export const no = '否'

const lookup = <K extends string>(keys: readonly K[], label: (k: K) => string[]) => {
  const map = new Map<string, K>()
  for (const k of keys) for (const word of [k, ...label(k)]) map.set(word.toLowerCase(), k)
  return (cell: string) => map.get(cell.trim().toLowerCase())
}

export const domainOf = lookup<TCatalogDomain>(catalogDomains, (k) => [
  catalogDomainNames[k].zh,
  catalogDomainNames[k].en,
])
export const standardOf = lookup<TCatalogStandard>(catalogStandards, (k) =>
  k === 'local' ? ['地方', '本地', '自定'] : [k.replace(/-\d{4}$/, '')],
)
export const urgencyOf = lookup<TUrgency>(urgencies, (k) => [urgencyNames[k].zh])
export const levelOf = lookup<TRoutingLevel>(routingLevels, (k) =>
  k === 'district'
    ? [levelLabel[k], '区级', '区县']
    : k === 'street'
      ? [levelLabel[k], '街镇', '镇街', '乡镇']
      : [levelLabel[k], '村', '社区村'],
)
export const fieldTypeOf = lookup<TFieldType>(fieldTypes, (k) => [fieldTypeLabel[k]])
export const formOf = lookup<Form>(fieldForms, (k) => [formLabel[k]])

/** 是/否, Y/N, true/false, 1/0; undefined when it is none of them. */
export function booleanOf(cell: string | number): boolean | undefined {
  const v = String(cell).trim().toLowerCase()
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(v)) return true
  if (['否', 'n', 'no', 'false', '0', '×'].includes(v)) return false
  return undefined
}
