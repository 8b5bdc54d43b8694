import type { TTimeLimit } from '../api/catalog.ts'

/**
 * Time limits as an office writes them in a spreadsheet: "3工作日",
 * "2工作小时", "24小时", "7自然日" (English "3wd", "2wh", "24h", "7d" too).
 */
const units: { unit: TTimeLimit['unit']; words: string[]; label: string }[] = [
  { unit: 'working_days', words: ['个工作日', '工作日', 'wd'], label: '工作日' },
  { unit: 'working_hours', words: ['个工作小时', '工作小时', '工作时', 'wh'], label: '工作小时' },
  { unit: 'natural_days', words: ['个自然日', '自然日', '天', '日', 'd'], label: '自然日' },
  { unit: 'natural_hours', words: ['个自然小时', '自然小时', '个小时', '小时', 'h'], label: '小时' },
]

export function formatLimit(limit: TTimeLimit): string {
  const label = units.find((u) => u.unit === limit.unit)?.label ?? limit.unit
  return `${limit.amount}${label}`
}

/** Parses a limit; null when the text is not one. Days must be whole, every amount positive. */
export function parseLimit(raw: string): TTimeLimit | null {
  const s = raw.replace(/\s+/g, '').toLowerCase()
  const match = /^(\d+(?:\.\d+)?)(.+)$/.exec(s)
  if (!match) return null
  const amount = Number(match[1])
  const word = match[2] ?? ''
  const unit = units.find((u) => u.words.includes(word))?.unit
  if (!unit || !(amount > 0) || amount > 10_000) return null
  if (unit.endsWith('days') && !Number.isInteger(amount)) return null
  return { amount, unit }
}
