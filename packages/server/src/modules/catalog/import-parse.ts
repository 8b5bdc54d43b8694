import {
  limitStages,
  type TCatalogField,
  type TCatalogImportProblem,
  type TCatalogLimits,
  type TCatalogMajor,
  type TCatalogRules,
  type TCatalogStandard,
  type TLimitStage,
  type TRoutingTarget,
  type TTimeLimit,
  type TUrgency,
  urgencies,
  urgencyNames,
  ZCatalogCode,
  ZCatalogField,
  ZCatalogRules,
} from '@onegrid/core/api/catalog'
import { parseLimit } from '@onegrid/core/catalog/limit-text'
import type ExcelJS from 'exceljs'
import type { z } from 'zod'
import { type LocalText, text } from '../../platform/http/errors.ts'
import { checkItem, type RuleContext } from './rules-check.ts'
import {
  type CellValue,
  fieldSheet,
  itemSheet,
  limitSheet,
  majorSheet,
  overrideSheet,
  readTable,
  type SheetRow,
  type Table,
} from './workbook.ts'
import {
  booleanOf,
  domainOf,
  fieldTypeOf,
  formOf,
  levelOf,
  standardOf,
  urgencyOf,
} from './workbook-labels.ts'

export type ImportIssue = Omit<TCatalogImportProblem, 'message'> & { message: LocalText }
export type ParsedItem = {
  code: string
  majorCode: string
  standard: TCatalogStandard
  sort: number
  rules: TCatalogRules
}
export type ParsedCatalog = { majors: TCatalogMajor[]; items: ParsedItem[]; problems: ImportIssue[] }

/** What the file is checked against besides itself. */
export type ParseContext = RuleContext & {
  /** Handling bodies by code and by Chinese name. */
  bodyByWord: ReadonlyMap<string, string>
  existingMajors: ReadonlyMap<string, TCatalogMajor>
}

const str = (v: CellValue | undefined) => (v === null || v === undefined ? '' : String(v).trim())

/**
 * Reads the catalog workbook into majors and items with their complete rules.
 * Every problem becomes one line naming sheet, row, cell and code; the caller
 * writes nothing while there is one.
 */
