import type { TCatalogRules, TCatalogStandard } from '@onegrid/core/api/catalog'
import { type LocalText, text } from '../../platform/http/errors.ts'

/** What the rules of an item refer to that must exist: handling bodies and areas. */
export type RuleContext = { bodies: ReadonlySet<string>; areas: ReadonlySet<string> }

export type RuleProblem = {
  path: string
  kind: 'unknown_body' | 'unknown_area' | 'invalid_code'
  message: LocalText
}

/**
 * Checks of an item beyond its schema: a GB code has the shape of its standard
 * and lies inside its major; routing names bodies and areas that exist.
 */
export function checkItem(
  item: { code: string; majorCode: string; standard: TCatalogStandard; rules: TCatalogRules },
  context: RuleContext,
): RuleProblem[] {
  const problems: RuleProblem[] = []
  const codeShape: Partial<Record<TCatalogStandard, RegExp>> = {
    'GB/T 47678.5-2026': /^\d{5}$/,
    'GB/T 30428.2-2013': /^\d{6}$/,
  }
  const shape = codeShape[item.standard]
  if (shape && !shape.test(item.code))
    problems.push({
      path: 'code',
      kind: 'invalid_code',
      message: text(
        `${item.standard} 的事项代码应为 ${item.standard.startsWith('GB/T 47678') ? 5 : 6} 位数字`,
        `a ${item.standard} code has ${item.standard.startsWith('GB/T 47678') ? 5 : 6} digits`,
      ),
    })
  if (!item.code.startsWith(item.majorCode) || item.code === item.majorCode)
    problems.push({
      path: 'code',
      kind: 'invalid_code',
      message: text(
        `小类代码 ${item.code} 应以大类代码 ${item.majorCode} 开头`,
        `item code ${item.code} must start with its major code ${item.majorCode}`,
      ),
    })
  const targets = [
    { path: 'rules.routing.default.body', body: item.rules.routing.default.body },
    ...item.rules.routing.overrides.map((o, i) => ({
      path: `rules.routing.overrides.${i}.target.body`,
      body: o.target.body,
    })),
  ]
  for (const t of targets)
    if (!context.bodies.has(t.body))
      problems.push({
        path: t.path,
        kind: 'unknown_body',
        message: text(`没有处置主体「${t.body}」`, `no handling body "${t.body}"`),
      })
  item.rules.routing.overrides.forEach((o, i) => {
    if (!context.areas.has(o.areaCode))
      problems.push({
        path: `rules.routing.overrides.${i}.areaCode`,
        kind: 'unknown_area',
        message: text(`没有区域「${o.areaCode}」`, `no area "${o.areaCode}"`),
      })
  })
  if (
    new Set(item.rules.routing.overrides.map((o) => o.areaCode)).size !== item.rules.routing.overrides.length
  )
    problems.push({
      path: 'rules.routing.overrides',
      kind: 'unknown_area',
      message: text('同一区域有两条派遣例外', 'two overrides for the same area'),
    })
  return problems
}

/** Which top-level rule keys differ between two versions (for the history). */
export function changedKeys(before: TCatalogRules | undefined, after: TCatalogRules): string[] {
  if (!before) return Object.keys(after)
  return (Object.keys(after) as (keyof TCatalogRules)[]).filter(
    (k) => JSON.stringify(canonical(before[k])) !== JSON.stringify(canonical(after[k])),
  )
}

/** JSON with sorted object keys, so jsonb's key order does not count as a change. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    )
  return value
}
