import type { ApiKeyScope } from '@onegrid/core/auth/roles'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { AreaService } from '../areas/service.ts'
import type { IdentityQueries } from './queries.ts'
import { newApiKeySecret, sha256 } from './sessions.ts'
import type { IdentityStore } from './store.ts'

type KeyRow = Awaited<ReturnType<IdentityQueries['apiKeys']>>[number]

function present(k: KeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes as ApiKeyScope[],
    areaCode: k.area_code,
    createdAt: k.created_at.toISOString(),
    expiresAt: k.expires_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  }
}

/** API keys for machine clients: the secret is shown once and stored as a hash. */
export class ApiKeyService {
  constructor(
    private readonly store: IdentityStore,
    private readonly queries: IdentityQueries,
    private readonly areas: AreaService,
    private readonly clock: Clock,
  ) {}

  async list(scope: Scope) {
    return (await this.queries.apiKeys(scope)).map(present)
  }

  async create(
    scope: Scope,
    actor: Actor,
    input: { name: string; scopes: string[]; areaCode: string; expiresAt?: string | undefined },
  ) {
    const area = await this.areas.get(input.areaCode).catch(() => null)
    if (!area || !pathInScope(area.path, scope)) {
      throw new ValidationError({
        areaCode: text(
          '区域不存在或不在您的管辖范围内',
          'the area does not exist or is outside your jurisdiction',
        ),
      })
    }
    const now = this.clock.now()
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
    if (expiresAt && expiresAt <= now)
      throw new ValidationError({ expiresAt: text('须晚于当前时间', 'must be in the future') })
    const { prefix, secret } = newApiKeySecret()
    const id = await this.store.transaction(async (trx) => {
      const id = await this.store.insertApiKey(
        trx,
        {
          name: input.name,
          prefix,
          secretHash: sha256(secret),
          scopes: input.scopes,
          areaCode: area.code,
          areaPath: area.path,
          createdBy: actor.userId,
          expiresAt,
        },
        now,
      )
      await recordAudit(
        trx,
        actor,
        {
          action: 'apikey.create',
          entityType: 'api_key',
          entityId: id,
          areaPath: area.path,
          details: { name: input.name, scopes: input.scopes },
        },
        now,
      )
      return id
    })
    const [key] = await this.queries.apiKeys(scope, id)
    if (!key) throw new Error('created key vanished')
    return { apiKey: present(key), secret }
  }

  async revoke(scope: Scope, actor: Actor, id: number) {
    const [key] = await this.queries.apiKeys(scope, id)
    if (!key) throw new NotFound(text('API 密钥', 'API key'), String(id))
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.revokeApiKey(trx, id, now)
      await recordAudit(
        trx,
        actor,
        { action: 'apikey.revoke', entityType: 'api_key', entityId: id, areaPath: key.area_path },
        now,
      )
    })
    const [after] = await this.queries.apiKeys(scope, id)
    return present(after ?? key)
  }

  async self(keyId: number, scope: Scope) {
    const [key] = await this.queries.apiKeys(scope, keyId)
    if (!key) throw new NotFound(text('API 密钥', 'API key'), String(keyId))
    return present(key)
  }
}