export function parseCatalogWorkbook(workbook: ExcelJS.Workbook, context: ParseContext): ParsedCatalog {
  const problems: ImportIssue[] = []
  const problem = (
    sheet: string,
    row: number | null,
    column: string | null,
    code: string | null,
    kind: ImportIssue['kind'],
    message: LocalText,
  ) => problems.push({ sheet, row, column, code, kind, message })

  const table = <T extends Table<string>>(t: T, required: boolean) => {
    const read = readTable(workbook, t)
    if (!read) {
      if (required)
        problem(
          t.name,
          null,
          null,
          null,
          'missing_sheet',
          text(`缺少工作表「${t.name}」`, `no sheet "${t.name}"`),
        )
      return null
    }
    for (const key of read.missing) {
      const header = t.columns.find((c) => c.key === key)?.header ?? key
      if (required || read.rows.length > 0)
        problem(
          read.name,
          1,
          null,
          null,
          'missing_column',
          text(`缺少列「${header}」`, `no column "${header}"`),
        )
    }
    return read
  }
  const majorRows = table(majorSheet, true)
  const itemRows = table(itemSheet, true)
  const limitRows = table(limitSheet, true)
  const fieldRows = table(fieldSheet, false)
  const overrideRows = table(overrideSheet, false)

  const at = <K extends string>(sheet: string, r: SheetRow<K>, key: K, code: string | null) => ({
    need: (kind: ImportIssue['kind'], message: LocalText) =>
      problem(sheet, r.row, r.cells[key] ?? null, code, kind, message),
  })

  // 大类
  const majors = new Map<string, TCatalogMajor>()
  for (const r of majorRows?.rows ?? []) {
    const code = str(r.values.code)
    const cell = (k: (typeof majorSheet.columns)[number]['key']) => at(majorSheet.name, r, k, code || null)
    if (!ZCatalogCode.safeParse(code).success) {
      cell('code').need(
        'invalid_code',
        text(
          `大类代码「${code}」应为 2–12 位数字或大写字母`,
          `major code "${code}" is not 2–12 digits or capitals`,
        ),
      )
      continue
    }
    if (majors.has(code)) {
      cell('code').need('duplicate_code', text(`大类代码 ${code} 重复`, `major code ${code} appears twice`))
      continue
    }
    const name = str(r.values.name)
    const domain = domainOf(str(r.values.domain))
    const standard = standardOf(str(r.values.standard) || 'local')
    if (!name) cell('name').need('missing_value', text('缺少大类名称', 'no major name'))
    if (!domain)
      cell('domain').need(
        'invalid_value',
        text(`未知领域「${str(r.values.domain)}」`, `unknown domain "${str(r.values.domain)}"`),
      )
    if (!standard)
      cell('standard').need(
        'invalid_value',
        text(`未知来源标准「${str(r.values.standard)}」`, `unknown standard "${str(r.values.standard)}"`),
      )
    if (name && domain && standard)
      majors.set(code, { code, name, description: str(r.values.description), domain, standard })
  }
  const majorOf = (code: string) => majors.get(code) ?? context.existingMajors.get(code)

  // 小类
  type Draft = {
    row: number
    code: string
    majorCode: string
    standard: TCatalogStandard
    base: Omit<z.input<typeof ZCatalogRules>, 'fields' | 'limits' | 'routing'>
    target: TRoutingTarget | null
  }
  const drafts = new Map<string, Draft>()
  const sortInMajor = new Map<string, number>()
  for (const r of itemRows?.rows ?? []) {
    const code = str(r.values.code)
    const cell = (k: (typeof itemSheet.columns)[number]['key']) => at(itemSheet.name, r, k, code || null)
    if (!ZCatalogCode.safeParse(code).success) {
      cell('code').need(
        'invalid_code',
        text(
          `小类代码「${code}」应为 2–12 位数字或大写字母`,
          `item code "${code}" is not 2–12 digits or capitals`,
        ),
      )
      continue
    }
    if (drafts.has(code)) {
      cell('code').need('duplicate_code', text(`小类代码 ${code} 重复`, `item code ${code} appears twice`))
      continue
    }
    const majorCode = str(r.values.majorCode)
    const major = majorOf(majorCode)
    if (!major) {
      cell('majorCode').need('unknown_major', text(`没有大类「${majorCode}」`, `no major "${majorCode}"`))
      continue
    }
    const flag = (k: 'admitted' | 'selfHandle' | 'photoRequired', label: string) => {
      const v = booleanOf(str(r.values[k]) || '否')
      if (v === undefined)
        cell(k).need('invalid_value', text(`「${label}」应填 是 或 否`, `${label} must be 是 or 否`))
      return v ?? false
    }
    const standard = r.values.standard ? standardOf(str(r.values.standard)) : major.standard
    if (!standard)
      cell('standard').need(
        'invalid_value',
        text(`未知来源标准「${str(r.values.standard)}」`, `unknown standard "${str(r.values.standard)}"`),
      )
    const bodyWord = str(r.values.body)
    const body = context.bodyByWord.get(bodyWord.toLowerCase())
    const level = levelOf(str(r.values.level))
    if (!bodyWord) cell('body').need('missing_value', text('缺少处置主体', 'no handling body'))
    else if (!body)
      cell('body').need('unknown_body', text(`没有处置主体「${bodyWord}」`, `no handling body "${bodyWord}"`))
    if (!level)
      cell('level').need(
        'invalid_value',
        text(`处置层级应为 社区、街道 或 区`, 'level must be 社区, 街道 or 区'),
      )
    const sort = sortInMajor.get(majorCode) ?? 0
    sortInMajor.set(majorCode, sort + 1)
    const approvedOn = str(r.values.approvedOn)
    drafts.set(code, {
      row: r.row,
      code,
      majorCode,
      standard: standard ?? major.standard,
      target: body && level ? { body, level } : null,
      base: {
        name: str(r.values.name),
        description: str(r.values.description),
        admission: {
          admitted: flag('admitted', '是否准入'),
          approvedBy: str(r.values.approvedBy) || null,
          approvedOn: approvedOn ? approvedOn.replaceAll('/', '-').replaceAll('.', '-') : null,
          documentRef: str(r.values.documentRef) || null,
          refusalReason: str(r.values.refusalReason) || null,
        },
        selfHandle: flag('selfHandle', '可自处置'),
        photoRequired: flag('photoRequired', '须拍照'),
        closureConditions: str(r.values.closureConditions),
      },
    })
  }
  const known = (sheet: string, r: SheetRow<'code'>) => {
    const code = str(r.values.code)
    if (drafts.has(code)) return code
    problem(
      sheet,
      r.row,
      r.cells.code ?? null,
      code || null,
      'unknown_item',
      text(`「小类」表中没有事项 ${code}`, `item ${code} is not on the 小类 sheet`),
    )
    return null
  }

  // 时限
  const limits = new Map<string, Partial<Record<TUrgency, Record<TLimitStage, TTimeLimit>>>>()
  for (const r of limitRows?.rows ?? []) {
    const code = known(limitSheet.name, r)
    if (!code) continue
    const cell = (k: (typeof limitSheet.columns)[number]['key']) => at(limitSheet.name, r, k, code)
    const urgency = urgencyOf(str(r.values.urgency))
    if (!urgency) {
      cell('urgency').need(
        'invalid_value',
        text('紧急程度应为 一般、紧急 或 特急', 'urgency must be 一般, 紧急 or 特急'),
      )
      continue
    }
    const byUrgency = limits.get(code) ?? {}
    if (byUrgency[urgency]) {
      cell('urgency').need(
        'duplicate_code',
        text(`${code} 的「${urgencyNames[urgency].zh}」时限重复`, `${code} has two ${urgency} rows`),
      )
      continue
    }
    const stages: Partial<Record<TLimitStage, TTimeLimit>> = {}
    for (const stage of limitStages) {
      const raw = str(r.values[stage])
      const header = limitSheet.columns.find((c) => c.key === stage)?.header ?? stage
      const limit = raw ? parseLimit(raw) : null
      if (!raw) cell(stage).need('missing_limit', text(`缺少「${header}」时限`, `no ${stage} limit`))
      else if (!limit)
        cell(stage).need(
          'invalid_limit',
          text(
            `「${raw}」不是时限（如 3工作日、2工作小时、24小时、7自然日）`,
            `"${raw}" is not a limit (e.g. 3工作日, 2工作小时, 24小时, 7自然日)`,
          ),
        )
      else stages[stage] = limit
    }
    if (limitStages.every((s) => stages[s])) byUrgency[urgency] = stages as Record<TLimitStage, TTimeLimit>
    limits.set(code, byUrgency)
  }

  // 字段
  const fields = new Map<string, TCatalogField[]>()
  for (const r of fieldRows?.rows ?? []) {
    const code = known(fieldSheet.name, r)
    if (!code) continue
    const optionsText = str(r.values.options)
    const num = (v: CellValue | undefined) => (str(v) === '' ? null : Number(str(v)))
    const parsed = ZCatalogField.safeParse({
      key: str(r.values.key),
      label: str(r.values.label),
      labelEn: str(r.values.labelEn),
      type: fieldTypeOf(str(r.values.type)) ?? str(r.values.type),
      required: booleanOf(str(r.values.required) || '否') ?? str(r.values.required),
      forms: (str(r.values.forms) || '上报')
        .split(/[,，、;；\s]+/)
        .filter(Boolean)
        .map((f) => formOf(f) ?? f),
      options: optionsText
        ? optionsText
            .split(/[;；\n]+/)
            .map((o) => o.trim())
            .filter(Boolean)
            .map((o) => {
              const [value, label] = o.split('=')
              return { value: (value ?? '').trim(), label: (label ?? value ?? '').trim() }
            })
        : [],
      min: num(r.values.min),
      max: num(r.values.max),
      maxLength: num(r.values.maxLength),
      hint: str(r.values.hint),
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'key') as (typeof fieldSheet.columns)[number]['key']
        at(fieldSheet.name, r, key, code).need(
          'invalid_field',
          text(
            `字段「${str(r.values.key)}」：${issue.message}`,
            `field "${str(r.values.key)}": ${issue.message}`,
          ),
        )
      }
      continue
    }
    fields.set(code, [...(fields.get(code) ?? []), parsed.data])
  }

  // 派遣例外
  const overrides = new Map<string, { areaCode: string; target: TRoutingTarget }[]>()
  for (const r of overrideRows?.rows ?? []) {
    const code = known(overrideSheet.name, r)
    if (!code) continue
    const cell = (k: (typeof overrideSheet.columns)[number]['key']) => at(overrideSheet.name, r, k, code)
    const areaCode = str(r.values.areaCode)
    const bodyWord = str(r.values.body)
    const body = context.bodyByWord.get(bodyWord.toLowerCase())
    const level = levelOf(str(r.values.level))
    if (!context.areas.has(areaCode))
      cell('areaCode').need('unknown_area', text(`没有区域「${areaCode}」`, `no area "${areaCode}"`))
    if (!body)
      cell('body').need('unknown_body', text(`没有处置主体「${bodyWord}」`, `no handling body "${bodyWord}"`))
    if (!level)
      cell('level').need(
        'invalid_value',
        text('处置层级应为 社区、街道 或 区', 'level must be 社区, 街道 or 区'),
      )
    if (context.areas.has(areaCode) && body && level)
      overrides.set(code, [...(overrides.get(code) ?? []), { areaCode, target: { body, level } }])
  }

  // Whole items: every urgency's limits present, the rules valid as a whole.
  const items: ParsedItem[] = []
  let sort = 0
  for (const d of drafts.values()) {
    const byUrgency = limits.get(d.code) ?? {}
    const missing = urgencies.filter((u) => !byUrgency[u])
    const missingHere = missing.filter(
      (u) =>
        !(limitRows?.rows ?? []).some(
          (r) => str(r.values.code) === d.code && urgencyOf(str(r.values.urgency)) === u,
        ),
    )
    if (missingHere.length > 0)
      problem(
        limitSheet.name,
        null,
        null,
        d.code,
        'missing_limit',
        text(
          `事项 ${d.code} 缺少「${missingHere.map((u) => urgencyNames[u].zh).join('、')}」时限`,
          `item ${d.code} has no limits for ${missingHere.join(', ')}`,
        ),
      )
    if (missing.length > 0 || !d.target) continue
    const parsed = ZCatalogRules.safeParse({
      ...d.base,
      fields: fields.get(d.code) ?? [],
      limits: byUrgency as TCatalogLimits,
      routing: { default: d.target, overrides: overrides.get(d.code) ?? [] },
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problem(
          itemSheet.name,
          d.row,
          null,
          d.code,
          'invalid_value',
          text(`${issue.path.join('.')}：${issue.message}`, `${issue.path.join('.')}: ${issue.message}`),
        )
      continue
    }
    const item = {
      code: d.code,
      majorCode: d.majorCode,
      standard: d.standard,
      sort: sort++,
      rules: parsed.data,
    }
    const itemProblems = checkItem(item, context)
    for (const p of itemProblems) problem(itemSheet.name, d.row, null, d.code, p.kind, p.message)
    if (itemProblems.length === 0) items.push(item)
  }
  // Sort within each major in file order.
  const orderInMajor = new Map<string, number>()
  for (const item of items) {
    const n = orderInMajor.get(item.majorCode) ?? 0
    item.sort = n
    orderInMajor.set(item.majorCode, n + 1)
  }
  return { majors: [...majors.values()], items, problems }
}
