import type { TCatalogField, TCatalogRules } from '@onegrid/core/api/catalog'
import type { CaseLevel } from '@onegrid/core/cases/states'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { levelOfPath } from './levels.ts'

/** The demo's world as the case generator reads it: grids, units, accounts, admitted items. */

/** The demo district's code. */
export const district = '110120'

export type Person = { id: number | null; name: string }
export type Grid = {
  code: string
  name: string
  path: string
  community: string
  street: string
  households: number
  version: number | null
  workers: Person[]
  leaders: Person[]
}
export type Unit = {
  id: number
  name: string
  body: string | null
  areaCode: string
  level: CaseLevel
  handler: Person | null
}
export type Item = { code: string; versionId: number; version: number; rules: TCatalogRules }
export type Accounts = Record<
  'leader' | 'shiftLeader' | 'operator' | 'dispatcher' | 'supervisor',
  Person & { areaCode: string | null }
>

export type World = {
  grids: Grid[]
  accounts: Accounts
  units: Unit[]
  /** `${body}@${areaCode}` → the first unit (by id) that is that body there, as routing finds it. */
  unitAt: Map<string, Unit>
  items: Item[]
}

export const demoAccounts: Record<keyof Accounts, { username: string; name: string }> = {
  leader: { username: 'leader', name: '王区长' },
  shiftLeader: { username: 'zhibanzhang', name: '李值班长' },
  operator: { username: 'shouliyuan', name: '陈受理员' },
  dispatcher: { username: 'paiqianyuan', name: '赵派遣员' },
  supervisor: { username: 'jianduyuan', name: '孙监督员' },
}

export const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

export const depthOf = { district: 0, street: 1, community: 2 } as const

export async function readWorld(db: Db): Promise<World | null> {
  const { rows: gridRows } = await sql<{
    code: string
    name: string
    path: string
    households: number | null
    boundary_version: number | null
    community: string
  }>`
    SELECT g.code, g.name, g.path::text AS path, g.households, g.boundary_version, c.name AS community
    FROM areas g JOIN areas c ON c.code = g.parent_code
    WHERE g.level = 'grid' AND g.path <@ CAST(${district} AS ltree)
    ORDER BY g.code`.execute(db)
  if (gridRows.length === 0) return null

  const { rows: staffRows } = await sql<{ area_code: string; role: string; id: number; name: string }>`
    SELECT ra.area_code, ra.role, u.id, u.display_name AS name
    FROM role_assignments ra JOIN users u ON u.id = ra.user_id
    WHERE ra.role IN ('grid_worker', 'grid_leader') AND u.status = 'active'
      AND ra.area_path <@ CAST(${district} AS ltree)
    ORDER BY ra.area_code, u.id`.execute(db)
  const staff = new Map<string, { workers: Person[]; leaders: Person[] }>()
  for (const s of staffRows) {
    const at = staff.get(s.area_code) ?? { workers: [], leaders: [] }
    ;(s.role === 'grid_worker' ? at.workers : at.leaders).push({ id: Number(s.id), name: s.name })
    staff.set(s.area_code, at)
  }
  const grids = gridRows.map(
    (g): Grid => ({
      code: g.code,
      name: g.name,
      path: g.path,
      community: g.community,
      street: g.path.split('.')[1] ?? g.code.slice(0, 9),
      households: g.households ?? 300,
      version: g.boundary_version,
      workers: staff.get(g.code)?.workers ?? [],
      leaders: staff.get(g.code)?.leaders ?? [],
    }),
  )

  const users = await db
    .selectFrom('users as u')
    .innerJoin('role_assignments as ra', 'ra.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 'ra.area_code'])
    .where(
      'u.username',
      'in',
      Object.values(demoAccounts).map((a) => a.username),
    )
    .orderBy('u.id')
    .execute()
  const accounts = Object.fromEntries(
    Object.entries(demoAccounts).map(([key, a]) => {
      const user = users.find((u) => u.username === a.username)
      // Without the identity step the steps are still taken, by name only.
      return [
        key,
        user
          ? { id: Number(user.id), name: user.display_name, areaCode: user.area_code }
          : { id: null, name: a.name, areaCode: null },
      ]
    }),
  ) as Accounts

  const { rows: unitRows } = await sql<{
    id: number
    name: string
    body_code: string | null
    area_code: string
    area_path: string
  }>`
    SELECT id, name, body_code, area_code, area_path::text AS area_path FROM units
    WHERE area_path <@ CAST(${district} AS ltree) ORDER BY id`.execute(db)
  const { rows: handlerRows } = await sql<{ unit_id: number; id: number; name: string }>`
    SELECT ra.unit_id, u.id, u.display_name AS name
    FROM role_assignments ra JOIN users u ON u.id = ra.user_id
    WHERE ra.role = 'dept_handler' AND ra.unit_id IS NOT NULL AND u.status = 'active'
    ORDER BY ra.unit_id, u.id`.execute(db)
  const units = unitRows.map(
    (u): Unit => ({
      id: Number(u.id),
      name: u.name,
      body: u.body_code,
      areaCode: u.area_code,
      level: levelOfPath(u.area_path),
      handler: (() => {
        const h = handlerRows.find((r) => Number(r.unit_id) === Number(u.id))
        return h ? { id: Number(h.id), name: h.name } : null
      })(),
    }),
  )
  const unitAt = new Map<string, Unit>()
  for (const u of units) {
    const key = `${u.body}@${u.areaCode}`
    if (u.body && !unitAt.has(key)) unitAt.set(key, u)
  }

  const itemRows = await db
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_item_versions as v', (j) =>
      j.onRef('v.item_code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
    )
    .select(['i.code', 'i.retired', 'v.id', 'v.version', 'v.rules'])
    .orderBy('i.code')
    .execute()
  const items = itemRows
    .map((r) => ({
      code: r.code,
      versionId: Number(r.id),
      version: r.version,
      retired: r.retired,
      rules: parse(r.rules as TCatalogRules | string),
    }))
    .filter((i) => !i.retired && i.rules.admission.admitted && fillable(i.rules.fields))
    .map(({ retired: _r, ...i }) => i)
  if (items.length === 0) return null
  return { grids, accounts, units, unitAt, items }
}

/** Registry references and photo fields cannot be made up: items that require them are left out. */
export function fillable(fields: readonly TCatalogField[]): boolean {
  return fields.every(
    (f) =>
      !f.required ||
      !f.forms.includes('report') ||
      !['photo', 'person', 'house', 'organization'].includes(f.type),
  )
}
