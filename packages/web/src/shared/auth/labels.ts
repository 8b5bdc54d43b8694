import type { TAssignment } from '@onegrid/core/api/identity'
import { type Role, roleNames } from '@onegrid/core/auth/roles'
import type { AppLocale } from '../i18n/locale.ts'

/** A role's name in the page's language (names come from core, the same the server uses). */
export function roleLabel(role: Role, locale: AppLocale): string {
  return roleNames[role][locale === 'en' ? 'en' : 'zh']
}

/** Where an assignment applies: the area's or unit's name, else its code or id. */
export function scopeLabel(assignment: Pick<TAssignment, 'areaCode' | 'areaName' | 'unitId' | 'unitName'>) {
  return (
    assignment.areaName ??
    assignment.unitName ??
    assignment.areaCode ??
    (assignment.unitId === null ? '' : `#${assignment.unitId}`)
  )
}

/** Each distinct value once, in order. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter(Boolean))]
}

/** The names of a user's roles and of the places they apply to, each once. */
export function describeAssignments(assignments: readonly TAssignment[], locale: AppLocale) {
  return {
    roles: distinct(assignments.map((a) => roleLabel(a.role, locale))),
    scopes: distinct(assignments.map(scopeLabel)),
  }
}
