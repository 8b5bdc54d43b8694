import type { ZCreatePerson } from '@onegrid/core/api/registry'
import { parseIdNumber } from '@onegrid/core/registry/id-number'
import { normalizePhone } from '@onegrid/core/registry/phone'
import { nameSearchKeys } from '@onegrid/core/registry/pinyin'
import type { z } from 'zod'
import { maskAddress, maskIdNumber, maskPhone } from '../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import { type LocalText, text } from '../../platform/http/errors.ts'

type PersonInput = Partial<z.output<typeof ZCreatePerson>>

/** The columns a person's own fields become: personal ones as ciphertext, mask and blind index. */
export type PersonColumns = {
  name?: string
  name_pinyin?: string
  name_initials?: string
  document_kind?: string
  document_cipher?: string | null
  document_masked?: string | null
  document_index?: string | null
  sex?: string
  birth_date?: string | null
  ethnicity?: string | null
  education?: string | null
  phone_cipher?: string | null
  phone_masked?: string | null
  phone_index?: string | null
  address_cipher?: string | null
  address_masked?: string | null
  hukou_region?: string | null
  hukou_address_cipher?: string | null
  hukou_address_masked?: string | null
  non_local?: boolean
  status?: string
  tags?: string[]
  note?: string | null
  relation?: string | null
}

/** Ciphertext contexts: a value moved to another column fails to decrypt. */
export const piiContexts = {
  document: 'person.document',
  phone: 'person.phone',
  address: 'person.address',
  hukouAddress: 'person.hukou_address',
} as const

const idReasons: Record<'format' | 'check_digit' | 'birth_date', LocalText> = {
  format: text(
    '身份证号应为 18 位（或旧版 15 位）数字，末位可为 X',
    'An ID number has 18 characters (or 15 digits)',
  ),
  check_digit: text('身份证号校验位不正确，请核对', 'The ID number’s check digit is wrong'),
  birth_date: text('身份证号中的出生日期不存在', 'The birth date in the ID number is impossible'),
}

/** The blind index of a document: the kind is part of it, so a passport never matches an ID card. */
export function documentIndex(pii: PiiCipher, kind: string, number: string): string {
  return pii.blindIndex(`${kind}:${number}`, 'person.document')
}

export function phoneIndex(pii: PiiCipher, phone: string): string {
  return pii.blindIndex(phone, 'phone')
}

/** A document number as stored and searched: an ID number normalized, others trimmed and upper-cased. */
export function canonicalDocument(
  kind: string,
  raw: string,
  today: Date,
):
  | { ok: true; value: string; sex?: 'male' | 'female'; birthDate?: string; region?: string }
  | { ok: false; reason: LocalText } {
  if (kind !== 'id_card') return { ok: true, value: raw.replace(/\s+/g, '').toUpperCase() }
  const parsed = parseIdNumber(raw, today)
  if (!parsed.ok) return { ok: false, reason: idReasons[parsed.reason] }
  return {
    ok: true,
    value: parsed.value,
    sex: parsed.sex,
    birthDate: parsed.birthDate,
    region: parsed.region,
  }
}

/**
 * Checks what shape alone cannot (an ID number's check digit and birth date, a
 * phone number, a birth date in the future) and turns the input into columns.
 * Only the fields present in `input` become columns, so an update changes only
 * what it names. Problems are collected per field, in both languages.
 */
export function personColumns(
  pii: PiiCipher,
  input: PersonInput,
  today: Date,
  currentKind: string | null,
): { columns: PersonColumns; errors: Record<string, LocalText> } {
  const errors: Record<string, LocalText> = {}
  const c: PersonColumns = {}
  if (input.name !== undefined) {
    const keys = nameSearchKeys(input.name)
    c.name = input.name
    c.name_pinyin = keys.full
    c.name_initials = keys.initials
  }
  const kind = input.documentKind ?? currentKind ?? 'id_card'
  if (input.documentKind !== undefined) c.document_kind = input.documentKind
  if (input.documentNumber !== undefined) {
    if (input.documentNumber === null) {
      c.document_cipher = null
      c.document_masked = null
      c.document_index = null
    } else {
      const doc = canonicalDocument(kind, input.documentNumber, today)
      if (!doc.ok) errors.documentNumber = doc.reason
      else {
        c.document_cipher = pii.encrypt(doc.value, piiContexts.document)
        c.document_masked = maskIdNumber(doc.value)
        c.document_index = documentIndex(pii, kind, doc.value)
        // What the ID number says wins over what was typed beside it.
        if (doc.sex) c.sex = doc.sex
        if (doc.birthDate) c.birth_date = doc.birthDate
        if (doc.region && input.hukouRegion === undefined) c.hukou_region = doc.region
      }
    }
  }
  if (input.sex !== undefined && c.sex === undefined) c.sex = input.sex
  if (input.birthDate !== undefined && c.birth_date === undefined) {
    if (input.birthDate !== null && input.birthDate > today.toISOString().slice(0, 10))
      errors.birthDate = text('出生日期不能晚于今天', 'The birth date cannot be in the future')
    c.birth_date = input.birthDate
  }
  if (input.phone !== undefined) {
    if (input.phone === null) {
      c.phone_cipher = null
      c.phone_masked = null
      c.phone_index = null
    } else {
      const phone = normalizePhone(input.phone)
      if (!phone)
        errors.phone = text('请填写有效的手机号或固定电话', 'Enter a valid mobile or landline number')
      else {
        c.phone_cipher = pii.encrypt(phone.value, piiContexts.phone)
        c.phone_masked = maskPhone(phone.value)
        c.phone_index = phoneIndex(pii, phone.value)
      }
    }
  }
  if (input.address !== undefined) {
    c.address_cipher = input.address === null ? null : pii.encrypt(input.address, piiContexts.address)
    c.address_masked = input.address === null ? null : maskAddress(input.address)
  }
  if (input.hukouAddress !== undefined) {
    c.hukou_address_cipher =
      input.hukouAddress === null ? null : pii.encrypt(input.hukouAddress, piiContexts.hukouAddress)
    c.hukou_address_masked = input.hukouAddress === null ? null : maskAddress(input.hukouAddress)
  }
  if (input.hukouRegion !== undefined) c.hukou_region = input.hukouRegion
  if (input.ethnicity !== undefined) c.ethnicity = input.ethnicity
  if (input.education !== undefined) c.education = input.education
  if (input.nonLocal !== undefined) c.non_local = input.nonLocal
  if (input.status !== undefined) c.status = input.status
  if (input.tags !== undefined) c.tags = [...new Set(input.tags)]
  if (input.note !== undefined) c.note = input.note
  if (input.relation !== undefined) c.relation = input.relation
  return { columns: c, errors }
}

/** What the history keeps of a change: personal fields only as their masks. */
export const historyColumns: Record<string, keyof PersonColumns> = {
  name: 'name',
  documentKind: 'document_kind',
  document: 'document_masked',
  sex: 'sex',
  birthDate: 'birth_date',
  ethnicity: 'ethnicity',
  education: 'education',
  phone: 'phone_masked',
  address: 'address_masked',
  hukouRegion: 'hukou_region',
  hukouAddress: 'hukou_address_masked',
  nonLocal: 'non_local',
  status: 'status',
  tags: 'tags',
  note: 'note',
  relation: 'relation',
}
