import type { TArea } from '@onegrid/core/api/areas'
import type { TLocation } from '@onegrid/core/api/grids'
import type { TPartyCase, TPartyEntity } from '@onegrid/core/api/registry'
import type { Scope, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import type { RegistryQueries } from './queries.ts'
import type { RegistryStore } from './store.ts'

/** What the registry needs from the others; the composition root wires it. */
export type RegistryPorts = {
  store: RegistryStore
  queries: RegistryQueries
  clock: Clock
  pii: PiiCipher
  area: (code: string) => Promise<TArea>
  locate: (scope: Scope, lng: number, lat: number) => Promise<TLocation>
  displayNames: (ids: number[]) => Promise<Map<number, string>>
  /** Sets the grids' household counts from the registry's households (the areas module's). */
  deriveHouseholds: (executor: Db, gridCodes: readonly string[]) => Promise<void>
  /** The cases a record is a party to, as far as the caller may see them (the cases module's). */
  casesOf: (p: UserPrincipal, ref: { entityType: TPartyEntity; entityId: number }) => Promise<TPartyCase[]>
}
