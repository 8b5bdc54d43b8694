import { catalogDomainNames, limitStages, urgencies, urgencyNames } from '@onegrid/core/api/catalog'
import { formatLimit } from '@onegrid/core/catalog/limit-text'
import ExcelJS from 'exceljs'
import type { CatalogQueries } from './queries.ts'
import {
  bodySheet,
  fieldSheet,
  itemSheet,
  limitSheet,
  majorSheet,
  overrideSheet,
  writeTable,
} from './workbook.ts'
import { fieldTypeLabel, formLabel, levelLabel, no, yes } from './workbook-labels.ts'

const flag = (b: boolean) => (b ? yes : no)

/** The whole catalog as the workbook `importCatalog` reads: edit it in Excel and import it back. */
export async function exportCatalogWorkbook(queries: CatalogQueries): Promise<Buffer> {
  const [majors, items, bodies] = [
    await queries.majors(),
    await queries.currentItems(),
    await queries.bodies(),
  ]
  const bodyName = new Map(bodies.map((b) => [b.code, b.name]))
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'OneGrid'
  writeTable(
    workbook,
    majorSheet,
    majors.map((m) => ({
      code: m.code,
      name: m.name,
      domain: catalogDomainNames[m.domain].zh,
      standard: m.standard,
      description: m.description,
    })),
  )
  const live = items.filter((i) => !i.retired)
  writeTable(
    workbook,
    itemSheet,
    live.map(({ code, majorCode, standard, rules }) => ({
      code,
      majorCode,
      name: rules.name,
      standard,
      description: rules.description,
      admitted: flag(rules.admission.admitted),
      approvedBy: rules.admission.approvedBy,
      approvedOn: rules.admission.approvedOn,
      documentRef: rules.admission.documentRef,
      refusalReason: rules.admission.refusalReason,
      selfHandle: flag(rules.selfHandle),
      photoRequired: flag(rules.photoRequired),
      body: bodyName.get(rules.routing.default.body) ?? rules.routing.default.body,
      level: levelLabel[rules.routing.default.level],
      closureConditions: rules.closureConditions,
    })),
  )
  writeTable(
    workbook,
    limitSheet,
    live.flatMap(({ code, rules }) =>
      urgencies.map((u) => ({
        code,
        urgency: urgencyNames[u].zh,
        ...Object.fromEntries(limitStages.map((s) => [s, formatLimit(rules.limits[u][s])])),
      })),
    ),
  )
  writeTable(
    workbook,
    fieldSheet,
    live.flatMap(({ code, rules }) =>
      rules.fields.map((f) => ({
        code,
        key: f.key,
        label: f.label,
        labelEn: f.labelEn,
        type: fieldTypeLabel[f.type],
        required: flag(f.required),
        forms: f.forms.map((x) => formLabel[x]).join('、'),
        options: f.options.map((o) => (o.value === o.label ? o.value : `${o.value}=${o.label}`)).join('; '),
        min: f.min,
        max: f.max,
        maxLength: f.maxLength,
        hint: f.hint,
      })),
    ),
  )
  writeTable(
    workbook,
    overrideSheet,
    live.flatMap(({ code, rules }) =>
      rules.routing.overrides.map((o) => ({
        code,
        areaCode: o.areaCode,
        body: bodyName.get(o.target.body) ?? o.target.body,
        level: levelLabel[o.target.level],
      })),
    ),
  )
  writeTable(
    workbook,
    bodySheet,
    bodies.map((b) => ({ code: b.code, name: b.name, kind: b.kind === 'department' ? '部门' : '平台' })),
  )
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
