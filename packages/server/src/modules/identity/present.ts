import type { TAssignment, TUser } from '@onegrid/core/api/identity'
import type { Selectable } from 'kysely'
import type { AssignmentRow } from './queries.ts'
import type { UsersTable } from './tables.ts'

export function presentAssignment(a: AssignmentRow): TAssignment {
  return {
    id: a.id,
    role: a.role,
    areaCode: a.areaCode,
    areaName: a.areaName,
    unitId: a.unitId,
    unitName: a.unitName,
  }
}

export function presentUser(row: Selectable<UsersTable>, assignments: AssignmentRow[], now: Date): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    mobileMasked: row.mobile_masked,
    status: row.status as TUser['status'],
    mustChangePassword: row.must_change_password,
    lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until.toISOString() : null,
    assignments: assignments.filter((a) => a.userId === row.id).map(presentAssignment),
    createdAt: row.created_at.toISOString(),
  }
}
