import type {
  TAdmission,
  TCatalogDomain,
  TCatalogField,
  TCatalogLimits,
  TCatalogMajor,
  TCatalogRules,
  TCatalogStandard,
  TRouting,
  TRoutingLevel,
} from '@onegrid/core/api/catalog'
import type { BodyCode } from './bodies.ts'

export type DefaultMajor = TCatalogMajor
export type DefaultItem = {
  code: string
  majorCode: string
  standard: TCatalogStandard
  rules: TCatalogRules
}

/** The leading group's decision that admitted the default items (准入制). */
export const admitted: TAdmission = {
  admitted: true,
  approvedBy: '云溪区网格化服务管理工作领导小组',
  approvedOn: '2026-03-01',
  documentRef: '云网格组〔2026〕1号',
  refusalReason: null,
}

/** A refused item (回绝制): the reporter is told why and where to go instead. */
export function refused(reason: string): TAdmission {
  return { admitted: false, approvedBy: null, approvedOn: null, documentRef: null, refusalReason: reason }
}

export type Target = { body: BodyCode; level: TRoutingLevel }
export type Override = { areaCode: string; target: Target }

export function routing(body: BodyCode, level: TRoutingLevel, overrides: readonly Override[] = []): TRouting {
  return {
    default: { body, level },
    overrides: overrides.map((o) => ({ areaCode: o.areaCode, target: { ...o.target } })),
  }
}

/** Demo areas with their own arrangements (云溪区: 街道 110120001–005, 镇 110120101–109, 乡 110120201). */
export const areas = {
  /** A 镇 whose 综合执法平台 took over the district's city-management duties (赋权乡镇). */
  townWithEnforcement: '110120101',
  /** A 镇 hosting the district's chemical park: enterprise hazards go straight to 应急管理. */
  townWithChemicalPark: '110120105',
  /** The 乡: no 人社 office of its own, wage disputes stay with its 综治中心. */
  township: '110120201',
} as const

export function major(
  code: string,
  name: string,
  domain: TCatalogDomain,
  standard: TCatalogStandard,
  description: string,
): DefaultMajor {
  return { code, name, description, domain, standard }
}

export type ItemSpec = {
  code: string
  name: string
  description?: string
  admission?: TAdmission
  selfHandle?: boolean
  photoRequired?: boolean
  fields?: readonly TCatalogField[]
  routing: TRouting
  limits: TCatalogLimits
  closureConditions?: string
}

/** An item's rules in their parsed form; shared field and limit objects are copied, never aliased. */
export function item(majorCode: string, standard: TCatalogStandard, spec: ItemSpec): DefaultItem {
  return {
    code: spec.code,
    majorCode,
    standard,
    rules: structuredClone({
      name: spec.name,
      description: spec.description ?? '',
      admission: spec.admission ?? admitted,
      selfHandle: spec.selfHandle ?? false,
      photoRequired: spec.photoRequired ?? false,
      fields: [...(spec.fields ?? [])],
      routing: spec.routing,
      limits: spec.limits,
      closureConditions: spec.closureConditions ?? '',
    }),
  }
}
