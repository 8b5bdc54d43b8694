import type { TAuditEntry } from '@onegrid/core/api/identity'
import type { Scope } from '../../platform/auth/principal.ts'
import type { IdentityQueries } from './queries.ts'

/** Reading the audit log and the units, both scoped. */
export class AuditService {
  constructor(private readonly queries: IdentityQueries) {}

  list(scope: Scope, filter: Parameters<IdentityQueries['audit']>[1]): Promise<TAuditEntry[]> {
    return this.queries.audit(scope, filter)
  }

  async units(scope: Scope) {
    const rows = await this.queries.units(scope)
    return rows.map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind as 'department' | 'platform' | 'joint_team',
      areaCode: u.area_code,
      bodyCode: u.body_code,
    }))
  }
}
