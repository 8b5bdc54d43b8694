import type { TPartyEntity } from '@onegrid/core/api/registry'
import { placeKinds } from '@onegrid/core/registry/places'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { maskName } from '../../platform/crypto/mask.ts'
import type { PlaceSpecs } from './places/kinds.ts'
import type { PlaceQueries } from './places/place-queries.ts'
import type { RegistryQueries } from './queries.ts'

type Ref = { entityType: TPartyEntity; entityId: number }

/**
 * How a case names its parties: a person by name and masked document, a
 * household by its masked address, a place by its name or address, and only records inside the caller's
 * jurisdiction. A caller without registry.read sees the name masked too.
 */
export function describeParties(
  queries: RegistryQueries,
  places: { queries: PlaceQueries; specs: PlaceSpecs },
) {
  return async (
    p: UserPrincipal,
    refs: readonly Ref[],
  ): Promise<Map<string, { label: string; gridCode: string | null }>> => {
    const out = new Map<string, { label: string; gridCode: string | null }>()
    const reads = p.permissions.has('registry.read')
    const personIds = refs.filter((r) => r.entityType === 'person').map((r) => r.entityId)
    for (const person of await queries.persons([...new Set(personIds)])) {
      if (!pathInScope(person.areaPath, p.scope)) continue
      const name = reads ? person.name : maskName(person.name)
      out.set(`person:${person.id}`, {
        label: person.documentMasked ? `${name}（${person.documentMasked}）` : name,
        gridCode: person.gridCode,
      })
    }
    for (const ref of refs.filter((r) => r.entityType === 'household')) {
      const h = await queries.household(ref.entityId)
      if (!h || !pathInScope(h.areaPath, p.scope)) continue
      out.set(`household:${h.id}`, { label: `户 ${h.addressMasked ?? `#${h.id}`}`, gridCode: h.gridCode })
    }
    for (const kind of placeKinds) {
      const ids = refs.filter((r) => r.entityType === kind).map((r) => r.entityId)
      const spec = places.specs[kind]
      for (const row of await places.queries.labels(spec, [...new Set(ids)])) {
        if (!pathInScope(row.areaPath, p.scope)) continue
        out.set(`${kind}:${row.id}`, { label: `${spec.word.zh} ${row.label}`, gridCode: row.gridCode })
      }
    }
    return out
  }
}
