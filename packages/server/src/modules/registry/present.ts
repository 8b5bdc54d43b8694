import type { TGroupMembership, THistoryEntry, TPersonSummary } from '@onegrid/core/api/registry'
import type { SpecialGroup } from '@onegrid/core/registry/special-groups'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { MembershipRow, PersonRow } from './queries.ts'

/** Age in whole years on `today` (YYYY-MM-DD), from a birth date of the same form. */
export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

export function presentSummary(
  row: PersonRow,
  today: string,
  memberships: readonly MembershipRow[],
): TPersonSummary {
  return {
    id: row.id,
    name: row.name,
    documentKind: row.documentKind as TPersonSummary['documentKind'],
    documentMasked: row.documentMasked,
    sex: row.sex,
    age: ageOn(row.birthDate, today),
    phoneMasked: row.phoneMasked,
    addressMasked: row.addressMasked,
    nonLocal: row.nonLocal,
    status: row.status,
    tags: row.tags,
    gridCode: row.gridCode,
    gridName: row.gridName,
    householdId: row.householdId,
    groups: memberships
      .filter((m) => m.personId === row.id && m.endedOn === null)
      .map((m) => ({ group: m.group as SpecialGroup, riskLevel: m.riskLevel })),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export const groupFieldsContext = 'person.special_group'

export function presentMembership(
  m: MembershipRow,
  pii: PiiCipher,
  names: ReadonlyMap<number, string>,
): TGroupMembership {
  return {
    id: m.id,
    group: m.group as SpecialGroup,
    fields: JSON.parse(pii.decrypt(m.fieldsCipher, groupFieldsContext)) as Record<string, unknown>,
    riskLevel: m.riskLevel,
    riskReason: m.riskReason,
    riskSetBy: m.riskSetBy,
    riskSetAt: m.riskSetAt?.toISOString() ?? null,
    helpers: m.helperIds.map((id) => ({ userId: id, name: names.get(id) ?? `#${id}` })),
    visitEveryDays: m.visitEveryDays,
    since: m.since,
    endedOn: m.endedOn,
    version: m.version,
  }
}

export function presentHistory(h: {
  id: number
  action: string
  changes: Record<string, [unknown, unknown]>
  reason: string | null
  actorName: string
  at: Date
}): THistoryEntry {
  return { ...h, at: h.at.toISOString() }
}
