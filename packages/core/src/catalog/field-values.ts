import type { TCatalogField } from '../api/catalog.ts'

/** A problem with one value, in both languages (the server answers in the caller's). */
export type FieldProblem = { zh: string; en: string }

type Form = TCatalogField['forms'][number]

const isoDate = /^\d{4}-\d{2}-\d{2}$/
/** Content-addressed file ids are SHA-256 hex. */
const fileId = /^[0-9a-f]{64}$/
const defaultMaxLength = 500

const empty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0)

function checkOne(field: TCatalogField, value: unknown): FieldProblem | null {
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return { zh: '应为文字', en: 'must be text' }
      const max = field.maxLength ?? defaultMaxLength
      return value.length > max ? { zh: `不能超过 ${max} 字`, en: `at most ${max} characters` } : null
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { zh: '应为数字', en: 'must be a number' }
      if (field.min !== null && value < field.min)
        return { zh: `不能小于 ${field.min}`, en: `must be at least ${field.min}` }
      if (field.max !== null && value > field.max)
        return { zh: `不能大于 ${field.max}`, en: `must be at most ${field.max}` }
      return null
    }
    case 'date':
      return typeof value === 'string' && isoDate.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : { zh: '应为日期（YYYY-MM-DD）', en: 'must be a date (YYYY-MM-DD)' }
    case 'single_choice':
      return typeof value === 'string' && field.options.some((o) => o.value === value)
        ? null
        : { zh: '不是可选项之一', en: 'is not one of the options' }
    case 'multi_choice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        return { zh: '应为选项列表', en: 'must be a list of options' }
      if (new Set(value).size !== value.length) return { zh: '选项重复', en: 'an option appears twice' }
      return value.every((v) => field.options.some((o) => o.value === v))
        ? null
        : { zh: '含有不可选的项', en: 'holds a value that is not an option' }
    }
    case 'photo':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && fileId.test(v))
        ? null
        : { zh: '应为已上传照片的编号列表', en: 'must be a list of uploaded photo ids' }
    case 'person':
    case 'house':
    case 'organization':
      // Registry records are referenced by id; whether the id exists is the registry's check.
      return Number.isSafeInteger(value) && (value as number) > 0
        ? null
        : { zh: '应为登记对象的编号', en: 'must be the id of a registry record' }
  }
}

/**
 * Checks the values of an item's custom fields on one form: required fields
 * present, each value of its type and within its bounds, and no value for a
 * field the form does not ask. Returns the problems keyed by field key.
 */
export function checkFieldValues(
  fields: readonly TCatalogField[],
  values: Readonly<Record<string, unknown>>,
  form: Form,
): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {}
  const asked = fields.filter((f) => f.forms.includes(form))
  for (const field of asked) {
    const value = values[field.key]
    if (empty(value)) {
      if (field.required)
        problems[field.key] = {
          zh: `请填写「${field.label}」`,
          en: `${field.labelEn || field.key} is required`,
        }
      continue
    }
    const problem = checkOne(field, value)
    if (problem)
      problems[field.key] = {
        zh: `「${field.label}」${problem.zh}`,
        en: `${field.labelEn || field.key} ${problem.en}`,
      }
  }
  for (const key of Object.keys(values))
    if (!asked.some((f) => f.key === key))
      problems[key] = { zh: '此事项没有这个字段', en: 'this item has no such field' }
  return problems
}
